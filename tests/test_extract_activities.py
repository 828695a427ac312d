"""Activities: numbered items, aspects, content lists, named events, organisers, dates."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extractors import Facts
from kg.extractors._text import bare, short_key
from kg.extractors.activities import extract_activities
from kg.model import Fact
from tests.helpers import doc_from_text
from tests.test_extract_themes import GOLD, seed_facts, seed_text


def run(text: str, year: int | None = None, facts: Facts | None = None) -> list[Fact]:
    facts = facts or Facts()
    if year is not None:
        facts.add(Fact("year", year))
    found = list(extract_activities(doc_from_text(text), facts))
    for f in found:
        assert f.span is not None and 0 <= f.span.start <= f.span.end <= len(text)
    return found


def labels(found: list[Fact], level: str | None = None) -> list[str]:
    return [f.value for f in found
            if f.field == "activity" and (level is None or f.attr("level") == level)]


def has(found: list[Fact], phrase: str) -> bool:
    """Gold comparison: a label containing the phrase or contained in it (CJK/letters/digits)."""
    p = bare(phrase)
    return any(p in bare(lab) or bare(lab) in p for lab in labels(found))


PLAN = """三、活动重点

(一)开展质量品牌提升活动,改善产品和服务供给。以空气净化器等10类消费品为重点。

(二)开展质量整治活动,解决群众关心的重大质量问题。综合运用监督抽查等手段。

(三)围绕“质量月”活动主题,召开各类座谈会、研讨会。各地要召开行业协会座谈会。

四、活动要求

(一)进一步加强“质量月”活动组织领导。各地要高度重视。
"""

NESTED = """三、活动内容
(一)营造质量氛围
1.开展质量宣传周活动。在全省范围内集中宣传。
2.举办质量论坛。邀请专家研讨。
(二)开展质量服务
1.组织开展质量技术帮扶活动。
四、工作要求
1.加强领导。
"""


def test_numbered_items_up_to_the_next_heading() -> None:
    found = run(PLAN)
    items = [f for f in found if f.attr("level") == "item"]
    assert [f.value for f in items] == [
        "开展质量品牌提升活动",
        "开展质量整治活动",
        "围绕“质量月”活动主题,召开各类座谈会、研讨会",  # an adverbial first clause is kept
    ]
    assert [f.attr("ordinal") for f in items] == [1, 2, 3]
    assert all(f.attr("key") == short_key(f.value) for f in items)
    assert not has(found, "进一步加强“质量月”活动组织领导")  # a requirement, not an activity


def test_an_item_whose_first_clause_holds_an_event_is_labelled_by_it() -> None:
    """在全国开展“质量万里行”活动，曝光一批质量低劣的产品: the first clause starts with an
    adverbial (so reads like no heading) but holds the event whole; what follows is its aim."""
    text = ("二、主要活动\n(一)8月30日，在北京召开全国“质量月”电视动员大会。\n"
            "(二)在全国开展“质量万里行”活动，曝光一批质量低劣的产品。\n"
            "(三)围绕“质量月”活动主题，召开各类座谈会。\n四、要求\n")
    assert labels(run(text, 1996), "item") == [
        "在北京召开全国“质量月”电视动员大会", "在全国开展“质量万里行”活动",
        "围绕“质量月”活动主题，召开各类座谈会"]


def test_two_numbering_levels_are_aspects_and_items() -> None:
    found = run(NESTED)
    aspects = {f.value: f for f in found if f.attr("level") == "aspect"}
    items = {f.value: f for f in found if f.attr("level") == "item"}
    assert list(aspects) == ["营造质量氛围", "开展质量服务"]
    assert list(items) == ["开展质量宣传周活动", "举办质量论坛", "组织开展质量技术帮扶活动"]
    assert items["举办质量论坛"].attr("parent") == aspects["营造质量氛围"].attr("key")
    assert items["组织开展质量技术帮扶活动"].attr("parent") == aspects["开展质量服务"].attr("key")
    assert "加强领导" not in labels(found)


def test_enumerated_items_in_running_text() -> None:
    text = ("今年“质量月”期间,各地将重点开展以下工作:一是开展质量品牌提升活动,改善产品和服务供给;"
            "二是开展质量整治活动,解决群众关心的质量问题;三是大力宣传质量工作成效。\n"
            "各地一是思想认识要到位,二是责任要落实。\n")
    found = run(text)
    assert labels(found, "item") == ["开展质量品牌提升活动", "开展质量整治活动", "大力宣传质量工"
    "作成效"]
    assert [f.attr("ordinal") for f in found if f.attr("level") == "item"] == [1, 2, 3]


def test_enumerated_items_one_paragraph_each() -> None:
    """四个方面 as paragraphs starting 一是, 二是 … (a probe's national notice) gave no item:
    一是 and 二是 had to be on one line. A run of two or more such lines in sequence gives
    items too; one 一是 alone or a run out of sequence gives none."""
    text = ("三、活动内容\n今年活动主要包括四个方面：\n一是加强质量宣传。举办全国“质量月”活动启动仪式。\n"
            "二是推动质量提升。开展重点产品质量攻关。\n三是夯实质量基础。开展计量服务中小企业行动。\n"
            "四是培育质量文化。开展质量知识进校园活动。\n四、活动要求\n")
    found = run(text, 2023)
    assert labels(found, "item") == ["加强质量宣传", "推动质量提升", "夯实质量基础", "培育质量文化"]
    assert [f.attr("ordinal") for f in found if f.attr("level") == "item"] == [1, 2, 3, 4]
    assert labels(run("一是加强质量宣传。各地要宣传。\n三是推动质量提升。\n"), "item") == []
    duties = ("三、活动内容\n（一）举办质量论坛。\n四、保障措施\n一是加强组织领导。各地要成立领导小组。\n"
              "二是强化宣传引导。各地要加大宣传力度。\n")
    assert labels(run(duties, 2023)) == ["举办质量论坛"]


def test_news_aspects_and_events_under_them() -> None:
    text = ("《通知》围绕着营造质量氛围、开展群众性质量活动、开展质量服务活动、"
            "开展质量整治和提升活动4个方面,提出了20多项具体活动内容。\n"
            "在大力开展质量服务活动、形成有利于质量提升的环境方面,《通知》要求,"
            "组织开展质量建设志愿者活动,动员质量管理专家深入企业;"
            "组织开展窗口标准化建设活动。\n")
    found = run(text)
    aspects = [f for f in found if f.attr("level") == "aspect"]
    assert [f.value for f in aspects] == ["营造质量氛围", "开展群众性质量活动", "开展质量服务活动",
                                          "开展质量整治和提升活动"]
    assert [f.attr("ordinal") for f in aspects] == [1, 2, 3, 4]
    service = aspects[2].attr("key")
    events = {f.value: f for f in found if f.attr("level") == "event"}
    assert events["质量建设志愿者活动"].attr("parent") == service
    assert events["窗口标准化建设活动"].attr("parent") == service


def test_quoted_content_list_labels_by_first_clause() -> None:
    text = ("对2021年全国“质量月”“开展质量主题宣传,倡导质量第一意识”"
            "“深入实施质量提升行动,努力提高产品和服务质量”"
            "“加强质量文化建设,推进实施全面质量管理”等活动内容进行部署。")
    found = run(text)
    assert labels(found, "item") == ["开展质量主题宣传", "深入实施质量提升行动", "加强质量文化建设"]
    assert "质量月" not in [bare(x) for x in labels(found)]


# (input text, phrase that must be an activity label)
EVENT_CASES = [
    # a noun that begins with a verb that would make the phrase a clause (动员大会 names the
    # meeting; act3_1997_national_numbered_paragraphs)
    ("二、九月一日晚，在中央电视台举办全国“质量月”广播电视动员大会，国务院领导同志发表电视讲话。",
     "全国“质量月”广播电视动员大会"),
    # 组织 at a clause start names the event after it
    ("二、开展全面质量管理知识普及教育，组织全面质量管理电视讲座。", "全面质量管理电视讲座"),
    # English, unquoted: the event a verb holds, and the launch ceremony
    ("Local authorities will hold Quality Open Day events in September.",
     "Quality Open Day events"),
    ("Besides the launch ceremony, the CAQ will hold a meeting.", "launch ceremony"),
    # quotes set side by side are a run too
    ("开展“质量服务进万家”“小微企业质量管理体系认证提升行动”等活动。", "质量服务进万家"),
    # a quoted run with an unquoted last item before 等活动
    ("各地要组织开展“质量开放日”、“名企名牌进校园”和质量技术帮扶等活动。", "名企名牌进校园"),
    # a quoted programme followed by 和 (the list goes on)
    ("开展“质量开放日”和消费品质量安全宣传周。", "质量开放日"),
    ("开展“质量开放日”和消费品质量安全宣传周。", "消费品质量安全宣传周"),
    # 年度 inside the tail of a quoted name; 成果展 is an event word
    ("将举办“质量之光”年度魅力品牌发布活动。", "“质量之光”年度魅力品牌发布活动"),
    ("开展“中国品牌日”成果展。", "“中国品牌日”成果展"),
    # the event as subject with a longer venue phrase
    ("今天上午，全国“质量月”活动启动仪式在北京以线上线下相结合的方式举行。", "全国“质量月”活动启动仪式"),
    ("开展贴近群众的宣传活动,如群发公益手机短信、“食品检测实验室开放日”活动等。", "食品检测实验"
     "室开放日"),
    ("“质量月”期间还将召开第三十三次质量管理小组代表会议,推动质量管理。", "第三十三次质量管理小"
     "组代表会议"),
    ("选择命名一批“中小学质量教育社会实践基地”,推动质量教育。", "中小学质量教育社会实践基地"),
    ("要组织开展“全国知名品牌创建示范区”建设,即以产业聚集区为重点。", "全国知名品牌创建示范区"),
    ("组织开展质量建设志愿者活动,动员质量管理专家和大学生积极深入企业。", "质量建设志愿者活动"),
    ("组织开展窗口标准化建设活动;鼓励开展质量技术交流。", "窗口标准化建设活动"),
    ("开展质量大讲堂活动及质量诚信与防伪产品展览等活动内容。", "质量大讲堂"),
    ("中国质量检验协会继续组织开展“企业质量诚信倡议”活动,向社会发布。", "企业质量诚信倡议"),
    ("组织企业开展以“查质量意识”为主要内容的“七查一访”活动,通过电话交流等方式。", "七查一访"),
    ("四川省质监局在社区广场搭建透明模拟电梯,举办电梯突发事件实景演练,吸引周围居民。", "电梯突发"
     "事件实景演练"),
    ("广西、天津质监局开展“阳光纤检进高校”专项执法检查,覆盖49所高校。", "阳光纤检进高校"),
    ("天津市质监局启动眼镜验光配镜技能大比武活动,计划在9月20日举行决赛。", "眼镜验光配镜技能大比"
     "武"),
    ("黑龙江、海南、贵州等省质监局先后开展企业“质量诚信承诺”活动,约有700多家企业参与。", "质量诚"
     "信承诺"),
    ("开展百名质量管理专家、百名质量工程师“企业行”活动。", "百名质量工程师“企业行”活动"),
    ("动员引导广大青年职工积极参与“青工技能振兴计划”、“青年创新创效”等活动。", "青工技能振兴计划"),
    ("第一次全国“质量月”广播电视动员大会于1978年8月31日在全国政协礼堂召开。",
     "第一次全国“质量月”广播电视动员大会"),
    ("各地要开展质量知识普及活动。", "质量知识普及活动"),  # 普及 is not a list's 及
    # 启动仪式 is a noun: its 启动 is no inner verb of the event's name
    ("国家质检总局、全国总工会等部门在北京联合举办2005年全国“质量月”活动启动仪式暨质量管理先进"
     "表彰大会。", "2005年全国“质量月”活动启动仪式暨质量管理先进表彰大会"),
    # the event as the subject of its clause, with its venue
    ("本报讯 9月1日上午，绍兴市2014年“质量月”活动启动仪式在柯桥区举行。",
     "绍兴市2014年“质量月”活动启动仪式"),
    ("8月31日，2023年全国“质量月”活动启动仪式在北京举行。", "2023年全国“质量月”活动启动仪式"),
    # …主办的X在…举行: the relative clause before the event is no part of its name
    ("9月1日，由国家质检总局、建设部、共青团中央等十一个部门联合主办的2007年全国“质量月”活动启动仪式"
     "在北京举行。", "2007年全国“质量月”活动启动仪式"),
    ("各地要组织开展“质量开放日”和“质量兴农”科技下乡活动。", "“质量兴农”科技下乡活动"),
    # the campaign's own launch, named without 活动
    ("9月1日，市场监管总局会同有关部门在江西省南昌市举办全国“质量月”启动仪式。",
     "全国“质量月”启动仪式"),
    # a list the text closes as activities (等12项活动) names each of them
    ("市质监局将在9月份开展质量宣传咨询、质量诚信承诺、“质量开放日”等12项活动。", "质量开放日"),
    ("市质监局将在9月份开展质量宣传咨询、质量诚信承诺、“质量开放日”等12项活动。", "质量诚信承诺"),
    ("活动期间，各地通常举办启动仪式、质量开放日、质量知识竞赛等活动。", "质量开放日"),
    # a comparison test of products (质量比对) is an event of its kind
    ("开展重点产品质量提升行动。在苏州市、无锡市、常州市开展智能家电质量比对。", "智能家电质量比对"),
    # …but an event of a kind in such a list is one, even after a generic word (专题晚会)
    ("在“质量月”期间举办演讲比赛、征文比赛、文艺演出、专题晚会、质量大讲堂等活动。", "专题晚会"),
    # two named events joined by 和: the quote's tail stops at 和
    ("要组织开展“质量提升、青年先行”活动和企业质量诚信倡议活动。", "企业质量诚信倡议活动"),
    ("要组织开展“质量提升、青年先行”活动和企业质量诚信倡议活动。", "“质量提升、青年先行”活动"),
    # X进Y活动 after a quoted programme name
    ("汕头、湛江等市将组织开展“质量大讲堂”进企业活动。", "“质量大讲堂”进企业活动"),
    ("省市场监管局还将联合省总工会举办全省质量管理小组成果发表赛。", "全省质量管理小组成果发表赛"),
    # a theme before the event's name qualifies it
    ("中国质量协会开展以“卓越绩效 引领发展”为主题的全国质量标杆遴选活动。", "全国质量标杆遴选活动"),
    # a topic (质量) names an event of a kind (论坛, 大会), only a bare 活动 leaves it vague
    ("活动期间，广州、深圳两地将举办质量论坛，多家检测机构将开展“实验室开放日”活动。", "质量论坛"),
    ("全国已有10多个省份召开了质量大会。", "质量大会"),
    # a quote that is the whole object of an event verb, with a follow word or none
    ("中国消费者协会将配合开展“放心消费”宣传，要求各地组织消费者参与。", "放心消费"),
    ("开展“江苏精品”认证。", "江苏精品"),
    # English
    ("Market regulation departments will organize \"Quality Open Day\" activities in September.",
     "Quality Open Day"),
    ("The China Association for Quality will hold the 41st National Conference of QC Group "
     "Representatives in Beijing.", "41st National Conference of QC Group Representatives"),
]


@pytest.mark.parametrize(("text", "phrase"), EVENT_CASES)
def test_named_events(text: str, phrase: str) -> None:
    found = run(text)
    assert has(found, phrase), labels(found)
    assert all(f.attr("level") == "event" for f in found if f.field == "activity")


def test_a_summarys_items_are_named_without_their_tallies() -> None:
    """A summary written after the month (一是…二是… of what was done): how many were held
    (12场, 2期) is no part of an item's name, and the quoted event an item only holds
    (组织开展了“质量开放日”活动) is that item, no second activity."""
    found = run("“质量月”期间，我局重点抓了以下工作：一是开展质量宣传咨询活动12场，发放宣传资料8600余份；"
                "二是组织开展了“质量开放日”活动，5家企业向公众开放；三是举办质量管理培训班2期，培训150人次。",
                2018)
    assert labels(found) == ["开展质量宣传咨询活动", "组织开展了“质量开放日”活动", "举办质量管理培训班"]


def test_launches_of_several_places_named_by_the_campaign_alone_are_several() -> None:
    """A report on several cities' launches, each written “质量月”活动启动仪式 after the city
    that holds it: each is that city's activity, dated by its own clause, not one activity
    dated on each day. A subject that is no place (市政府) leaves the name as written."""
    found = run("9月2日，宁波市举行“质量月”活动启动仪式。9月3日，温州市也在瓯海区举行了“质量月”活动启动"
                "仪式。", 2022)
    assert labels(found) == ["宁波市“质量月”活动启动仪式", "温州市“质量月”活动启动仪式"]
    keys = {f.attr("key"): f.value for f in found if f.field == "activity"}
    assert [(f.value, keys[f.attr("activity")]) for f in found if f.field == "event_date"] == [
        ("2022-09-02", "宁波市“质量月”活动启动仪式"), ("2022-09-03", "温州市“质量月”活动启动仪式")]
    assert labels(run("9月2日，市政府举行“质量月”活动启动仪式。", 2022)) == ["“质量月”活动启动仪式"]


def test_an_english_event_in_lower_case_is_named_up_to_its_place() -> None:
    """era_2013_english_aqsiq_news: a wire item names the event in lower case with what it is
    of; the name ends before its place (in Chengdu), and a bare event word (activities) held
    is no name."""
    found = run("The China Association for Quality will hold the national conference of quality "
                "control groups in Chengdu, Sichuan Province.")
    assert labels(found) == ["national conference of quality control groups"]
    assert labels(run("Local bureaus will hold a series of activities in September.")) == []


def test_top_level_items_of_a_short_notice_without_an_activity_section() -> None:
    found = run("经研究决定，2013年9月在全国开展“质量月”活动。\n\n一、开展“质量月”宣传咨询活动。\n"
                "二、召开第三十五次全国质量管理小组代表会议。\n三、加强组织领导。\n")
    assert labels(found, "item") == ["开展“质量月”宣传咨询活动", "召开第三十五次全国质量管理小组代表会议"]
    # one such item is no list of activities
    assert labels(run("一、指导思想\n以科学发展观为统领。\n二、开展质量宣传活动。\n"), "item") == []


def test_english_section_items_and_their_events() -> None:
    found = run("II. Main Activities\n\n(1) Holding the launch ceremony. On September 1, SAMR "
                "will hold it.\n\n(2) Organizing the \"Quality Open Day\" activities. "
                "Laboratories open.\n\nIII. Slogans\n\n1. Quality first\n")
    assert labels(found, "item") == ["Holding the launch ceremony",
                                     'Organizing the "Quality Open Day" activities']
    assert [f.attr("ordinal") for f in found if f.attr("level") == "item"] == [1, 2]
    # The item only says the open day is held: it is the open day, no second activity
    # (english_2019_notice lists both names as one activity).
    assert has(found, "Quality Open Day") and "Quality Open Day" not in labels(found, "event")


# (English activity section numbered 1. 2., the item labels): an item whose sentence has a
# subject before will/shall is labelled by the subject; with a one-word subject (CAQ, an
# organiser) the short sentence stays the label.
EN_NUMBERED = [
    ("I. Activities\n\n1. The launch ceremony of the 2023 National Quality Month will be held in "
     "Beijing on August 31.\n\n2. Quality Open Day events will invite consumers to visit "
     "laboratories.\n\n3. CAQ will hold a conference.\n\nII. Work Requirements\n",
     ["launch ceremony of the 2023 National Quality Month", "Quality Open Day events",
      "CAQ will hold a conference"]),
    ("II. Main Activities\n\n(1) Holding the launch ceremony. It opens.\n\nIII. Slogans\n",
     ["Holding the launch ceremony"]),
]


@pytest.mark.parametrize(("text", "items"), EN_NUMBERED)
def test_english_numbered_items(text: str, items: list[str]) -> None:
    assert labels(run(text), "item") == items


TABLE = ("二、有关要求\n请各地于10月15日前报送活动总结。\n\n附件1\n\n2013年全国“质量月”重点活动安排表\n\n"
         "序号 活动名称          时间      主办单位\n"
         "1  “质量月”活动启动仪式    9月2日    质检总局\n"
         "2  全国质量管理小组代表会议  9月中旬    中国质量协会\n\n附件2\n")
MD_TABLE = ("| 序号 | 活动名称 | 时间 |\n| --- | --- | --- |\n| 1 | 质量开放日 | 9月 |\n"
            "| 2 | 全省质量知识竞赛 | 9月20日 |\n\n活动 要求 各地\n质量月期间各地要组织开展宣传。\n")


def test_a_sub_item_starting_with_a_date_after_a_folded_full_stop_is_an_item() -> None:
    """1．9月1日，… folded to 1.9月1日,… (jiangsu_2017_plan; a probe's 四个方面 with 1. 2.
    sub-items) was read as the decimal 1.9 and no item: the sub-item was lost, or only its
    event kept. A dot before a month and day is a marker; a decimal is none (1.5万人)."""
    from kg.extractors._text import marker
    assert marker("1.9月1日,举办全省“质量月”活动启动仪式。") == ("num", 1, 2)
    assert marker("1.5万人参加") is None and marker("1.9个月") is None
    found = run("三、活动内容\n(一)举办启动仪式\n1.9月1日,举办全省“质量月”活动启动仪式。\n"
                "2.9月2日,各市同步举办启动仪式。\n(二)组织质量宣传\n1.开展质量知识竞赛。\n"
                "四、保障措施\n", 2020)
    assert labels(found, "item") == ["举办全省“质量月”活动启动仪式", "各市同步举办启动仪式",
                                     "开展质量知识竞赛"]
    assert dated(found) == [("2020-09-01", "举办全省“质量月”活动启动仪式", "item"),
                            ("2020-09-02", "各市同步举办启动仪式", "item")]


def test_a_table_of_activities_gives_the_name_cell_of_each_row() -> None:
    """A row of a table of activities is not one activity named 1 “…”仪式质检总局: the cell
    under 活动名称 is, and the row's date dates it; an attachment is outside the 要求 section."""
    found = run(TABLE, 2013)
    assert labels(found) == ["“质量月”活动启动仪式", "全国质量管理小组代表会议"]
    keys = {f.attr("key"): f.value for f in found if f.field == "activity"}
    assert [(f.value, keys[f.attr("activity")]) for f in found if f.field == "event_date"] == [
        ("2013-09-02", "“质量月”活动启动仪式")]
    # The cell under 主办单位 organises the row's activity (act_2021_province_schedule_table:
    # 时间　活动　主办单位, the organiser not read).
    assert [f.attr("organizer") for f in found if f.field == "activity"] == [
        ("质检总局",), ("中国质量协会",)]
    schedule = ("全省“质量月”重点活动安排表\n时间　　活动　　主办单位\n"
                "9月1日　　全省“质量月”活动启动仪式　　省市场监管局\n"
                "9月8日　　徽派工匠质量故事宣讲会　　省总工会、省市场监管局\n")
    rows = run(schedule, 2021)
    assert [(f.value, f.attr("organizer")) for f in rows if f.field == "activity"] == [
        ("全省“质量月”活动启动仪式", ("省市场监管局",)),
        ("徽派工匠质量故事宣讲会", ("省总工会", "省市场监管局"))]
    assert [f.value for f in rows if f.field == "event_date"] == ["2021-09-01", "2021-09-08"]
    # Blank lines between the rows change nothing (a page may set them so).
    assert labels(run(TABLE.replace("\n", "\n\n\n"), 2013)) == labels(found)
    # Cells set apart by one space each (a full-width space folded) when the row has as
    # many as the heading.
    one_space = ("附件2\n重点活动安排表\n序号 活动名称 时间 主办单位\n"
                 "1 全国“质量月”活动启动仪式 9月1日 质检总局\n2 质量提升行动主题宣传 9月 中央宣传部\n")
    assert labels(run(one_space, 2017)) == ["全国“质量月”活动启动仪式", "质量提升行动主题宣传"]
    # Markdown tables too; a line of words after the table is no table.
    assert labels(run(MD_TABLE, 2020)) == ["质量开放日", "全省质量知识竞赛"]


def test_a_table_pasted_one_cell_a_line_gives_the_name_cell_of_each_row() -> None:
    """A table copied out of a document cell by cell (act3_2019_county_table_cells_plan): a
    heading of column words one a line, then each row's cells one a line; the cell under
    活动名称 names the activity, the one under 责任单位 holds it, and a 序号 that is no number
    ends the table. Two column words are no heading (活动 / 时间 over short lines)."""
    table = ("序号\n活动名称\n时间\n地点\n责任单位\n"
             "1\n全县“质量月”活动启动仪式\n9月2日\n县行政中心广场\n县市场监管局\n\n"
             "2\n全县质量知识竞赛\n9月10日至20日\n县职业教育中心\n县市场监管局、县经信局\n"
             "三、工作要求\n各责任单位要高度重视。\n")
    found = run(table, 2019)
    assert [(f.value, f.attr("organizer")) for f in found if f.field == "activity"] == [
        ("全县“质量月”活动启动仪式", ("县市场监管局",)),
        ("全县质量知识竞赛", ("县市场监管局", "县经信局"))]
    # The row's 时间 cell dates it (a span by its start), not an activity of its own.
    keys = {f.attr("key"): f.value for f in found if f.field == "activity"}
    assert [(f.value, keys[f.attr("activity")]) for f in found if f.field == "event_date"] == [
        ("2019-09-02", "全县“质量月”活动启动仪式"), ("2019-09-10", "全县质量知识竞赛")]
    assert labels(run("活动\n时间\n质量宣传\n九月\n", 2019)) == []
    # A cell left empty (no 地点 in row 2) shortens its row only: rows start at their 序号,
    # and a short row's last cell is no 责任单位; the heading after the table is no cell.
    gap = ("序号\n活动名称\n时间\n地点\n责任单位\n1\n全县“质量月”活动启动仪式\n9月2日\n县行政中心广场\n"
           "县市场监管局\n2\n全县质量知识竞赛\n9月10日\n县市场监管局\n3\n全县质量管理小组成果发表会\n"
           "9月16日\n县市场监管局\n三、工作要求\n各单位要高度重视。\n")
    assert [(f.value, f.attr("organizer")) for f in run(gap, 2019) if f.field == "activity"] == [
        ("全县“质量月”活动启动仪式", ("县市场监管局",)), ("全县质量知识竞赛", None),
        ("全县质量管理小组成果发表会", None)]


# (input text, labels that must NOT be activities) — precision
NOT_EVENT_CASES = [
    # 组织 inside a noun phrase is a noun (获奖组织), no verb; a question names no event
    ("开展中国质量奖获奖组织经验和个人事迹交流活动。", ["经验和个人事迹交流活动"]),
    ("问：今年将组织哪些重点活动？", ["哪些重点活动"]),
    ("The Quality Month will hold National Quality Month activities.",
     ["National Quality Month activities"]),
    ("各地要结合自身实际,开展丰富多彩的活动,确保“质量月”活动顺利开展。", ["质量月"]),
    ("公布了“好质量 好生活”“走质量强国之路 促发展方式转变”等十条“质量月”活动宣传口号。",
     ["好质量 好生活", "走质量强国之路 促发展方式转变", "质量月"]),
    ("联合下发《关于开展2011年全国“质量月”活动的通知》(以下简称《通知》),决定开展“质量月”活动。",
     ["通知", "关于开展2011年全国质量月活动的通知", "质量月活动"]),
    ("把经济社会发展推向“质量时代”,引导企业树立“质量第一”的观念。", ["质量时代", "质量第一"]),
    ("市场监管总局等20个部门定于2021年9月联合开展全国“质量月”活动。", ["全国质量月活动"]),
    ("在全社会营造“人人关注质量”的氛围,开展宣传活动和系列活动。", ["人人关注质量", "宣传活动", ""
     "系列活动"]),
    ("要大力开展“质量月”宣传活动,扩大“质量月”活动影响。", ["质量月宣传活动"]),
    ("组织50名儿童代表参加“质量月”活动启动仪式。", ["50名儿童代表参加质量月活动启动仪式"]),
    # a verb qualifying a noun (开展的…活动) names no activity
    ("是长期组织开展的一项重大质量活动和群众性质量主题活动。", ["群众性质量主题活动"]),
    # two quoted names joined by 和 are two activities, not one
    ("各地要组织开展“质量开放日”和“质量兴农”科技下乡活动。", ["“质量开放日”和“质量兴农”科技下乡活动"]),
    # a launch ceremony that names no campaign is too vague
    ("9月1日，市质监局在人民广场举行启动仪式。", ["启动仪式"]),
    # an item's leading date is not its label
    ("二、主要活动\n(一)9月1日，国家质检总局在北京举办全国“质量月”活动启动仪式。\n", ["9月1日"]),
    ("The campaign was held in the 1990s and the 41st national meeting followed.",
     ["41st national meeting"]),
    # a topic before a bare event word names nothing
    ("各地要广泛开展质量活动，组织开展质量行动。", ["质量活动", "质量行动"]),
    # a quote that is the theme of a series (以“…”为主题的系列活动) names none; nor does a
    # description of several (系列质量提升活动), nor a 启动仪式 of no campaign in a list
    ("中国质量协会决定，在“质量月”期间组织开展以“诚信铸就品牌　质量创造价值”为主题的系列活动。",
     ["以“诚信铸就品牌 质量创造价值”为主题的系列活动", "以“诚信铸就品牌　质量创造价值”为主题的系列活动",
      "“诚信铸就品牌 质量创造价值”为主题的系列活动"]),
    ("全国第40个“质量月”活动启动 我市同步开展系列质量提升活动\n", ["系列质量提升活动"]),
    ("活动期间，各地通常举办启动仪式、质量开放日、质量知识竞赛等活动。", ["启动仪式"]),
    # a numbered duty of those addressed (各地要…, 各有关部门应…) is no activity
    ("二、重点工作\n(一)推广先进地区经验。\n(二)各地要提出15条以上惠企措施,推动质量提升。\n"
     "(三)各地区、各有关部门应加强组织领导。\n三、工作要求\n",
     ["各地要提出15条以上惠企措施,推动质量提升", "各地要提出15条以上惠企措施",
      "各地区、各有关部门应加强组织领导"]),
    # a quote the verb's object goes on after (监管执法) is a qualifier, not the event
    ("各地要开展“双随机、一公开”监管执法。", ["双随机、一公开"]),
]


@pytest.mark.parametrize(("text", "absent"), NOT_EVENT_CASES)
def test_not_activities(text: str, absent: list[str]) -> None:
    got = {bare(x) for x in labels(run(text))}
    for phrase in absent:
        assert bare(phrase) not in got


def test_themes_and_slogans_are_not_activities() -> None:
    facts = Facts()
    facts.add(Fact("slogan", "质量提升 青年先行"))
    found = run("开展“质量提升 青年先行”活动。", facts=facts)
    assert labels(found) == []


# (input text, expected organisers of the activity containing phrase)
ORGANIZER_CASES = [
    # a venue ending in an organisation's word (中心) after 在 is where, not who
    ("二、活动内容\n1.举办“质量月”启动仪式。9月1日,在市民中心举行启动仪式,同日举办质量成果展。\n"
     "三、工作要求\n", "质量成果展", None),
    ("(九)工信部、国家质检总局会同有关部门,组织举办“中国工业产品质量信誉论坛”;中国质量检验协会继"
     "续组织开展"
     "“企业质量诚信倡议”活动。", "中国工业产品质量信誉论坛", ("工信部", "国家质检总局")),
    ("(九)工信部、国家质检总局会同有关部门,组织举办“中国工业产品质量信誉论坛”;中国质量检验协会继"
     "续组织开展"
     "“企业质量诚信倡议”活动。", "企业质量诚信倡议", ("中国质量检验协会",)),
    ("国家质检总局、工信部、中国质量协会组织举办以“讲究方法、扎实有效”为主题的全国第三十二次质量"
     "管理小组代表会议。",
     "全国第三十二次质量管理小组代表会议", ("国家质检总局", "工信部", "中国质量协会")),
    ("天津市质监局启动眼镜验光配镜技能大比武活动。", "眼镜验光配镜技能大比武", ("天津市质监局",)),
    ("广东省质监局将联合省总工会、团省委开展“质量之星”评选活动。", "质量之星",
     ("广东省质监局", "省总工会", "团省委")),
    ("教育部和国家质检总局将共同在质量管理优秀企业中,选择命名一批“中小学质量教育社会实践基地”。",
     "中小学质量教育社会实践基地", ("教育部", "国家质检总局")),
    ("工业和信息化部、住房和城乡建设部联合举办全国建筑质量论坛。", "全国建筑质量论坛",
     ("工业和信息化部", "住房和城乡建设部")),
    ("上海市委副书记出席了“上海市市长质量奖”颁奖仪式。", "上海市市长质量奖", None),
]


# An item whose lead clause starts with its organisers is labelled by what it holds, and
# keeps the organisers: (input text, item label, organizer).
HELD_ITEM_CASES = [
    ("二、活动内容\n(九)工信部、国家质检总局会同有关部门,组织举办“中国工业产品质量信誉论坛”;中国"
     "质量检验协会继续组织开展“企业质量诚信倡议”活动。\n三、要求\n",
     "中国工业产品质量信誉论坛", ("工信部", "国家质检总局")),
    ("二、活动内容\n(十)国务院国资委、国家质检总局联合组织部分中央企业开展“质量·品牌·责任”系列"
     "宣传活动。\n三、要求\n",
     "“质量·品牌·责任”系列宣传活动", ("国务院国资委", "国家质检总局")),
    ("二、活动内容\n(十一)国家质检总局、工信部、中国质量协会组织举办以“讲究方法、扎实有效”为主题的"
     "全国第三十二次质量管理小组代表会议。\n三、要求\n",
     "全国第三十二次质量管理小组代表会议", ("国家质检总局", "工信部", "中国质量协会")),
    # Not led by organisers: the label is the lead clause as before.
    ("二、活动内容\n(一)开展质量宣传教育活动。组织“质量月”宣传进企业。\n三、要求\n",
     "开展质量宣传教育活动", None),
    # The rest names no event (a duty): the whole lead clause stays.
    ("二、活动内容\n(二)各地质监局要加强质量监管。\n三、要求\n", "各地质监局要加强质量监管", None),
]


@pytest.mark.parametrize(("text", "label", "organizer"), HELD_ITEM_CASES)
def test_item_labelled_by_what_it_holds(text: str, label: str,
                                        organizer: tuple[str, ...] | None) -> None:
    items = {f.value: f for f in run(text, 2010)
             if f.field == "activity" and f.attr("level") == "item"}
    assert label in items, list(items)
    assert items[label].attr("organizer") == organizer


@pytest.mark.parametrize(("text", "phrase", "organizer"), ORGANIZER_CASES)
def test_organizers(text: str, phrase: str, organizer: tuple[str, ...] | None) -> None:
    found = [f for f in run(text) if f.field == "activity" and bare(phrase) in bare(f.value)]
    assert found, labels(run(text))
    assert found[0].attr("organizer") == organizer


ITEM_WITH_DATE = ("三、全国统一部署的活动\n(一)着力营造“质量月”的浓厚氛围。8月31日,通过手机报等"
"群发“质量月”"
                  "宣传公益手机短信;制作、发放宣传材料。\n(二)举办好“质量月”现场咨询活动。9月初,"
                  "各地要组织开展"
                  "现场咨询活动。\n四、要求\n(一)各地应于10月31日前对“质量月”活动做好总结工作。\n")

# (input text, campaign year, expected (date, label of the dated activity) pairs)
DATE_CASES = [
    (ITEM_WITH_DATE, 2010, [("2010-08-31", "着力营造“质量月”的浓厚氛围")]),
    (ITEM_WITH_DATE, None, []),  # no campaign year: a month-day date stays undated
    ("二、活动重点\n(一)全国性活动\n1.召开全国“质量月”活动启动会。9月3日,市场监管总局会同有关部门"
     "在北京召开启动会。\n2.举办中国质量(杭州)大会。会议将于9月16日至17日在杭州举行。\n三、有关"
     "要求\n",
     2018, [("2018-09-03", "召开全国“质量月”活动启动会")]),
    ("第一次全国“质量月”广播电视动员大会于1978年8月31日在全国政协礼堂召开。", 2021,
     [("1978-08-31", "第一次全国“质量月”广播电视动员大会")]),
    ("天津市质监局启动眼镜验光配镜技能大比武活动,计划在9月20日举行决赛。", 2011,
     [("2011-09-20", "眼镜验光配镜技能大比武活动")]),
    ("各地应于10月31日前对“质量月”活动做好总结工作,组织开展质量建设志愿者活动。", 2011, []),
    # the event's own date, not the wire dateline's; the dateline's when it is the only one
    ("新华网北京9月2日电 9月1日，2007年全国“质量月”活动启动仪式在北京举行。", 2007,
     [("2007-09-01", "2007年全国“质量月”活动启动仪式")]),
    ("本报北京9月1日讯 今天上午，全国“质量月”活动启动仪式在北京举行。", 2020,
     [("2020-09-01", "全国“质量月”活动启动仪式")]),
    # a date leading the item's sentence without a comma dates the item; a period's start
    # and the signing date alone on its line under the last item do not
    ("二、主要活动\n(一)举办全省“质量月”活动启动仪式。9月5日在合肥市举办，发布质量报告。\n"
     "(二)开展质量开放日活动。9月1日至9月30日为开放期间。\n"
     "　　　　安徽省市场监督管理局\n　　　　2020年8月20日\n", 2020,
     [("2020-09-05", "举办全省“质量月”活动启动仪式")]),
    ("二、主要活动\n(一)召开质量工作推进会。9月8日上午在企业总部召开。\n", 2021,
     [("2021-09-08", "召开质量工作推进会")]),
    # a date leading a later clause of the sentence is a dated step too, and an item may
    # have several dates (act_2020_second_dated_clause: a contest's two rounds)
    ("一、重点活动\n（二）举办全省质量管理小组成果发表赛。9月15日举办初赛，9月25日在泉州市举办决赛。\n"
     "二、工作要求\n", 2020,
     [("2020-09-15", "举办全省质量管理小组成果发表赛"),
      ("2020-09-25", "举办全省质量管理小组成果发表赛")]),
    # a date leading its clause with 起 is when the item starts, a dated step (the dates
    # extractor made 起面向公众开放企业生产线 an activity, act_2019_conference_open_day_plan);
    # 自…起 and a deadline still date nothing
    ("一、重点活动\n（二）开展“质量开放日”活动。9月12日起面向公众开放企业生产线，9月19日开放第二批"
     "企业实验室。\n（三）开展质量宣传。自9月1日起，各地要开展宣传；10月15日前报送总结。\n"
     "二、工作要求\n", 2019,
     [("2019-09-12", "开展“质量开放日”活动"), ("2019-09-19", "开展“质量开放日”活动")]),
    # a time of day between the date and its comma (九月一日晚，) still dates the item
    ("二、活动的主要内容\n1．九月一日晚，在中央电视台举办全国“质量月”广播电视动员大会。\n"
     "2．召开全国质量管理小组代表会议。\n", 1992,
     [("1992-09-01", "在中央电视台举办全国“质量月”广播电视动员大会")]),
]


@pytest.mark.parametrize(("text", "year", "expected"), DATE_CASES)
def test_event_dates(text: str, year: int | None, expected: list[tuple[str, str]]) -> None:
    found = run(text, year)
    keys = {f.attr("key"): f.value for f in found if f.field == "activity"}
    dates = [(f.value, keys[f.attr("activity")]) for f in found if f.field == "event_date"]
    assert dates == expected


# (input text, campaign year, label, the campaign_year attribute of that activity)
OTHER_CAMPAIGN_CASES = [
    # A history event of another campaign's year hangs off that year's campaign.
    ("第一次全国“质量月”广播电视动员大会于1978年8月31日在全国政协礼堂召开。", 2021,
     "第一次全国“质量月”广播电视动员大会", 1978),
    # Before the first campaign (Japan, 1960): no campaign at all.
    ("1960年11月1日,日本举办了第一次全国质量管理大会。", 2018, "第一次全国质量管理大会", 0),
    # This year's event: the text's own campaign (no attribute).
    ("9月1日,召开第十九次全国质量管理小组代表会议。", 1996, "第十九次全国质量管理小组代表会议", None),
    ("9月1日,召开第十九次全国质量管理小组代表会议。", None, "第十九次全国质量管理小组代表会议", None),
    # Undated, under a heading that reviews last year's campaign: that campaign's; this
    # year's section after it is the text's own.
    ("一、2019年“质量月”活动回顾\n9月中旬,组织开展“质量服务进企业”活动,走访企业160余家。\n"
     "二、2020年活动安排\n开展“质量提升进园区”活动。", 2020, "“质量服务进企业”活动", 2019),
    ("一、2019年“质量月”活动回顾\n9月中旬,组织开展“质量服务进企业”活动,走访企业160余家。\n"
     "二、2020年活动安排\n开展“质量提升进园区”活动。", 2020, "“质量提升进园区”活动", None),
    # Undated, told after 去年 (the campaign before the text's) or a year of a campaign in its
    # sentence; what follows 今年 there is this year's again.
    ("去年“质量月”期间,我市举办了全市质量管理小组成果发表赛,开展了“质量服务进企业”活动。", 2020,
     "“质量服务进企业”活动", 2019),
    ("2019年“质量月”期间,我市举办了全市质量管理小组成果发表赛;今年将开展“质量提升进园区”活动。",
     2020, "全市质量管理小组成果发表赛", 2019),
    ("2019年“质量月”期间,我市举办了全市质量管理小组成果发表赛;今年将开展“质量提升进园区”活动。",
     2020, "“质量提升进园区”活动", None),
]


@pytest.mark.parametrize(("text", "year", "label", "campaign_year"), OTHER_CAMPAIGN_CASES)
def test_events_of_another_campaign(text: str, year: int | None, label: str,
                                    campaign_year: int | None) -> None:
    found = {f.value: f for f in run(text, year) if f.field == "activity"}
    assert found[label].attr("campaign_year") == campaign_year


@settings(max_examples=60)
@given(st.text(alphabet="(一)二、三开展举办“”活动论坛质量月的,。;\n 会议第次倡议局部8月31"
"日", max_size=120))
def test_any_text_gives_consistent_activities(text: str) -> None:
    found = run(text, 2010)
    keys = {f.attr("key") for f in found if f.field == "activity"}
    assert len(keys) == len([f for f in found if f.field == "activity"])  # one fact per key
    for f in found:
        if f.field == "activity":
            assert f.value and f.attr("level") in ("aspect", "item", "event")
            assert f.attr("parent") is None or f.attr("parent") in keys
        else:
            assert f.attr("activity") in keys


@pytest.mark.parametrize("entry", GOLD, ids=[g["file"][:3] for g in GOLD])
def test_seed_activities(entry: dict) -> None:
    facts = seed_facts(entry)
    if entry.get("theme"):
        facts.add(Fact("theme", entry["theme"]))
    for s in entry.get("slogans") or []:
        facts.add(Fact("slogan", s))
    found = list(extract_activities(seed_text(entry["file"]), facts))
    missing = [p for p in entry.get("activities") or [] if not has(found, p)]
    assert missing == [], labels(found)


# (input text, labels that must be there, labels that must not)
SUMMARY_CASES = [
    # a work summary's section of what was done (主要做法) holds the numbered items
    ("一、基本情况\n全市共举办活动80场。\n二、主要做法\n（一）开展计量服务进园区。组织专家走进"
     "园区。\n（二）举办质量管理培训班。培训200人。\n三、下一步打算\n继续开展活动。\n",
     ["开展计量服务进园区", "举办质量管理培训班"], []),
    # a training course is an event
    ("市局会同市总工会举办卓越绩效培训班，培训企业骨干150人。", ["卓越绩效培训班"], []),
    # this year's campaign itself is no activity of it
    ("各部门联合开展本年度“质量月”活动，推动质量提升。", [], ["本年度“质量月”活动"]),
    # 等 closes a list: the quoted name ends before it
    ("全县将组织“精品宁海”巡展等活动。", ["“精品宁海”巡展"], ["“精品宁海”巡展等活动"]),
]


@pytest.mark.parametrize(("text", "present", "absent"), SUMMARY_CASES)
def test_summary_sections_trainings_and_lists(text: str, present: list[str],
                                              absent: list[str]) -> None:
    found = labels(run(text, 2024))
    assert [p for p in present if p not in found] == [], found
    assert [a for a in absent if a in found] == [], found


# The campaign itself, with an ordinal, a year, a region or 全国性的 before it, is no
# activity of it; its launch ceremony is.
CAMPAIGN_ITSELF = [
    ("国家质检总局决定，2002年9月在全国开展第二十五个“质量月”活动。", 2002,
     "第二十五个“质量月”活动"),
    ("1960年11月，日本开展了第一次全国性的“质量月”活动。", 2021,
     "第一次全国性的“质量月”活动"),
    ("9月1日，四川省2020年“质量月”活动在成都启动。", 2020, "四川省2020年“质量月”活动"),
    ("26个部门共同开展第四十二个全国“质量月”活动，活动于9月1日启动。", 2019,
     "第四十二个全国“质量月”活动"),
]


@pytest.mark.parametrize(("text", "year", "campaign"), CAMPAIGN_ITSELF)
def test_the_campaign_itself_is_no_activity(text: str, year: int, campaign: str) -> None:
    found = run(text, year)
    assert campaign not in labels(found), labels(found)


def test_a_launch_of_the_named_campaign_is_an_activity() -> None:
    found = labels(run("9月1日，湖北省2015年“质量月”活动启动仪式在武汉举行。", 2015))
    assert "湖北省2015年“质量月”活动启动仪式" in found, found


def dated(found: list[Fact]) -> list[tuple[str, str, str]]:
    """``(date, label, level)`` of each dated activity."""
    acts = {f.attr("key"): f for f in found if f.field == "activity"}
    return [(f.value, acts[f.attr("activity")].value, acts[f.attr("activity")].attr("level"))
            for f in found if f.field == "event_date"]


# (text, year, the activities, their dates): an event inside an item that tells the item's
# own event again (of its kind, the only one there) is the item, which its clause dates.
TOLD_AGAIN = [
    # aqsiq_2012_numbered_slogans_signers: the dated clause names the ceremony again
    ("三、活动内容\n（一）举办全国“质量月”活动启动仪式。9月2日，国家质检总局会同有关部门在北京举办"
     "2012年全国“质量月”活动启动仪式。\n（二）开展质量开放日活动。\n四、活动要求\n", 2012,
     ["举办全国“质量月”活动启动仪式", "开展质量开放日活动"],
     [("2012-09-02", "举办全国“质量月”活动启动仪式", "item")]),
    # samr_2021_signature_block: 启动活动 and 启动仪式 are one kind (same_event_kinds)
    ("三、活动内容\n（一）举办全国“质量月”启动活动。9月1日，市场监管总局会同有关部门在浙江省杭州市"
     "举办2021年全国“质量月”活动启动仪式。\n四、活动要求\n", 2021,
     ["举办全国“质量月”启动活动"], [("2021-09-01", "举办全国“质量月”启动活动", "item")]),
    # samr_2019_notice: no event is named (启动仪式 alone is vague), but the date's clause
    # names the item's kind; the period's start before it dates nothing
    ("三、活动内容\n（一）举办全国“质量月”活动启动仪式。9月1日至9月30日为活动期间，启动仪式于9月2日"
     "在广东省深圳市举办。\n四、活动要求\n", 2019,
     ["举办全国“质量月”活动启动仪式"], [("2019-09-02", "举办全国“质量月”活动启动仪式", "item")]),
    # crrc_2019_soe_notice: 培训班 is the 培训 of the item, undated
    ("三、活动内容\n（四）开展首件鉴定专项培训。在株洲、长春两地举办首件鉴定培训班。\n四、活动要求\n",
     2019, ["开展首件鉴定专项培训"], []),
    # wenzhou_2024_work_summary: the subject of the dated clause is the item's ceremony
    ("二、主要活动\n（一）高规格举办启动仪式。9月3日，全市“质量月”活动启动仪式在瑞安市举行。\n"
     "三、工作要求\n", 2024, ["高规格举办启动仪式"], [("2024-09-03", "高规格举办启动仪式", "item")]),
    # distinct events stay distinct: two forums under an item of forums, each its date
    ("三、活动内容\n（一）举办质量论坛。9月5日，在杭州举办中国质量论坛。9月10日，在宁波举办"
     "长三角标准化论坛。\n四、活动要求\n", 2020,
     ["举办质量论坛", "中国质量论坛", "长三角标准化论坛"],
     [("2020-09-05", "中国质量论坛", "event"), ("2020-09-10", "长三角标准化论坛", "event")]),
    # …and so in one sentence: each date dates the event of its clause, or of the clause
    # after it when it stands alone before a comma (act_2020_second_dated_clause)
    ("三、活动内容\n（一）举办质量论坛。9月5日在杭州举办中国质量论坛，9月10日，在宁波举办"
     "长三角标准化论坛。\n四、活动要求\n", 2020,
     ["举办质量论坛", "中国质量论坛", "长三角标准化论坛"],
     [("2020-09-05", "中国质量论坛", "event"), ("2020-09-10", "长三角标准化论坛", "event")]),
    # of several of its kind, the one the item names but for the campaign's name is the
    # item; the other stays its own event (act_2020_second_dated_clause)
    ("一、重点活动\n（一）举办全省“质量月”活动启动仪式。9月1日在福州市举办全省启动仪式，9月2日在厦门市"
     "举办闽西南协同区启动仪式。\n二、工作要求\n", 2020,
     ["举办全省“质量月”活动启动仪式", "闽西南协同区启动仪式"],
     [("2020-09-01", "举办全省“质量月”活动启动仪式", "item"),
      ("2020-09-02", "闽西南协同区启动仪式", "event")]),
    # a date of the item's own event (its clause names the kind, here the start of its span)
    # is not the date of the one other event of the sentence, which has its own
    ("三、活动内容\n（一）举办中国质量大会。大会于9月16日至17日在杭州举行，9月18日举办质量标准论坛。\n"
     "四、活动要求\n", 2019, ["举办中国质量大会", "质量标准论坛"],
     [("2019-09-16", "举办中国质量大会", "item"), ("2019-09-18", "质量标准论坛", "event")]),
    # the clause's subject is the event word the item's label ends in, alone (会议 of a
    # 代表会议, whose 会议 names no kind): the item's event (h22_2011_national_aspects_annex_notice)
    ("三、活动内容\n（二）开展群众性质量活动\n1．召开第三十三次全国质量管理小组代表会议。会议于9月15日在"
     "江苏省南京市召开。\n2．组织“质量开放日”活动。\n四、活动要求\n", 2011,
     ["开展群众性质量活动", "召开第三十三次全国质量管理小组代表会议", "组织“质量开放日”活动"],
     [("2011-09-15", "召开第三十三次全国质量管理小组代表会议", "item")]),
    # a second event after a date and 并 is an event of its own (发表交流 as 发表会), which
    # the date, the sentence's one event, dates; the date's clause, joined to it by 并, names
    # the item's kind (竞赛决赛), so the item is held that day too
    # (h22_2016_city_own_theme_counties_plan)
    ("三、主要活动\n（四）举办全市质量知识竞赛。9月20日在宜宾县举办竞赛决赛，并开展质量管理小组成果"
     "发表交流。\n四、工作要求\n", 2016,
     ["举办全市质量知识竞赛", "质量管理小组成果发表交流"],
     [("2016-09-20", "举办全市质量知识竞赛", "item"),
      ("2016-09-20", "质量管理小组成果发表交流", "event")]),
    # …and so when the item's clause comes after the join
    ("三、主要活动\n（四）举办全市质量知识竞赛。9月20日开展质量管理小组成果发表交流，并在宜宾县举办"
     "竞赛决赛。\n四、工作要求\n", 2016,
     ["举办全市质量知识竞赛", "质量管理小组成果发表交流"],
     [("2016-09-20", "质量管理小组成果发表交流", "event"),
      ("2016-09-20", "举办全市质量知识竞赛", "item")]),
    # a joined clause that names no event of the item's kind dates only the event
    ("三、主要活动\n（四）举办全市质量知识竞赛。9月20日在宜宾县组织企业参观，并开展质量管理小组成果"
     "发表交流。\n四、工作要求\n", 2016, ["举办全市质量知识竞赛", "质量管理小组成果发表交流"],
     [("2016-09-20", "质量管理小组成果发表交流", "event")]),
    # a final (决赛) is a contest's (竞赛): of no item of its kind, it is an event of its own,
    # and the event joined to it by 并 is held that day too
    ("三、主要活动\n（一）开展质量宣传。9月20日在宜宾县举办竞赛决赛，并开展质量管理小组成果发表交流。\n"
     "四、工作要求\n", 2016, ["开展质量宣传", "竞赛决赛", "质量管理小组成果发表交流"],
     [("2016-09-20", "竞赛决赛", "event"), ("2016-09-20", "质量管理小组成果发表交流", "event")]),
    # an event of another kind than the item is its own (a ceremony under an open day)
    ("三、活动内容\n（一）开展质量开放日活动。9月6日，在合肥举办全省“质量月”活动启动仪式。\n"
     "四、活动要求\n", 2020, ["开展质量开放日活动", "全省“质量月”活动启动仪式"],
     [("2020-09-06", "全省“质量月”活动启动仪式", "event")]),
]


# (text, year, dates): events a dated clause joins (并, 同时) with no date of their own are
# held that day; an event after a date of its own, or joined by a comma alone, is not.
JOINED_EVENTS = [
    ("三、主要活动\n（一）开展质量宣传。9月1日在福州举办全省“质量月”活动启动仪式，同时举办质量论坛。\n"
     "四、工作要求\n", 2016,
     [("2016-09-01", "全省“质量月”活动启动仪式", "event"), ("2016-09-01", "质量论坛", "event")]),
    ("三、主要活动\n（一）开展质量宣传。9月1日在福州举办全省“质量月”活动启动仪式，9月3日举办质量论坛，"
     "并开展质量咨询活动。\n四、工作要求\n", 2016,
     [("2016-09-01", "全省“质量月”活动启动仪式", "event"), ("2016-09-03", "质量论坛", "event"),
      ("2016-09-03", "质量咨询活动", "event")]),
]


@pytest.mark.parametrize(("text", "year", "dates"), JOINED_EVENTS)
def test_events_a_dated_clause_joins_take_its_date(
        text: str, year: int, dates: list[tuple[str, str, str]]) -> None:
    assert dated(run(text, year)) == dates


@pytest.mark.parametrize(("text", "year", "acts", "dates"), TOLD_AGAIN)
def test_an_event_that_tells_its_item_again_is_the_item(
        text: str, year: int, acts: list[str], dates: list[tuple[str, str, str]]) -> None:
    found = run(text, year)
    assert labels(found) == acts
    assert dated(found) == dates


def test_the_organiser_of_the_event_told_again_organises_the_item() -> None:
    found = run(TOLD_AGAIN[0][0], 2012)
    item = next(f for f in found if f.value == "举办全国“质量月”活动启动仪式")
    assert item.attr("organizer") == ("国家质检总局",)


def test_an_item_naming_two_events_keeps_the_named_one() -> None:
    """全国第三十二次质量管理小组代表会议和各级QC小组成果发布会 (a seed): the item describes two
    events, of no one kind; the 发布会 named in it stays an event."""
    found = run("三、活动内容\n（十一）国家质检总局、工信部、中国质量协会组织举办全国第三十二次质量管理"
                "小组代表会议和各级QC小组成果发布会。进一步调动广大职工的积极性。\n四、活动要求\n", 2010)
    assert "各级QC小组成果发布会" in labels(found, "event")


# English: a date dates the item it is in, as a Chinese one does.
EN_TOLD_AGAIN = [
    # english_2019_notice: the clause holds the item's ceremony; its date dates the item
    ("II. Main Activities\n\n(1) Holding the launch ceremony. On September 1, SAMR and the "
     "relevant departments will hold the launch ceremony of the 2019 National Quality Month in "
     "Beijing.\n\n(2) Organizing the \"Quality Open Day\" activities. Laboratories open.\n\n"
     "III. Slogans\n", 2019,
     [("2019-09-01", "Holding the launch ceremony", "item")]),
    # english_2023_abbrev_notice: the item is the subject, the date at the sentence's end
    ("I. Activities\n\n1. The launch ceremony of the 2023 National Quality Month will be held "
     "in Beijing on August 31.\n\n2. Quality Open Day events will invite consumers to visit "
     "laboratories.\n\nII. Work Requirements\n", 2023,
     [("2023-08-31", "launch ceremony of the 2023 National Quality Month", "item")]),
    # english_2010_abbrev: a dated step of the item (On August 31, …) dates it
    ("II. Main Activities\n\n(1) Creating a strong atmosphere for the Quality Month. On August "
     "31, public service text messages will be sent.\n\nIII. Requirements\n", 2010,
     [("2010-08-31", "Creating a strong atmosphere for the Quality Month", "item")]),
    # a date in the item's lead is when, not what: it dates the item and leaves its label
    # (english_2016_province_plan's item 1 was too long with it, and no item)
    ("III. Key Activities\n(1) Holding the provincial launch ceremony of the Quality Month in "
     "Nanjing on September 1.\n(2) Organizing quality open days from September 10.\n"
     "IV. Requirements\n", 2016,
     [("2016-09-01", "Holding the provincial launch ceremony of the Quality Month in Nanjing",
       "item"), ("2016-09-10", "Organizing quality open days", "item")]),
    # a later sentence of the item with no event of its own dates it ("3 September.\n2." was
    # read as September 2, dating item 2); a span's end and the signing date date nothing
    ("II. Main Activities\n1. Holding the launch ceremony. The ceremony will be held in Wuhan on "
     "3 September.\n2. Organizing Quality Open Day activities from 1 to 30 September. "
     "Laboratories stay open until September 30.\nIII. Requirements\n\nState Administration for "
     "Market Regulation\nAugust 20, 2023\n", 2023,
     [("2023-09-03", "Holding the launch ceremony", "item")]),
    # a deadline dates nothing
    ("II. Main Activities\n\n(1) Holding the launch ceremony. Reports are due by September 30, "
     "when the ceremony is reviewed.\n\nIII. Requirements\n", 2019, []),
]


@pytest.mark.parametrize(("text", "year", "dates"), EN_TOLD_AGAIN)
def test_english_dates_date_the_english_items(text: str, year: int,
                                               dates: list[tuple[str, str, str]]) -> None:
    found = run(text, year)
    assert dated(found) == dates
    assert "launch ceremony" not in labels(found, "event")


# (text, the activities): a quoted name in an item that only says it is held is the item; an
# item that says more keeps the name as an event of its own.
NAMED_IN_ITEM = [
    # techsup_1996_notice, jiangsu_2017_plan, national_2022_notice, aqsiq_2017_signature_cc
    ("三、活动内容\n（一）在全国开展“质量万里行”活动。曝光一批假冒伪劣产品。\n四、活动要求\n",
     ["在全国开展“质量万里行”活动"]),
    ("三、活动内容\n（一）开展“江苏精品”认证。推动企业争创品牌。\n四、活动要求\n",
     ["开展“江苏精品”认证"]),
    ("三、活动内容\n（一）开展“质量强县”建设试点。选择一批县开展试点。\n四、活动要求\n",
     ["开展“质量强县”建设试点"]),
    ("三、活动内容\n（一）开展“质量提升行动”主题宣传。各地要广泛宣传。\n四、活动要求\n",
     ["开展“质量提升行动”主题宣传"]),
    ("II. Main Activities\n\n(2) Carrying out the \"Quality Open Day\" activities. Labs open."
     "\n\nIII. Slogans\n", ['Carrying out the "Quality Open Day" activities']),
    # the forum is named in an item that holds more: both stay
    ("三、活动内容\n（一）召开质量工作会议并举办“长三角质量论坛”。交流经验。\n四、活动要求\n",
     ["召开质量工作会议并举办“长三角质量论坛”", "长三角质量论坛"]),
]


@pytest.mark.parametrize(("text", "acts"), NAMED_IN_ITEM)
def test_a_name_the_item_only_holds_is_the_item(text: str, acts: list[str]) -> None:
    assert labels(run(text, 2020)) == acts


def test_an_event_named_by_what_the_item_holds_is_the_item() -> None:
    """distractors_2018_notice: 全国质量标杆遴选活动 is the 质量标杆遴选 the item holds."""
    found = run("三、活动内容\n（二）开展质量标杆遴选。中国质量协会开展以“卓越绩效　引领发展”为主题的"
                "全国质量标杆遴选活动。\n四、活动要求\n", 2018)
    assert labels(found) == ["开展质量标杆遴选"]
    item = next(f for f in found if f.field == "activity")
    assert item.attr("organizer") == ("中国质量协会",)


def test_a_later_mention_of_an_event_dates_it() -> None:
    """caq_2018_news: the title names the meeting with the campaign (“质量月”), the text
    without it and with its date: one event, dated."""
    found = run("中国质量协会召开2018年全国“质量月”质量管理小组活动推进会\n\n　　9月11日，中国质量协会"
                "在北京召开2018年全国质量管理小组活动推进会。会议以“小组活动促提升”为主题。\n", 2018)
    assert dated(found) == [("2018-09-11", "2018年全国“质量月”质量管理小组活动推进会", "event")]
    assert labels(found) == ["2018年全国“质量月”质量管理小组活动推进会"]


@pytest.mark.parametrize("text, expected", [
    # a forum post's spoken verb, done: 搞了个 / a measure word after 了
    ("大家单位今年都搞了啥活动？我们厂搞了个质量知识竞赛，还挺热闹的。", ["质量知识竞赛"]),
    ("我们举办了一场质量知识竞赛。", ["质量知识竞赛"]),
    # without 了 the spoken verbs name nothing (搞好, 办好 are duties)
    ("要搞好质量月活动，办理相关手续。", []),
    ("各地要办好质量开放日活动。", []),
])
def test_a_spoken_verb_done_names_its_event(text: str, expected: list[str]) -> None:
    assert labels(run(text, 2019)) == expected


@pytest.mark.parametrize("text, expected", [
    # 同日 / 当天 / 同期 at the head of a clause carry the date before them to its events
    ("9月1日，在市民中心举行全市“质量月”活动启动仪式，同日举办质量成果展。",
     [("2019-09-01", "全市“质量月”活动启动仪式"), ("2019-09-01", "质量成果展")]),
    ("9月1日，全市“质量月”活动启动仪式在市民中心举行。当天还举办了质量成果展。",
     [("2019-09-01", "全市“质量月”活动启动仪式"), ("2019-09-01", "质量成果展")]),
    ("9月1日，全市“质量月”活动启动仪式在市民中心举行，同期举办质量成果展。",
     [("2019-09-01", "全市“质量月”活动启动仪式"), ("2019-09-01", "质量成果展")]),
    # an event with a date of its own keeps it
    ("9月1日，在市民中心举行全市“质量月”活动启动仪式，9月3日举办质量成果展。",
     [("2019-09-01", "全市“质量月”活动启动仪式"), ("2019-09-03", "质量成果展")]),
])
def test_a_same_day_word_carries_the_date_before_it(text: str, expected: list) -> None:
    found = run(text, 2019)
    assert [(f.value, f.attr("label")) for f in found if f.field == "event_date"] == expected


def test_english_items_numbered_in_roman_parentheses() -> None:
    # a translation numbers （一）（二） as (I) (II): they are the items of Main Activities
    text = ("II. Main Activities\n\n(I) Holding the launch ceremony of the 2022 National Quality "
            "Month. The ceremony will be held in Chengdu on 2 September.\n\n(II) Organizing Quality "
            "Open Day activities. Enterprises will open their production lines.\n\n"
            "III. Requirements\n\nLocal departments shall submit their summaries.\n")
    found = run(text, 2022)
    items = [(f.value, f.attr("ordinal")) for f in found
             if f.field == "activity" and f.attr("level") == "item"]
    assert items == [("Holding the launch ceremony of the 2022 National Quality Month", 1),
                     ("Organizing Quality Open Day activities", 2)]
    assert [(f.value, f.attr("label")) for f in found if f.field == "event_date"] == [
        ("2022-09-02", "Holding the launch ceremony of the 2022 National Quality Month")]


def test_the_phases_of_a_plan_are_no_activities() -> None:
    # （一）启动阶段（…）/（二）集中开展阶段（…）: periods; their items are the activities, of no aspect
    text = ("二、活动安排\n活动分两个阶段进行：\n（一）启动阶段（9月1日至9月5日）\n"
            "1.举办绍兴市“质量月”活动启动仪式。9月3日在越城区举行。\n"
            "（二）集中开展阶段（9月6日至9月25日）\n1.开展“质量开放日”活动。\n"
            "2.举办绍兴市质量管理小组成果发表赛。\n三、工作要求\n各地要加强组织领导。\n")
    found = run(text, 2020)
    acts = [(f.value, f.attr("level"), f.attr("parent")) for f in found if f.field == "activity"]
    assert acts == [("举办绍兴市“质量月”活动启动仪式", "item", None),
                    ("开展“质量开放日”活动", "item", None),
                    ("举办绍兴市质量管理小组成果发表赛", "item", None)]


def test_a_quote_before_zhuti_and_a_verb_is_a_theme() -> None:
    # 围绕“质量强国　品质生活”主题开展系列活动: the quote is the campaign's theme, no event
    found = run("我市将围绕“质量强国　品质生活”主题开展系列活动。9月12日举办“质量知识进校园”主题讲座。",
                2023)
    assert labels(found) == ["“质量知识进校园”主题讲座"]


def test_a_clause_verb_after_an_item_marker() -> None:
    # （三）组织质量技术服务进企业活动 in a cut notice with no section heading: 组织 opens the item
    found = run("（一）举办全省“质量月”活动启动仪式。在西安市举行。\n（三）组织质量技术服务进企业活动。\n"
                "三、工作要求\n各地要报送。", 2015)
    assert has(found, "质量技术服务进企业活动")


def test_the_campaigns_english_launch_dates_its_launch_ceremony() -> None:
    # launched on Sept 1 in Hangzhou … Besides the launch ceremony: one event, dated Sept 1
    text = ("The 2021 National Quality Month, launched on Sept 1 in Hangzhou, is co-organized by "
            "20 departments.\n\nQ: What activities are planned?\n\nA: Besides the launch ceremony, "
            "the China Association for Quality will hold the 43rd National Conference of QC Group "
            "Representatives.\n")
    found = run(text, 2021)
    assert [(f.value, f.attr("label")) for f in found if f.field == "event_date"] == [
        ("2021-09-01", "launch ceremony")]


def test_a_pipe_schedule_whose_heading_row_is_lost() -> None:
    # 时间 | 地点 | 活动内容 | 责任单位 blanked as a navigation bar (h24_2022_county_pipe_schedule_
    # notice): the rows' date column and their column of event names still make the table
    text = ("三、活动安排表\n\n"
            "9月1日 | 县行政服务中心 | 浦江县“质量月”活动启动仪式 | 县市场监管局\n"
            "9月7日 | 黄宅镇 | 水晶行业质量提升现场会 | 县市场监管局、县经济商务局\n"
            "9月中旬 | 郑家坞镇 | 挂锁产品质量比对检验 | 县市场监管局\n\n四、工作要求\n")
    found = run(text, 2022)
    assert labels(found) == ["浦江县“质量月”活动启动仪式", "水晶行业质量提升现场会", "挂锁产品质量比对检验"]
    assert sorted((f.value, f.attr("label")) for f in found if f.field == "event_date") == [
        ("2022-09-01", "浦江县“质量月”活动启动仪式"), ("2022-09-07", "水晶行业质量提升现场会")]


def test_pipe_rows_without_a_date_column_are_no_schedule() -> None:
    # 首页 | 新闻 | 政策 rows, or rows without dates: no table of activities
    text = "质量 | 标准 | 品牌活动\n计量 | 认证 | 检测活动\n"
    assert labels(run(text, 2022)) == []
