"""Facts → triples: IRIs from keys, campaign links, inferred years, mentions."""

from __future__ import annotations

from kg.graph import mint
from kg.graph.build import build_notice
from kg.graph.terms import expand
from kg.model import Fact, Span, make_attrs
from tests.helpers import doc_from_text

TEXT = "二、活动主题\n抓质量水平提升　促发展方式转变\n质检总局"


class Finder:
    def find_departments(self, text: str) -> list[tuple[int, int, str]]:
        return [(0, len(text), "aqsiq")] if "质检" in text else []


def _facts(*extra: Fact) -> list[Fact]:
    return [
        Fact("year", 2010, Span(0, 2)),
        Fact("theme", "抓质量水平提升 促发展方式转变", Span(7, 22)),
        Fact("department", "aqsiq", Span(23, 27), make_attrs(role="issuer")),
        *extra,
    ]


def test_same_text_up_to_punctuation_is_one_theme() -> None:
    assert mint.theme("抓质量水平提升　促发展方式转变") == mint.theme("抓质量水平提升，促发展方式转变")
    assert mint.theme("抓质量水平提升") != mint.theme("促发展方式转变")


def test_campaign_links_and_mentions() -> None:
    doc = doc_from_text(TEXT)
    nt = build_notice(doc, _facts(), Finder())
    c, t = mint.campaign(2010), mint.theme("抓质量水平提升 促发展方式转变")
    assert (c, expand("qm:hasTheme"), t) in nt.campaign
    assert (c, expand("qm:organizedBy"), mint.department("aqsiq")) in nt.campaign
    n = mint.notice(doc.key)
    assert (n, expand("qm:about"), c) in nt.own
    exact = [o for s, p, o in nt.own if p == expand("oa:exact")]
    assert '"抓质量水平提升　促发展方式转变"' in exact
    assert nt.refs.years == {2010} and nt.refs.departments == {"aqsiq"}


def test_inferred_year_is_not_about() -> None:
    doc = doc_from_text(TEXT)
    facts = [f for f in _facts() if f.field != "year"]
    facts.append(Fact("year", 2016, None, make_attrs(inferred=True, evidence="theme of 2016")))
    nt = build_notice(doc, facts, Finder())
    preds = {p for _, p, _ in nt.own}
    assert expand("qm:about") not in preds
    assert expand("qm:inferredAbout") in preds and expand("qm:inferenceEvidence") in preds


def test_no_year_no_campaign_statements() -> None:
    doc = doc_from_text(TEXT)
    nt = build_notice(doc, [f for f in _facts() if f.field != "year"], Finder())
    assert nt.campaign == []
    assert any(p == expand("qm:statesTheme") for _, p, _ in nt.own)


def test_event_of_another_year_is_not_the_campaigns_activity() -> None:
    doc = doc_from_text(TEXT)
    event = Fact("event_date", "1978-08-31", Span(0, 3), make_attrs(label="第一次广播动员大会"))
    nt = build_notice(doc, _facts(event), Finder())
    assert not any(p == expand("qm:hasActivity") for _, p, _ in nt.campaign)
    assert any(p == expand("qm:eventDate") for _, p, _ in nt.own)


def test_event_of_another_campaign_hangs_off_that_campaign() -> None:
    doc = doc_from_text(TEXT)
    act = Fact("activity", "第一次广播动员大会", Span(0, 3),
               make_attrs(key="k1", level="event", campaign_year=1978))
    date = Fact("event_date", "1978-08-31", Span(0, 3), make_attrs(activity="k1"))
    nt = build_notice(doc, _facts(act, date), Finder())
    linked = {s for s, p, _ in nt.campaign if p == expand("qm:hasActivity")}
    assert linked == {mint.campaign(1978)} and 1978 in nt.refs.years


def test_an_event_date_in_a_text_without_a_year() -> None:
    doc = doc_from_text(TEXT)
    event = Fact("event_date", "2020-09-02", Span(0, 3), make_attrs(label="启动仪式"))
    nt = build_notice(doc, [f for f in _facts(event) if f.field != "year"], Finder())
    assert any(p == expand("qm:eventDate") for _, p, _ in nt.own) and not nt.campaign


def test_the_campaigns_span_is_no_activity() -> None:
    doc = doc_from_text(TEXT)
    span = Fact("event_date", "2019-09-01", Span(0, 3), make_attrs(label="为活动期间",
                                                                    kind="period"))
    nt = build_notice(doc, _facts(span), Finder())
    assert not any(p == expand("qm:hasActivity") for _, p, _ in nt.own + nt.campaign)
    assert not any(p == expand("qm:eventDate") for _, p, _ in nt.own)


def test_a_deadline_is_no_activity() -> None:
    doc = doc_from_text(TEXT)
    duty = Fact("event_date", "2010-10-31", Span(0, 3),
                make_attrs(label="各地应对“质量月”活动做好总结工作", kind="deadline"))
    nt = build_notice(doc, _facts(duty), Finder())
    assert not any(p == expand("qm:hasActivity") for _, p, _ in nt.own + nt.campaign)


def test_every_activity_is_listed_in_the_text_that_has_it() -> None:
    # qm:listedIn is the text's qm:hasActivity read backwards, for the activities of a list
    # and for the dated events alike (which queries from the activity side rely on).
    doc = doc_from_text(TEXT)
    act = Fact("activity", "开展质量宣传活动", Span(0, 3), make_attrs(key="k1", level="item"))
    event = Fact("event_date", "2010-09-01", Span(0, 3), make_attrs(label="质量论坛"))
    nt = build_notice(doc, _facts(act, event), Finder())
    n = mint.notice(doc.key)
    has = {(o, s) for s, p, o in nt.own if p == expand("qm:hasActivity")}
    listed = {(s, o) for s, p, o in nt.own if p == expand("qm:listedIn")}
    assert len(has) == 2 and listed == has and {o for _, o in listed} == {n}
