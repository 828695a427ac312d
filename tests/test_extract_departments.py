"""Departments issuing the national campaign, associations named, the stated count."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from kg.extractors import Facts
from kg.extractors._numerals import parse_cn_int
from kg.extractors.departments import extract_departments, find_departments, year_hint
from kg.gazetteer import Gazetteer
from tests.helpers import doc_from_text, seed_doc

GOLD = yaml.safe_load((Path(__file__).parent / "gold_seeds.yaml").read_text("utf-8"))
_KEEP = re.compile(r"[^0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]+")


def run(text: str) -> tuple[list[str], list[str], int | None]:
    facts = list(extract_departments(doc_from_text(text), Facts()))
    depts = [f.value for f in facts if f.field == "department"]
    orgs = [f.value for f in facts if f.field == "organization"]
    counts = [f.value for f in facts if f.field == "department_count"]
    assert len(counts) <= 1
    assert all(f.attr("role") == "issuer" for f in facts if f.field == "department")
    return depts, orgs, counts[0] if counts else None


# text, issuers (in order), organisations, department_count
CASES = [
    ("近日,国家质检总局、教育部、工业和信息化部、住房和城乡建设部、国务院国有资产监督管理委员会、"
     "国家广播电影电视总局、国家旅游局、中华全国工商业联合会、中华全国总工会、共青团中央十部门,"
     "联合下发《关于开展2011年全国“质量月”活动的通知》",
     ["aqsiq", "moe", "miit", "mohurd", "sasac", "sarft", "cnta", "acfic", "acftu", "cylc"],
     [], 10),
    ("经国家质量监督检验检疫总局、工业和信息化部、住房和城乡建设部、国务院国有资产监督管理委员会、"
     "中华全国工商业联合会、中华全国总工会和共青团中央研究决定，2010年9月继续在全国开展“质量月”活动。",
     ["aqsiq", "miit", "mohurd", "sasac", "acfic", "acftu", "cylc"], [], 7),
    ("市场监管总局等20个部门定于2021年9月联合开展全国“质量月”活动。", ["samr"], [], 20),
    ("日前，市场监管总局、中央宣传部、国家发展改革委等20个部门联合印发《市场监管总局等20个部门"
     "关于开展2021年全国“质量月”活动的通知》", ["samr", "cpd", "ndrc"], [], 20),
    ("市场监管总局等二十个部门关于开展2022年全国“质量月”活动的通知", ["samr"], [], 20),
    ("20xx年9月质检总局联合相关部门、行业协会等单位共同开展全国“质量月”活动。",
     ["aqsiq"], [], None),
    ("国家经委、全国总工会、共青团中央、全国妇联、中国科协联合发出通知，决定今年九月在全国开展"
     "“质量月”活动。", ["sec", "acftu", "cylc", "acwf", "cast"], [], 5),
    ("国家经贸委和国家技术监督局决定1999年9月继续在全国开展“质量月”活动。",
     ["setc", "sbts"], [], 2),
    ("根据国家质检总局等十部门《关于开展2011年全国“质量月”活动的通知》要求，结合我省实际。",
     ["aqsiq"], [], 10),
    ("由国家经委、全国总工会等六个单位共同主办的全国“质量月”活动今天开幕。",
     ["sec", "acftu"], [], 6),
    # last year's organisers (a sentence opening with 去年) are not this campaign's issuers
    # (h21_2003_reorg_news); 在去年…的基础上，X决定 is this year's
    ("国家质检总局、商务部等九部门近日联合印发通知，决定今年9月在全国开展“质量月”活动。"
     "去年的“质量月”活动由国家质检总局、国家经贸委等八部门共同主办。",
     ["aqsiq", "mofcom"], [], 9),
    ("去年，国家质检总局、国家经贸委等八部门联合开展了“质量月”活动。", [], [], None),
    ("在去年20个部门联合开展活动的基础上，市场监管总局等18个部门决定，2022年9月在全国继续开展"
     "“质量月”活动。", ["samr"], [], 18),
    # the ministries of 1988-1993 (h21_1990_national_notice): 机械电子工业部 is one body, not
    # 电子工业部 inside it; the office only consulted (经报…同意) is no issuer
    ("经报国务院生产委员会同意，国家技术监督局、机械电子工业部、轻工业部、纺织工业部、商业部、"
     "中华全国总工会、共青团中央、中国质量管理协会决定，一九九〇年九月继续在全国开展“质量月”活动。",
     ["sbts", "mmei", "mli", "mti", "mocom-1993", "acftu", "cylc", "caq"], [], 8),
    ("国家广电总局、国家质检总局等7部门联合印发《关于开展2009年全国“质量月”活动的通知》。",
     ["sarft", "aqsiq"], [], 7),
    ("国家广电总局、市场监管总局等部门联合开展2020年全国“质量月”活动。",
     ["nrta", "samr"], [], None),
    # 国家电监会 (2003-2013), a co-organiser of the 2000s campaigns
    ("国家质检总局、国家工商总局、国家电监会、全国总工会等十部门近日联合下发通知，决定2009年9月在全国"
     "开展“质量月”活动。", ["aqsiq", "saic", "serc", "acftu"], [], 10),
    # a body the gazetteer does not know does not break the list
    ("市场监管总局、中央宣传部、中国国家铁路集团有限公司、全国总工会、某某新设局等22个部门联合印发"
     "《关于开展2020年全国“质量月”活动的通知》", ["samr", "cpd", "acftu"], [], 22),
    ("市场监管总局、国家消防救援局、某某广播电视总台、全国总工会、共青团中央决定，2024年9月在全国开展"
     "“质量月”活动。", ["samr", "fire-rescue", "acftu", "cylc"], [], 5),
    # heading lines above the title, and a signature block above the date
    ("国家质量监督检验检疫总局 工业和信息化部 文件\n国质检质联〔2012〕1号\n",
     ["aqsiq", "miit"], [], 2),
    ("市场监管总局 中央宣传部 商务部\n\n国市监质【2019】168号\n", ["samr", "cpd", "mofcom"], [], 3),
    ("国家技术监督局 中华全国总工会\n\n技监局质发(1996)188号\n", ["sbts", "acftu"], [], 2),
    ("市场监管总局 中央宣传部 国家发展改革委\n教育部 科技部\n\n"
     "关于开展2019年全国“质量月”活动的通知\n",
     ["samr", "cpd", "ndrc", "moe", "most"], [], 5),
    ("各有关单位：\n现将有关事项通知如下。\n\n国家质量监督检验检疫总局　　工业和信息化部\n\n"
     "二〇一二年七月三日\n全国“质量月”活动", ["aqsiq", "miit"], [], 2),
    # the campaign named first, its organisers after 由 (launch news)
    ("今年“质量月”活动以“加强质量支撑 共建质量强国”为主题，由市场监管总局、中央宣传部、全国妇联、"
     "中国消费者协会等47个部门和单位共同主办。", ["samr", "cpd", "acwf", "cca"], [], 47),
    ("本次论坛由工信部、国资委主办。", [], [], None),
    ("2021年全国“质量月”活动启动。本次活动由市场监管总局、中央宣传部等20个部门联合主办。",
     ["samr", "cpd"], [], 20),
    ("2021年全国“质量月”活动启动。本次论坛由工信部主办。", [], [], None),
    ("今年“质量月”活动以“质量第一”为主题，由工信部主办的质量论坛同期举行。", [], [], None),
    # X会同Y、Z: one list of co-organisers
    ("1978年，经国务院批准，国家经委会同全国总工会、共青团中央、全国妇联、中国科协等部门，"
     "于1978年9月在全国开展了第一次“质量月”活动。",
     ["sec", "acftu", "cylc", "acwf", "cast"], [], None),
    # an English signature block above the date
    ("The 2019 National Quality Month activities will be carried out.\n\n"
     "State Administration for Market Regulation\nMinistry of Education\nMinistry of Commerce\n"
     "August 5, 2019\n", ["samr", "moe", "mofcom"], [], 3),
    # English
    ("China launched its 2020 National Quality Month campaign on Tuesday. The SAMR, together "
     "with the NDRC, the MIIT and 17 other departments, jointly issued a notice on the campaign "
     "in August.", ["samr", "ndrc", "miit"], [], 20),
    ("The 2021 National Quality Month campaign was launched. A notice on the campaign was "
     "jointly issued by 20 departments, including the State Administration for Market "
     "Regulation, the Central Propaganda Department and the All-China Women's Federation.",
     ["samr", "cpd", "acwf"], [], 20),
    ("The Quality Month forum was organized by the Ministry of Commerce.", [], [], None),
    ("The 2019 Quality Month was co-organized by the Ministry of Commerce and 25 other "
     "departments.", ["mofcom"], [], 26),
    ("The State Administration for Market Regulation (SAMR), the Publicity Department of the "
     "CPC Central Committee and 18 other departments jointly issued the Notice on Carrying Out "
     "the 2021 National Quality Month Activities.", ["samr", "cpd"], [], 20),
    # associations: organisations unless listed among the issuers
    ("中国质量检验协会组织开展2021年全国“质量月”企业质量诚信倡议活动的主题为", [], ["caqi"], None),
    ("中国质量协会组织开展第三十五次全国质量管理小组代表会议。", [], ["caq"], None),
    ("中国质量检验协会、中国消费者协会等单位联合开展全国“质量月”活动。", ["caqi", "cca"], [], None),
    # an association heading or signing its own notice is no co-organiser of the campaign
    ("中国质量协会文件\n\n中质协字〔2020〕58号\n\n关于在2020年全国“质量月”期间开展系列活动的通知\n"
     "中国质量协会决定，在“质量月”期间组织开展系列活动。\n中国质量协会\n2020年8月28日\n",
     [], ["caq"], None),
    # 由X牵头，Y、Z等共N个部门参与
    ("今年活动由质检总局牵头，国家发展改革委、工业和信息化部、交通运输部等共14个部门参与全国“质量月”"
     "活动。", ["aqsiq", "ndrc", "miit", "mot"], [], 14),
    # the abbreviation in brackets, an adverb before the verb (a probe of the round)
    ("The State Administration for Market Regulation (SAMR) and 24 other departments recently "
     "issued a notice on the 2022 National Quality Month.", ["samr"], [], 25),
    # English passive with the total after the list, and the league by another English name
    # (english_2014_xinhua_shortforms)
    ("China's annual \"Quality Month\" campaign is jointly organized by the AQSIQ, the MIIT, the "
     "SASAC and the Communist Youth League Central Committee, among 12 departments.",
     ["aqsiq", "miit", "sasac", "cylc"], [], 12),
    # English passive with an appositive between the campaign and its verb
    ("The 2021 National Quality Month, launched on Sept 1 in Hangzhou, Zhejiang province, is "
     "co-organized by 20 departments including the State Administration for Market Regulation, "
     "the Ministry of Industry and Information Technology and the Ministry of Commerce.",
     ["samr", "miit", "mofcom"], [], 20),
    # English: "… and 39 other departments and units have decided"
    ("SAMR, the NDRC, MIIT, SASAC, the ACFTU, CYLC and 41 other departments and units have decided "
     "to carry out the National Quality Month activities.",
     ["samr", "ndrc", "miit", "sasac", "acftu", "cylc"], [], 47),
    # not issuers of the national campaign
    ("联合工信部、国资委等部门举办推动实施质量强国战略理论研讨会;", [], [], None),
    ("（十）国务院国资委、国家质检总局联合组织部分中央企业开展“质量·品牌·责任”系列宣传活动。",
     [], [], None),
    ("“质量月”期间还将召开代表会议,教育部和国家质检总局将共同在优秀企业中选择命名一批基地。",
     [], [], None),
    ("由市场监管总局、工业和信息化部等部门联合主办的2019年全国“质量月”启动仪式在京举行。",
     [], [], None),
    ("四川省质监局、省发改委、省经信委等十部门联合下发《关于开展2011年四川省“质量月”活动的通知》",
     [], [], None),
    ("各省、自治区、直辖市及新疆生产建设兵团质量技术监督局、工业和信息化主管部门、国有资产监督管理"
     "委员会、工商联、总工会、团委：", [], [], None),
    ("会同教育部门，成立质量教育基地", [], [], None),
    # 联合发文 after the campaign named earlier in the sentence (forum_2019_trad_pinyin_post)
    ("今年是第42个全国“质量月”，市场监管总局、中央宣传部、工业和信息化部、国家卫生健康委、国资委、"
     "全国总工会等部门联合发文，主题是“不忘初心 牢记使命 推动高质量发展”。",
     ["samr", "cpd", "miit", "nhc", "sasac", "acftu"], [], None),
    # nor an association's own call after the campaign's notice (caq_2012_initiative)
    ("根据国家质检总局等部门关于开展2012年全国“质量月”活动的通知精神，中国质量协会向全国企业发出如下"
     "倡议：", ["aqsiq"], ["caq"], None),
    # but not after 质量月期间 (the time, not the campaign)
    ("“质量月”期间，工业和信息化部联合发文，部署消费品质量提升。", [], [], None),
    ("各地质检部门要将活动总结报送质检总局。", [], [], None),
    # the bodies consulted (经商…) before the one that decides are not issuers
    # (era_2000_sbqts_notice): only 国家质量技监局, and no count from the consulted list
    ("经商国家经贸委、全国总工会、共青团中央和中国质量管理协会，国家质量技监局决定，2000年9月在全国"
     "开展第二十三个“质量月”活动。", ["sbqts"], ["caq"], None),
    ("经商请国家经贸委同意，国家质量技术监督局决定在全国开展“质量月”活动。", ["sbqts"], [], None),
    # …also 商 after the deciding body, 征求…意见 and 经与…协商; 经与…商定 is agreeing to act together
    ("国家技术监督局商国家经贸委、全国总工会同意，决定1995年9月在全国开展“质量月”活动。",
     ["sbts"], [], None),
    ("在征求国家经贸委、全国总工会意见的基础上，国家技术监督局决定1995年9月在全国开展“质量月”活动。",
     ["sbts"], [], None),
    ("经与国家经贸委、全国总工会等部门协商，国家技术监督局决定，1995年9月在全国开展“质量月”活动。",
     ["sbts"], [], None),
    # bodies under a 抄送/主送 label, one a line above the signing date, receive the notice
    # and do not sign it (as 抄送：国家发展改革委，商务部 on one line)
    ("国家质量监督检验检疫总局文件\n\n关于开展2006年全国“质量月”活动的通知\n\n　　经研究决定，2006年"
     "9月在全国开展“质量月”活动。\n\n抄送：\n国家发展改革委\n商务部\n\n二〇〇六年八月九日",
     ["aqsiq"], [], None),
    ("主送：\n国家认监委\n国家标准委\n\n国家质检总局决定，2006年9月在全国开展“质量月”活动。",
     ["aqsiq"], [], None),
    # 经 before 商务部 is not 经商 (consulted): 商务部 decides with the others
    ("经商务部、国家质检总局研究决定，2010年9月在全国开展“质量月”活动。",
     ["mofcom", "aqsiq"], [], 2),
    # A会同B等N个部门: the lead together with N others (gap_2023_lead_with_count_news)
    ("市场监管总局会同中央宣传部、商务部等17个部门，将于9月共同开展2023年全国“质量月”活动。",
     ["samr", "cpd", "mofcom"], [], 18),
    # …without 等, the bodies named are the N others, or (all of them) the total
    ("市场监管总局会同中央宣传部、商务部两个部门共同开展全国“质量月”活动。",
     ["samr", "cpd", "mofcom"], [], 3),
    ("市场监管总局会同中央宣传部、商务部三部门共同开展全国“质量月”活动。",
     ["samr", "cpd", "mofcom"], [], 3),
    # …and 共N个部门 is the total; 联合 and 与 join a list whose count is all of it
    ("市场监管总局会同中央宣传部、商务部共18个部门共同开展全国“质量月”活动。",
     ["samr", "cpd", "mofcom"], [], 18),
    ("市场监管总局联合中央宣传部、商务部等25个部门共同开展全国“质量月”活动。",
     ["samr", "cpd", "mofcom"], [], 25),
    ("市场监管总局与中央宣传部等17个部门共同开展全国“质量月”活动。", ["samr", "cpd"], [], 17),
    ("近日，质检总局等十部门联合下发《关于开展2012年全国“质量月”活动的通知》。", ["aqsiq"], [], 10),
]


@pytest.mark.parametrize("text, issuers, orgs, count", CASES)
def test_extract_departments(text: str, issuers: list[str], orgs: list[str],
                             count: int | None) -> None:
    assert run(text) == (issuers, orgs, count)


def test_listed_count_is_marked() -> None:
    facts = list(extract_departments(doc_from_text(CASES[1][0]), Facts()))
    (count,) = [f for f in facts if f.field == "department_count"]
    assert count.attr("listed") is True


def test_spans_point_at_the_names() -> None:
    doc = doc_from_text(CASES[3][0])
    gaz = Gazetteer.load()
    for fact in extract_departments(doc, Facts()):
        if fact.span is not None:
            written = doc.text[fact.span.start:fact.span.end]
            entry = gaz.departments[fact.value]
            assert written in [entry["name"], *(entry.get("aliases") or [])]


@pytest.mark.parametrize("text, year", [
    ("关于开展2011年全国“质量月”活动的通知，2010年", 2011),
    ("2009年 2009年 2010年", 2009),
    ("没有年份", None),
])
def test_year_hint(text: str, year: int | None) -> None:
    assert year_hint(text) == year


def test_find_departments_helper_uses_the_year() -> None:
    assert [d for _, _, d in find_departments("2011年全国“质量月”，国家广电总局")] == ["sarft"]


NUMERALS = [
    ("十", 10), ("十五", 15), ("二十", 20), ("二十一", 21), ("四十七", 47), ("一百零五", 105),
    ("两", 2), ("两千", 2000), ("二〇一〇", 2010), ("一九七八", 1978), ("二○一○", 2010),
    ("47", 47), ("４７", 47), ("零", 0), ("三万五千", 35000), ("廿一", 21),
    ("", None), ("二十个", None), ("十百", None), ("abc", None), ("二三十", None),
]


@pytest.mark.parametrize("text, value", NUMERALS)
def test_parse_cn_int(text: str, value: int | None) -> None:
    assert parse_cn_int(text) == value


# ---------------------------------------------------------------------- gold seeds


def _norm(text: str) -> str:
    return _KEEP.sub("", text)


@pytest.mark.parametrize("entry", GOLD, ids=[e["file"] for e in GOLD])
def test_gold_seed_departments(entry: dict) -> None:
    gaz = Gazetteer.load()
    facts = list(extract_departments(seed_doc(entry["file"]), Facts()))
    found = {_norm(gaz.departments[f.value]["name"]) for f in facts if f.field == "department"}
    gold = {_norm(name) for name in entry.get("departments") or []}
    tp = len(found & gold)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(gold) if gold else 1.0
    assert precision >= 0.95 and recall >= 0.95, (sorted(found - gold), sorted(gold - found))
    counts = [f.value for f in facts if f.field == "department_count"]
    assert counts == ([entry["department_count"]] if entry.get("department_count") else [])


def test_the_stated_year_picks_between_bodies_sharing_a_short_form() -> None:
    from kg.model import Fact

    text = "国家广电总局、国家质检总局等部门联合开展全国“质量月”活动。"
    facts = Facts()
    facts.add(Fact("year", 2012))
    found = [f.value for f in extract_departments(doc_from_text(text), facts)
             if f.field == "department"]
    assert found == ["sarft", "aqsiq"]
    assert [f.value for f in extract_departments(doc_from_text(text), Facts())
            if f.field == "department"] == ["nrta", "aqsiq"]


@pytest.mark.parametrize("text, year, expected", [
    # short forms of the 1990s bodies (era_1994_techsup_shortforms_notice, era_2000_sbqts_notice)
    ("国家技监局、国家工商局", 1994, ["sbts", "saic-bureau"]),
    ("国家工商局", 2010, ["saic"]),
    ("国家质量技监局", 2000, ["sbqts"]),
    ("国家环保局、国家环保总局、环保部", None, ["nepa", "sepa", "mep"]),
    # bodies of 1988-1993 and of 1993-2001, by full name and short form
    ("国务院生产委员会、机电部、能源部、物资部、航空航天工业部", 1990,
     ["scpc", "mmei", "moe-energy", "mom", "maai"]),
    ("内贸部、中国轻工总会、中国纺织总会", 1995, ["mit", "cnlc", "ctc"]),
    ("国家国内贸易局、国家轻工业局、国家纺织工业局", 1999, ["sbit", "sbli", "sbti"]),
    # 广电总局 of 2013-2018 is 国家新闻出版广电总局, not the 2018 国家广播电视总局
    ("国家广电总局、广电总局", 2016, ["sapprft", "sapprft"]),
    ("国家广电总局", 2011, ["sarft"]),
    ("国家广电总局", 2019, ["nrta"]),
    # abbreviations of the ministries of the 2010s and of 2018
    ("the MEP, the MOH, the MOA, the MEM and the MCT", None, ["mep", "moh", "moa", "mem", "mct"]),
    # English without the hyphen of All-China
    ("the All China Federation of Trade Unions and the All China Women's Federation", None,
     ["acftu", "acwf"]),
])
def test_short_forms_of_former_bodies(text: str, year: int | None, expected: list[str]) -> None:
    assert [d for _, _, d in Gazetteer.load().find_departments(text, year=year)] == expected
