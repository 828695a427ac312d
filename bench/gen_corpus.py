"""A synthetic corpus of Quality Month notices for the scale benchmark.

``generate(n, out_dir, seed)`` writes ``n`` notices derived from the shipped ones in
``data/notices``. Each notice is one seed text with: another campaign year (1990-2025) in
the title, the document number and the dates; issuing departments and places sampled from
``data/departments.yaml`` / ``data/places.yaml`` (fixed lists when those are missing);
numbered activity items and long paragraphs reordered; a script (simplified, traditional
via OpenCC ``s2t`` or ``s2twp``), sometimes pinyin annotations ``國(guó)``; an encoding
(UTF-8, UTF-8 with BOM, GB18030 for simplified, Big5 for traditional when every character
fits, UTF-16 with BOM); sometimes site boilerplate lines.

Notice ``i`` depends only on ``(seed, i)``, so the corpus of 1,000 is the first 1,000 files
of the corpus of 10,000. A hidden ``.manifest.json`` (skipped by ``kg build``) records, per
file, the seed text, year, script, encoding and whether it has pinyin.

Usage: ``python bench/gen_corpus.py N OUT_DIR [--seed S]``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEEDS = DATA / "notices"
MANIFEST = ".manifest.json"

YEARS = range(1990, 2026)
SCRIPTS = (("simplified", 0.55), ("s2t", 0.20), ("s2twp", 0.25))
ENCODINGS = {  # by script kind: (encoding, weight); "native" = GB18030 or Big5
    "simplified": (("utf-8", 0.40), ("utf-8-sig", 0.15), ("gb18030", 0.25), ("utf-16", 0.20)),
    "traditional": (("utf-8", 0.40), ("utf-8-sig", 0.15), ("big5", 0.25), ("utf-16", 0.20)),
}
PINYIN_SHARE = 0.2  # of notices that get pinyin annotations
BOILERPLATE_SHARE = 0.4

# The campaign year each seed is about ("20xx" in the plan whose year is masked).
SEED_YEARS = {"000": "2011", "001": "2011", "002": "20xx", "003": "2010", "004": "2021"}

# Used when data/departments.yaml or data/places.yaml is not there (or unreadable).
FALLBACK_DEPARTMENTS = (  # (name, from, until)
    ("国家质量监督检验检疫总局", 2001, 2018), ("质检总局", 2001, 2018),
    ("国家市场监督管理总局", 2018, None), ("市场监管总局", 2018, None),
    ("国家技术监督局", 1988, 1998), ("国家质量技术监督局", 1998, 2001),
    ("国家经济贸易委员会", 1993, 2003), ("工业和信息化部", 2008, None), ("工信部", 2008, None),
    ("住房和城乡建设部", 2008, None), ("建设部", 1988, 2008),
    ("国务院国有资产监督管理委员会", 2003, None), ("国务院国资委", 2003, None),
    ("中华全国工商业联合会", None, None), ("中华全国总工会", None, None),
    ("共青团中央", None, None), ("国家发展和改革委员会", 2003, None), ("教育部", None, None),
    ("商务部", 2003, None), ("交通运输部", 2008, None), ("农业农村部", 2018, None),
    ("国家广播电影电视总局", 1998, 2013), ("国家旅游局", None, 2018),
    ("国家标准化管理委员会", 2001, None), ("国家认证认可监督管理委员会", 2001, 2018),
    ("中国质量协会", None, None), ("中国质量检验协会", None, None),
    ("中央宣传部", None, None), ("国家知识产权局", None, None),
)
FALLBACK_PLACES = (
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省",
    "上海市", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省",
    "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省", "云南省",
    "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区",
    "四川", "福建", "浙江", "河南", "苏州市", "德州市", "南京市", "南昌市", "永州市", "成都市",
    "武汉市", "青岛市", "深圳市", "厦门市", "大连市", "宁波市", "西安市", "昆明市",
)
# Common characters the seeds do not annotate (the seeds annotate traditional forms only).
EXTRA_PINYIN = {
    "全": "quán", "量": "liàng", "月": "yuè", "活": "huó", "年": "nián", "中": "zhōng",
    "品": "pǐn", "安": "ān", "工": "gōng", "作": "zuò", "企": "qǐ", "提": "tí", "升": "shēng",
    "主": "zhǔ", "题": "tí", "部": "bù", "门": "mén", "通": "tōng", "知": "zhī",
    "省": "shěng", "市": "shì", "管": "guǎn", "理": "lǐ", "标": "biāo", "准": "zhǔn",
}
BOILERPLATE_HEAD = (
    "网站首页 > 新闻中心 > 质量动态", "首页 | 新闻 | 政策法规 | 办事指南 | 联系我们",
    "当前位置：首页 > 通知公告", "分享到：微信 微博 QQ空间", "【字体：大 中 小】【打印】【关闭】",
    "来源：质量技术监督网", "搜索", "登录 | 注册",
)
BOILERPLATE_TAIL = (
    "文章推荐", "Tags:质量月 通知", "上一篇：关于做好安全生产工作的通知",
    "下一篇：质量强市示范城市创建工作交流会召开", "责任编辑：王芳", "【打印本页】【关闭窗口】",
    "版权所有 © 质量技术监督网 京ICP备05012345号", "http://www.example.gov.cn/zlyd/",
    "扫一扫在手机打开当前页",
)
ORG_SUFFIX = ("质监部门", "市场监管部门", "质量技术监督局", "质监局", "有关部门")

_ITEM = re.compile(r"^(\s*)([（(])([一二三四五六七八九十]{1,3})([）)])")
_DASH_ITEM = re.compile(r"^\s*——")
_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,3}、")
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_CN_DATE = re.compile(r"[○〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月"
                      r"[一二三四五六七八九十]{1,3}日")
_DOT_DATE = re.compile(r"(?<!\d)(?:19|20)\d\d\.\d{1,2}\.\d{1,2}(?!\d)")
_CN_DIGITS = "〇一二三四五六七八九"


@dataclass
class Material:
    """Everything a notice is drawn from, prepared once per process."""

    seeds: list[tuple[str, dict[str, list[str]]]]  # (seed id, lines per script)
    departments: list[tuple[str, int | None, int | None]]  # (name, from, until)
    places: list[str]
    pinyin: dict[str, str]


# Reference data


def _load_yaml(path: Path) -> Any:
    try:
        import yaml

        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except Exception:  # missing, unreadable or malformed: the fallback lists serve
        return None


def _entries(data: Any, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """The mapping entries of a YAML document: a list, or lists under ``keys``, or a mapping
    of id -> entry."""
    found: list[dict[str, Any]] = []
    if isinstance(data, list):
        found = [e for e in data if isinstance(e, dict)]
    elif isinstance(data, dict):
        for key in keys:
            value = data.get(key)
            if isinstance(value, list):
                found += [e for e in value if isinstance(e, dict)]
            elif isinstance(value, dict):
                found += [dict(v, id=k) for k, v in value.items() if isinstance(v, dict)]
        if not found:
            found = [dict(v, id=k) for k, v in data.items()
                     if isinstance(v, dict) and "name" in v]
    return found


def _is_zh(s: Any) -> bool:
    return isinstance(s, str) and bool(re.search(r"[\u4e00-\u9fff]", s))


def _year(v: Any) -> int | None:
    m = re.match(r"\d{4}", str(v)) if v is not None else None
    return int(m.group()) if m else None


def load_departments(data_dir: Path = DATA) -> list[tuple[str, int | None, int | None]]:
    """Chinese names and aliases of the departments, with their years of existence."""
    out: list[tuple[str, int | None, int | None]] = []
    for e in _entries(_load_yaml(data_dir / "departments.yaml"), ("departments", "entries")):
        names = [e.get("name"), *(e.get("aliases") or [])]
        for name in names:
            if _is_zh(name) and len(name) <= 30:
                out.append((name, _year(e.get("from")), _year(e.get("until"))))
    return sorted(set(out), key=str) or list(FALLBACK_DEPARTMENTS)


def load_places(data_dir: Path = DATA) -> list[str]:
    """Province and city names (full and short forms) from the places gazetteer."""
    out: set[str] = set()
    data = _load_yaml(data_dir / "places.yaml")
    for e in _entries(data, ("china", "provinces", "cities", "places")):
        level = str(e.get("level", "province"))
        if level not in ("province", "city", "prefecture", "1", "2"):
            continue
        for name in [e.get("name"), *(e.get("short") or e.get("aliases") or e.get("short_forms")
                                         or [])]:
            if _is_zh(name) and len(name) >= 2:
                out.add(name)
    return sorted(out) or list(FALLBACK_PLACES)


# Seeds


@cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


@lru_cache(maxsize=65536)
def convert(script: str, text: str) -> str:
    """Simplified ``text`` in ``script`` (simplified, s2t or s2twp)."""
    return text if script == "simplified" else _converter(script).convert(text)


def _seed_pinyin(texts: list[str]) -> dict[str, str]:
    """Character -> syllable, from the seeds' own annotations (traditional characters and
    their simplified forms) plus a few common characters."""
    table: dict[str, str] = {}
    for text in texts:
        for m in re.finditer(r"([\u4e00-\u9fff])\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\)", text):
            table.setdefault(m.group(1), m.group(2))
    t2s = _converter("t2s")
    for ch, syl in list(table.items()):
        table.setdefault(t2s.convert(ch), syl)
    for ch, syl in EXTRA_PINYIN.items():
        table.setdefault(ch, syl)
        table.setdefault(convert("s2t", ch), syl)
    return table


def _is_traditional(text: str) -> bool:
    """More than 2% of the CJK characters change from traditional to simplified."""
    cjk = re.findall(r"[\u4e00-\u9fff]", text)
    simple = _converter("t2s").convert("".join(cjk))
    return sum(a != b for a, b in zip(cjk, simple, strict=False)) > 0.02 * max(1, len(cjk))


@lru_cache(maxsize=4)
def material(data_dir: Path = DATA) -> Material:
    texts = [(p.name[:3], p.read_text(encoding="utf-8-sig"))
             for p in sorted((data_dir / "notices").glob("*.txt"))]
    if not texts:
        raise SystemExit(f"gen_corpus: no seed notices in {data_dir / 'notices'}")
    seeds = []
    for sid, text in texts:
        simple = _PINYIN.sub("", text.replace("\r\n", "\n"))
        if _is_traditional(simple):  # tw2sp would turn 显著 into 显着 in simplified text
            simple = _converter("tw2sp").convert(simple)
        lines = {s: convert(s, simple).split("\n") for s in ("simplified", "s2t", "s2twp")}
        seeds.append((sid, lines))
    return Material(seeds, load_departments(data_dir), load_places(data_dir),
                    _seed_pinyin([t for _, t in texts]))


# One notice


def _cn_year(year: int, zero: str) -> str:
    return "".join(_CN_DIGITS[int(d)] for d in str(year)).replace("〇", zero)


def _cn_number(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    return ("" if n < 20 else _CN_DIGITS[n // 10]) + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")


def _weighted(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([o for o, _ in options], [w for _, w in options])[0]


def _departments(rng: random.Random, m: Material, year: int, k: int) -> list[str]:
    valid = [d for d, a, b in m.departments
             if (a is None or a <= year) and (b is None or year <= b)] or [d for d, *_ in
                                                                           m.departments]
    return rng.sample(valid, min(k, len(valid)))


def _shuffle_items(lines: list[str], rng: random.Random) -> None:
    """Reorder the numbered items （一）（二）... of each run, keeping the labels in order,
    and the ——items of each run."""
    runs: list[list[int]] = []
    run: list[int] = []
    last = 0
    dash: list[int] = []
    for i, line in enumerate(lines):
        m = _ITEM.match(line)
        if m:
            n = "一二三四五六七八九十".find(m.group(3)) + 1 if len(m.group(3)) == 1 else 0
            if run and (n == last + 1 or n == 0):
                run.append(i)
            else:
                if len(run) > 1:
                    runs.append(run)
                run = [i]
            last = n or last + 1
        elif _HEADING.match(line):
            if len(run) > 1:
                runs.append(run)
            run, last = [], 0
        if _DASH_ITEM.match(line):
            dash.append(i)
        elif line.strip() and dash:
            if len(dash) > 1:
                rng.shuffle(texts := [lines[j] for j in dash])
                for j, t in zip(dash, texts, strict=True):
                    lines[j] = t
            dash = []
    if len(run) > 1:
        runs.append(run)
    for run in runs:
        heads = [_ITEM.match(lines[i]).group(0) for i in run]  # type: ignore[union-attr]
        bodies = [lines[i][len(h):] for i, h in zip(run, heads, strict=True)]
        rng.shuffle(bodies)
        for i, h, b in zip(run, heads, bodies, strict=True):
            lines[i] = h + b


def _swap_paragraphs(lines: list[str], rng: random.Random) -> None:
    """Swap a few long paragraphs (never the first line)."""
    long = [i for i, line in enumerate(lines) if i > 0 and len(line) >= 60
            and not _ITEM.match(line) and not _DASH_ITEM.match(line)]
    for _ in range(min(3, len(long) // 2)):
        a, b = rng.sample(long, 2)
        lines[a], lines[b] = lines[b], lines[a]


def _add_pinyin(text: str, rng: random.Random, table: dict[str, str]) -> str:
    """Annotate about ``share`` of the characters that the table knows: 國 → 國(guó)."""
    share = rng.uniform(0.03, 0.15)
    k = int(len(text) * share)
    if not k:
        return text
    out: list[str] = []
    prev = 0
    for pos in sorted(rng.sample(range(len(text)), k)):
        syl = table.get(text[pos])
        if syl:
            out.append(text[prev:pos + 1])
            out.append(f"({syl})")
            prev = pos + 1
    out.append(text[prev:])
    return "".join(out)


def _encode(text: str, encoding: str) -> tuple[bytes, str]:
    """Bytes and the encoding really used: Big5 and GB18030 fall back to UTF-8 when a
    character does not fit (or would not decode back as cp950)."""
    if encoding == "big5":
        try:
            data = text.encode("big5")
            if data.decode("cp950") == text:
                return data, "big5"
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
        return text.encode("utf-8"), "utf-8"
    if encoding == "utf-16":
        return text.encode("utf-16"), "utf-16"  # with a BOM
    return text.encode(encoding), encoding


def make_notice(i: int, seed: int, m: Material) -> tuple[bytes, dict[str, Any]]:
    """The bytes of notice ``i`` and its manifest entry."""
    rng = random.Random(f"kg-bench:{seed}:{i}")
    sid, per_script = m.seeds[rng.randrange(len(m.seeds))]
    script = _weighted(rng, SCRIPTS)
    kind = "simplified" if script == "simplified" else "traditional"
    year = rng.choice(YEARS)
    lines = list(per_script[script])
    cv = lambda s: convert(script, s)  # noqa: E731

    # The year: the seed's campaign year everywhere (title, document number, dates).
    old = SEED_YEARS.get(sid, "")
    month, day = rng.randint(4, 8), rng.randint(1, 28)
    zero = rng.choice("〇○")
    text = "\n".join(lines)
    if old.isdigit():
        text = re.sub(rf"(?<!\d){old}(?![\d-])", str(year), text)
    elif old and rng.random() < 0.6:
        text = text.replace(f"{old}年9月", f"{year}年9月")
    text = _CN_DATE.sub(
        f"{_cn_year(year, zero)}年{_cn_number(month)}月{_cn_number(day)}日", text)
    text = _DOT_DATE.sub(f"{year}.{month}.{day}", text)
    lines = text.split("\n")

    # Order: numbered items, and a few long paragraphs.
    _shuffle_items(lines, rng)
    if rng.random() < 0.5:
        _swap_paragraphs(lines, rng)

    # Departments and places.
    depts = _departments(rng, m, year, rng.randint(1, 6))
    head: list[str] = []
    tail: list[str] = []
    if rng.random() < 0.5:
        head += [cv(d) for d in depts]
        head.append("")
    if not any("活动的通知" in line for line in lines[:30]) and rng.random() < 0.7:
        head += [cv(f"关于开展{year}年全国“质量月”活动的通知"), ""]
    if len(depts) > 1 and rng.random() < 0.6:
        said = "、".join(depts[:-1]) + "和" + depts[-1]
        lines.insert(min(len(lines), rng.randint(1, 4)),
                     cv(f"　　经{said}研究决定，{year}年9月在全国开展“质量月”活动。"))
    for _ in range(rng.randint(0, 3)):
        ps = rng.sample(m.places, min(len(m.places), rng.randint(1, 4)))
        sentence = (f"　　{'、'.join(ps)}等地{rng.choice(ORG_SUFFIX)}积极响应，"
                    f"于{year}年9月组织开展了形式多样的“质量月”活动。")
        lines.insert(rng.randint(1, max(1, len(lines))), cv(sentence))
    if rng.random() < 0.5:
        tail += ["", cv(depts[0]),
                 f"{_cn_year(year, zero)}年{_cn_number(month)}月{_cn_number(day)}日"
                 if rng.random() < 0.5 else f"{year}年{month}月{day}日"]

    # Boilerplate.
    boiler = rng.random() < BOILERPLATE_SHARE
    if boiler:
        head = [cv(s) for s in rng.sample(BOILERPLATE_HEAD, rng.randint(1, 3))] + [""] + head
        tail += ["", *(cv(s) for s in rng.sample(BOILERPLATE_TAIL, rng.randint(1, 3))),
                 cv(f"人气：{rng.randint(10, 99999)}")]
    text = "\n".join(head + lines + tail).strip("\n") + "\n"

    pinyin = rng.random() < PINYIN_SHARE
    if pinyin:
        text = _add_pinyin(text, rng, m.pinyin)
    encoding = _weighted(rng, ENCODINGS[kind])
    if encoding == "utf-16" and rng.random() < 0.25:
        data, used = b"\xfe\xff" + text.encode("utf-16-be"), "utf-16-be-bom"
    else:
        data, used = _encode(text, encoding)
    entry = {"seed": sid, "year": year, "script": script, "encoding": used,
             "asked_encoding": encoding, "pinyin": pinyin, "boilerplate": boiler,
             "departments": depts}
    return data, entry


def generate(n: int, out_dir: Path, seed: int = 0) -> list[Path]:
    """Write ``n`` synthetic notices into ``out_dir`` (files of an earlier corpus listed in
    its manifest are removed first) and return their paths, in order."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = out_dir / MANIFEST
    if manifest_path.exists():
        for entry in json.loads(manifest_path.read_text(encoding="utf-8"))["files"]:
            (out_dir / entry["file"]).unlink(missing_ok=True)
    m = material()
    paths: list[Path] = []
    entries: list[dict[str, Any]] = []
    seen: set[bytes] = set()
    for i in range(n):
        data, entry = make_notice(i, seed, m)
        attempt = 0
        while (digest := hashlib.sha256(data).digest()) in seen:  # keep notices distinct
            attempt += 1
            data, entry = make_notice(i, seed + 1_000_003 * attempt, m)
        seen.add(digest)
        name = f"{i:05d}-{entry['seed']}-{entry['year']}.txt"
        path = out_dir / name
        path.write_bytes(data)
        entry = {"file": name, **entry}
        entries.append(entry)
        paths.append(path)
    manifest = {"n": n, "seed": seed, "files": entries}
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=0) + "\n",
                             encoding="utf-8")
    return paths


def read_manifest(out_dir: Path) -> dict[str, Any]:
    return json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("n", type=int, help="number of notices")
    p.add_argument("out_dir", type=Path)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    paths = generate(args.n, args.out_dir, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"gen_corpus: {len(paths)} notices, {size / 1e6:.1f} MB in {args.out_dir} "
          f"({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
