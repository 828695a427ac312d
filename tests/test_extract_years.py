"""Years the text is about, inferred years, titles and kinds (kg/extractors/years.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extractors import Facts
from kg.extractors.dates import extract_dates
from kg.extractors.documents import extract_documents
from kg.extractors.years import extract_years, infer_year
from kg.model import Document, Fact
from tests.helpers import NOTICES, doc_from_text

GOLD = yaml.safe_load((Path(__file__).parent / "gold_seeds.yaml").read_text("utf-8"))
_PINYIN = re.compile(r"\((?:[a-zàáâãäāǎèéêëēěìíîïīǐòóôõöōǒùúûüūǔǖǘǚǜ]+)\)")


def seed(name: str) -> Document:
    """A seed through the real text layer, or (until it exists) a stand-in normalisation:
    pinyin dropped, full-width ASCII folded, traditional script converted with OpenCC."""
    try:
        from kg.text import load_document
    except ImportError:
        import opencc

        text = _PINYIN.sub("", (NOTICES / name).read_text("utf-8"))
        text = text.translate({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})
        if re.search("[國質動開們這會關於]", text):
            text = opencc.OpenCC("tw2sp").convert(text)
        return doc_from_text(text, name)
    return load_document(NOTICES / name, name)


def run(doc: Document, *extra: Fact) -> list[Fact]:
    """This task's extractors in registry order (documents → years → dates → inference)."""
    facts = Facts()
    for fact in extra:
        facts.add(fact)
    for fn in (extract_documents, extract_years, extract_dates, infer_year):
        for fact in fn(doc, facts):
            facts.add(fact)
    return facts.all()


def stated_years(text: str) -> list[int]:
    return sorted(f.value for f in run(doc_from_text(text))
                  if f.field == "year" and not f.attr("inferred"))


def field(facts: list[Fact], name: str) -> list[Fact]:
    return [f for f in facts if f.field == name]


# --- The years a text is about --------------------------------------------------------

YEARS = [
    # A plan that first reviews last year's campaign under a heading telling it as done
    # (回顾): the years in that section are past, only this year's campaign is the text's.
    ("衢州市2020年“质量月”活动方案\n一、2019年“质量月”活动回顾\n2019年“质量月”期间,全市上下积极"
     "行动,营造了浓厚氛围。\n二、2020年活动安排\n(一)举办全市“质量月”活动启动仪式。", [2020]),
    # (text, years it is about)
    ("关于开展2010年全国“质量月”活动的通知", [2010]),
    ("联合下发《关于开展2011年全国“质量月”活动的通知》,决定2011年9月在全国开展“质量月”活动。",
     [2011]),
    ("经研究决定,2010年9月继续在全国开展“质量月”活动。", [2010]),
    ("2021年全国“质量月”活动主题:\n深入实施质量提升行动 大力推进质量强国建设", [2021]),
    ("二○一○年全国“质量月”活动宣传口号", [2010]),
    # the year named as the campaign by its ordinal (a probe of the round)
    ("2020年是第43个全国“质量月”。", [2020]),
    ("2020年是我国第四十三个“质量月”。", [2020]),
    ("江苏省2019年“质量月”活动方案", [2019]),
    ("…月活动的通知》,决定2012年9月在全国开展“质量月”活动,主题为", [2012]),
    ("Notice on Carrying out the 2019 National 'Quality Month' Activities", [2019]),
    ("In September 2019, the departments will jointly carry out the national Quality Month.",
     [2019]),
    # 以来 or 首次 about something else does not make the campaign year an origin mention.
    ("2019年全国“质量月”活动启动以来,各地纷纷开展活动。", [2019]),
    ("2021年全国“质量月”期间首次举办质量开放日。", [2021]),
    # Only one of the years is what the text is about.
    ("2018年全国“质量月”活动成效显著。\n关于开展2019年全国“质量月”活动的通知\n"
     "2019年9月在全国开展“质量月”活动。", [2019]),
    ("我国的全国“质量月”活动始于1978年。2021年全国“质量月”活动主题:……", [2021]),
    # last year's campaign told as done, in the same September form as this year's
    ("质检总局部署2016年“质量月”活动\n记者获悉，2016年9月在全国开展“质量月”活动。2015年9月，全国"
     "“质量月”活动期间各地共举办各类活动2万余场。", [2016]),
    ("2018年全国“质量月”活动取得积极成效。2019年9月，各部门将在全国开展“质量月”活动。", [2019]),
    # a tally told with a comma after 期间 (期间，各地共…) or as 共有/共计
    ("部署2016年“质量月”活动\n2016年9月在全国开展“质量月”活动。2015年“质量月”期间，各地共组织"
     "各类活动2万余场。", [2016]),
    ("十部门联合部署2009年全国“质量月”活动\n决定2009年9月在全国开展“质量月”活动。2008年“质量月”"
     "期间，全国共有12万家企业参与各类质量活动。", [2009]),
    # A history piece is about several campaigns, the first one included.
    ("全国质量月的历史回顾\n1978年9月,国家经委在全国开展了第一次“质量月”活动。"
     "1979年“质量月”以“提高质量,降低消耗”为主题。1980年全国“质量月”活动继续开展。",
     [1978, 1979, 1980]),
    # 第N个 counted from a first year the text states.
    ("我国的全国“质量月”活动始于1978年,今年是第42个“质量月”。", [2019]),
    # an English ordinal counted from the first year (since 1978)
    ("China's 45th National Quality Month kicks off. The campaign, held every September since "
     "1978, began on Thursday.", [2022]),
    # 今年 on a dated page.
    ("全国“质量月”活动进入了中期阶段\n\n2011.9.21\n\n确保今年“质量月”活动精彩更多。", [2011]),
    ("发布时间:2015-09-02 10:20 来源:中国质量报\n近日,今年“质量月”活动启动。", [2015]),
    # 今年 in a newspaper article dated only by its print credit at the foot.
    ("全国“质量月”活动启动\n本报北京9月1日讯 今年“质量月”活动以“决胜全面小康 质量创新发展”为主"
     "题。\n《经济日报》（2020年09月02日　第03版）\n", [2020]),
]

NOT_ABOUT = [
    # (text: years only mentioned, never the campaign year)
    "我国的全国“质量月”活动始于1978年,在政府相关主管部门的倡导和部署下开展。",
    "第一次全国“质量月”广播电视动员大会于1978年8月31日在全国政协礼堂召开。",
    "日本于1960年11月举行第一次“质量月”活动;1988年10月,美国也开始了一年一度的全国“质量月”活动。",
    "中国质量检验协会自2004年就开始持续组织开展的“企业质量诚信倡议”专题活动,作为全国“质量月”活动的专题活动之一。",
    "20xx年9月质检总局联合相关部门共同开展全国“质量月”活动。",
    "20XX年全国“质量月”活动方案",
    "地方党政领导高度重视“质量月”活动,市长出席了2010年度“上海市市长质量奖”颁奖仪式。",
    "“质量月”期间,湖北省计划出台《湖北省实施质量兴省战略发展规划(2011-2020年)》。",
    "为贯彻《质量发展纲要(2011—2020年)》,开展“质量月”活动。",
    "国质检质联〔2010〕351号 “质量月”活动",
    "各地应于2019年10月31日前对“质量月”活动做好总结工作。",
    "今年“质量月”活动精彩纷呈。",  # 今年 with no dated page: no year
    "The national Quality Month started in 1978. Japan held the first Quality Month in 1960.",
    "上海市质量工作会议于2010年召开。",  # no Quality Month context at all
    # 今年/this year on a dated page, about another country's Quality Month
    "Posted: October 1, 2019\n\nThe American Society for Quality celebrates National Quality "
    "Month in the United States every October, with the theme \"Quality 4.0\" this year.",
]


@pytest.mark.parametrize("text, expected", YEARS)
def test_years_the_text_is_about(text: str, expected: list[int]) -> None:
    assert stated_years(text) == expected


@pytest.mark.parametrize("text", NOT_ABOUT)
def test_years_only_mentioned_are_not_campaign_years(text: str) -> None:
    assert stated_years(text) == []


def test_a_year_fact_points_at_its_evidence() -> None:
    doc = doc_from_text("附件:\n\n关于开展2010年全国“质量月”活动的通知")
    (year,) = field(run(doc), "year")
    assert year.span and doc.text[year.span.start:year.span.end] == "2010"


# --- Inference when no year is stated --------------------------------------------------

INFERRED = [
    # (text, facts found earlier, inferred year or None)
    ("二、活动主题\n提升供给质量 建设质量强国", [], 2016),  # theme in the text
    ("活动方案", [Fact("theme", "提升供给质量 建设质量强国")], 2016),  # theme from "themes"
    ("活动方案", [Fact("theme", "不在表中的主题")], None),
    ("全国“质量月”活动进入了中期阶段\n\n2011.9.21\n\n各地纷纷启动活动。", [], 2011),
    ("全国“质量月”活动回顾\n\n2012.2.1\n\n各地总结活动。", [], None),  # February: too far
    ("二、活动主题\n提升供给质量 建设质量强国\n20xx年9月开展“质量月”", [], 2016),
]


@pytest.mark.parametrize("text, earlier, expected", INFERRED)
def test_inferred_year(text: str, earlier: list[Fact], expected: int | None) -> None:
    years = field(run(doc_from_text(text), *earlier), "year")
    if expected is None:
        assert years == []
        return
    (year,) = years
    assert (year.value, year.attr("inferred"), year.span) == (expected, True, None)
    assert year.attr("evidence")


def test_no_inference_when_a_year_is_stated() -> None:
    facts = run(doc_from_text("2010年全国“质量月”\n二、活动主题\n提升供给质量 建设质量强国"))
    assert [(f.value, f.attr("inferred")) for f in field(facts, "year")] == [(2010, None)]


# --- Title -----------------------------------------------------------------------------

TITLES = [
    # (text, title or None)
    ("国质检质联〔2010〕351号\n\n关于开展2010年全国“质量月”活动的通知\n\n各省:",
     "关于开展2010年全国“质量月”活动的通知"),
    ("近日,十部门联合下发《关于开展2011年全国“质量月”活动的通知》(以下简称《通知》)。",
     "关于开展2011年全国“质量月”活动的通知"),
    ("分析测试百科网\n\n全国“质量月”活动进入了中期阶段\n\n2011.9.21\n\n正文。",
     "全国“质量月”活动进入了中期阶段"),
    ("网站首页 工作范例 办公范例 个人范例\n\n全国质量月活动方案\n\n为深入贯彻……",
     "全国质量月活动方案"),
    ("Notice on Carrying out the 2019 National 'Quality Month' Activities\n\nAll provinces:",
     "Notice on Carrying out the 2019 National 'Quality Month' Activities"),
    # an English headline; a page title with the site's name after it
    ("China kicks off 2020 National Quality Month\nSource: Xinhua | Updated: Sept 2, 2020\n\n"
     "BEIJING, Sept. 1 -- China launched its campaign.",
     "China kicks off 2020 National Quality Month"),
    ("2012年全国“质量月”活动在京启动_新闻中心\n\n2012年全国“质量月”活动在京启动\n发布时间:2012-09-03\n",
     "2012年全国“质量月”活动在京启动"),
    ("全国质量月活动方案 - 范文大全\n\n一、指导思想\n", "全国质量月活动方案"),
    ("什么是“质量月”？\n\n“质量月”是我国每年9月开展的群众性质量活动。", "什么是“质量月”？"),
    # a question headline after a label, naming the campaign
    ("Q&A: What's new in this year's Quality Month?\nBy Li Wei | China Daily | Updated: "
     "2021-09-03\n\nThe 2021 National Quality Month was launched.",
     "Q&A: What's new in this year's Quality Month?"),
    ("专访：今年“质量月”活动有哪些新变化？\n\n记者：今年的活动有什么特点？", "专访：今年“质量月”活动有哪些新变化？"),
    ("发文机关:国家质检总局\n标  题:关于开展2013年全国“质量月”活动的通知\n发文字号:国质检质联〔2013〕412号\n",
     "关于开展2013年全国“质量月”活动的通知"),
    # A post's headline ending in ！, after the forum's tag (forum_2019_trad_pinyin_post).
    ("【转贴】2019年全国“质量月”活动启动了！\n楼主：质量人小李 发表于 2019-9-3 21:05\n今天看到新闻。",
     "2019年全国“质量月”活动启动了！"),
    # A metadata label before a headline (标题：, 文章标题：, Title:) is no part of it, nor a tag
    # after it; 主题： is left, as it may start a line of content (主题：质量第一).
    ("标题：无锡市启动2019年“质量月”活动\n\n9月1日，无锡市启动“质量月”活动。",
     "无锡市启动2019年“质量月”活动"),
    ("文章标题：【转贴】无锡市启动2019年“质量月”活动\n来源：无锡日报\n", "无锡市启动2019年“质量月”活动"),
    ("题  目: 2019年全国“质量月”活动在京启动\n\n正文。", "2019年全国“质量月”活动在京启动"),
    ("Title: Wuxi launches 2019 Quality Month\n\nOn Sept 1, Wuxi launched its campaign.",
     "Wuxi launches 2019 Quality Month"),
    ("主题：质量第一\n\n2019年“质量月”活动方案\n一、指导思想\n", "2019年“质量月”活动方案"),
    # A joint title: its issuers set apart by spaces, the last glued to 关于, are part of it;
    # issuers standing apart from 关于 are a header line's.
    ("市场监管总局 工业和信息化部关于开展2021年全国“质量月”活动的通知\n\n各省：",
     "市场监管总局 工业和信息化部关于开展2021年全国“质量月”活动的通知"),
    ("市场监管总局 中央宣传部 关于开展2021年全国“质量月”活动的通知\n\n各省：",
     "关于开展2021年全国“质量月”活动的通知"),
    # News with a headline of its own is titled by it, not by the notice it quotes
    # (messy_taiwan_pinzhi_2021_news); a report filed as that notice (its 文号) takes the
    # notice's title.
    ("2021年全国“质量月”活动在南京启动\n\n【本报讯】多部门日前联合发布《关于开展2021年全国“质量月”"
     "活动的通知》，今年活动主题为“推动质量变革创新”。\n", "2021年全国“质量月”活动在南京启动"),
    ("2018年全国“质量月”活动部署\n\n日前,市场监管总局等部门印发《关于开展2018年全国“质量月”活动的"
     "通知》(国市监质〔2018〕113号)。\n", "关于开展2018年全国“质量月”活动的通知"),
    # A notice only cited is not the title.
    ("按照《关于开展2019年全国“质量月”活动的通知》要求,制定本方案。", None),
    # An excerpt cut mid-sentence has no title.
    ("…月活动的通知》,决定2012年9月在全国开展“质量月”活动,主题为", None),
    ("发布时间:2015-09-02 10:20 来源:中国质量报\n近日,今年“质量月”活动启动。", None),
]


@pytest.mark.parametrize("text, expected", TITLES)
def test_title(text: str, expected: str | None) -> None:
    doc = doc_from_text(text)
    titles = field(run(doc), "title")
    assert [t.value for t in titles] == ([expected] if expected else [])
    for t in titles:
        assert t.span and doc.text[t.span.start:t.span.end] == t.value


# --- Kind ------------------------------------------------------------------------------

KINDS = [
    # (text, kind)
    # a notice cut before its title that asks for plans: 通知如下 says what it is
    ("量月”活动的要求，结合我省实际，现就做好20XX年“质量月”活动有关工作通知如下。\n"
     "请各市质监局于9月5日前将活动方案报省局。\n（一）举办全省“质量月”活动启动仪式。\n", "notice"),
    ("国质检质联〔2010〕351号\n关于开展2010年全国“质量月”活动的通知\n各省质量技术监督局:\n"
     "一、指导思想\n二、活动主题\n", "notice"),
    ("各省、自治区、直辖市质量技术监督局:\n现将有关事项通知如下:\n一、指导思想\n二、活动主题\n",
     "notice"),
    ("日前,市场监管总局印发《关于开展2021年全国“质量月”活动的通知》(国市监质〔2021〕51号)。",
     "notice"),
    ("全国质量月活动方案\n一、指导思想\n二、活动主题", "plan"),
    ("为推进质量强市,现活动方案如下:\n一、活动时间", "plan"),
    ("近日,国家质检总局等十部门联合下发《关于开展2011年全国“质量月”活动的通知》。", "news"),
    ("全国“质量月”活动进入了中期阶段\n\n2011.9.21\n\n各地质监系统纷纷启动活动。", "news"),
    # a byline makes a report of the plans it mentions (h21_2024_shortforms_wire_news)
    ("十七部门联合部署2024年全国“质量月”活动\n本报讯（记者 张华）日前，市场监管总局等十七个部门"
     "印发通知。上海市、江苏省等地已印发本地区活动方案。", "news"),
    # A note in brackets after the title (template_20xx_cross_marks: …实施方案（范本）) keeps it a plan,
    # though the text has an addressee and numbered sections like a notice.
    ("××县20××年“质量月”活动实施方案（范本）\n\n各乡镇人民政府，县政府各部门：\n"
     "一、活动主题\n二、主要活动\n", "plan"),
    # a report's title (h24_2021_province_work_summary): the plan it tells of issuing is no
    # plan of its own
    ("江西省市场监督管理局关于2021年全国“质量月”活动开展情况的总结\n\n　　9月份，我局组织开展了"
     "“质量月”活动。\n\n　　8月下旬，我局印发《江西省2021年“质量月”活动实施方案》。\n", "news"),
    ("××县2019年“质量月”活动总结（初稿）\n\n　　我局印发了活动方案，开展了各项活动。\n", "news"),
    ("全国质量月的历史回顾\n1978年9月,国家经委开展了第一次“质量月”活动。", "history"),
    ("Notice on Carrying out the 2019 National 'Quality Month' Activities\n\n"
     "All provincial administrations: the Quality Month will be held in September.", "english"),
]


@pytest.mark.parametrize("text, expected", KINDS)
def test_kind(text: str, expected: str) -> None:
    assert [f.value for f in field(run(doc_from_text(text)), "kind")] == [expected]


def test_no_year_is_inferred_from_the_date_of_a_text_about_another_countrys_campaign() -> None:
    facts = run(doc_from_text(
        "ASQ celebrates National Quality Month in October\nPosted: October 1, 2019\n\n"
        "The American Society for Quality celebrates National Quality Month in the United "
        "States every October. National Quality Month has been observed in the United States "
        "since 1988.\n\nChina also holds a national Quality Month every September."))
    assert field(facts, "year") == []


def test_kind_english_by_script() -> None:
    doc = doc_from_text("质量月 Quality Month")
    doc.script = "english"
    assert [f.value for f in field(run(doc), "kind")] == ["english"]


# --- The seeds against the gold file ---------------------------------------------------


def _bare(s: object) -> str:
    return re.sub(r"[^0-9A-Za-z\u4e00-\u9fff]+", "", str(s))


@pytest.mark.parametrize("entry", GOLD, ids=[e["file"][:3] for e in GOLD])
def test_seed_years_title_kind(entry: dict) -> None:
    facts = run(seed(entry["file"]))
    years = field(facts, "year")
    assert sorted(f.value for f in years if not f.attr("inferred")) == entry["years"]
    inferred = [f for f in years if f.attr("inferred")]
    if inferred:
        assert not entry["years"]
        assert [f.value for f in inferred] == [entry["inferred_year"]]
        assert all(f.attr("evidence") for f in inferred)
    assert [_bare(f.value) for f in field(facts, "title")] == [_bare(entry["title"])]
    assert [f.value for f in field(facts, "kind")] == [entry["kind"]]


# --- Any text ----------------------------------------------------------------------------

_ALPHABET = ("关于开展全国质量月活动的通知年月日号〔〕[]()《》“”,。;:\n "
             "0123456789二○一〇十xX前至今始于日本")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=200))
def test_any_text_gives_well_formed_facts(text: str) -> None:
    doc = doc_from_text(text)
    for fact in run(doc):
        if fact.span is not None:
            assert 0 <= fact.span.start <= fact.span.end <= len(doc.text)
        if fact.field == "year":
            assert isinstance(fact.value, int)
        if fact.field in ("issued", "event_date"):
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", fact.value)
