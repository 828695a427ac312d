"""Issue dates and event dates (kg/extractors/dates.py, numerals in kg/extractors/_dates.py)."""

from __future__ import annotations

import pytest

from kg.extractors import Facts
from kg.extractors._dates import find_dates, parse_small, parse_year
from kg.extractors.dates import extract_dates
from kg.model import Fact, Span, make_attrs
from tests.helpers import doc_from_text
from tests.test_extract_years import GOLD, run, seed


def dates(text: str, *years: int) -> list[Fact]:
    facts = Facts()
    for y in years:
        facts.add(Fact("year", y))
    return list(extract_dates(doc_from_text(text), facts))


def issued(text: str, *years: int) -> list[str]:
    return [f.value for f in dates(text, *years) if f.field == "issued"]


def events(text: str, *years: int) -> list[tuple[str, str | None, str | None]]:
    return [(f.value, f.attr("label"), f.attr("kind"))
            for f in dates(text, *years) if f.field == "event_date"]


# --- Numerals --------------------------------------------------------------------------

NUMERALS = [
    # (written, year or small number)
    ("二○一○", 2010), ("二〇一〇", 2010), ("二零一零", 2010), ("一九七八", 1978), ("2021", 2021),
    ("20xx", None), ("20XX", None), ("二○一", None),
]
SMALL = [("六", 6), ("十", 10), ("十三", 13), ("二十一", 21), ("三十", 30), ("廿一", 21),
         ("卅一", 31), ("09", 9), ("十十", None), ("", None)]


@pytest.mark.parametrize("written, expected", NUMERALS)
def test_year_numerals(written: str, expected: int | None) -> None:
    assert parse_year(written) == expected


@pytest.mark.parametrize("written, expected", SMALL)
def test_month_and_day_numerals(written: str, expected: int | None) -> None:
    assert parse_small(written) == expected


FOUND = [
    # (text, ISO dates found, month-day dates as --MM-DD)
    ("二○一○年六月十三日", ["2010-06-13"]),
    ("2011.9.21", ["2011-09-21"]),
    ("2011-09-21 10:22", ["2011-09-21"]),
    ("2011年9月21日", ["2011-09-21"]),
    ("June 13, 2010", ["2010-06-13"]),
    ("13 June 2010", ["2010-06-13"]),
    ("8月31日", ["--08-31"]),
    ("二十一日", []),  # a day alone is no date
    ("20xx年6月13日", []),  # masked year: neither a date nor a month-day
    ("2010年2月30日", []),
    ("(2011-2020年)", []),
]


def test_an_english_date_stays_within_its_line() -> None:
    """on 3 September.\n2. Organizing … was September 2 (the item's number after the line
    break), and 3 September was lost."""
    found = find_dates("held in Wuhan on 3 September.\n2. Organizing open days.")
    assert [(d.month, d.day) for d in found] == [(9, 3)]


@pytest.mark.parametrize("text, expected", FOUND)
def test_find_dates(text: str, expected: list[str]) -> None:
    found = [d.iso() or f"--{d.month:02d}-{d.day:02d}" for d in find_dates(text)]
    assert found == expected


# --- Issued ----------------------------------------------------------------------------

ISSUED = [
    # (text, stated campaign years, issued)
    ("……予以表扬。\n\n附件:2010年全国“质量月”活动宣传口号\n 二○一○年六月十三日\n\n附件:\n",
     (), "2010-06-13"),
    ("全国“质量月”活动进入了中期阶段\n\n2011.9.21\n\n全国“质量月”活动进入了中期阶段。", (),
     "2011-09-21"),
    ("发布时间:2011-09-21 10:22 来源:中国质量报\n\n正文。", (), "2011-09-21"),
    ("二〇二一年八月二十七日\n", (), "2021-08-27"),
    ("General Administration of Quality Supervision\nJune 13, 2010\n", (), "2010-06-13"),
    ("新华社北京8月31日电 2013年全国“质量月”活动今天启动。", (2013,), "2013-08-31"),
    # an English page's metadata line: the comma belongs to the date, not to a sentence
    ("China kicks off 2020 National Quality Month\nSource: Xinhua | Updated: Sept 2, 2020\n\n"
     "BEIJING, Sept. 1 -- China launched its campaign.", (), "2020-09-02"),
    # a page's date followed by its source's name, no label
    ("四川省启动2020年“质量月”活动\n2020年09月02日 08:15　四川日报\n\n　　9月1日，活动启动。", (),
     "2020-09-02"),
    ("China's 45th National Quality Month kicks off\nSept 1, 2022 | Xinhua\n\nThe campaign began.",
     (), "2022-09-01"),
    # a newspaper's print credit at the foot of the article
    ("全国“质量月”活动启动\n\n　　本报北京9月1日讯 今天上午，活动启动。\n\n"
     "　　《经济日报》（2020年09月02日　第03版）\n", (), "2020-09-02"),
    ("活动启动。\n（《人民日报》2019年9月3日 04版）\n", (), "2019-09-03"),
    # a forum post's byline (楼主：… 发表于 …)
    ("【转贴】2019年全国“质量月”活动启动了！\n楼主：质量人小李　发表于 2019-9-3 21:05\n今天看到新闻。\n",
     (2019,), "2019-09-03"),
    # Not issue dates.
    ("四川省启动活动\n2020年9月1日 在成都启动仪式举行\n", (), None),
    ("活动启动。\n《经济日报》报道，2020年9月1日全国启动了质量月活动。\n", (), None),
    ("各地应于10月31日前对“质量月”活动做好总结工作。", (2011,), None),
    ("一、活动时间\n2019年9月1日\n二、活动内容", (2019,), None),
    ("20xx年6月13日\n", (), None),
    ("2010年9月1日,各地启动“质量月”活动。", (2010,), None),
    ("新华社北京8月31日电 全国“质量月”活动今天启动。", (), None),  # no year to give it
    # an English wire's dateline is one too (Beijing, Sept 2 (Xinhua) --), with the campaign
    # year or its own
    ("China kicks off Quality Month\n\nBeijing, Sept 2 (Xinhua) -- China kicked off its 2022 "
     "National Quality Month on Thursday.", (2022,), "2022-09-02"),
    ("BEIJING, Sept. 1, 2020 -- China launched its campaign.", (), "2020-09-01"),
    # a paper's dateline (…日讯) is the wire's too: the day of the report, when nothing else is
    ("山东省“质量月”系列活动\n\n　　本报济南9月28日讯　2022年全国“质量月”期间，各地开展活动。",
     (2022,), "2022-09-28"),
    # a signing-date label on the row of the 文号 (gap_2016_docpage_signing_date_notice): the
    # day it was signed, before the page's publication date above it, however long the row
    ("关于开展2019年全国“质量月”活动的通知\n发布时间：2019-08-26 15:40\n索引号：000014349/2019-00123"
     "　　文号：国市监质发〔2019〕69号　　成文日期：2019年8月20日\n\n各省：\n　　今年9月是全国“质量月”。",
     (2019,), "2019-08-20"),
    ("关于开展2019年全国“质量月”活动的通知\n文号：国市监质发〔2019〕69号，发文日期：2019年8月20日\n"
     "　　今年9月是全国“质量月”。", (2019,), "2019-08-20"),
    # …but a signature date under the text is the text's own word for the day
    ("关于开展2019年全国“质量月”活动的通知\n文号：国市监质发〔2019〕69号　　成文日期：2019年8月20日\n"
     + "　　各地要认真组织开展“质量月”活动。\n" * 12 + "\n市场监管总局\n2019年8月19日",
     (2019,), "2019-08-19"),
]


@pytest.mark.parametrize("text, years, expected", ISSUED)
def test_issued(text: str, years: tuple[int, ...], expected: str | None) -> None:
    assert issued(text, *years) == ([expected] if expected else [])


# --- Events ----------------------------------------------------------------------------

EVENTS = [
    # (text, stated campaign years, [(date, label, kind)])
    ("(一)着力营造“质量月”的浓厚氛围。8月31日,通过手机报等群发“质量月”宣传公益手机短信;", (2010,),
     [("2010-08-31", "通过手机报等群发“质量月”宣传公益手机短信", None)]),
    ("各地应于10月31日前对“质量月”活动做好总结工作。", (2011,),
     [("2011-10-31", "各地应对“质量月”活动做好总结工作", "deadline")]),
    ("第一次全国“质量月”广播电视动员大会于1978年8月31日在全国政协礼堂召开。", (2021,),
     [("1978-08-31", "第一次全国“质量月”广播电视动员大会在全国政协礼堂召开", None)]),
    ("天津市质监局启动眼镜验光配镜技能大比武活动,计划在9月20日举行决赛。", (2011,),
     [("2011-09-20", "天津市质监局启动眼镜验光配镜技能大比武活动 计划举行决赛", None)]),
    # The campaign's own span (under the heading 活动时间, or 为活动期间) is no event.
    ("一、活动时间\n2019年9月1日至30日\n二、活动内容", (),
     [("2019-09-01", "活动时间", "period")]),
    ("9月1日至9月30日为活动期间，启动仪式于9月2日在广东省深圳市举办。", (2019,),
     [("2019-09-01", "为活动期间", "period"), ("2019-09-02", "启动仪式在广东省深圳市举办", None)]),
    ("2021年9月1日至30日为全国“质量月”活动期间。", (2021,),
     [("2021-09-01", "为全国“质量月”活动期间", "period")]),
    # …or the campaign itself: when it is held or starts (its launch ceremony is an event).
    ("市场监管总局等5部门决定于2018年9月1日至30日在全国开展“质量月”活动。", (2018,),
     [("2018-09-01", "市场监管总局等5部门决定在全国开展“质量月”活动", "period")]),
    ("9月1日，四川省2020年“质量月”活动在成都启动。", (2020,),
     [("2020-09-01", "四川省2020年“质量月”活动在成都启动", "period")]),
    ("共同开展第四十二个全国“质量月”活动，活动于9月1日启动。", (2019,),
     [("2019-09-01", "共同开展第四十二个全国“质量月”活动 活动启动", "period")]),
    ("9月1日，湖北省2015年“质量月”活动启动仪式在武汉举行。", (2015,),
     [("2015-09-01", "湖北省2015年“质量月”活动启动仪式在武汉举行", None)]),
    # A time of day after the date (九月一日晚，) is when on the day, not what happens.
    ("1．九月一日晚，在中央电视台举办全国“质量月”广播电视动员大会。", (1992,),
     [("1992-09-01", "在中央电视台举办全国“质量月”广播电视动员大会", None)]),
    ("9月1日上午，绍兴市2014年“质量月”活动启动仪式在柯桥区举行。", (2014,),
     [("2014-09-01", "绍兴市2014年“质量月”活动启动仪式在柯桥区举行", None)]),
    # A date in brackets after what it dates leaves no bracket in the label.
    ("- 举办全国“质量月”活动启动仪式（9月1日，北京）\n- 开展“中国品牌日”成果展\n", (2017,),
     [("2017-09-01", "举办全国“质量月”活动启动仪式", None)]),
    ("全国“质量月”活动启动仪式（9月1日）在北京举行。", (2017,),
     [("2017-09-01", "全国“质量月”活动启动仪式在北京举行", None)]),
    # The clock a date is told in is no event; the day a reporter learned the news dates none.
    ("北京时间9月4日,2017年“质量月”主题活动在广州市天河区举行。", (2017,),
     [("2017-09-04", "2017年“质量月”主题活动在广州市天河区举行", None)]),
    ("记者8月28日从市场监管总局获悉,2024年全国“质量月”活动将于9月在全国开展。", (2024,), []),
    # The hosts before an event (由…主办的) qualify it; English is joined and cut at words.
    ("9月2日,由市场监管总局等部门联合主办的2018年全国“质量月”活动启动仪式在北京举行。", (2018,),
     [("2018-09-02", "2018年全国“质量月”活动启动仪式在北京举行", None)]),
    ("The Quality Month, launched on Sept 1 in Hangzhou, is co-organized.", (2021,),
     [("2021-09-01", "launched in Hangzhou", None)]),
    # An English clause that holds an event is labelled by the event, not cut at 50
    # characters (…will hold the; The launch ceremony of the 2023 National Quality).
    ("On September 1, SAMR and the relevant departments will hold the launch ceremony.", (2019,),
     [("2019-09-01", "launch ceremony", None)]),
    ("On September 1, SAMR and the relevant departments will hold the launch ceremony of the "
     "2019 National Quality Month in Beijing.", (2019,),
     [("2019-09-01", "launch ceremony of the 2019 National Quality Month", None)]),
    ("1. The launch ceremony of the 2023 National Quality Month will be held in Beijing on "
     "August 31.", (2023,),
     [("2023-08-31", "launch ceremony of the 2023 National Quality Month", None)]),
    ("The mobilisation meeting will be held on August 31.", (2010,),
     [("2010-08-31", "mobilisation meeting", None)]),
    ("Summaries are to be submitted by October 31.", (2019,),
     [("2019-10-31", "Summaries are to be submitted", "deadline")]),
    ("截至10月31日,各地报送活动总结。", (2019,), [("2019-10-31", "各地报送活动总结", "deadline")]),
    # 起 after a date leading its clause says when it starts, not what happens.
    ("9月12日起面向公众开放企业生产线。", (2019,),
     [("2019-09-12", "面向公众开放企业生产线", None)]),
    # An English wire's dateline dates no event (China kicked off its 2022 National was one);
    # an event that is the subject of its verb (opened) is the label, without the join (and).
    ("Beijing, Sept 2 (Xinhua) -- China kicked off its 2022 National Quality Month on Thursday. "
     "On September 5, a quality forum was held in Shanghai, and on September 9 the National "
     "Quality Conference opened in Hangzhou.", (2022,),
     [("2022-09-05", "quality forum", None), ("2022-09-09", "National Quality Conference", None)]),
    # The end of an English span dates no event (Organizing … from 1 to was one).
    ("2. Organizing Quality Open Day activities from 1 to 30 September. Laboratories stay open "
     "until September 30.", (2023,), []),
    # No year for a month-day: no event date.
    ("8月31日,通过手机报群发“质量月”公益短信。", (), []),
    ("8月31日,通过手机报群发“质量月”公益短信。", (2010, 2011), []),
    # A year written earlier in the sentence wins over the campaign year.
    ("2009年9月1日启动,9月15日召开现场会。", (2010,),
     [("2009-09-01", "启动", None), ("2009-09-15", "召开现场会", None)]),
    # The issue date is not an event.
    ("附件:口号\n二○一○年六月十三日\n", (2010,), []),
    # A wire dateline and its byline before the date say who filed the report, not what happens.
    ("新华网北京9月2日电 9月1日,2007年全国“质量月”活动启动仪式在北京举行。", (2007,),
     [("2007-09-01", "2007年全国“质量月”活动启动仪式在北京举行", None)]),
    ("新华社北京8月31日电(记者 刘某)8月31日,启动仪式在北京举行。", (2023,),
     [("2023-08-31", "启动仪式在北京举行", None)]),
    # …so is a paper's (…日讯): its date is no event (the dateline's remains were one).
    ("本报济南9月28日讯　2022年全国“质量月”期间，9月5日，全省启动仪式在济南举行。", (2022,),
     [("2022-09-05", "全省启动仪式在济南举行", None)]),
    # a month.day glued to the event it names (gap_2015_county_glued_day_plan) is a date of
    # the text's year; its label keeps it, as part of the name
    ("2.开展9·15质量开放日活动。组织企业向公众开放。", (2015,),
     [("2015-09-15", "开展9·15质量开放日活动", None)]),
    ("组织“9.15”质量开放日活动。", (2021,), [("2021-09-15", "组织“9.15”质量开放日活动", None)]),
    # …never a decimal, a share, a clause or version number, a section number, or a date of
    # no year
    ("合格率保持在93.15%以上，评分由3.15分提高到3.5分，拨付3.15万元活动经费。", (2015,), []),
    ("按照《细则》第3.15条组织活动；安装系统V2.15活动模块；版本2.15活动版。", (2015,), []),
    ("3.15质量开放日活动\n组织企业参加。", (2015,), []),
    ("开展9·15质量开放日活动。", (), []),
]


@pytest.mark.parametrize("text, years, expected", EVENTS)
def test_events(text: str, years: tuple[int, ...], expected: list[tuple]) -> None:
    assert events(text, *years) == expected


# (text, stated campaign years, the campaign_year attribute of the one event date)
OTHER_CAMPAIGN = [
    ("第一次全国“质量月”广播电视动员大会于1978年8月31日在全国政协礼堂召开。", (2021,), 1978),
    ("日本于1960年11月1日开展了第一次“质量月”活动。", (2021,), 0),  # before the first campaign
    ("9月1日召开全国“质量月”广播电视动员大会。", (2021,), None),       # the text's own year
    ("2021年9月1日召开全国“质量月”动员大会。", (), None),               # no year stated
]


@pytest.mark.parametrize("text, years, expected", OTHER_CAMPAIGN)
def test_event_of_another_campaign(text: str, years: tuple[int, ...],
                                   expected: int | None) -> None:
    (fact,) = [f for f in dates(text, *years) if f.field == "event_date"]
    assert fact.attr("campaign_year") == expected


def test_a_range_carries_its_end() -> None:
    found = dates("2019年9月1日至9月30日开展“质量月”活动。")
    (fact,) = [f for f in found if f.field == "event_date"]
    assert (fact.value, fact.attr("end")) == ("2019-09-01", "2019-09-30")


@pytest.mark.parametrize("entry", GOLD, ids=[e["file"][:3] for e in GOLD])
def test_seed_issued(entry: dict) -> None:
    facts = run(seed(entry["file"]))
    # The gold file's dates load as datetime.date; their str() is ISO.
    assert [f.value for f in facts if f.field == "issued"] == (
        [str(entry["issued"])] if entry["issued"] else [])


def test_a_phase_of_a_plan_is_a_period() -> None:
    # （一）启动阶段（9月1日至9月5日）: the plan's phase is a span of the campaign, no event
    text = "二、活动安排\n（一）启动阶段（9月1日至9月5日）\n1.举办启动仪式。\n（二）集中开展阶段（9月6日至9月25日）\n"
    assert events(text, 2020) == [("2020-09-01", "启动阶段", "period"),
                                  ("2020-09-06", "集中开展阶段", "period")]
    # a phase named by its number, before a colon: its label has lost the phase word
    assert events("（二）第二阶段：集中开展（9月6日至25日）\n1.开展“质量开放日”活动。\n", 2020) == [
        ("2020-09-06", "集中开展", "period")]
    # an event dated inside a phase is an event
    assert events("（一）启动阶段\n1.9月3日在越城区举办启动仪式。\n", 2020)[0][2] is None
    assert events("（一）启动阶段（9月1日至9月5日）。9月3日举办启动仪式。\n", 2020)[1][2] is None


def test_a_glued_date_dates_the_activity_of_its_clause() -> None:
    """9·15质量开放日: the activities extractor dates no such date, so the dates extractor
    ties it to the activity found there (else the graph would have a second activity)."""
    text = "2.开展9·15质量开放日活动。组织企业向公众开放。"
    facts = Facts()
    facts.add(Fact("year", 2015))
    facts.add(Fact("activity", "开展9·15质量开放日活动", Span(2, 15), make_attrs(key="k1")))
    found = [f for f in extract_dates(doc_from_text(text), facts) if f.field == "event_date"]
    assert [(f.value, f.attr("activity")) for f in found] == [("2015-09-15", "k1")]
