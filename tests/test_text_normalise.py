"""Normalisation: pinyin, script, conversion, phrase fixes, boilerplate, offsets (kg.text)."""

from __future__ import annotations

import hashlib
import random
import re

import pytest

from kg.model import Document, Span
from kg.text import document_from_text, load_document, normalise
from kg.text.convert import detect_script, fold_width, phrase_fixes, to_simplified
from kg.text.pinyin import deletion_pattern, strip_text
from tests.helpers import NOTICES

SEEDS = sorted(p.name for p in NOTICES.iterdir())
_CJK = re.compile("[\u4e00-\u9fff]")

# -- pinyin ------------------------------------------------------------------------------

# (input, expected): annotations go, everything else in parentheses stays
PINYIN = [
    ("國(guó)家質(zhì)檢總局", "國家質檢總局"),
    ("產(chǎn)品", "產品"),
    ("委員會(huì)", "委員會"),
    ("聯合下發(fā)", "聯合下發"),
    ("戰(zhàn)略", "戰略"),
    ("20多億(yì)元", "20多億元"),
    ("略(lüè)", "略"),
    ("國（guó）家", "國家"),                       # full-width parentheses
    ("國(guo2)家", "國家"),                        # tone digit
    ("國(guó)(guó)家", "國家"),                   # repeated annotation
    ("國guó家jiā", "國家"),                       # glued, tone-marked
    # a word's reading after the word, marks or digits (messy_trad_tone_numbers_2015_notice)
    ("質量(zhì liàng)月", "質量月"),
    ("開展（kāi zhǎn）活動", "開展活動"),
    ("中國(zhong1 guo2)質量月", "中國質量月"),
    ("質量月(Quality Month)", "質量月(Quality Month)"),
    ("会议(a an)", "会议(a an)"),                 # toneless words need an annotated text
    ("國(guó)們(men)", "國們(men)"),               # toneless only in annotated texts
    ("國(guó)國(guó)國(guó)們(men)", "國國國們"),
    ("天津新闻(滨海频道)", "天津新闻(滨海频道)"),
    ("(2011-2020年)", "(2011-2020年)"),
    ("国家质检总局(AQSIQ)", "国家质检总局(AQSIQ)"),
    ("(以下简称《通知》)", "(以下简称《通知》)"),
    ("QC小组(QC)", "QC小组(QC)"),
    ("选项(a)", "选项(a)"),
    ("活动(activity)", "活动(activity)"),
    ("质量(quality)月", "质量(quality)月"),
    ("措施(an)", "措施(an)"),
    ("Beijing (guó)", "Beijing (guó)"),           # not after a Chinese character
    ("中国 Zhōngguó", "中国 Zhōngguó"),           # romanised name, not glued
    # square brackets; a word's reading in one bracket with no spaces
    ("國[guó]家[jiā]", "國家"),
    ("國[guo2]家", "國家"),
    ("质量(zhìliàng)月", "质量月"),
    ("质检总局（zhì jiǎn zǒng jú）", "质检总局"),
    ("质检总局（zhìjiǎnzǒngjú）", "质检总局"),
    ("中國(zhong1guo2)", "中國"),
    ("咖啡(café)", "咖啡(café)"),                 # one accent is not a word's reading
    ("见文献[1]和[a]", "见文献[1]和[a]"),
    ("(國)[guó]", "(國)[guó]"),
    # tone digits glued after each character, or after a word
    ("國guo2家jia1質zhi4檢jian3總zong3局ju2", "國家質檢總局"),
    ("开展质量zhi4liang4月活动", "开展质量月活动"),
    ("國guo2家jia1，質zhi4量liang4。", "國家，質量。"),
    ("国guo2", "国guo2"),                         # one alone is not a chain
    ("使用a4纸和a3纸", "使用a4纸和a3纸"),         # paper sizes, not readings
    ("ie6浏览器和hao123网站", "ie6浏览器和hao123网站"),
    ("型号ZD2和XL3", "型号ZD2和XL3"),
    ("国guo2家jia12", "国guo2家jia12"),
    ("5G网络、ISO 9001认证", "5G网络、ISO 9001认证"),
    ("9月15日(周五)", "9月15日(周五)"),
    ("国家市场监管总局(SAMR)", "国家市场监管总局(SAMR)"),
    ("質量zhìliàng月", "質量月"),                 # glued, tone-marked, a word's reading
    ("行业\u200b协会", "行业协会"),               # zero-width space
    ("第一行\r\n第二行", "第一行\n第二行"),
]


@pytest.mark.parametrize(("text", "expected"), PINYIN)
def test_pinyin_annotations_are_removed(text: str, expected: str) -> None:
    assert strip_text(text) == expected


# (original, a piece of the normalised text): spans over the text left when glued or
# bracketed readings are deleted still quote the original, readings included
PINYIN_SPANS = [
    ("关于國guo2家jia1質zhi4檢jian3總zong3局ju2的通知", "质检", "質zhi4檢"),
    ("开展质量zhi4liang4月活动", "质量月", "质量zhi4liang4月"),
    ("国家[guó jiā]质量(zhìliàng)月活动", "家质量", "家[guó jiā]质量"),
]


@pytest.mark.parametrize(("original", "piece", "quoted"), PINYIN_SPANS)
def test_spans_over_deleted_readings_quote_the_original(original: str, piece: str,
                                                        quoted: str) -> None:
    doc = document_from_text(original, "p.txt")
    i = doc.full_text.index(piece)
    assert doc.quote(Span(i, i + len(piece)))[2] == quoted


# -- script ------------------------------------------------------------------------------

SCRIPTS = [
    ("关于开展2010年全国“质量月”活动的通知", "simplified"),
    ("關於開展2010年全國“質量月”活動的通知", "traditional"),
    ("国家质检总局後来发布了通知", "simplified"),                 # one stray traditional form
    ("The 2011 national Quality Month was launched by AQSIQ (国家质检总局).", "english"),
    ("2011.9.21", "simplified"),
    ("", "simplified"),
]


@pytest.mark.parametrize(("text", "script"), SCRIPTS)
def test_script_detection(text: str, script: str) -> None:
    assert detect_script(text) == script


# -- conversion --------------------------------------------------------------------------

# (input, expected full_text): OpenCC only for traditional text, Taiwan wording by the rules
CONVERSION = [
    ("推进智慧城市建设", "推进智慧城市建设"),                      # simplified: untouched
    ("推進智慧城市建設", "推进智慧城市建设"),                      # not 智能城市
    # tw2sp would give 性能, 交互, 内核 here
    ("增強質量服務效能，加強互動宣傳，提升國家核心競爭力",
     "增强质量服务效能,加强互动宣传,提升国家核心竞争力"),
    ("創新增效，建立制度，執行標準", "创新增效,建立制度,执行标准"),
    ("以空氣淨化器、智慧馬桶蓋、智慧手機為重點，釋出一批資訊，經費支援。",
     "以空气净化器、智能马桶盖、智能手机为重点,发布一批信息,经费支持。"),
    ("工業和資訊化部", "工业和信息化部"),
    # Taiwan's 數位 is 数字 (messy_taiwan_pinzhi_2021_news); not a place value (数位)
    ("釋出數位品質資訊平台，推動數位轉型", "发布数字品质信息平台,推动数字转型"),
    ("釋出資訊：個位、十位等數位", "发布信息:个位、十位等数位"),
    ("「質量月」活動", "“质量月”活动"),
    ("质量後来", "质量后来"),                                       # stray traditional folded
    ("乾坤 著名 皇后", "乾坤 著名 皇后"),                           # valid simplified kept
    ("ＡＱＳＩＱ　２０１０，（一）", "AQSIQ 2010,(一)"),            # full-width folded
    # English with traditional Chinese names: the Chinese is converted all the same
    ("The Quality Month (全國質量月) is organised every September by AQSIQ and partners.",
     "The Quality Month (全国质量月) is organised every September by AQSIQ and partners."),
]


@pytest.mark.parametrize(("text", "expected"), CONVERSION)
def test_conversion_to_simplified(text: str, expected: str) -> None:
    assert document_from_text(text, "t.txt").full_text == expected


# (simplified input, expected): 品质 for 质量 and Taiwan words fixed, genuine 品质 kept
PHRASES = [
    ("全国品质月活动", "全国质量月活动"),
    ("建设品质强国", "建设质量强国"),
    ("开展品质兴省活动", "开展质量兴省活动"),
    ("国家品质监督检验检疫总局", "国家质量监督检验检疫总局"),
    ("省品质技术监督局", "省质量技术监督局"),
    ("推进全面品质管理", "推进全面质量管理"),
    ("中国品质检验协会", "中国质量检验协会"),
    ("推动高品质发展", "推动高质量发展"),
    ("推动高质量发展 共享高品质生活", "推动高质量发展 共享高品质生活"),
    ("弘扬工匠精神 推动品质革命", "弘扬工匠精神 推动品质革命"),
    ("增品种、提品质、创品牌", "增品种、提品质、创品牌"),
    ("打造高品质的消费品品牌", "打造高品质的消费品品牌"),
    ("工业和资讯化部", "工业和信息化部"),
    ("使用网际网路", "使用互联网"),
    ("软体动物", "软体动物"),
    ("软体家具产品质量国家监督抽查", "软体家具产品质量国家监督抽查"),
    ("质量资讯", "质量资讯"),                  # one Taiwan marker is not enough
    ("支援灾区", "支援灾区"),
    # a converter wrote 品质 for every 质量: all of them are read as 质量 but genuine uses
    ("品质月期间,各地开展品质提升活动,提高产品品质,共享高品质生活",
     "质量月期间,各地开展质量提升活动,提高产品质量,共享高品质生活"),
]


@pytest.mark.parametrize(("text", "expected"), PHRASES)
def test_phrase_fixes(text: str, expected: str) -> None:
    assert phrase_fixes().apply(text)[0] == expected


def test_phrase_fixes_are_stable() -> None:
    fixes = phrase_fixes()
    for _text, expected in PHRASES:
        assert fixes.apply(expected)[0] == expected
    for _find, replacement in fixes.always + fixes.taiwan + fixes.quality:
        assert fixes.apply(replacement, (True, True))[0] == replacement


# -- boilerplate -------------------------------------------------------------------------

RUNNING = "各地质监系统紧密围绕活动主题，早部署、早启动、快落实，纷纷喊响做实“质量月”活动。"

# (line, where it stands, blanked?)
BOILERPLATE = [
    ("分析测试百科网", "head", True),
    ("搜索", "head", True),
    ("喜欢作者", "body", True),
    ("微信支付微信支付", "body", True),
    ("×", "body", True),
    ("網站首頁 工作範例 辦公範例 個人範例 黨團範例", "head", True),
    ("首页 > 新闻中心 > 正文", "head", True),
    ("当前位置：首页 > 质检要闻", "head", True),
    ("首页 | 新闻 | 政策 | 公告", "head", True),
    ("欄目: 策劃方案 / 釋出於: / 人氣:2.97W", "head", True),
    ("Tags:方案", "tail", True),
    ("上一篇：2010年全国质量月活动方案", "tail", True),
    ("分享到：微信 微博 QQ空间", "tail", True),
    ("扫一扫", "tail", True),
    ("（责任编辑：张三）", "tail", True),
    ("版权所有 © 国家质量监督检验检疫总局 京ICP备09001234号", "tail", True),
    ("Copyright 2011 All Rights Reserved", "tail", True),
    ("打印本页 关闭窗口", "tail", True),
    ("點擊查看更多精彩內容>>", "head", True),
    ("点此阅读全文…", "tail", True),
    ("点击查看全国质量月活动方案", "body", False),  # no arrow: could be a sentence's start
    ("Home > News > Quality Month", "head", True),
    ("http://www.aqsiq.gov.cn/zjxw/zjxw/201009/t20100901_163567.htm", "body", True),
    ("澳门新葡京娱乐城 注册送38元彩金", "body", True),
    ("加微信 abc123456 代办各类证件", "body", True),
    ("QQ：123456789", "body", True),
    ("- 2 -", "body", True),
    ("第 1 页 共 3 页", "body", True),                # a PDF's page footers amid the text
    ("第2页/共3页", "body", True),
    ("Page 2 of 3", "body", True),
    ("第2页起为附件", "body", False),
    # reposts' furniture amid the text (probes of messy_web_interleaved_2019_news)
    ("本文转载自合肥日报，如有侵权请联系删除", "body", True),
    ("阅读(1234) 点赞(12) 收藏", "body", True),
    ("点赞 收藏 转发", "body", True),
    ("更多精彩内容，请下载APP", "body", True),
    ("微信扫码分享", "body", True),
    ("点击查看原文", "body", True),
    ("二、扫码报名参加质量知识竞赛，具体办法另行通知。全市各单位要积极组织职工参加。", "body", False),
    ("收藏活动方案", "body", False),
    # real content survives
    ("分析测试百科网", "body", False),                 # site names only at the edges
    ("编织质量安全网", "tail", False),
    ("全国“质量月”活动进入了中期阶段", "head", False),
    ("2011.9.21", "head", False),
    ("关于开展2010年全国“质量月”活动的通知", "head", False),
    ("国质检质联〔2010〕351号", "head", False),
    ("中华全国总工会", "head", False),
    ("中华全国总工会", "tail", False),
    ("二、活动主题", "body", False),
    ("抓质量水平提升　促发展方式转变", "body", False),
    ("附件：2010年全国“质量月”活动宣传口号", "tail", False),
    ("质量在我手中，用户在我心中", "tail", False),
    ("二○一○年六月十三日", "tail", False),
    ("（电子信箱：qualitymonth@aqsiq．gov．cn）", "body", False),
    ("分享和推广一批质量创新成果", "body", False),
    ("分享到全国各地的质量管理经验", "body", False),
    ("以下注意事项请各地认真落实", "body", False),
    ("各地可通过扫描二维码的方式，组织职工参加“质量月”质量知识网上竞赛活动", "body", False),
    ("发布时间：2011-09-21", "head", False),
]


def _page(line: str, where: str) -> str:
    parts = {"head": [line, RUNNING, RUNNING], "body": [RUNNING, line, RUNNING],
             "tail": [RUNNING, RUNNING, line]}[where]
    return "\n".join(parts)


@pytest.mark.parametrize(("line", "where", "blanked"), BOILERPLATE,
                         ids=[f"{i}-{w}-{'blank' if b else 'keep'}"
                              for i, (_, w, b) in enumerate(BOILERPLATE)])
def test_boilerplate_lines(line: str, where: str, blanked: bool) -> None:
    doc = document_from_text(_page(line, where), "page.txt")
    index = {"head": 0, "body": 1, "tail": 2}[where]
    text_line = doc.text.split("\n")[index]
    full_line = doc.full_text.split("\n")[index]
    assert len(text_line) == len(full_line)
    assert (text_line.strip() == "") is blanked, full_line
    assert fold_width(RUNNING) in doc.text


def test_spans_inside_metadata_lines_are_blanked() -> None:
    page = f"发布时间：2011-09-21 浏览次数：1234 【打印】【关闭】\n{RUNNING}"
    doc = document_from_text(page, "p.txt")
    first = doc.text.split("\n")[0]
    assert "2011-09-21" in first and "1234" not in first and "打印" not in first


def test_related_articles_list_is_cut() -> None:
    page = f"{RUNNING}\n文章推荐\n2012年全国质量月活动方案\n2013年质量月活动总结\n"
    doc = document_from_text(page, "p.txt")
    assert doc.text.strip() == fold_width(RUNNING)
    assert "2012年全国质量月活动方案" in doc.full_text


def test_a_table_heading_row_is_no_navigation_bar() -> None:
    rows = ["时间 | 地点 | 活动内容 | 责任单位", "9月1日 | 县会议中心 | 启动仪式 | 县市场监管局",
            "", "9月5日 | 广场 | 咨询 | 县局"]
    page = "\n".join(["首页 | 新闻 | 政策 | 公告", RUNNING, *rows, RUNNING, "关于 | 联系 | 地图 | 帮助"])
    lines = document_from_text(page, "p.txt").text.split("\n")
    assert lines[0].strip() == "" and lines[-1].strip() == "", "navigation bars alone"
    assert [ln.strip() for ln in lines[2:6]] == [fold_width(r) for r in rows]


def test_a_government_page_list_of_related_documents_is_cut() -> None:
    # a gov.cn page ends with its related documents: titles of other years' notices
    page = (f"{RUNNING}\n附件\n宣传口号\n1．质量强国　人人有责\n扫一扫在手机打开当前页\n相关文件：\n"
            "市场监管总局等17部门关于开展2024年全国“质量月”活动的通知\n")
    doc = document_from_text(page, "p.txt")
    assert "人人有责" in doc.text
    assert "2024年" not in doc.text and "相关文件" not in doc.text and "扫一扫" not in doc.text
    assert "2024年" in doc.full_text
    # a sentence about related documents is content
    body = f"{RUNNING}\n相关文件要求各地认真落实，结合实际开展质量宣传活动，并于9月底前报送总结。\n"
    assert "相关文件要求" in document_from_text(body, "p.txt").text


def test_a_link_list_before_the_content_is_blanked_up_to_the_headline() -> None:
    page = ("质量管理网\n热门推荐\n关于开展2018年全国“质量月”活动的通知\n2017年质量月活动方案范文\n\n"
            f"2020年全国“质量月”活动在线上启动\n发布时间：2020-09-01 14:20\n\n{RUNNING}")
    doc = document_from_text(page, "p.txt")
    assert "2018年" not in doc.text and "2017年" not in doc.text and "热门推荐" not in doc.text
    assert "2020年全国“质量月”活动在线上启动" in doc.text and "2020-09-01" in doc.text
    assert fold_width(RUNNING) in doc.text


# (Markdown text, lines of doc.text expected, stripped): markup blanked only in Markdown
MARKDOWN = [
    ("# 2017年全国“质量月”活动要点\n\n## 一、活动主题\n\n**提升供给质量 建设质量强国**\n\n"
     "## 二、宣传口号\n\n- 质量第一 效益优先\n> 作者：质量人\n",
     ["2017年全国“质量月”活动要点", "一、活动主题", "提升供给质量 建设质量强国", "二、宣传口号",
      "质量第一 效益优先", "作者:质量人"]),
    # one heading and a bold span plus a bullet: still Markdown
    ("## 活动主题\n**质量强国**\n- 开展质量开放日活动\n",
     ["活动主题", "质量强国", "开展质量开放日活动"]),
    # not Markdown: a lone "- " line and a # in a hashtag stay as written
    ("#质量月# 9月1日活动启动。\n- 开展质量开放日活动\n", ["#质量月# 9月1日活动启动。", "- 开展质量开放日活动"]),
]


@pytest.mark.parametrize(("text", "lines"), MARKDOWN)
def test_markdown_markup_is_blanked(text: str, lines: list[str]) -> None:
    doc = document_from_text(text, "p.md")
    assert [ln.strip() for ln in doc.text.split("\n") if ln.strip()] == lines
    assert len(doc.text) == len(doc.full_text)


# (text copied out of a PDF, lines expected after the soft breaks are deleted)
_WRAPPED = ("为深入贯彻落实党的十八届三中全会精神，质检总局、国家发展改革\n"
            "委、工业和信息化部、住房城乡建设部、全国总工会、共青团中央等\n"
            "十部门决定，2014年9月在全国开展以“建设质量强国　助力民族复\n"
            "兴”为主题的“质量月”活动。现就有关事项通知如下：\n"
            "（一）开展质量宣传活动。9月1日在天津市举办全国“质量月”活\n"
            "动启动仪式，组织各地质监部门开展形式多样的质量宣传咨询活\n"
            "动。\n")
UNWRAP = [
    (_WRAPPED, [fold_width(ln) for ln in ["为深入贯彻落实党的十八届三中全会精神，质检总局、国家发展改革委、工业和信息化部、住房"
                "城乡建设部、全国总工会、共青团中央等十部门决定，2014年9月在全国开展以“建设质量强国 助力"
                "民族复兴”为主题的“质量月”活动。现就有关事项通知如下：",
                "(一)开展质量宣传活动。9月1日在天津市举办全国“质量月”活动启动仪式，组织各地质监部门开展"
                "形式多样的质量宣传咨询活动。"]]),
    # a title wrapped before its document word
    ("国质检质联〔2014〕372号\n关于开展2014年全国“质量月”活动的\n通知\n",
     ["国质检质联〔2014〕372号", "关于开展2014年全国“质量月”活动的通知"]),
    ("桂市监发〔2019〕35号\n广西壮族自治区2019年“质量月”活动实施\n方案\n",
     ["桂市监发〔2019〕35号", "广西壮族自治区2019年“质量月”活动实施方案"]),
    ("關於開展2023年全國“品質月”活動的\n通知\n", ["关于开展2023年全国“质量月”活动的通知"]),
    ("一、活动主题\n通知\n", None),  # no campaign title before it
    # not wrapped: indented paragraphs, a slogan list of equal lines, short lines
    ("　　第一段，质检总局决定开展质量月活动，各地要认真组织。\n　　第二段，各地要认真组织，"
     "务求实效。\n", None),
    ("深入实施质量提升行动 大力推进质量强国建设\n弘扬工匠精神 打造质量品牌 推动质量变革\n"
     "人人关注质量 人人创造质量 人人享受质量\n提升供给质量 建设质量强国 共创美好生活\n", None),
    ("一、活动主题\n二、活动时间\n三、活动内容\n", None),
]
_WRAPPED_LINES = UNWRAP[0][1]
UNWRAP += [
    # every line of the PDF a paragraph of its own: the blank lines between are line breaks
    (_WRAPPED.replace("\n", "\n\n"), _WRAPPED_LINES),
    # lines side by side: a blank line is a paragraph break, even after a full line
    (_WRAPPED.replace("现就有关事项通知如下：\n", "现就有关事项通知如下：\n\n").replace(
        "形式多样的质量宣传咨询活\n", "形式多样的质量宣传咨询活\n\n"),
     [_WRAPPED_LINES[0], _WRAPPED_LINES[1][:-2], "动。"]),
]


@pytest.mark.parametrize(("text", "lines"), UNWRAP)
def test_soft_line_breaks_of_a_pdf_copy_are_deleted(text: str, lines: list[str] | None) -> None:
    doc = document_from_text(text, "p.txt")
    got = [ln for ln in doc.text.split("\n") if ln.strip()]
    assert got == (lines if lines is not None else [ln for ln in fold_width(text).split("\n")
                                                     if ln.strip()])
    s, e = doc.offsets.to_original(0, len(doc.text))
    assert doc.original[s:e].strip() == text.strip()


_FULL_LINE = "各地要认真组织开展质量宣传活动，切实提高全民质量意识和"  # 24 wide, as the breaks below


@pytest.mark.parametrize(("here", "there"), [
    # a wrapped line may start with a date: only a date alone on its line is a signing date
    ("经国家质检总局、工业和信息化部等七部门研究决定，", "2010年9月继续在全国开展“质量月”活动。"),
    # digits need no space: a year broken across two lines
    ("市场监管总局等十七个部门决定，各地要认真组织，20", "24年9月在全国开展“质量月”活动。"),
    # a space inside a title (《中共中央 国务院…》) is no row of words set apart
    ("为深入贯彻落实《中共中央 国务院关于质量工作的指导", "意见》，各地要认真组织开展质量宣传。"),
    # a break right after the space between a slogan's halves, the space ending the line or
    # starting the next one inside the open quote
    ("经国家质检总局等八部门研究决定，2008年开展以“讲诚信　", "保质量　迎奥运”为主题的“质量月”活动。"),
    ("各地要广泛开展“提高质量　迎接新世纪”、“质量兴国", "　人人有责”等宣传口号的宣传活动。"),
    # a Latin letter beside Chinese needs no space; a middle dot, a stop cannot start a line
    ("以“推进质量管理”为主题的全国质量管理小组和各级QC", "小组成果发布会。"),
    ("国务院国资委、国家质检总局联合组织部分中央企业开展“质量", "·品牌·责任”系列宣传活动，各地要认真组织。"),
    ("开展食品质量安全专项整治，严厉打击制售假冒伪劣食品", "。"),
    # spaces after a colon are inside an unquoted slogan, not between the words of a row
    ("活动宣传口号：质量第一 效益优先；全面提升质量 推", "动高质量发展；人人关心质量 人人创造质量。"),
])
def test_a_line_broken_mid_sentence_is_joined(here: str, there: str) -> None:
    text = "\n".join([_FULL_LINE] * 4 + [here, there]) + "\n"
    doc = document_from_text(text, "p.txt")
    assert fold_width(here + there) in doc.text


@pytest.mark.parametrize(("here", "there"), [
    # two spaces indent a paragraph; one space starts a line outside a quote (a row of names)
    ("经国家质检总局等八部门研究决定，2008年开展以“讲诚信　", "　保质量　迎奥运”为主题的“质量月”活动。"),
    ("各地要广泛开展“提高质量　迎接新世纪”、“质量兴国”", "　人人有责等宣传口号的宣传活动。"),
    # a row of names set apart by spaces, at full width by chance
    ("国家质量监督检验检疫总局　国家发展和改革委员会　工业和信息化", "部　商务部"),
    # a notice's title at full width ends its line (a page with a <p> per line has no
    # blank line after it to say so)
    ("质检总局等六部门关于开展2013年全国“质量月”活动的通知", "国质检质联〔2013〕372号"),
    ("市场监管总局等5部门关于开展2018年全国“质量月”活动的通知", "各省、自治区、直辖市工商、质监局："),
    # a line of a list aligned under 附件：, deeper than a paragraph's indent
    ("　　　　　2.2017年全国“质量月”重点活动安排表", "国家质量监督检验检疫总局"),
])
def test_a_real_break_is_kept(here: str, there: str) -> None:
    text = "\n".join([_FULL_LINE] * 4 + [here, there]) + "\n"
    doc = document_from_text(text, "p.txt")
    assert fold_width(here + "\n" + there) in doc.text


def test_a_paragraph_indent_counts_in_the_width_of_its_first_line() -> None:
    """A PDF's first line of a paragraph is two characters shorter than the others, and the
    ideographic spaces that indent it became half-width ones when the text was folded."""
    first = "　　2002年是我国加入世界贸易组织后的第一年，为进一步提"
    text = "\n".join([first, _FULL_LINE, "意识。", first, "高产品质量。", first,
                      "高服务质量。"]) + "\n"
    doc = document_from_text(text, "p.txt")
    assert fold_width(first + "高产品质量。") in doc.text


def test_a_pdf_set_as_a_web_page_with_a_paragraph_per_line_is_unwrapped() -> None:
    page = ("<html><body>\n" + "".join(f"<p>{ln}</p>\n" for ln in _WRAPPED.splitlines())
            + "</body></html>\n")
    doc = document_from_text(page, "p.html")
    assert [ln for ln in doc.text.split("\n") if ln.strip()] == _WRAPPED_LINES
    at = doc.text.index("国家发展改革委")
    s, e = doc.offsets.to_original(at, at + len("国家发展改革委"))
    assert doc.original[s:e] == "国家发展改革</p>\n<p>委"  # a name across two paragraphs


_FLAT = ("长兴县2017年“质量月”活动实施方案 各乡镇人民政府、街道办事处，县级各部门：根据国家质检总局等部门"
         "《关于开展2017年全国“质量月”活动的通知》和湖州市有关要求，结合我县实际，制定本方案。一、活动主题"
         "追求卓越质量　建设质量强国二、活动时间2017年9月1日至30日三、主要活动（一）举办全县“质量月”活动"
         "启动仪式。9月4日在县行政中心广场举行。（二）开展“计量惠民”活动。四、工作要求各单位要于10月20日前"
         "将活动总结报送县市场监管局。长兴县人民政府办公室 2017年8月25日\n")


def test_a_flattened_text_gets_its_line_breaks_back() -> None:
    """Every line break lost (county_2017_heading_lost): breaks go back after the title and
    the addressee, before each numbered heading and item and before the signature and its
    date, and spans still map onto the original."""
    doc = document_from_text(_FLAT, "flat.txt")
    lines = [ln for ln in doc.text.split("\n") if ln.strip()]
    assert lines[0] == "长兴县2017年“质量月”活动实施方案"
    assert lines[1] == "各乡镇人民政府、街道办事处,县级各部门:"
    assert [ln[:2] for ln in lines if re.match(r"^(?:[一二三四]、|\([一二]\))", ln)] == [
        "一、", "二、", "三、", "(一", "(二", "四、"]
    assert lines[-2:] == ["长兴县人民政府办公室", "2017年8月25日"]
    for word in ("活动主题追求卓越质量", "二、活动时间", "(二)开展", "2017年8月25日"):
        at = doc.text.index(word)
        s, e = doc.offsets.to_original(at, at + len(word))
        assert fold_width(doc.original[s:e]) == word


def test_a_long_line_without_numbered_headings_in_sequence_is_kept() -> None:
    line = ("各地要统一、规范开展“质量月”活动，" * 12) + "二、活动时间。"
    assert document_from_text(line, "p.txt").text.count("\n") == line.count("\n")


@pytest.mark.parametrize(("raw", "folded"), [
    # single quotes as the only quotes become double ones (themes and slogans read those)
    ("主题为‘建设质量强国 共创美好生活’。", "主题为“建设质量强国 共创美好生活”。"),
    ("公布了‘质量第一 效益优先’‘弘扬工匠精神 推动品质革命’等十条宣传口号。",
     "公布了“质量第一 效益优先”“弘扬工匠精神 推动品质革命”等十条宣传口号。"),
    # nested in double quotes they stay (seed 004: “发挥‘质量月’活动的平台影响力…”)
    ("要求“发挥‘质量月’活动的平台影响力”。", "要求“发挥‘质量月’活动的平台影响力”。"),
    ("他说：“要开展‘质量月’活动", "他说:“要开展‘质量月’活动"),
])
def test_single_quotes_used_alone_are_folded_to_double(raw: str, folded: str) -> None:
    doc = document_from_text(raw, "q.txt")
    assert doc.text == folded
    assert len(doc.text) == len(doc.original)



@pytest.mark.parametrize(("raw", "folded"), [
    # a PDF whose font drew common characters with Kangxi radical glyphs (U+2F00–U+2FD5)
    ("2017年全国“质量⽉”活动于9⽉1⽇启动，⼀、活动主题", "2017年全国“质量月”活动于9月1日启动,一、活动主题"),
    ("省局各处室、直属单位要⾼度重视，认真贯彻执⾏", "省局各处室、直属单位要高度重视,认真贯彻执行"),
    # and with simplified forms of the CJK radicals supplement (U+2E80–U+2EF3)
    ("国家质检总局等部⻔，⻓期坚持，⻅效", "国家质检总局等部门,长期坚持,见效"),
    # a radical that is no whole character stays (⺡ is the water radical, not 水)
    ("⺡", "⺡"),
    # 〝〞 quotes read as “”
    ("主题为〝提升供给质量 建设质量强国〟。", "主题为“提升供给质量 建设质量强国”。"),
])
def test_radical_glyphs_and_other_quote_forms_are_folded(raw: str, folded: str) -> None:
    doc = document_from_text(raw, "r.txt")
    assert doc.text == folded
    assert len(doc.text) == len(doc.original)



def test_entities_of_a_plain_text_export_are_decoded() -> None:
    raw = ("无锡市启动2019年&ldquo;质量月&rdquo;活动\n&nbsp;&nbsp;以&ldquo;不忘初心&nbsp;牢记使命"
           "&#8221;为主题，开展&#x8D28;量开放日&hellip;&amp;&foo;")
    doc = document_from_text(raw, "e.txt")
    assert doc.text == ("无锡市启动2019年“质量月”活动\n  以“不忘初心 牢记使命”为主题,开展质量开放日…&&foo;")
    # spans map back to the entity-laden original
    i = doc.text.index("质量开放日")
    s, e = doc.offsets.to_original(i, i + 5)
    assert doc.original[s:e] == "&#x8D28;量开放日"
    i = doc.text.index("质量月")
    s, e = doc.offsets.to_original(i, i + 3)
    assert doc.original[s:e] == "质量月"
    # a text without entities is left alone, & and all
    assert document_from_text("质量&效益", "e.txt").text == "质量&效益"



@pytest.mark.parametrize(("raw", "text"), [
    # a PDF's letter-spaced title and heading close up
    ("关 于 开 展 2 0 1 9 年 全 国 “ 质 量 月 ” 活 动 的 通 知\n各有关单位：",
     "关于开展2019年全国“质量月”活动的通知\n各有关单位:"),
    ("通  知\n\n一 、 活 动 主 题\n", "通  知\n\n一、活动主题\n"),
    # a slogan's words, a row of names, English stay apart
    ("质量第一 效益优先 质量强国 共创美好", "质量第一 效益优先 质量强国 共创美好"),
    ("a b c d e f g", "a b c d e f g"),
])
def test_letter_spaced_lines_close_up(raw: str, text: str) -> None:
    doc = document_from_text(raw, "s.txt")
    assert doc.text == text
    i = doc.text.find("活动")
    if i >= 0:
        s, e = doc.offsets.to_original(i, i + 2)
        assert doc.original[s:e].replace(" ", "") == "活动"


# seed file, lines blanked (as in full_text), lines that must survive
SEED_BOILERPLATE = [
    ("000_cbab8e509c3710f2.txt", [], []),
    ("001_b059c4d871c65088.txt",
     ["分析测试百科网", "搜索", "喜欢作者", "微信支付微信支付", "×", "文章推荐"],
     ["全国“质量月”活动进入了中期阶段", "2011.9.21"]),
    ("002_fa8156dfdbee46d5.txt",
     ["网站首页 工作范例 办公范例 个人范例 党团范例 简历范例 学生范例 其他范例 专题范例",
      "栏目: 策划方案 / 发布于: / 人气:2.97W", "Tags:方案"],
     ["全国质量月活动方案", "二、活动主题", "提升供给质量 建设质量强国"]),
    ("003_24e59343c5fd224e.txt", [],
     [" 国务院国有资产监督管理委员会", "中华全国总工会", "国质检质联〔2010〕351号",
      "附件:2010年全国“质量月”活动宣传口号", "  抓质量水平提升 促发展方式转变"]),
    ("004_2720b4f00ac9ca5b.txt", [], ["2021年全国“质量月”活动口号:"]),
]


@pytest.mark.parametrize(("name", "blanked", "kept"), SEED_BOILERPLATE,
                         ids=[r[0][:3] for r in SEED_BOILERPLATE])
def test_seed_boilerplate(name: str, blanked: list[str], kept: list[str]) -> None:
    doc = load_document(NOTICES / name, name)
    pairs = list(zip(doc.full_text.split("\n"), doc.text.split("\n"), strict=False))
    assert sorted(full for full, text in pairs if full != text) == sorted(blanked)
    assert all(text.strip() == "" for full, text in pairs if full != text)
    for line in kept:
        assert line in doc.text.split("\n"), line


# -- documents ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", SEEDS)
def test_seed_document_fields(name: str) -> None:
    doc = load_document(NOTICES / name, name)
    assert isinstance(doc, Document)
    assert doc.source == name and doc.encoding == "utf-8"
    assert doc.key == hashlib.sha256(doc.full_text.encode("utf-8")).hexdigest()[:16]
    assert len(doc.text) == len(doc.full_text)
    assert doc.original == (NOTICES / name).read_text(encoding="utf-8")
    assert not re.search("[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+[)）]", doc.text)


SEED_SCRIPTS = ["traditional", "simplified", "traditional", "simplified", "traditional"]


@pytest.mark.parametrize(("name", "script"), list(zip(SEEDS, SEED_SCRIPTS, strict=False)))
def test_seed_scripts(name: str, script: str) -> None:
    assert load_document(NOTICES / name, name).script == script


def test_seed_conversions() -> None:
    doc = load_document(NOTICES / SEEDS[2], SEEDS[2])
    for phrase in ["智能马桶盖", "智能手机", "发布一批社会关注的质量信息", "信息网络",
                   "打造高品质的消费品品牌", "增品种、提品质、创品牌", "自我声明公开"]:
        assert phrase in doc.text, phrase
    doc = load_document(NOTICES / SEEDS[4], SEEDS[4])
    for phrase in ["推动高质量发展 共享高品质生活", "弘扬工匠精神 推动品质革命",
                   "增强质量服务效能", "国家核心竞争力", "互动性强"]:
        assert phrase in doc.text, phrase


def test_key_is_stable_across_encodings() -> None:
    text = (NOTICES / SEEDS[3]).read_text(encoding="utf-8")
    from kg.text import document_from_bytes

    encodings = ("utf-8", "gb18030", "utf-16")
    keys = {document_from_bytes(text.encode(enc), "x").key for enc in encodings}
    assert len(keys) == 1


def test_html_page_is_stripped_and_mapped() -> None:
    page = ('<!DOCTYPE html><html><head><title>通知 - 质检总局</title>'
            '<script>var a = "<p>x</p>";</script><style>p {color: red}</style></head><body>'
            '<div class="nav">首页 | 新闻 | 政策 | 公告</div>'
            '<p>为贯彻落实&ldquo;质量月&rdquo;活动，2010年9月继续在全国开展&quot;质量月&quot;活动。</p>'
            '<p>二、活动主题<br>抓质量水平提升&#12288;促发展方式转变</p><!-- x -->'
            '<div>版权所有 &copy; 国家质量监督检验检疫总局</div></body></html>')
    doc = document_from_text(page, "p.html")
    assert "<" not in doc.full_text and "var a" not in doc.full_text
    assert "为贯彻落实“质量月”活动,2010年9月继续在全国开展\"质量月\"活动。" in doc.text
    assert "\n抓质量水平提升 促发展方式转变" in doc.text
    assert "首页" not in doc.text and "版权所有" not in doc.text
    i = doc.text.index("“质量月”")
    assert doc.quote(Span(i, i + 5))[2] == "&ldquo;质量月&rdquo;"
    i = doc.text.index("促发展")
    assert doc.quote(Span(i - 2, i + 3))[2] == "升&#12288;促发展"


# -- offsets -----------------------------------------------------------------------------

def _fragment_normaliser(doc: Document):
    """Normalise a piece of ``doc.original`` the way the whole document was normalised."""
    folded = fold_width(doc.original)
    pattern = deletion_pattern(folded)
    converted = to_simplified(strip_text(folded, pattern), doc.script)[0]
    modes = phrase_fixes().modes(converted)

    def run(fragment: str) -> str:
        text = strip_text(fold_width(fragment), pattern).replace("\r", "\n")
        text = to_simplified(text, doc.script)[0]
        return phrase_fixes().apply(text, modes)[0]

    return run


@pytest.mark.parametrize("name", SEEDS)
def test_offsets_map_clauses_to_their_source(name: str) -> None:
    doc = load_document(NOTICES / name, name)
    run = _fragment_normaliser(doc)
    clauses = list(re.finditer(r"[^,，。、;；:：\n“”《》()]+", doc.full_text))
    assert len(clauses) > 100
    for m in clauses:
        s, e = doc.offsets.to_original(*m.span())
        assert run(doc.original[s:e]) == m.group(), (m.group(), doc.original[s:e])


@pytest.mark.parametrize("name", SEEDS)
def test_offsets_of_random_spans(name: str) -> None:
    doc = load_document(NOTICES / name, name)
    run = _fragment_normaliser(doc)
    rng = random.Random(name)
    n = len(doc.text)
    previous = (0, 0)
    for start in sorted(rng.randrange(n) for _ in range(400)):
        end = min(n, start + rng.randrange(1, 40))
        s, e = doc.offsets.to_original(start, end)
        assert 0 <= s <= e <= len(doc.original)
        assert (s >= previous[0] and e >= previous[1]) or end < previous[1]
        previous = (s, e)
        # Converted alone, a fragment cut through a phrase may convert differently
        # (显著 → 著 alone gives 着); allow that, nothing else.
        got, want = run(doc.original[s:e]), doc.full_text[start:end]
        assert len(got) == len(want)
        diff = [(a, b) for a, b in zip(got, want, strict=False) if a != b]
        assert len(diff) <= 2 and all(_CJK.match(a) and _CJK.match(b) for a, b in diff), \
            (got, want)


# (original, normalised span text, expected original quote)
OFFSETS = [
    ("國(guó)家質(zhì)檢總局", "国家", "國(guó)家"),
    ("國(guó)家質(zhì)檢總局", "家", "家"),
    ("國(guó)家質(zhì)檢總局", "国", "國"),
    ("國(guó)家質(zhì)檢總局", "质检总局", "質(zhì)檢總局"),
    ("中國(zhong1 guo2)質量月", "中国质量", "中國(zhong1 guo2)質量"),
    ("我們使用網際網路和智慧型手機釋出資訊。", "互联网", "網際網路"),
    ("我們使用網際網路和智慧型手機釋出資訊。", "智能手机", "智慧型手機"),
    ("我們使用網際網路和智慧型手機釋出資訊。", "和智能手机发布", "和智慧型手機釋出"),
    ("我們使用網際網路和智慧型手機釋出資訊。", "信息。", "資訊。"),
    ("我們使用網際網路和智慧型手機釋出資訊。", "联网", "網際網路"),
    ("行业\u200b协会\r\n质量月", "协会\n质量月", "协会\r\n质量月"),
    ("抓质量水平提升　促发展方式转变", "提升 促发展", "提升　促发展"),
]


@pytest.mark.parametrize(("original", "span_text", "quote"), OFFSETS)
def test_offsets_of_edits(original: str, span_text: str, quote: str) -> None:
    doc = document_from_text(original, "o.txt")
    start = doc.text.index(span_text)
    assert doc.quote(Span(start, start + len(span_text)))[2] == quote


def test_offsets_reject_spans_outside_the_text() -> None:
    doc = document_from_text("质量月", "o.txt")
    with pytest.raises(ValueError):
        doc.offsets.to_original(0, 4)


def test_normalise_returns_equal_lengths() -> None:
    norm = normalise("網站首頁 工作範例 辦公範例 個人範例\n" + RUNNING)
    assert len(norm.text) == len(norm.full_text) == norm.offsets.length
