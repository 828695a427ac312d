"""Document numbers (文号): the text's own number and the numbers it only cites.

A 文号 is an issuing-agency code, the year in brackets and a serial number: 国质检质联〔2010〕351号,
国市监质发〔2022〕76号, 国办发〔20xx〕18号. It is the text's own when it stands on a line by itself
(under the issuers, above the title), carries a label (文号：…), or follows the quoted title of
the Quality Month notice a report is about (印发《…“质量月”活动的通知》(国市监质〔2021〕51号));
any other number is a citation (按照《…》(国办发〔20xx〕18号)的部署).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg.extractors import Facts, extractor
from kg.extractors._dates import bounds, cues
from kg.model import Document, Fact, Span, make_attrs

_OPEN = "〔[（(［【"
_CLOSE = "〕\\]）)］】"
_YEAR = r"(?:19|20)\d{2}|\d{2}[xX×*]{2}|[xX]{4}"
DOC_NUMBER = re.compile(
    rf"(?P<prefix>[\u4e00-\u9fff]{{2,14}})\s*[{_OPEN}]\s*(?P<year>{_YEAR})\s*[{_CLOSE}]"
    r"\s*(?:第\s*)?(?P<num>\d{1,5}|[xX×*]{1,3}(?=\s*号))\s*(?P<hao>号)?"
)
# English translations: Guo Shi Jian Zhi [2021] No. 51.
DOC_NUMBER_EN = re.compile(
    rf"(?P<prefix>[A-Z][a-z]*(?:[ \t]+[A-Z][a-z]*){{0,7}})[ \t]*[{_OPEN}][ \t]*(?P<year>{_YEAR})"
    rf"[ \t]*[{_CLOSE}][ \t]*No\.?[ \t]*(?P<num>\d{{1,5}})"
)
_QM = re.compile(r"质量月|quality\s+month", re.IGNORECASE)
# An English label of a number on its own line: Document No.:, Doc. No.:, File No.:
_EN_LABEL = re.compile(r"^\s*[A-Z][A-Za-z.]*(?:\s+[A-Za-z.]+)?\s+No\.?\s*[:：]\s*")
_MAX_PREFIX = 10


@dataclass(frozen=True)
class DocNumber:
    """One 文号 in the text: its normalised value and where it stands."""

    value: str
    start: int
    end: int
    as_written: str


def _agency_code(prefix: str) -> str:
    """The agency code at the end of a run of ideographs: cut after the last word that cannot
    belong to one (各地要按照国质检质联 → 国质检质联, 已经印发了国质检质联 → 国质检质联)."""
    cut = 0
    for w in cues()["documents"]["prefix_fillers"]:
        at = prefix.rfind(w)
        if at >= 0 and len(prefix) - (at + len(w)) >= 2:
            cut = max(cut, at + len(w))
    return prefix[cut:][-_MAX_PREFIX:]


def find_numbers(text: str) -> list[DocNumber]:
    """Every 文号 in ``text``, normalised to 〔〕 brackets and a closing 号."""
    out: list[DocNumber] = []
    for rx in (DOC_NUMBER, DOC_NUMBER_EN):
        for m in rx.finditer(text):
            code = _agency_code(m["prefix"]) if rx is DOC_NUMBER else m["prefix"].strip()
            start = m.start("prefix") + m["prefix"].rindex(code)
            # Masked years and numbers stay masked: 国办发〔20xx〕18号.
            year, num = (re.sub(r"[xX×*]", "x", m[g]) for g in ("year", "num"))
            value = f"{code}〔{year}〕{num}号"
            out.append(DocNumber(value, start, m.end(), text[start:m.end()]))
    return sorted(out, key=lambda d: d.start)


def _own_reason(text: str, d: DocNumber) -> str | None:
    """Why ``d`` is the text's own number, or ``None`` if it is only cited."""
    line_s = text.rfind("\n", 0, d.start) + 1
    line_e = text.find("\n", d.end)
    line = text[line_s: line_e if line_e >= 0 else len(text)]
    rest = (line[: d.start - line_s] + line[d.end - line_s:]).strip(" \t\u3000")
    labels = cues()["documents"]["own_labels"]
    # A labelled number in a row of page metadata (文号：国市监质发〔2023〕69号　　成文日期：…):
    # the fields after it, set apart by a wide space, are no text around the number.
    lead = line[: d.start - line_s].strip(" \t\u3000")
    labelled = any(re.fullmatch(rf"(?:.*(?:\s{{2,}}|\u3000))?{re.escape(w)}\s*[:：]", lead)
                   for w in labels)
    if labelled and re.match(r"(?:[ \t]{2,}|\u3000)[ \t\u3000]*[\u4e00-\u9fff\s]{2,8}[:：]",
                                  line[d.end - line_s:]):
        return "own line"
    for w in labels:
        rest = rest.replace(w, "")
    rest = _EN_LABEL.sub("", rest)
    if re.fullmatch(r"[\s()（）:：\[\]【】]*", rest):
        return "own line"
    # 《…“质量月”活动的通知》(国市监质〔2021〕51号): the number of the notice the text reports on.
    before = text[max(0, d.start - 3): d.start]
    close = before.rstrip(" \t\u3000(（")
    if close.endswith("》"):
        open_at = text.rfind("《", 0, d.start)
        title = text[open_at + 1: d.start].split("》")[0]
        s, _ = bounds(text, open_at)
        words = cues()["documents"]
        cited = any(w in text[s:open_at] for w in words["citing"]) or re.match(
            rf"[)）]?\s*的?(?:{'|'.join(map(re.escape, words['cited_after']))})", text[d.end:]
        )
        if _QM.search(title) and not cited:
            return "after title"
    return None


@extractor("documents", emits=("document_number", "cited_document"))
def extract_documents(doc: Document, facts: Facts) -> Iterable[Fact]:
    """The text's own 文号 and the 文号 it cites.

    Example: 国质检质联〔2010〕351号 on its own line → document_number.
    """
    text = doc.text
    numbers = find_numbers(text)
    own: DocNumber | None = None
    # A number on its own line is the document's own before one quoted after a title.
    for reason in ("own line", "after title"):
        own = next((d for d in numbers if _own_reason(text, d) == reason), None)
        if own:
            break
    seen: set[str] = set()
    if own:
        seen.add(own.value)
        yield Fact("document_number", own.value, Span(own.start, own.end),
                   make_attrs(as_written=own.as_written))
    for d in numbers:
        if d.value not in seen:
            seen.add(d.value)
            yield Fact("cited_document", d.value, Span(d.start, d.end),
                       make_attrs(as_written=d.as_written))
