"""Slogans: heading lists, inline quoted lists, the stated count, and the seeds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.extractors import Facts
from kg.extractors._text import bare
from kg.extractors.slogans import extract_slogans
from kg.model import Fact
from tests.helpers import doc_from_text
from tests.test_extract_themes import GOLD, seed_facts, seed_text


def run(text: str) -> tuple[list[str], int | None]:
    facts = list(extract_slogans(doc_from_text(text), Facts()))
    for f in facts:
        assert f.span is not None and 0 <= f.span.start <= f.span.end <= len(text)
        if f.field == "slogan":
            assert bare(text[f.span.start:f.span.end]) == bare(f.value)
    counts = [f.value for f in facts if f.field == "slogan_count"]
    assert len(counts) <= 1
    return [f.value for f in facts if f.field == "slogan"], (counts[0] if counts else None)


# (input text, expected slogans, expected slogan_count)
SLOGAN_CASES = [
    # the annex heading as a subtitle under the theme (——2011年…宣传口号): the list below it
    ("附件\n\n建设质量强国　共创美好生活\n——2011年全国“质量月”活动宣传口号\n\n一、好质量　好生活！\n"
     "二、走质量强国之路　促发展方式转变！\n",
     ["好质量 好生活", "走质量强国之路 促发展方式转变"], 2),
    # a numbered slogan the page wrapped: the unnumbered line before the next number ends it
    ("附件\n2014年全国“质量月”活动宣传口号\n1.追求卓越质量　共建美好生活\n2.强化质量安全监管\n"
     "保障人民群众利益\n3.让质量成为习惯\n",
     ["追求卓越质量 共建美好生活", "强化质量安全监管 保障人民群众利益", "让质量成为习惯"], 3),
    # a list set in two columns and pasted a row a line: a wide gap before the next number
    # starts the next slogan (not 追求卓越质量 共建美好生活 2.质量第一 诚信为本)
    ("附件\n2014年全国“质量月”活动宣传口号\n1.追求卓越质量　共建美好生活　　　2.质量第一　诚信为本\n"
     "3.质量是企业的生命　　　4.建设质量强国　人人有责\n5.让质量成为习惯\n",
     ["追求卓越质量 共建美好生活", "质量第一 诚信为本", "质量是企业的生命", "建设质量强国 人人有责",
      "让质量成为习惯"], 5),
    # inline quoted list with a stated count
    ("《通知》围绕着4个方面,提出了20多项具体活动内容,公布了“好质量 好生活”“走质量强国之路 促发展"
     "方式转变”"
     "等十条“质量月”活动宣传口号。",
     ["好质量 好生活", "走质量强国之路 促发展方式转变"], 10),
    ("宣传口号为:“质量第一 诚信为本”、“人人关注质量”。",
     ["质量第一 诚信为本", "人人关注质量"], None),
    ("《通知》还发布了21条宣传口号。", [], 21),
    ("《通知》还发布了“质量月”宣传口号共15条。", [], 15),
    ("公布了20多条宣传口号。", [], None),
    ("《通知》提出3个方面工作要求,公布了宣传口号。", [], None),  # 3 counts something else
    # attachment list: the first 附件 line lists attachments (a date follows),
    # the second heads the list
    ("附件:2010年全国“质量月”活动宣传口号\n 二○一○年六月十三日\n\n附件:\n\n"
     "2010年全国“质量月”活动宣传口号\n\n  抓质量水平提升 促发展方式转变\n\n"
     "  夯实质量安全基础,促进经济又好又快发展\n\n  质量诚信是企业的信誉和生命\n \n",
     ["抓质量水平提升 促发展方式转变", "夯实质量安全基础,促进经济又好又快发展", "质量诚信是企业"
     "的信誉和生命"],
     3),
    # heading list ended by the next heading
    ("2021年全国“质量月”活动口号:\n让质量强国深入人心 让质量提升扎实推进\n坚持质量第一 建设质量"
     "强国\n"
     "全国“质量月”活动背景:\n全国“质量月”活动是我国长期开展的一项重大质量活动。\n",
     ["让质量强国深入人心 让质量提升扎实推进", "坚持质量第一 建设质量强国"], 2),
    # numbered list ended by a sentence; a stated count wins over the list length
    ("五、宣传口号(3条)\n1.好质量 好生活\n2、质量第一 诚信为本\n(3)人人关注质量\n"
     "各地可结合实际自行拟定其他宣传口号,并在活动期间广泛张贴,营造浓厚氛围。\n",
     ["好质量 好生活", "质量第一 诚信为本", "人人关注质量"], 3),
    # heading list ended by the next section heading
    ("四、宣传口号\n质量第一 诚信为本\n人人关注质量\n五、活动要求\n(一)加强领导。\n",
     ["质量第一 诚信为本", "人人关注质量"], 2),
    # a signature block (organisation, date) ends an attachment list
    ("附件\n2018年全国“质量月”活动口号\n1.全面提高质量 推动高质量发展\n2.质量第一 效益优先\n"
     "市场监管总局\n2018年8月15日\n",
     ["全面提高质量 推动高质量发展", "质量第一 效益优先"], 2),
    ("活动口号\n质量为本 服务大局\n人人关注质量\n", ["质量为本 服务大局", "人人关注质量"], 2),
    # a list under 主题和口号 starts with the theme: it stays a slogan
    ("二、活动主题和宣传口号\n质量第一 诚信为本\n人人关注质量\n\n\n\n三、活动安排\n",
     ["质量第一 诚信为本", "人人关注质量"], 2),
    # one-line list after the heading
    ("活动口号:质量第一 诚信为本;人人关注质量\n", ["质量第一 诚信为本", "人人关注质量"], 1 + 1),
    # an inline list after the heading word, counted after it
    ("三、宣传口号:“提高质量 迎接新世纪”、“质量兴国 人人有责”等10条。",
     ["提高质量 迎接新世纪", "质量兴国 人人有责"], 10),
    # a page that is the list: its date line under the headline, a note after the list
    ("2016年全国“质量月”活动宣传口号\n\n发布日期:2016-08-30\n\n提升供给质量 建设质量强国\n\n"
     "质量第一 效益优先\n\n(质检总局办公厅供稿)\n", ["提升供给质量 建设质量强国", "质量第一 效益优先"], 2),
    # a note in brackets after the heading
    ("附件\n\n2024年全国“质量月”活动宣传口号(参考)\n\n1.质量引领发展 标准筑牢根基\n"
     "2.建设质量强国 人人有责\n", ["质量引领发展 标准筑牢根基", "建设质量强国 人人有责"], 2),
    ("宣传口号（略）\n质量第一\n", [], None),
    # English translations: a Slogans heading, one slogan per line, up to the next section
    ("III. Slogans\n\n1. Deepen quality improvement, build a quality power\n"
     "2. Quality first, integrity foremost\n\nIV. Requirements\n\nSummaries are due.\n",
     ["Deepen quality improvement, build a quality power", "Quality first, integrity foremost"],
     2),
    ("Slogans for the 2019 National Quality Month:\n- Quality first\n"
     "Provinces shall submit their summaries by October 20, 2019.\n", ["Quality first"], 1),
    ("The notice published ten slogans.\nQuality first\n", [], 10),
    ("The notice also released 15 slogans, including \"Let the idea of a quality power take "
     "root\" and \"Quality first, build a quality power\".",
     ["Let the idea of a quality power take root", "Quality first, build a quality power"], 15),
    ("Slogans such as \"Quality first\", \"Integrity foremost\" were put up in 2019.",
     ["Quality first", "Integrity foremost"], None),
    ("The slogan contest drew 300 entries; the winning entry, \"Quality lights life\", was "
     "announced.", [], None),
    # negatives: an association's initiative slogans, a sentence mentioning 口号, no list
    ("中国质量检验协会企业质量诚信倡议活动口号:\n诚信经营 质量为本\n", [], None),
    ("各地要广泛张贴“质量月”宣传口号,营造氛围。", [], None),
    # …and so inline: the words before 口号 in its clause name an initiative or an association
    # (an association's own call, as in caq_2012_initiative), not the campaign
    ("中国质量协会倡议各会员单位积极参与“质量月”活动。\n倡议口号：“追求卓越　质量为先”“人人都是质量官”\n",
     [], None),
    ("本次倡议活动的口号为：“诚信经营 质量为本”“人人都是质量官”。", [], None),
    ("中国质量协会口号：“追求卓越 质量为先”。", [], None),
    # a province's own campaign slogans are counted, as under its own 宣传口号 heading
    ("全省“质量月”活动宣传口号：“质量强省 品质河北”“建设质量强国 人人有责”。",
     ["质量强省 品质河北", "建设质量强国 人人有责"], None),
    ("要悬挂“质量月”标语横幅,营造“质量月”活动氛围。", [], None),
    ("口号\n各地可以结合实际情况自行拟定宣传口号并报总局备案,要求内容积极向上,不得含有商业广告"
     "。\n", [], None),
    # a 附件 line names the slogans heading; the signature block in rows of names below it
    # (中央网信办: a department the gazetteer knows) ends the list before it starts
    ("附件:2021年全国“质量月”活动宣传口号\n\n市场监管总局　　中央宣传部　　中央网信办\n"
     "国家发展改革委　　教育部　　科技部\n\n二〇二一年八月二十三日\n", [], None),
    ("活动宣传口号\n质量第一 效益优先\n市场监管总局　　中央网信办\n2021年8月23日\n",
     ["质量第一 效益优先"], 1),
    # a list the heading calls an excerpt (节选): its length is no count
    ("三、宣传口号（节选）\n1. 提升供给质量 建设质量强国\n2. 弘扬工匠精神 打造中国品牌\n",
     ["提升供给质量 建设质量强国", "弘扬工匠精神 打造中国品牌"], None),
    ("三、宣传口号（参考）\n1. 提升供给质量 建设质量强国\n2. 弘扬工匠精神 打造中国品牌\n",
     ["提升供给质量 建设质量强国", "弘扬工匠精神 打造中国品牌"], 2),
    # an inline list set apart by semicolons, its count after it
    ("2019年全国“质量月”活动宣传口号包括：“质量第一 效益优先”；“弘扬工匠精神 推动品质革命”等10条。",
     ["质量第一 效益优先", "弘扬工匠精神 推动品质革命"], 10),
    # but a semicolon ending a quote ends the run: no list before an unrelated 口号
    ("会议提出“质量第一”；宣传口号要简洁。", [], None),
    # 以“…”为口号 of an activity the sentence is about, no campaign's (caq_2012_initiative)
    ("二、广泛开展群众性质量活动。深入开展质量管理小组等活动，以“诚信经营 以质取胜”为口号，推动全员"
     "参与质量改进。", [], None),
    # a quote that is no slogan (“质量月”) before the one slogan of 以“…”为宣传口号: the search
    # goes on after it, so the slogan is not lost
    ("今年“质量月”活动以“质量第一”为宣传口号。", ["质量第一"], None),
    ("今年“质量月”活动以“质量第一 效益优先”“质量强国 人人有责”为宣传口号。",
     ["质量第一 效益优先", "质量强国 人人有责"], None),
    # the count in brackets after a heading (宣传标语（共12条）) is the stated count, not the two listed
    ("2022年全国“质量月”活动宣传标语（共12条）\n1.质量强国 人人有责\n2.质量第一 效益优先\n",
     ["质量强国 人人有责", "质量第一 效益优先"], 12),
    ("2022年全国“质量月”活动宣传标语(12条)\n1.质量强国 人人有责\n", ["质量强国 人人有责"], 12),
    # a stated count between the word and the quoted list: （10条）： / ，共15条，包括
    ("2015年全国“质量月”宣传口号（10条）：“质量第一”、“质量为本 诚信经营”、“以质取胜”等。",
     ["质量第一", "质量为本 诚信经营", "以质取胜"], 10),
    ("质检总局公布了2014年全国“质量月”活动宣传标语，共15条，包括“质量是企业的生命”、“以质取胜 "
     "建设质量强国”等。", ["质量是企业的生命", "以质取胜 建设质量强国"], 15),
    # 今年活动以“…”为活动口号 after a sentence naming the campaign, in one that does not name it
    # (gap_2012_city_activity_slogan_news): the campaign's slogan
    ("今年9月是全国第三十五个“质量月”。据介绍，今年活动以“质量强市 诚信兴业”为活动口号，组织开展"
     "五项活动。", ["质量强市 诚信兴业"], None),
    ("关于开展2020年“质量月”活动的通知\n本次活动以“质量第一 效益优先”为宣传口号。",
     ["质量第一 效益优先"], None),
    # …not when the activity pointed back to is another one, or the text names no campaign
    ("今年9月是全国“质量月”。市质量协会举办质量知识竞赛活动。本次活动以“人人讲质量”为口号。", [], None),
    ("今年活动以“质量第一 效益优先”为口号。", [], None),
    ("今年“质量月”期间，市质量协会本次活动以“人人讲质量”为口号。", [], None),
    # the last sentence of a paragraph heads the numbered list below it, led by who set the
    # slogans (h24_1986_jingwei_slogans_news); not when that is another owner
    ("通知提出，今年“质量月”活动的主题是“讲求质量效益”。通知确定了今年“质量月”活动的宣传口号：\n"
     "　　一、质量第一，用户至上；\n　　二、向质量要效益。\n\n　　通知要求，各地要组织开展质量检查。\n",
     ["质量第一，用户至上", "向质量要效益"], 2),
    ("今年9月是全国“质量月”。市质量协会发布了今年“质量月”活动的宣传口号：\n一、人人讲质量\n"
     "二、质量在我心中\n", [], None),
    # a comma without 共 is no count: the quotes after it are no list of the word
    ("会上讨论宣传口号，10条意见中“质量第一”最多。", [], None),
]


@pytest.mark.parametrize(("text", "expected", "count"), SLOGAN_CASES)
def test_slogan_rules(text: str, expected: list[str], count: int | None) -> None:
    slogans, n = run(text)
    assert slogans == expected
    assert n == count


@given(st.text(alphabet="口号标语:“”、等十条\n 质量第一好生活附件1.", max_size=80))
def test_slogan_spans_point_at_values(text: str) -> None:
    run(text)


@pytest.mark.parametrize("entry", GOLD, ids=[g["file"][:3] for g in GOLD])
def test_seed_slogans(entry: dict) -> None:
    doc = seed_text(entry["file"])
    facts = seed_facts(entry)
    if entry.get("theme"):
        facts.add(Fact("theme", entry["theme"]))
    found = list(extract_slogans(doc, facts))
    got = {bare(f.value) for f in found if f.field == "slogan"}
    want = {bare(s) for s in entry.get("slogans") or []}
    if want:
        precision = len(got & want) / len(got) if got else 0.0
        recall = len(got & want) / len(want)
        assert precision >= 0.95 and recall >= 0.95, (sorted(got - want), sorted(want - got))
    else:
        assert got == set()
    counts = [f.value for f in found if f.field == "slogan_count"]
    assert counts == ([entry["slogan_count"]] if entry.get("slogan_count") is not None else [])
