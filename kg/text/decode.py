"""Bytes → text: encodings, binary files, mojibake.

:func:`decode_bytes` tries, in order: a BOM (UTF-8, UTF-16/32 LE/BE); binary signatures and
NUL bytes (UTF-16/32 without BOM when the NULs fall on alternate bytes, otherwise binary);
strict UTF-8; then GB18030, Big5 (cp950) and BOM-less UTF-16, keeping the decoding whose
characters are most often common Chinese characters (plus a bonus for the charset an HTML
page declares). The text is then checked for mojibake: UTF-8 read as Latin-1/cp1252
(``å…¨å›½`` → ``全国``) is repaired run by run; UTF-8 read as GBK or Big5 (``鍏ㄥ浗``), and
GBK read as Latin-1 (``¹ú¼Ò``), are repaired for the whole text when that makes the common
character rate jump. Repairs are reported as warnings.
"""

from __future__ import annotations

import codecs
import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from kg.errors import InputError

# The most frequent simplified Chinese characters (general frequency lists, plus the
# vocabulary of quality-campaign notices). Traditional forms are added at run time from
# OpenCC, so the same list scores Big5 text. Only used to rank candidate decodings.
COMMON_SIMPLIFIED = (
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下"
    "自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部"
    "其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又"
    "关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯"
    "月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入"
    "几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管"
    "期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像"
    "难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今"
    "切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令"
    "准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚"
    "请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早"
    "曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽"
    "推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴"
    "例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻"
    "父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普"
    "怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险"
    "待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策"
    "演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压"
    "银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛"
    "托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮"
    "露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋"
    "画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸"
    "予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒"
    "烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇"
    "肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸"
    "扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸"
    "毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊"
    "吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵硬麦蒋操耶阻订"
    "彩抽赞魔纷沿喊违妹浪汇币丰蓝殊献桌啦瓦莱援译夺汽烧距裁偏符勇触课敬哭懂墙袭召罚侠厅拜"
    "巧侧韩冒债曼融惯享戴童犹乘挂奖绍厚纵障讯涉彻刊丈爆乌役描洗玛患妙镜唱烦签仙彼弗症仿倾"
    "牌陷鸟轰咱菜闭奋庆撤泪茶疾缘播朗杜奶季丹狗尾仪偷奔珠虫驻孔宜艾桥淡翼恨繁寒伴叹旦愈潮"
    "粮缩罢聚径恰挑袋灰捕徐珍幕映裂泰隔启尖忠累炎暂估泛荒偿横拒瑞忆孤鼻闹羊呆厉衡胞零穷舍"
    "码赫婆魂灾洪腿胆津俗辩胸晓劲贫仁偶辑邦恢赖圈摸仰润堆碰艇稍迟辆废净凶署壁御奉旋冬矿抬"
    "质量月检验检疫监督总局工业信息化住房城乡建设国务院资产委员会广播电影电视旅游中华全国"
    "工商业联合会总工会共青团央部门通知活动宣传口号主题举办开展企业品牌服务标准诚信提升"
)

_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX)"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office (OLE) document"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", "executable"),
    (b"{\\rtf", "RTF document"),
    (b"RIFF", "RIFF media file"),
    (b"BM", "BMP image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Share of characters that may be lost (U+FFFD) in an otherwise good decoding.
MAX_LOSS = 0.005
SCORE_SAMPLE = 5_000

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{_CJK}]")
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_-]{2,20})""", re.I)
_CHARSET_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030",
    "big5": "cp950", "big5-hkscs": "big5hkscs", "cp950": "cp950",
    "utf-8": "utf-8", "utf8": "utf-8",
}


@dataclass
class Decoded:
    """The result of decoding: text, the encoding used, and notes for the user."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


@cache
def common_re() -> re.Pattern[str]:
    """Regex of common Chinese characters, simplified and traditional."""
    from kg.text.convert import char_tables

    chars = set(COMMON_SIMPLIFIED)
    chars.update(chr(t) for t, s in char_tables().fold.items() if s in chars)
    return re.compile("[" + "".join(sorted(chars)) + "]")


def common_rate(text: str) -> tuple[float, int]:
    """Share of CJK characters that are common ones, and the number of CJK characters."""
    sample = text[:SCORE_SAMPLE]
    cjk = len(_CJK_RE.findall(sample))
    if not cjk:
        return 0.0, 0
    return len(common_re().findall(sample)) / cjk, cjk


def _score(text: str) -> float:
    """How plausible a decoding is: common CJK characters good, odd characters bad."""
    sample = text[:SCORE_SAMPLE]
    n = max(1, len(sample))
    rate, cjk = common_rate(sample)
    bad = sample.count("\ufffd") + len(_CONTROL_RE.findall(sample)) \
        + len(re.findall("[\ue000-\uf8ff]", sample))
    if not cjk:
        ascii_share = len(re.findall(r"[\x09\x0a\x0d\x20-\x7e]", sample)) / n
        return ascii_share * 0.5 - 5 * bad / n
    return rate * (cjk / n) ** 0.25 - 5 * bad / n


def _try(data: bytes, codec: str) -> tuple[str, int] | None:
    """Decode strictly, else with replacement if little is lost; (text, lost) or None."""
    try:
        return data.decode(codec), 0
    except UnicodeDecodeError:
        pass
    except LookupError:  # pragma: no cover
        return None
    text = data.decode(codec, errors="replace")
    lost = text.count("\ufffd")
    if lost <= max(1, MAX_LOSS * len(text)):
        return text, lost
    return None


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            if magic in (b"MZ", b"BM", b"RIFF") and not _has_nul(data[:512]):
                continue  # short magics: only binary if NULs confirm it
            return kind
    return None


def _has_nul(data: bytes) -> bool:
    return b"\x00" in data


def _utf16_candidates(data: bytes) -> list[str]:
    """UTF-16/32 encodings ``data`` may be in, given that it has NUL bytes.

    ASCII characters put their NULs on alternate bytes, but CJK text has few of them and
    U+xx00 characters put NULs on the other side, so both byte orders are candidates and
    the scoring decides.
    """
    out = []
    if len(data) % 4 == 0:
        quads = [data[i:20000:4] for i in range(4)]
        if quads[3].count(0) >= 0.95 * len(quads[3]):
            out.append("utf-32-le")
        if quads[0].count(0) >= 0.95 * len(quads[0]):
            out.append("utf-32-be")
    if len(data) % 2 == 0:
        out += ["utf-16-le", "utf-16-be"]
    return out


def _plausible(text: str) -> bool:
    """Whether a decoding looks like text: common Chinese or mostly printable ASCII."""
    rate, cjk = common_rate(text)
    if cjk and rate >= (0.3 if cjk >= 10 else 0.5):
        return True
    sample = text[:SCORE_SAMPLE]
    printable = len(re.findall(r"[\x09\x0a\x0d\x20-\x7e]", sample))
    return printable >= 0.8 * max(1, len(sample)) and not _CONTROL_RE.search(sample)


def _declared_charset(data: bytes) -> str | None:
    m = _CHARSET_RE.search(data[:4096])
    if m is None:
        return None
    return _CHARSET_ALIASES.get(m.group(1).decode("ascii", "replace").lower())


def decode(data: bytes) -> Decoded:
    """Decode ``data``; see the module docstring. Raises :class:`InputError` (no file name)."""
    if not data:
        raise InputError("empty file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            got = _try(data, codec)
            if got is None:
                raise InputError(f"starts with a {codec} byte order mark but does not decode")
            text, lost = got
            name = "utf-8" if codec == "utf-8-sig" else codec
            return _finish(text, name, lost)
    kind = _binary_kind(data)
    if kind:
        raise InputError(f"binary file ({kind}), not text")
    if _has_nul(data):
        best: tuple[float, str, str, int] | None = None
        for codec in _utf16_candidates(data):
            got = _try(data, codec)
            if got is not None:
                score = _score(got[0])
                if best is None or score > best[0]:
                    best = (score, codec, got[0], got[1])
        if best is None or not _plausible(best[2]):
            raise InputError("binary file (contains NUL bytes), not text")
        return _finish(best[2], best[1], best[3])
    try:
        return _finish(data.decode("utf-8"), "utf-8", 0)
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    candidates = ["gb18030", "cp950", "big5hkscs", "cp1252"]
    if len(data) % 2 == 0:
        candidates += ["utf-16-le", "utf-16-be"]
    if declared in candidates:
        candidates.remove(declared)
        candidates.insert(0, declared)
    ranked: list[tuple[float, str, str, int]] = []
    for codec in [*candidates, "utf-8"]:
        got = _try(data, codec)
        if got is None:
            continue
        text, lost = got
        rate, cjk = common_rate(text)
        if not lost and cjk >= 20 and rate >= 0.7:
            return _finish(text, codec, lost)  # unmistakable: no need to try the others
        score = _score(text) + (0.2 if codec == declared else 0.0)
        if codec == "utf-8":
            score -= 0.1  # lossy UTF-8 only wins when nothing else fits
        ranked.append((score, codec, text, lost))
    ranked = [r for r in ranked if _plausible(r[2])]
    if not ranked:
        raise InputError("cannot decode the text (tried UTF-8, UTF-16, GB18030, Big5 and "
                         "cp1252; none gives readable text)")
    score, codec, text, lost = max(ranked, key=lambda r: r[0])
    return _finish(text, codec, lost)


def _finish(text: str, encoding: str, lost: int) -> Decoded:
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError("file has no text (empty or only whitespace)")
    sample = text[:20000]
    if _control_count(sample) > 0.05 * len(sample):
        raise InputError("binary file (mostly control characters), not text")
    warnings = []
    if lost:
        warnings.append(f"{lost} undecodable byte sequence(s) replaced by U+FFFD ({encoding})")
    text, note = repair_mojibake(text)
    if note:
        warnings.append(note)
    return Decoded(text, encoding, warnings)


# A text whose Chinese is more than this share U+FFFD lost it in a lossy decoding before kg
# read it (UTF-8 read as Big5 with errors='replace'); nothing can bring it back.
LOST_SHARE = 0.2
LOST_AT_LEAST = 5


def lost_characters_warning(text: str) -> str | None:
    """The warning for a text that is largely U+FFFD, or ``None``.

    Counted over the characters that are CJK or U+FFFD (ASCII, digits and punctuation
    survive such a decoding, so they would hide the loss).
    """
    lost = text.count("\ufffd")
    if lost < LOST_AT_LEAST:
        return None
    total = lost + len(_CJK_RE.findall(text))
    if lost <= LOST_SHARE * total:
        return None
    return (f"characters lost in decoding: {lost} of {total} Chinese characters are U+FFFD "
            "(a decoding with the wrong encoding replaced their bytes, e.g. UTF-8 read as "
            "Big5); they cannot be repaired, and facts in them are missing")


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r\x0b\x0c\x1b"


def _control_count(text: str) -> int:
    """Number of ASCII control characters (other than tab, line breaks, form feed, ESC)."""
    # through bytes.translate: a regex class over every character is 20x slower
    return len(text.encode("ascii", "ignore").translate(None, _PRINTABLE_ASCII))


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Text and encoding name of ``data`` (see :func:`decode`).

    Raises:
        InputError: empty, binary or undecodable input.
    """
    decoded = decode(data)
    return decoded.text, decoded.encoding


# -- mojibake ----------------------------------------------------------------------------

# cp1252 bytes 0x80-0x9f that map to other code points; the rest of 0x80-0xff are Latin-1.
_CP1252_SPECIAL = {ch: bytes([b]) for b in range(0x80, 0xA0)
                   if (ch := bytes([b]).decode("cp1252", errors="ignore"))}
_LATIN_CLASS = "\u0080-\u00ff" + "".join(_CP1252_SPECIAL)
_LATIN_RUN = re.compile(f"[{_LATIN_CLASS}][{_LATIN_CLASS}\ufffd]+")
_LATIN_TABLE = {ord(ch): b[0] for ch, b in _CP1252_SPECIAL.items()}
_LATIN_HINT = re.compile(f"[\u00c2-\u00f4][\u0080-\u00bf\ufffd{''.join(_CP1252_SPECIAL)}]")


def _latin_bytes(run: str) -> bytes:
    """The bytes a Latin-1/cp1252 reading turned into ``run`` (ValueError if none)."""
    return bytes(_LATIN_TABLE.get(ord(ch), ord(ch)) for ch in run)


def _utf8_length(lead: int) -> int:
    if 0xC2 <= lead < 0xE0:
        return 2
    if 0xE0 <= lead < 0xF0:
        return 3
    if 0xF0 <= lead < 0xF5:
        return 4
    raise ValueError("not a UTF-8 lead byte")


def _decode_latin_run(run: str) -> str:
    """Decode a run of UTF-8 read as cp1252; a character with a lost byte becomes U+FFFD.

    (A strict cp1252 reading loses the five bytes cp1252 leaves undefined; which one it
    was cannot be told reliably, so the character is marked lost rather than guessed.)
    """
    if "\ufffd" not in run:
        return _latin_bytes(run).decode("utf-8")
    codes = [-1 if ch == "\ufffd" else _LATIN_TABLE.get(ord(ch), ord(ch)) for ch in run]
    out = []
    i = 0
    while i < len(codes):
        n = _utf8_length(codes[i])
        seq = codes[i:i + n]
        if len(seq) < n or any(0 <= b < 0x80 or b > 0xBF for b in seq[1:]):
            raise ValueError("not UTF-8")
        out.append("\ufffd" if -1 in seq else bytes(seq).decode("utf-8"))
        i += n
    return "".join(out)


def _repair_latin_runs(text: str) -> tuple[str, int]:
    """Repair runs of UTF-8 read as Latin-1/cp1252 that decode to CJK text."""
    count = 0

    def fix(m: re.Match[str]) -> str:
        nonlocal count
        run = m.group()
        try:
            fixed = _decode_latin_run(run)
        except ValueError:  # includes UnicodeDecodeError
            return run
        if not any(ord(ch) >= 0x2000 for ch in fixed):
            return run
        count += 1
        return fixed

    return _LATIN_RUN.sub(fix, text), count


_LOST_RUN = re.compile("\ufffd{2,}")
_CJK_OR_HIGH = re.compile(f"[{_CJK}\u00a1-\u00ff]")
_WHOLE_REPAIRS: tuple[tuple[str, str], ...] = (
    ("gb18030", "utf-8"),
    ("cp950", "utf-8"),
    ("latin-1", "gb18030"),
    ("latin-1", "cp950"),
)


def _encode_as(text: str, wrong: str) -> bytes | None:
    """The bytes ``text`` had if it was decoded with the ``wrong`` codec."""
    if wrong == "latin-1":
        try:
            return _latin_bytes(text)
        except ValueError:  # a character no single-byte reading produces
            return None
    # A character the wrong reading could not decode is lost; 0xFF keeps it lost.
    return b"\xff".join(part.encode(wrong, errors="replace") for part in text.split("\ufffd"))


def _suspect(text: str) -> bool:
    """Cheap test: does re-reading a sample of ``text`` give valid UTF-8/GB text?

    Genuine Chinese text re-encoded with the wrong codec is almost never valid in the
    right one, while mojibake mostly is; only then is the costly comparison run.
    """
    head = text[:2000]
    if sum(map(head.count, _EVERYDAY)) >= 3:
        return False
    start = _CJK_OR_HIGH.search(text)
    if start is None:
        return False
    sample = text[start.start():start.start() + 400]
    for wrong, right in _WHOLE_REPAIRS:
        raw = _encode_as(sample, wrong)
        if raw is None or raw == sample.encode(right, "replace"):
            continue
        back = raw.decode(right, errors="replace")
        if len(_CJK_RE.findall(back)) >= 10 and back.count("\ufffd") < 0.4 * len(back):
            return True
    return False


# Characters every Chinese text has a few of; mojibake almost never produces them.
_EVERYDAY = "的一是在了和国國年人中有"
_NOT_LATIN_LEAD = bytes(range(0xC2)) + bytes(range(0xF5, 0x100))


def _has_latin_lead(text: str) -> bool:
    """Whether ``text`` has a character that can start UTF-8 read as Latin-1 (Â-ô)."""
    return bool(text.encode("latin-1", "ignore").translate(None, _NOT_LATIN_LEAD))


# A byte the wrong reading lost: it stands as ? (or U+FFFD, encoded back as 0xFF).
_LOST_MARKS = (0x3F, 0xFF)
_FILL = "\U000F0000"  # placeholder of a recovered character while the context is read
# Digits, and the numerals of headings (一、), count as one: the data has 二、 more than 一、.
_CONTEXT_DIGIT = str.maketrans("0123456789０１２３４５６７８９一二三四五六七八九十",
                               "0" * 20 + "〇" * 10)


@cache
def _context_pairs() -> dict[str, int]:
    """Counts of adjacent pairs of characters in kg's reference data, ``data/*.yaml`` (digits
    as 0, numerals as 〇); ``data/wording.yaml`` is there for it. Not the notices: what one
    text decodes to must not depend on the others (nor on which were built before it)."""
    from kg.text.convert import DATA_DIR as root  # noqa: PLC0415  (only lossy mojibake needs it)

    pairs: Counter[str] = Counter()
    for path in sorted(root.glob("*.yaml")):
        words = path.read_text("utf-8", errors="ignore").translate(_CONTEXT_DIGIT)
        pairs.update(map("".join, zip(words, words[1:], strict=False)))
    return {p: n for p, n in pairs.items() if max(p) > "\u2000"}


def _candidates(raw: bytes, start: int) -> tuple[list[str], int, int] | None:
    """Characters a broken UTF-8 sequence at ``raw[start]`` may have been, if a lost byte
    (a mark) broke it: (candidates, bytes it spans, 1 if its lead is the mark before
    ``start``, else 0)."""
    back = int(0x80 <= raw[start] < 0xC0 and start > 0 and raw[start - 1] in _LOST_MARKS)
    if back:  # the lead itself was lost (?\x80\x9c for “)
        start -= 1
        tail = len(re.match(rb"[\x80-\xbf]{0,3}", raw[start + 1:]).group())
        length = 1 + tail
        leads = {2: range(0xC2, 0xE0), 3: range(0xE0, 0xF0), 4: range(0xF0, 0xF5)}[length]
    else:
        try:
            length = _utf8_length(raw[start])
        except ValueError:
            return None
        leads = range(0)
    seq = raw[start:start + length]
    slots = [i for i, b in enumerate(seq) if b in _LOST_MARKS and (i or back)]
    if len(seq) < length or not 0 < len(slots) <= 2 or any(
            not 0x80 <= b < 0xC0 for i, b in enumerate(seq) if i and i not in slots):
        return None
    options = [leads if i == 0 else range(0x80, 0xC0) for i in slots]
    out: list[str] = []
    for fill in itertools.product(*options):
        trial = bytearray(seq)
        for i, b in zip(slots, fill, strict=True):
            trial[i] = b
        try:
            out.append(bytes(trial).decode("utf-8"))
        except UnicodeDecodeError:
            continue
    return (out, length, back) if out else None


def _decode_filling(raw: bytes) -> tuple[str, int]:
    """UTF-8 that a GBK/Big5 reading garbled, recovering characters it lost a byte of.

    A GBK reading of UTF-8 loses a byte it cannot pair (市 e5 b8 82 before an ASCII 2
    becomes 甯?); the lost byte is one of 64 (or the lead one of 16), so the character is
    one of a few dozen. The one kept makes the pairs with its neighbours seen most often in
    kg's reference data (温州+市, 活+动 rather than 活+力), ties going to the more common
    character; with no such pair, the most common character or punctuation mark, else none
    (U+FFFD).
    """
    pieces: list[str] = []
    choices: list[list[str]] = []
    i, n = 0, len(raw)
    while i < n:
        j = i
        while j < n and raw[j] < 0x80:
            j += 1
        pieces.append(raw[i:j].decode("ascii"))
        if j >= n:
            break
        try:
            k = _utf8_length(raw[j])
            ch = raw[j:j + k].decode("utf-8")
            pieces.append(ch)
            i = j + k
            continue
        except (ValueError, UnicodeDecodeError):
            pass
        found = _candidates(raw, j)
        if found is None:
            pieces.append("\ufffd")
            i = j + 1
            continue
        options, length, back = found
        if back and pieces and pieces[-1].endswith(chr(raw[j - 1])):
            pieces[-1] = pieces[-1][:-1]
        pieces.append(_FILL)
        choices.append(options)
        i = j - back + length
    text = "".join(pieces)
    if not choices:
        return text, 0
    pairs = _context_pairs()
    rank = {ch: r for r, ch in enumerate(COMMON_SIMPLIFIED)}
    out: list[str] = []
    spots = iter(choices)
    for pos, ch in enumerate(text):
        if ch != _FILL:
            out.append(ch)
            continue
        prev = out[-1] if out else ""
        nxt = text[pos + 1:pos + 2] or "\n"  # the end of the text ends a line
        best, best_score = "\ufffd", 0.0
        for cand in next(spots):
            ctx = sum(math.log1p(pairs.get(p, 0)) for p in ((prev + cand).translate(_CONTEXT_DIGIT),
                                           (cand + nxt).translate(_CONTEXT_DIGIT))
                      if len(p) == 2)
            common = rank.get(cand)
            freq = 1 - common / len(COMMON_SIMPLIFIED) if common is not None else (
                0.5 if cand in _COMMON_PUNCT else 0.0)
            score = ctx + freq if (ctx or freq) else 0.0
            if score > best_score:
                best, best_score = cand, score
        out.append(best)
    return "".join(out), sum(ch != "\ufffd" for ch, _ in zip(out, text, strict=True)
                             if _ == _FILL)


_COMMON_PUNCT = "，。、；：？！“”‘’（）《》〔〕【】—…·"


def repair_mojibake(text: str) -> tuple[str, str | None]:
    """Repair mojibake if detected; return the text and a warning (or ``None``)."""
    if _has_latin_lead(text) and _LATIN_HINT.search(text):
        fixed, count = _repair_latin_runs(text)
        if count >= 2 or (count == 1 and len(fixed) < len(text) - 3):
            return fixed, f"mojibake repaired: {count} run(s) of UTF-8 read as Latin-1/cp1252"
    if not _suspect(text):
        return text, None
    rate, _cjk = common_rate(text)
    best: tuple[float, str, str] | None = None
    for wrong, right in _WHOLE_REPAIRS:
        raw = _encode_as(text, wrong)
        if raw is None:
            continue
        guessed = 0
        if right == "utf-8":
            fixed, guessed = _decode_filling(raw)
        else:
            fixed = raw.decode(right, errors="replace")
        fixed = _keep_sound_lines(text, _LOST_RUN.sub("\ufffd", fixed))
        lost = fixed.count("\ufffd")
        new_rate, new_cjk = common_rate(fixed)
        if new_cjk >= 10 and new_rate >= 0.6 and new_rate > rate + 0.3:
            if best is None or new_rate > best[0]:
                note = f"{right} read as {wrong}"
                if guessed > 0:
                    note += f", {guessed} character(s) with a lost byte told from context"
                if lost > 0:
                    note += f", {lost} character(s) lost"
                best = (new_rate, note, fixed)
    if best is None:
        return text, None
    return best[2], f"mojibake repaired: {best[1]}"


def _keep_sound_lines(text: str, fixed: str) -> str:
    """``fixed``, with the lines ``text`` had right kept as they were.

    A page may be garbled only in part (a title typed again above a pasted body); re-reading
    its sound lines garbles them (温州市2018年 → �2018�»�). A line break is the same byte in
    every reading, so the lines pair up; a line whose characters are as common as its
    re-reading's stays.
    """
    old, new = text.split("\n"), fixed.split("\n")
    if len(old) != len(new):
        return fixed
    out = []
    for a, b in zip(old, new, strict=True):
        rate_a, cjk_a = common_rate(a)
        rate_b, _ = common_rate(b)
        out.append(a if cjk_a and rate_a >= 0.9 and rate_a >= rate_b else b)
    return "\n".join(out)
