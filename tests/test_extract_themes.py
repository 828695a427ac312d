"""The national theme: heading and inline rules, whose theme it is, and the seeds."""

from __future__ import annotations

import re
from functools import cache

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from kg.extractors import Facts
from kg.extractors._text import bare, clean_value, same_text
from kg.extractors.themes import extract_themes
from kg.model import Document, Fact
from tests.helpers import NOTICES, ROOT, doc_from_text

# ---------------------------------------------------------------------------------------
# Seed helpers (also used by test_extract_slogans.py and test_extract_activities.py)

GOLD: list[dict] = yaml.safe_load((ROOT / "tests" / "gold_seeds.yaml").read_text("utf-8"))


@cache
def seed_text(name: str) -> Document:
    """A seed through the real text layer, or (until it exists) a local stand-in for it:
    pinyin annotations dropped, traditional text through OpenCC tw2sp, full-width folded."""
    try:
        from kg.text import load_document
    except ImportError:
        load_document = None
    if load_document is not None:
        return load_document(NOTICES / name, name)
    import opencc

    raw = (NOTICES / name).read_text("utf-8")
    text = re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", "", raw)
    converter = opencc.OpenCC("tw2sp")
    converted = converter.convert(text)
    if sum(a != b for a, b in zip(text, converted, strict=False)) > 20:
        text = converted
    text = "".join(
        chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else " " if c in "\u3000\xa0" else c
        for c in text
    )
    return doc_from_text(text, name)


def seed_facts(entry: dict) -> Facts:
    """The facts earlier extractors would give: the gold campaign years."""
    facts = Facts()
    for year in entry.get("years") or []:
        facts.add(Fact("year", int(year)))
    return facts



def themes(text: str, years: tuple[int, ...] = ()) -> list[Fact]:
    facts = Facts()
    for y in years:
        facts.add(Fact("year", y))
    return list(extract_themes(doc_from_text(text), facts))


# (input text, expected national theme or None)
THEME_CASES = [
    # last year's national theme, told in this year's text: not this text's theme
    ("去年全国“质量月”活动的主题是“深化质量提升行动 推动高质量发展”。今年是第43个“质量月”。", None),
    ("去年全国“质量月”活动的主题是“深化质量提升行动 推动高质量发展”。今年全国“质量月”活动的主题是"
     "“建设质量强国 决胜全面小康”。", "建设质量强国 决胜全面小康"),
    # English: the quote right after "theme", in a sentence about the campaign just named
    ("China's 45th National Quality Month kicked off on Thursday.\nThe campaign is held with the "
     "theme \"Promoting Quality Reform and Innovation\".",
     "Promoting Quality Reform and Innovation"),
    ("China's Quality Month kicked off. The forum was held with the theme \"Digital Quality\".",
     None),
    # English translations: a Theme heading
    ("The departments decided to carry out the Quality Month activities in September 2010.\n\n"
     "II. Theme\n\nImprove quality level, promote transformation of development mode\n\n"
     "III. Activities\n", "Improve quality level, promote transformation of development mode"),
    ("The Quality Month activities will be carried out nationwide.\nTheme: Quality first, "
     "integrity foremost\n", "Quality first, integrity foremost"),
    ("The Quality Month activities will be carried out nationwide.\n\nII. Theme\n\n"
     "Local authorities shall hold meetings. They shall report by October.\n", None),
    # 本次活动以“…”为主题: the campaign the sentence before names
    ("由国家质检总局等十二个部门共同主办的2012年全国“质量月”活动在京启动。本次活动以“坚持以质取胜 "
     "建设质量强国”为主题。", "坚持以质取胜 建设质量强国"),
    ("9月5日，全国质量管理小组代表会议召开。本次活动以“小组活动促提升”为主题。", None),
    # 活动以“…”为主题 with no 本次/今年: still the campaign the sentence before names
    ("市场监管总局等部门决定，2023年9月在全国开展“质量月”活动。活动以“加强质量支撑 共建质量强国”"
     "为主题。", "加强质量支撑 共建质量强国"),
    ("9月5日，举办“质量开放日”活动。活动以“走进实验室”为主题。", None),
    # 围绕“…”主题，开展“质量月”活动: the theme of the campaign the clause goes on to name
    ("9月以来，各地围绕“建设质量强国 决胜全面小康”主题，扎实开展“质量月”活动。",
     "建设质量强国 决胜全面小康"),
    ("2023年全国“质量月”期间，我市将围绕“质量强国 品质生活”主题开展系列活动。", None),  # the city's
    ("9月以来，各地围绕“质量强国 品质生活”主题，举办质量论坛等“质量月”活动。", None),  # a forum's
    ("中国质量协会围绕“诚信经营 质量为本”主题，开展“质量月”活动。", None),  # an association's
    ("苏州市“质量月”活动启动\n苏州市“质量月”活动昨日启动。本次活动以“质量强市 智造苏州”为主题。",
     None),
    # the campaign named in the clause before: 开展“质量月”活动，活动主题为“…”
    ("经质检总局等部门研究决定，2016年9月在全国开展“质量月”活动，活动主题为“提升供给质量 建设质量"
     "强国”。", "提升供给质量 建设质量强国"),
    ("开展“质量诚信”评选活动，活动主题为“诚信经营 质量为本”。", None),
    # a later clause of the sentence that names the campaign: 主题是/为“…”
    ("市场监管总局等26个部门决定联合开展“质量月”活动，主题是“全面提升质量 推动高质量发展”。",
     "全面提升质量 推动高质量发展"),
    ("2024年全国“质量月”活动将于9月在全国开展，活动主题为“加快质量强国建设 推动高质量发展”。",
     "加快质量强国建设 推动高质量发展"),
    ("“质量月”活动期间召开质量管理小组代表会议，主题为“小组活动促提升”。", None),  # a meeting's
    ("“质量月”活动期间中国质量协会组织评选，主题为“诚信经营 质量为本”。", None),  # an association's
    # the national theme named as such inside a local text: 紧扣全国“…”的活动主题
    ("全省活动紧扣全国“推动质量变革创新 促进质量强国建设”的活动主题，以“质量立省 品质浙江”为主题。",
     "推动质量变革创新 促进质量强国建设"),
    # English: take "…" as the theme
    ("The National Quality Month activities will be carried out in September 2023.\nThe "
     "activities will take \"Strengthening Quality Support, Jointly Building a Quality Power\" as "
     "the theme.", "Strengthening Quality Support, Jointly Building a Quality Power"),
    ("China's Quality Month kicked off. The provincial forum will take \"Digital Quality Now\" as "
     "its theme.", None),
    # English Q&A: the theme in an answer, after the question that asks for it
    ("The 2021 National Quality Month was launched on Sept 1.\n\nQ: What is the theme this year?"
     "\n\nA: The theme is \"Deeply Implementing Quality Improvement Actions\".",
     "Deeply Implementing Quality Improvement Actions"),
    ("The Quality Month was launched.\n\nQ: What about the forum?\n\nA: Its topic is \"Digital "
     "Quality Now\".", None),
    # an organisation's own plan: its theme heading is its own; the national one it quotes wins
    ("中国石化集团2011年“质量月”活动方案\n\n一、指导思想\n围绕全国“质量月”活动主题“建设质量强国 "
     "共创美好生活”，深入开展质量提升活动。\n二、活动主题\n质量立企 创新发展\n",
     "建设质量强国 共创美好生活"),
    ("中国石化集团2011年“质量月”活动方案\n\n二、活动主题\n质量立企 创新发展\n", None),
    # headings: the theme on the next non-empty line or after the colon
    ("二、活动主题\n\n抓质量水平提升 促发展方式转变\n\n三、全国统一部署的活动",
     "抓质量水平提升 促发展方式转变"),
    ("二、活动主题\n  抓质量水平提升\u3000促发展方式转变\n", "抓质量水平提升 促发展方式转变"),
    ("(二)活动主题\n提升供给质量 建设质量强国\n", "提升供给质量 建设质量强国"),
    ("活动主题:“质量第一 诚信为本”\n", "质量第一 诚信为本"),
    ("活动主题为:质量第一 诚信为本\n", "质量第一 诚信为本"),
    ("2021年全国“质量月”活动主题:\n深入实施质量提升行动 大力推进质量强国建设\n"
     "2021年全国“质量月”活动口号:\n让质量强国深入人心 让质量提升扎实推进\n",
     "深入实施质量提升行动 大力推进质量强国建设"),
    ("全国质量月活动主题:质量第一 诚信为本\n", "质量第一 诚信为本"),
    # inline: 以“…”为主题的“质量月”活动
    ("决定2011年9月在全国开展以“建设质量强国 共创美好生活”为主题的“质量月”活动,引导和动员全社会",
     "建设质量强国 共创美好生活"),
    ("今年“质量月”活动以“万众创新 质量为先”为主题,在全国范围内展开。", "万众创新 质量为先"),
    ("以“质量第一 诚信为本”为主题,开展2014年全国“质量月”活动。", "质量第一 诚信为本"),
    # inline: …质量月活动的主题是/为“…”
    ("今年全国“质量月”活动的主题是“建设质量强国 共创美好生活”。", "建设质量强国 共创美好生活"),
    ("本次质量月的活动主题是:“质量第一”。", "质量第一"),
    ("各地要紧紧围绕2012年全国“质量月”活动主题“推动质量强国建设 促进经济提质增效”开展活动。",
     "推动质量强国建设 促进经济提质增效"),
    # negatives: an association's, a city's or a province's theme, a meeting's theme, no text
    ("中国质量检验协会组织开展2021年全国“质量月”企业质量诚信倡议活动的主题为“坚持质量第一 "
     "抓好质量提升 共筑质量诚信 建设质量强国”,并将活动宗旨确定为:", None),
    ("以“质量强市”为主题的苏州市“质量月”活动于9月1日启动。", None),
    ("苏州市质监局在全市开展以“质量强市 品牌兴业”为主题的“质量月”活动。", None),
    ("江苏省“质量月”活动的主题为“质量强省 品牌兴业”。", None),
    ("苏州市2012年“质量月”活动主题:质量强市 品牌兴业\n", None),
    ("国家质检总局、工信部、中国质量协会组织举办以“讲究方法、扎实有效”为主题的全国第三十二次"
     "质量管理小组代表会议和各级QC小组成果发布会。", None),
    ("主动联合当地各相关部门,结合“质量月”活动主题,积极推进质量兴市、名牌战略。", None),
    ("(四)围绕“质量月”活动主题,召开各类座谈会、研讨会。", None),
    ("全国“质量月”活动进入了中期阶段。在活动前期,各地质监系统紧密围绕活动主题,早部署、早启动"
     "。", None),
    ("以“讲好质量故事”为主题的征文比赛在“质量月”期间举行。", None),
    ("今年“质量月”期间举办的论坛主题为“质量与创新”。", None),
    ("2.举办中国质量(杭州)大会。会议将于9月16日在杭州举行,主题为“质量引领,共创未来”。", None),
    # an association's notice states the national theme and its own one
    ("中国质量协会决定在“质量月”期间组织开展群众性质量活动。2019年全国“质量月”活动主题为"
     "“弘扬质量精神 建设质量强国”。本次群众性质量活动的主题是“质量提升 你我同行”。",
     "弘扬质量精神 建设质量强国"),
    # a city's notice: the city's theme is not national, an unattributed one is not taken
    ("广州市市场监督管理局关于开展2020年“质量月”活动的通知\n各区市场监管局:\n根据国家和省的部署,"
     "今年“质量月”活动以“决胜全面小康 质量增添福祉”为主题。确定2020年广州市“质量月”活动主题为"
     "“质量强市 品质广州”。\n", None),
    # a local plan: its own 活动主题 heading is not the national theme
    ("苏州市2012年“质量月”活动方案\n一、指导思想\n略。\n二、活动主题\n质量强市 品牌兴业\n", None),
    # a local plan quoting the national theme explicitly
    ("苏州市2012年“质量月”活动方案\n今年全国“质量月”活动的主题是“推动质量强国建设 促进经济提质增"
     "效”。\n"
     "二、活动主题\n质量强市 品牌兴业\n", "推动质量强国建设 促进经济提质增效"),
    # the theme after the clause of the departments issuing the notice (forum_2019_trad_pinyin_post)
    ("今年是第42个全国“质量月”，市场监管总局、中央宣传部、国资委、全国总工会等部门联合发文，主题是"
     "“不忘初心 牢记使命 推动高质量发展”。", "不忘初心 牢记使命 推动高质量发展"),
    # but not after a clause of an association's event
    ("今年是第42个全国“质量月”，中国质量协会等单位举办论坛，主题是“质量与创新”。", None),
    # a city's report: the theme the central departments' notice set is national
    # (ningbo_2010_inline_slogans_news) ...
    ("我市2010年“质量月”活动启动仪式在市质监局举行。国家质检总局、工信部、国资委等七部门日前联合下发"
     "通知，确定今年“质量月”活动主题为“抓质量水平提升 促发展方式转变”。",
     "抓质量水平提升 促发展方式转变"),
    # ... the one the city's own departments' notice set is not
    ("我市2010年“质量月”活动启动仪式在市质监局举行。市质监局、市经信委等七部门日前联合下发"
     "通知，确定今年“质量月”活动主题为“质量强市 品牌兴甬”。", None),
    # English
    ('The theme of this year\'s national Quality Month is "Quality Leads, Building a Strong '
     'Nation". The campaign runs through September across China and beyond.',
     "Quality Leads, Building a Strong Nation"),
    # the campaign named after the theme, in the same sentence; "themed" (probes of the round)
    ('Under the theme of "Deepening Quality Improvement, Building a Quality Power", the 2021 '
     'National Quality Month was launched in Beijing.',
     "Deepening Quality Improvement, Building a Quality Power"),
    ('The 2021 National Quality Month opened in Beijing. This year\'s campaign, themed '
     '"Deepening Quality Improvement, Building a Quality Power", runs through September.',
     "Deepening Quality Improvement, Building a Quality Power"),
    # but not a theme whose own words name a province's event
    ('Under the provincial theme of "Quality Jiangsu, Brand Jiangsu", the Quality Month '
     'opened in Nanjing.', None),
    # a translated provincial plan stating both (english_2016_province_plan)
    ("Implementation Plan of Jiangsu Province for the 2016 \"Quality Month\" Activities\n\n"
     "I. Themes\n\nNational theme: Improving Supply Quality, Building a Quality Power\n\n"
     "Provincial theme: Quality Jiangsu, Brand Jiangsu\n\nII. Main Activities\n",
     "Improving Supply Quality, Building a Quality Power"),
    ("Implementation Plan of Jiangsu Province for the 2016 \"Quality Month\" Activities\n\n"
     "I. Themes\n\nProvincial theme: Quality Jiangsu, Brand Jiangsu\n\nII. Main Activities\n",
     None),
    ('The provincial Quality Month theme is "Quality Jiangsu". It runs in September with many '
     'events in every city of the province and county.', None),
]


@pytest.mark.parametrize(("text", "expected"), THEME_CASES)
def test_theme_rules(text: str, expected: str | None) -> None:
    found = themes(text)
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1
        assert found[0].value == expected
        span = found[0].span
        assert span is not None
        assert same_text(text[span.start:span.end], expected)


def test_theme_of_another_year_is_not_this_years() -> None:
    text = "2010年全国“质量月”活动的主题是“抓质量水平提升 促发展方式转变”。"
    assert themes(text, years=(2011,)) == []
    assert [f.value for f in themes(text, years=(2010,))] == ["抓质量水平提升 促发展方式转变"]


def test_at_most_one_theme_the_best_supported() -> None:
    text = ("二、活动主题\n质量第一 诚信为本\n三、活动内容\n"
            "全国“质量月”活动以“质量第一 诚信为本”为主题。另,以“质量强市”为主题的活动。\n"
            "今年“质量月”活动主题为“质量与创新”。")
    found = themes(text)
    assert [f.value for f in found] == ["质量第一 诚信为本"]


# (raw value, normalised value)
CLEAN_CASES = [
    ("  “建设质量强国\u3000共创美好生活”。", "建设质量强国 共创美好生活"),
    ("抓质量水平提升    促发展方式转变", "抓质量水平提升 促发展方式转变"),
    ("“七查一访”活动", "“七查一访”活动"),
    ("“A”和“B”", "“A”和“B”"),
    ("质量月”", "质量月"),
    ("《首都标准化战略纲要》实施动员大会", "《首都标准化战略纲要》实施动员大会"),
    ("抓质量,讲诚信,树品牌。", "抓质量,讲诚信,树品牌"),
]


# The national theme of a stated year (data/campaigns.yaml) quoted with no 主题 beside it
# (a county plan copying it): (text, years, expected)
KNOWN_THEME_CASES = [
    ("为贯彻落实国家质检总局等部门《关于开展2016年全国“质量月”活动的通知》，紧紧围绕“提升供给质量　"
     "建设质量强国”，决定在全县组织开展2016年“质量月”活动。", (2016,), "提升供给质量 建设质量强国"),
    # the theme of another year than the text's: no theme
    ("紧紧围绕“提升供给质量　建设质量强国”，决定在全县组织开展2017年“质量月”活动。", (2017,), None),
    # among slogans: a slogan, not the theme
    ("通知公布了“提升供给质量 建设质量强国”“质量第一 效益优先”等“质量月”活动宣传口号。", (2016,),
     None),
    ("“质量月”期间张贴“质量第一 效益优先”、“提升供给质量 建设质量强国”。", (2016,), None),
    # a quote that is no known theme: no theme
    ("紧紧围绕“质量立县 品牌强县”，决定在全县组织开展2016年“质量月”活动。", (2016,), None),
    # a sentence not about the campaign
    ("会场悬挂“提升供给质量 建设质量强国”横幅。", (2016,), None),
]


@pytest.mark.parametrize(("text", "years", "expected"), KNOWN_THEME_CASES)
def test_known_national_theme_quoted_without_label(text: str, years: tuple[int, ...],
                                                   expected: str | None) -> None:
    found = themes(text, years)
    assert [bare(f.value) for f in found] == ([bare(expected)] if expected else [])


def test_labelled_theme_wins_over_quoted_known_theme() -> None:
    text = ("紧紧围绕“提升供给质量 建设质量强国”，开展2016年“质量月”活动。\n二、活动主题\n"
            "质量强县 品质生活\n")
    assert [f.value for f in themes(text, (2016,))] == ["质量强县 品质生活"]


@pytest.mark.parametrize(("raw", "expected"), CLEAN_CASES)
def test_clean_value(raw: str, expected: str) -> None:
    assert clean_value(raw) == expected


@given(st.text(alphabet="质量月第一“”‘’「」《》,。 \u3000\t\nAB12、:", max_size=40))
def test_clean_value_is_idempotent(raw: str) -> None:
    once = clean_value(raw)
    assert clean_value(once) == once
    assert bare(once) in bare(raw) or bare(raw) in bare(once)


@given(st.text(alphabet="以为主题的“”质量月活动全国市协会二、:\n 抓提升促转变", max_size=80))
def test_theme_span_points_at_its_value(text: str) -> None:
    for fact in themes(text):
        assert fact.span is not None
        assert 0 <= fact.span.start <= fact.span.end <= len(text)
        assert bare(text[fact.span.start:fact.span.end]) == bare(fact.value)


@pytest.mark.parametrize("entry", GOLD, ids=[g["file"][:3] for g in GOLD])
def test_seed_theme(entry: dict) -> None:
    found = list(extract_themes(seed_text(entry["file"]), seed_facts(entry)))
    if entry.get("theme") is None:
        assert found == []
    else:
        assert len(found) == 1
        assert same_text(found[0].value, entry["theme"])
