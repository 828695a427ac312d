"""Document numbers (文号): the text's own and the ones it cites (kg/extractors/documents.py)."""

from __future__ import annotations

import pytest

from kg.extractors import Facts
from kg.extractors.documents import extract_documents, find_numbers
from tests.helpers import doc_from_text
from tests.test_extract_years import GOLD, run, seed


def numbers(text: str) -> tuple[list[str], list[str]]:
    """(own numbers, cited numbers) found in ``text``."""
    facts = list(extract_documents(doc_from_text(text), Facts()))
    own = [f.value for f in facts if f.field == "document_number"]
    cited = [f.value for f in facts if f.field == "cited_document"]
    return own, cited


OWN_AND_CITED = [
    # (text, own, cited)
    # On a line of its own, under the issuers: the notice's own number.
    ("共青团中央\n\n国质检质联〔2010〕351号\n\n关于开展2010年全国“质量月”活动的通知",
     ["国质检质联〔2010〕351号"], []),
    # Bracket forms and a missing 号 all normalise to 〔〕…号.
    ("国质检质联[2010]351号\n", ["国质检质联〔2010〕351号"], []),
    ("国质检质联(2010)351号\n", ["国质检质联〔2010〕351号"], []),
    ("国质检质联（2010）351号\n", ["国质检质联〔2010〕351号"], []),
    ("国质检质联［2010］351号\n", ["国质检质联〔2010〕351号"], []),
    ("国市监质发【2022】76号\n", ["国市监质发〔2022〕76号"], []),
    ("国质检质联〔2010〕351\n", ["国质检质联〔2010〕351号"], []),
    ("文号:国市监质发〔2022〕76号\n", ["国市监质发〔2022〕76号"], []),
    # Right after the quoted title of the Quality Month notice a report is about.
    ("日前,市场监管总局等20个部门联合印发《市场监管总局等20个部门关于开展2021年全国“质量月”"
     "活动的通知》(国市监质〔2021〕51号),对活动内容进行部署。", ["国市监质〔2021〕51号"], []),
    ("据悉,国家质检总局印发了《关于开展2012年全国“质量月”活动的通知》(国质检质联[2012]388)。",
     ["国质检质联〔2012〕388号"], []),
    # Cited: after 按照/根据/贯彻, or a document that is not a Quality Month notice.
    ("按照《贯彻实施质量发展纲要20xx年行动计划》(国办发〔20xx〕18号)的部署,开展“质量月”活动。",
     [], ["国办发〔20xx〕18号"]),
    ("根据国务院办公厅《关于印发贯彻实施质量发展纲要2013年行动计划的通知》(国办发〔2013〕47号)要求,",
     [], ["国办发〔2013〕47号"]),
    ("为贯彻落实《关于开展2019年全国“质量月”活动的通知》(国市监质〔2019〕xx号)精神,制定本方案。",
     [], ["国市监质〔2019〕xx号"]),
    ("现将《关于开展2019年全国“质量月”活动的通知》(国市监质〔2019〕37号)转发给你们。",
     [], ["国市监质〔2019〕37号"]),
    ("国务院印发《质量发展纲要》(国发〔2012〕9号)。", [], ["国发〔2012〕9号"]),
    ("现将《关于开展2019年全国“质量月”活动的通知》(国市监质〔2019〕37号)印发给你们。",
     [], ["国市监质〔2019〕37号"]),
    ("印发《关于开展2019年全国“质量月”活动的通知》(国市监质〔2019〕37号),要求各地认真落实。",
     ["国市监质〔2019〕37号"], []),
    ("各地要按照国质检质联〔2010〕351号文件要求开展活动。", [], ["国质检质联〔2010〕351号"]),
    # A number on its own line beats one quoted in the body, which is then only cited.
    ("苏质监质发〔2019〕88号\n转发《关于开展2019年全国“质量月”活动的通知》(国市监质〔2019〕37号)。",
     ["苏质监质发〔2019〕88号"], ["国市监质〔2019〕37号"]),
    # English translations.
    ("General Administration of Quality Supervision\nGuo Zhi Jian Zhi Lian [2010] No. 351\n",
     ["Guo Zhi Jian Zhi Lian〔2010〕351号"], []),
    # an English label before it on its line (a probe of the round)
    ("Document No.: Guo Shi Jian Zhi [2021] No. 51\nNotice on Carrying out the 2021 National "
     "Quality Month Activities\n", ["Guo Shi Jian Zhi〔2021〕51号"], []),
    # but a sentence around it still cites it
    ("The plan follows the notice (Guo Shi Jian Zhi [2021] No. 51) of SAMR.\n",
     [], ["Guo Shi Jian Zhi〔2021〕51号"]),
    # a labelled number in a row of page metadata: the fields after it are no sentence
    ("关于开展2023年全国“质量月”活动的通知\n文号：国市监质发〔2023〕69号　　成文日期：2023年08月25日\n",
     ["国市监质发〔2023〕69号"], []),
    ("发文机关：市场监管总局　　发文字号：国市监质发〔2024〕77号  发布日期：2024年08月30日\n",
     ["国市监质发〔2024〕77号"], []),
    # but a label of a cited notice inside a sentence still cites it
    ("请参照文号：国市监质发〔2023〕69号的通知执行，并于9月前上报。\n", [], ["国市监质发〔2023〕69号"]),
    # Not document numbers.
    ("湖北省计划出台《湖北省实施质量兴省战略发展规划(2011-2020年)》。", [], []),
    ("第三十二次质量管理小组代表会议(2010)在京召开。", [], []),
]


@pytest.mark.parametrize("text, own, cited", OWN_AND_CITED)
def test_own_and_cited_numbers(text: str, own: list[str], cited: list[str]) -> None:
    assert numbers(text) == (own, cited)


def test_as_written_is_the_text_as_written() -> None:
    text = "印发《关于开展2012年全国“质量月”活动的通知》(国质检质联[2012]388)。"
    doc = doc_from_text(text)
    (fact,) = extract_documents(doc, Facts())
    assert fact.attr("as_written") == "国质检质联[2012]388"
    assert fact.span and doc.text[fact.span.start:fact.span.end] == "国质检质联[2012]388"


def test_filler_words_before_the_agency_code_are_not_part_of_it() -> None:
    assert [d.value for d in find_numbers("已经印发了国质检质联〔2010〕351号文件")] == [
        "国质检质联〔2010〕351号"
    ]


def test_a_number_is_reported_once() -> None:
    text = "国市监质〔2021〕51号\n正文引用国市监质〔2021〕51号。\n按照国市监质〔2021〕51号。"
    assert numbers(text) == (["国市监质〔2021〕51号"], [])


@pytest.mark.parametrize("entry", GOLD, ids=[e["file"][:3] for e in GOLD])
def test_seed_document_number(entry: dict) -> None:
    facts = run(seed(entry["file"]))
    own = [f.value for f in facts if f.field == "document_number"]
    assert own == ([entry["document_number"]] if entry["document_number"] else [])
    cited = {f.value for f in facts if f.field == "cited_document"}
    assert not cited & set(own)
