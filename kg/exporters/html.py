"""The HTML network (``graph.html``): a self-contained, searchable vis-network page.

The page is built with pyvis (its ``Network`` holds the nodes and edges first drawn, the
vis-network options, and renders our template; its bundled vis-network is inlined); node
sizes are degrees. It makes no request of any kind: the scripts and styles
are inline and a Content-Security-Policy allows only those scripts (by hash).

Everything the graph says reaches the page as JSON inside ``<script type="application/json">``
blocks, with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the page script puts it in
the DOM with ``textContent`` only. The blocks are:

* ``kg-meta``: classes (legend), properties, year extent, mode;
* ``kg-nodes`` / ``kg-edges`` / ``kg-options``: what pyvis hands to vis-network at start;
* ``kg-index``: every entity (IRI, class, label, degree, years, English name, abbreviation,
  aliases) and every edge, compactly, for search and expansion;
* ``kg-panel-data``: per-entity literals and source quotes, parsed on the first click.

Large graphs (more than ``max_nodes`` entities) open on an overview: campaigns and the
departments, organisations and themes linked to them. The user adds neighbours by clicking
a node, or the entities of a year range with a button.

Years: a campaign has its ``qm:year``; a notice the years of the campaigns it is (inferred to
be) about; any other entity the years of the campaigns and notices it is linked to, or failing
those, of its linked entities. The year filter hides entities without a year.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup


def _import_pyvis() -> tuple[Any, Any]:
    """``pyvis`` and its ``Network``, without loading IPython or networkx when they are not
    loaded yet.

    ``pyvis.network`` imports ``IPython.display.IFrame`` at the top only to show a network
    inside a notebook, which kg never does; importing IPython costs about 0.6 s, a third of
    building the shipped corpus. It imports networkx only for ``Network.from_nx``, which kg
    never calls either: some 0.1 s of every build. So, unless they are already loaded,
    stand-in modules are put in their place for the import and removed right after: a later
    ``import IPython`` or ``import networkx`` (for instance in the user's own session) gets
    the real package."""
    import types

    stubs: list[str] = []
    if "IPython" not in sys.modules:
        ipython = types.ModuleType("IPython")
        display = types.ModuleType("IPython.display")

        class IFrame:  # only reached by Network.show() in a notebook
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                raise RuntimeError("kg's pyvis import has no IPython display")

        display.IFrame = IFrame  # type: ignore[attr-defined]
        ipython.display = display  # type: ignore[attr-defined]
        sys.modules.update({"IPython": ipython, "IPython.display": display})
        stubs = ["IPython", "IPython.display"]
    if "networkx" not in sys.modules:
        sys.modules["networkx"] = types.ModuleType("networkx")  # nx.* only in from_nx
        stubs.append("networkx")
    try:
        import pyvis
        from pyvis.network import Network
    finally:
        for name in stubs:
            sys.modules.pop(name, None)
    return pyvis, Network


pyvis, Network = _import_pyvis()

from kg.errors import ConfigError, InputError, KgError, OutputError
from kg.exporters import atomic_write
from kg.vocab import ID_NS, PREFIXES, QM

ASSETS = Path(__file__).with_name("html_assets")
ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology" / "qm.ttl"
VIS_JS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"

DEFAULT_TITLE = "全国“质量月”知识图谱 · Quality Month knowledge graph"
DEFAULT_MAX_NODES = 1500
EXPAND_LIMIT = 60  # neighbours added per click in overview mode
LABEL_MAX = 18  # characters of a label drawn on the canvas; the full label is on hover
LAYOUT_SEED = 20100913

# Entity classes, in legend order; an IRI with several of them gets the first.
CLASSES: tuple[str, ...] = tuple(
    str(c)
    for c in (
        QM.Campaign,
        QM.Notice,
        QM.Department,
        QM.Organization,
        QM.Theme,
        QM.Slogan,
        QM.Activity,
        QM.Place,
    )
)
_CAMPAIGN, _NOTICE, _DEPARTMENT, _ORGANIZATION, _THEME = range(5)

_RDF = PREFIXES["rdf"]
_RDFS = PREFIXES["rdfs"]
_SKOS = PREFIXES["skos"]
_DCT = PREFIXES["dcterms"]
_PREF, _ALT, _LABEL = _SKOS + "prefLabel", _SKOS + "altLabel", _RDFS + "label"
_TITLE, _SOURCE = _DCT + "title", _DCT + "source"
_LABEL_PROPS = (_PREF, _LABEL, _TITLE)
_YEAR, _ABBR = str(QM.year), str(QM.abbreviation)
# Literal properties listed first in the side panel, in this order.
_PANEL_ORDER = (_PREF, _LABEL, _TITLE, _ALT, _ABBR, _SOURCE)

_GRAPH_FORMATS = {
    ".trig": ox.RdfFormat.TRIG,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
}

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


# -- JSON for <script type="application/json"> -------------------------------------------


def escape_json_text(text: str) -> str:
    """JSON text made safe inside a ``<script>`` element (and in any HTML context)."""
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def script_json(value: Any) -> Markup:
    """``value`` as compact JSON, safe inside ``<script type="application/json">``."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return Markup(escape_json_text(text))


# -- vocabulary labels -------------------------------------------------------------------


def _select(store: ox.Store, query: str) -> Iterable[Any]:
    """The solutions of a SELECT query over all graphs (named and default) as one."""
    return cast(Iterable[Any], store.query(query, use_default_graph_as_union=True))


@functools.lru_cache(maxsize=4096)
def curie(iri: str) -> str:
    """``qm:hasTheme`` for a vocabulary IRI; the IRI itself when no prefix fits."""
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]) :]}" if best else iri


def _expand(name: str) -> str:
    prefix, _, local = name.partition(":")
    return PREFIXES[prefix] + local


@dataclass(frozen=True)
class VocabLabels:
    """zh/en labels (and class colours) for the legend and the panel."""

    classes: dict[str, dict[str, str]]  # class IRI -> {zh, en, color}
    properties: dict[str, dict[str, str]]  # property IRI -> {zh, en}

    def prop(self, iri: str) -> dict[str, str]:
        return self.properties.get(iri, {"zh": curie(iri), "en": curie(iri)})


def vocab_labels(store: ox.Store | None = None) -> VocabLabels:
    """Labels from the ontology (``rdfs:label`` @zh/@en, in the store or ``ontology/qm.ttl``)
    over the fallbacks in ``html_assets/vocab_labels.json``."""
    data = json.loads((ASSETS / "vocab_labels.json").read_text(encoding="utf-8"))
    classes = {_expand(k): dict(v) for k, v in data["classes"].items()}
    props = {_expand(k): dict(v) for k, v in data["properties"].items()}
    for iri, entry in classes.items():
        if not _COLOR.fullmatch(entry.get("color", "")):
            raise ConfigError(f"{ASSETS / 'vocab_labels.json'}: bad colour for {curie(iri)}")
    sources = [store] if store is not None else []
    if ONTOLOGY.is_file():
        onto = ox.Store()
        try:
            onto.load(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE)
            sources.append(onto)
        except (SyntaxError, OSError):
            pass  # the ontology's own tests report it; the page keeps the fallbacks
    # Later sources win: the ontology file over labels that came with the data.
    query = f"""SELECT ?t ?l WHERE {{ ?t <{_RDFS}label> ?l .
                 FILTER(STRSTARTS(STR(?t), "{PREFIXES["qm"]}")) }}"""
    for source in sources:
        found: dict[tuple[str, str], str] = {}
        for row in _select(source, query):
            lang = getattr(row["l"], "language", None)
            if lang in ("zh", "en"):
                key = (row["t"].value, lang)
                found[key] = min(row["l"].value, found.get(key, row["l"].value))
        for (term, lang), text in sorted(found.items()):
            local = term[len(PREFIXES["qm"]) :]
            if term not in classes and local[:1].isupper():
                continue  # a class we do not draw (qm:Mention)
            table = classes if term in classes else props
            table.setdefault(term, {"zh": curie(term), "en": curie(term)})[lang] = text
    return VocabLabels(classes, props)


# -- reading the graph -------------------------------------------------------------------

_VALUES_CLASSES = " ".join(f"<{c}>" for c in CLASSES)
_OA = PREFIXES["oa"]
_Q_ENTITIES = f"SELECT DISTINCT ?s ?c WHERE {{ ?s a ?c . VALUES ?c {{ {_VALUES_CLASSES} }} }}"
_Q_LITERALS = f"""SELECT DISTINCT ?s ?p ?o WHERE {{
  ?s a ?c . VALUES ?c {{ {_VALUES_CLASSES} }}
  ?s ?p ?o . FILTER(isLiteral(?o)) }}"""
# From the drawn entities only (a third of the rows of all IRI-valued triples: mentions
# and selectors are not drawn); whether the object is drawn is tested while reading. An
# activity's qm:listedIn is not drawn: it is its text's qm:hasActivity read backwards.
_Q_EDGES = f"""SELECT ?s ?p ?o WHERE {{
  ?s a ?c . VALUES ?c {{ {_VALUES_CLASSES} }}
  ?s ?p ?o . FILTER(isIRI(?o) && ?p != <{_RDF}type> && ?p != <{QM.listedIn}>) }}"""
_Q_QUOTES = f"""SELECT DISTINCT ?m ?body ?n ?exact ?field ?start WHERE {{
  ?m a <{QM.Mention}> ; <{_OA}hasTarget> ?t .
  ?t <{_OA}hasSource> ?n ; <{_OA}hasSelector> ?q .
  ?q <{_OA}exact> ?exact .
  OPTIONAL {{ ?m <{_OA}hasBody> ?body }}
  OPTIONAL {{ ?m <{QM.field}> ?field }}
  OPTIONAL {{ ?t <{_OA}hasSelector> ?pos . ?pos <{_OA}start> ?start }} }}"""


@dataclass(slots=True)
class _Entity:
    iri: str
    cls: int
    literals: list[tuple[str, str, str]] = field(default_factory=list)  # (prop, value, lang|dt)
    years: tuple[int, ...] = ()
    label: str = ""
    en: str = ""
    abbr: str = ""
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Quote:
    exact: str
    notice: str  # IRI of the notice quoted
    field: str
    start: int


def _literal_tag(term: Any) -> str:
    lang = getattr(term, "language", None)
    if lang:
        return str(lang)
    dt = getattr(term, "datatype", None)
    dt_iri = dt.value if dt is not None else ""
    return "" if dt_iri.endswith("#string") or dt_iri.endswith("#langString") else curie(dt_iri)


def _read(
    store: ox.Store,
) -> tuple[dict[str, _Entity], list[tuple[str, str, str]], list[tuple[str, _Quote]]]:
    """The drawn entities (with their literals), the links between them and the quotes about
    them. Each answer is consumed as it comes, and an IRI is kept once, as its entity's own
    string: at 10,000 notices the lists of answers and copies of IRIs held 2 GB."""
    entities: dict[str, _Entity] = {}
    for s, c in _select(store, _Q_ENTITIES):
        if not isinstance(s, ox.NamedNode):
            continue
        cls = CLASSES.index(c.value)
        iri = s.value
        ent = entities.get(iri)
        if ent is None:
            entities[iri] = _Entity(iri, cls)
        elif cls < ent.cls:
            ent.cls = cls
    intern = sys.intern  # predicates, tags and fields: a few dozen strings, repeated

    def literals() -> None:
        for s, p, o in _select(store, _Q_LITERALS):
            ent = entities.get(s.value)
            if ent is not None:
                ent.literals.append((intern(p.value), o.value, intern(_literal_tag(o))))

    def edges() -> set[tuple[str, str, str]]:
        found = set()
        for s, p, o in _select(store, _Q_EDGES):
            a, b = entities.get(s.value), entities.get(o.value)
            if a is not None and b is not None:
                found.add((a.iri, intern(p.value), b.iri))
        return found

    def quotes() -> list[tuple[str, _Quote]]:
        found: list[tuple[str, _Quote]] = []
        for _m, body, notice, exact, fld, start in _select(store, _Q_QUOTES):
            drawn = entities.get(notice.value)
            n = drawn.iri if drawn is not None else notice.value
            about = entities.get(body.value) if body is not None else None
            if about is not None:
                target = about.iri
            elif body is not None or drawn is None:
                continue  # about something not drawn (a mention of a non-entity)
            else:
                target = n  # a statement of the notice itself (title, 文号 ...)
            try:
                offset = int(start.value) if start is not None else -1
            except ValueError:
                offset = -1
            found.append(
                (target, _Quote(exact.value, n, intern(fld.value) if fld is not None else "",
                                offset)))
        return found

    # pyoxigraph evaluates without the GIL: the three queries run on two cores.
    with ThreadPoolExecutor(2) as pool:
        done = pool.submit(literals), pool.submit(edges), pool.submit(quotes)
        done[0].result()
        edge_set, quote_list = done[1].result(), done[2].result()
    for ent in entities.values():
        ent.literals.sort()
    return entities, sorted(edge_set), quote_list


def _parse_year(value: str) -> int | None:
    m = re.match(r"-?\d{4}", value.strip())
    return int(m.group()) if m else None


def _assign_years(entities: dict[str, _Entity], edges: list[tuple[str, str, str]]) -> None:
    neighbours: dict[str, set[str]] = defaultdict(set)
    for s, _p, o in edges:
        neighbours[s].add(o)
        neighbours[o].add(s)
    years: dict[str, set[int]] = {}
    for iri, ent in entities.items():
        if ent.cls == _CAMPAIGN:
            ys = {y for p, v, _ in ent.literals if p == _YEAR and (y := _parse_year(v)) is not None}
            if ys:
                years[iri] = ys
    for iri, ent in entities.items():
        if ent.cls == _NOTICE:
            ys = set().union(
                *(years.get(n, set()) for n in neighbours[iri] if entities[n].cls == _CAMPAIGN)
            )
            if ys:
                years[iri] = ys
    direct = dict(years)
    for iri, ent in entities.items():
        if ent.cls not in (_CAMPAIGN, _NOTICE):
            ys = set().union(*(direct.get(n, set()) for n in neighbours[iri]))
            if ys:
                years[iri] = ys
    first = dict(years)
    for iri, ent in entities.items():
        if ent.cls not in (_CAMPAIGN, _NOTICE) and iri not in first:
            ys = set().union(*(first.get(n, set()) for n in neighbours[iri]))
            if ys:
                years[iri] = ys
    for iri, ys in years.items():
        entities[iri].years = tuple(sorted(ys))


def _local_name(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri


def _assign_labels(ent: _Entity) -> None:
    by_prop: dict[tuple[str, str], list[str]] = defaultdict(list)
    for p, v, tag in ent.literals:
        by_prop[(p, tag)].append(v)
    label = ""
    for lang in ("zh", "", "en"):
        for p in _LABEL_PROPS:
            if by_prop.get((p, lang)):
                label = min(by_prop[(p, lang)])
                break
        if label:
            break
    if not label and by_prop.get((_SOURCE, "")):
        label = min(by_prop[(_SOURCE, "")]).rsplit("/", 1)[-1]
    ent.label = label or _local_name(ent.iri)
    for p in _LABEL_PROPS:
        names = [v for v in by_prop.get((p, "en"), []) if v != ent.label]
        if names:
            ent.en = min(names)
            break
    abbrs = sorted(v for (p, _t), vs in by_prop.items() if p == _ABBR for v in vs)
    ent.abbr = abbrs[0] if abbrs else ""
    aliases = {v for (p, _t), vs in by_prop.items() if p == _ALT for v in vs}
    aliases |= set(abbrs[1:])
    ent.aliases = sorted(aliases - {ent.label, ent.en, ent.abbr})


# -- options -----------------------------------------------------------------------------


def year_set(years: tuple[int, int] | Sequence[int] | str | None) -> set[int] | None:
    """The years selected by ``(first, last)`` (a range), a list of years, or a string
    (``"2010-2015"``, ``"2010,2012"``). ``None`` selects everything."""
    if years is None:
        return None
    if isinstance(years, str):
        parts = [p.strip() for p in years.split(",") if p.strip()]
        out: set[int] = set()
        for part in parts:
            m = re.fullmatch(r"(\d{4})(?:\s*[-–:]\s*(\d{4}))?", part)
            if not m:
                raise ConfigError(
                    f"--years: cannot read {part!r} (expected 2010, 2010-2015 or 2010,2012)"
                )
            lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
            if lo > hi:
                raise ConfigError(f"--years: empty range {part!r}")
            out.update(range(lo, hi + 1))
        return out
    if isinstance(years, tuple):
        if len(years) != 2:
            raise ConfigError(f"years: expected (first, last), got {years!r}")
        lo, hi = int(years[0]), int(years[1])
        if lo > hi:
            raise ConfigError(f"years: empty range {lo}-{hi}")
        return set(range(lo, hi + 1))
    return {int(y) for y in years}


def class_indices(
    classes: Sequence[str] | str | None, labels: VocabLabels | None = None
) -> set[int] | None:
    """Indices into :data:`CLASSES` for class names (``Campaign``, ``qm:Campaign``, the IRI,
    or the legend's Chinese label). ``None`` selects every class."""
    if classes is None:
        return None
    if isinstance(classes, str):
        classes = [c for c in re.split(r"[,\s]+", classes) if c]
    names: dict[str, int] = {}
    for i, iri in enumerate(CLASSES):
        local = iri.rsplit("#", 1)[-1]
        names.update({local.lower(): i, f"qm:{local}".lower(): i, iri.lower(): i})
        if labels and iri in labels.classes:
            names[labels.classes[iri]["zh"].lower()] = i
            names[labels.classes[iri]["en"].lower()] = i
    names["organisation"] = CLASSES.index(str(QM.Organization))
    out = set()
    for name in classes:
        if name.strip().lower() not in names:
            valid = ", ".join(c.rsplit("#", 1)[-1] for c in CLASSES)
            raise ConfigError(f"--classes: unknown class {name!r} (expected some of {valid})")
        out.add(names[name.strip().lower()])
    return out


# -- rendering ---------------------------------------------------------------------------


def short_label(label: str) -> str:
    """The label drawn on the canvas (the page script's ``shortLabel`` does the same)."""
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"


def tooltip(ent: _Entity, cls: dict[str, str]) -> str:
    """Hover text (the page script's ``tooltip`` does the same); vis-network shows it as
    plain text."""
    lines = [ent.label]
    if ent.en and ent.abbr:
        lines.append(f"{ent.en} ({ent.abbr})")
    elif ent.en or ent.abbr:
        lines.append(ent.en or ent.abbr)
    if ent.aliases:
        lines.append("别名：" + "、".join(ent.aliases[:8]))
    lines.append(f"{cls['zh']} · {cls['en']}")
    if ent.years:
        first, last = ent.years[0], ent.years[-1]
        lines.append(f"年份：{first}" if first == last else f"年份：{first}–{last}")
    return "\n".join(lines)


def _vis_options(n_initial: int) -> dict[str, Any]:
    font = (
        "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', "
        "'Microsoft YaHei', sans-serif"
    )
    return {
        "autoResize": True,
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": n_initial <= 150},
        "nodes": {
            "shape": "dot",
            "borderWidth": 1.5,
            "font": {
                "face": font,
                "size": 14,
                "color": "#1f2933",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
            },
            "scaling": {
                "min": 9,
                "max": 40,
                "label": {
                    "enabled": True,
                    "min": 12,
                    "max": 19,
                    "drawThreshold": 6,
                    "maxVisible": 28,
                },
            },
        },
        "edges": {
            "width": 1,
            "selectionWidth": 2.5,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
            "color": {
                "color": "#c3cad4",
                "highlight": "#3b4754",
                "hover": "#6b7785",
                "opacity": 0.9,
            },
            "font": {
                "face": font,
                "size": 10,
                "color": "#6b7785",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "align": "middle",
            },
            "smooth": False,
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -110,
                "centralGravity": 0.01,
                "springLength": 150,
                "springConstant": 0.05,
                "damping": 0.5,
                "avoidOverlap": 0.8,
            },
            "stabilization": {
                "enabled": True,
                "iterations": _iterations(n_initial),
                "updateInterval": 25,
                "fit": True,
            },
            "minVelocity": 1.0,
            "maxVelocity": 60,
            "timestep": 0.5,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 160,
            "hideEdgesOnDrag": n_initial > 400,
            "hideEdgesOnZoom": n_initial > 800,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": False,
        },
    }


def _iterations(n_initial: int) -> int:
    """Layout iterations before the page is ready: fewer as the view grows, so that the
    first stable picture comes within a couple of seconds."""
    return 500 if n_initial <= 100 else 250 if n_initial <= 400 else 150


def _csp(scripts: Sequence[str]) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
        for s in scripts
    )
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
    )


def _trusted_text(path: Path, closing: str) -> str:
    text = path.read_text(encoding="utf-8")
    if closing in text.lower():
        raise ConfigError(f"{path}: contains {closing!r} and cannot be inlined")
    return text


def render_html(
    store: ox.Store,
    out_path: Path,
    *,
    years: tuple[int, int] | list[int] | None = None,
    classes: list[str] | None = None,
    max_nodes: int | None = None,
    title: str = DEFAULT_TITLE,
) -> dict[str, Any]:
    """Write the interactive network of the entities in ``store`` (all graphs) to ``out_path``.

    Args:
        store: the graph; named graphs and the default graph are read as one.
        out_path: the HTML file to write (UTF-8, atomically).
        years: keep only entities of these years: ``(first, last)`` inclusive or a list.
        classes: keep only these classes (``Campaign``, ``Notice``, ``Department``,
            ``Organization``, ``Theme``, ``Slogan``, ``Activity``, ``Place``).
        max_nodes: above this many entities the page opens on an overview (default 1500).
        title: the page title.

    Returns:
        ``{"nodes", "edges"}`` in the page, ``{"initial_nodes", "initial_edges"}`` drawn at
        start, ``"overview"`` (bool) and ``"path"``.

    Raises:
        ConfigError: a bad ``years``, ``classes`` or ``max_nodes``.
        OutputError: ``out_path`` cannot be written.
    """
    limit = DEFAULT_MAX_NODES if max_nodes is None else int(max_nodes)
    if limit < 1:
        raise ConfigError(f"--max-nodes: must be at least 1, got {max_nodes}")
    labels = vocab_labels(store)
    wanted_years = year_set(years)
    wanted_classes = class_indices(classes, labels)

    entities, edge_iris, quotes = _read(store)
    _assign_years(entities, edge_iris)

    def keep(ent: _Entity) -> bool:
        if wanted_classes is not None and ent.cls not in wanted_classes:
            return False
        return wanted_years is None or bool(wanted_years.intersection(ent.years))

    kept = sorted((e for e in entities.values() if keep(e)), key=lambda e: (e.cls, e.iri))
    ids = {e.iri: i for i, e in enumerate(kept)}
    for ent in kept:
        _assign_labels(ent)
    edge_props = sorted({p for s, p, o in edge_iris if s in ids and o in ids}, key=curie)
    pid = {p: i for i, p in enumerate(edge_props)}
    edges = sorted({(ids[s], pid[p], ids[o]) for s, p, o in edge_iris if s in ids and o in ids})

    # Degree in the undirected simple graph: distinct neighbours, loops not counted.
    neighbours: list[set[int]] = [set() for _ in kept]
    for s, _p, o in edges:
        if s != o:
            neighbours[s].add(o)
            neighbours[o].add(s)
    degree = {i: len(n) for i, n in enumerate(neighbours)}
    del neighbours

    overview = len(kept) > limit
    initial = _overview(kept, edges, degree, limit) if overview else list(range(len(kept)))
    initial_set = set(initial)

    class_meta = [labels.classes[c] for c in CLASSES]
    prop_meta = [labels.prop(p) for p in edge_props]

    net = Network(
        height="100%",
        width="100%",
        directed=True,
        cdn_resources="in_line",
        heading=title,
        bgcolor="#f7f8fa",
    )
    for i in initial:
        ent = kept[i]
        net.add_node(
            i,
            label=short_label(ent.label),
            shape="dot",
            color=class_meta[ent.cls]["color"],
            value=degree[i],
            title=tooltip(ent, class_meta[ent.cls]),
            cls=ent.cls,
            yrs=list(ent.years),
        )
    n_initial_edges = 0
    for k, (s, p, o) in enumerate(edges):
        if s in initial_set and o in initial_set:
            zh = prop_meta[p]["zh"]
            net.add_edge(s, o, id=k, label=zh, title=f"{zh} · {curie(edge_props[p])}", p=p)
            n_initial_edges += 1
    net.options = _vis_options(len(initial))

    all_years = sorted({y for e in kept for y in e.years})
    index_json = script_json({
        "nodes": [_index_row(e, degree[i]) for i, e in enumerate(kept)],
        "edges": [x for s, p, o in edges for x in (s, o, p)],
    })
    panel_json = script_json(_panel_data(kept, ids, quotes, entities, wanted_years))
    # What the page was made of goes before the page is put together: at 10,000 notices the
    # quotes and the entities not drawn are some hundreds of megabytes.
    del quotes, entities, edge_iris, ids
    meta = {
        "base": ID_NS,
        "classes": [
            {"key": c.rsplit("#", 1)[-1], "zh": m["zh"], "en": m["en"], "color": m["color"]}
            for c, m in zip(CLASSES, class_meta, strict=True)
        ],
        "props": [
            {"curie": curie(p), "zh": m["zh"], "en": m["en"]}
            for p, m in zip(edge_props, prop_meta, strict=True)
        ],
        "propLabels": {curie(p): [m["zh"], m["en"]] for p, m in sorted(labels.properties.items())},
        "yearMin": all_years[0] if all_years else None,
        "yearMax": all_years[-1] if all_years else None,
        "overview": overview,
        "maxNodes": limit,
        "expandLimit": EXPAND_LIMIT,
        "labelMax": LABEL_MAX,
        "total": len(kept),
        "edgeTotal": len(edges),
    }
    counts = [0] * len(CLASSES)
    for ent in kept:
        counts[ent.cls] += 1

    vis_js = _trusted_text(VIS_JS, "</script")
    app_js = _trusted_text(ASSETS / "graph.js", "</script")
    css = _trusted_text(ASSETS / "graph.css", "</style")
    env = Environment(
        loader=FileSystemLoader(str(ASSETS)), autoescape=True, keep_trailing_newline=True
    )
    env.filters["kg_json"] = script_json
    env.filters["kg_json_text"] = lambda text: Markup(escape_json_text(str(text)))
    env.globals["kg"] = {
        "csp": _csp([vis_js, app_js]),
        "pyvis_version": pyvis.__version__,
        "css": Markup(css),
        "vis_js": Markup(vis_js),
        "app_js": Markup(app_js),
        "meta_json": script_json(meta),
        "index_json": index_json,
        "panel_json": panel_json,
        "overview": overview,
        "year_min": meta["yearMin"],
        "year_max": meta["yearMax"],
        "classes": [
            dict(c, count=counts[i])
            for i, c in enumerate(cast(list[dict[str, Any]], meta["classes"]))
        ],
        "edge_props": meta["props"],
    }
    net.templateEnv = env
    net.path = "graph.html.j2"
    del index_json, panel_json  # the page holds them now
    page = net.generate_html(name=str(Path(out_path).with_suffix(".html").name))
    env.globals.pop("kg")
    net.html = ""  # pyvis keeps a copy of the page
    if not page.endswith("\n"):
        page += "\n"
    try:
        atomic_write(Path(out_path), page.encode("utf-8"))
    except OSError as exc:
        raise OutputError(
            f"{out_path}: cannot write the HTML page ({exc.strerror or exc})"
        ) from exc
    return {
        "path": str(out_path),
        "nodes": len(kept),
        "edges": len(edges),
        "initial_nodes": len(initial),
        "initial_edges": n_initial_edges,
        "overview": overview,
    }


def _index_row(ent: _Entity, degree: int) -> list[Any]:
    iri = (
        ent.iri[len(ID_NS) :]
        if ent.iri.startswith(ID_NS) and ":" not in ent.iri[len(ID_NS) :]
        else ent.iri
    )
    row: list[Any] = [
        iri,
        ent.cls,
        ent.label,
        degree,
        list(ent.years),
        ent.en,
        ent.abbr,
        ent.aliases,
    ]
    while len(row) > 4 and not row[-1]:
        row.pop()
    return row


def _overview(
    kept: list[_Entity], edges: list[tuple[int, int, int]], degree: dict[int, int], limit: int
) -> list[int]:
    """Campaigns and the departments, organisations and themes linked to them."""
    campaigns = {i for i, e in enumerate(kept) if e.cls == _CAMPAIGN}
    backbone = set(campaigns)
    for s, _p, o in edges:
        for a, b in ((s, o), (o, s)):
            if a in campaigns and kept[b].cls in (_DEPARTMENT, _ORGANIZATION, _THEME):
                backbone.add(b)
    if not backbone:
        backbone = set(range(len(kept)))
        limit = min(limit, 300)
    if len(backbone) > limit:
        ranked = sorted(backbone, key=lambda i: (kept[i].cls != _CAMPAIGN, -degree[i], i))
        backbone = set(ranked[:limit])
    return sorted(backbone)


def _panel_data(
    kept: list[_Entity],
    ids: dict[str, int],
    quotes: list[tuple[str, _Quote]],
    entities: dict[str, _Entity],
    wanted_years: set[int] | None,
) -> dict[str, Any]:
    files: dict[str, int] = {}
    sources = {
        iri: min((v for p, v, _ in e.literals if p == _SOURCE), default="")
        for iri, e in entities.items()
        if e.cls == _NOTICE
    }
    fields: dict[int, list[list[Any]]] = defaultdict(list)
    rows = []
    for target, quote in quotes:
        if target not in ids:
            continue
        notice = entities.get(quote.notice)
        if (
            wanted_years is not None
            and notice is not None
            and not wanted_years.intersection(notice.years)
        ):
            continue  # quoted from a notice outside the selected years
        rows.append(
            (
                ids[target],
                sources.get(quote.notice, ""),
                quote.start,
                quote.exact,
                quote.field,
                ids.get(quote.notice, -1),
            )
        )
    rows.sort()
    for file in sorted({r[1] for r in rows}):
        files[file] = len(files)
    for idx, file, start, exact, fld, notice_idx in rows:
        fields[idx].append([exact, files[file], notice_idx, fld, start])
    order = {p: i for i, p in enumerate(_PANEL_ORDER)}
    nodes: dict[str, Any] = {}
    for i, ent in enumerate(kept):
        facts = sorted(
            ent.literals, key=lambda t: (order.get(t[0], len(order)), curie(t[0]), t[2], t[1])
        )
        entry: dict[str, Any] = {}
        if facts:
            entry["f"] = [[curie(p), v, tag] for p, v, tag in facts]
        if fields.get(i):
            entry["q"] = fields[i]
        if entry:
            nodes[str(i)] = entry
    return {"files": list(files), "nodes": nodes}


# -- kg viz ------------------------------------------------------------------------------


def load_graph_files(graph_files: Iterable[Path]) -> ox.Store:
    """An in-memory store with the quads of ``.trig``/``.ttl``/``.nt``/``.nq`` files."""
    store = ox.Store()
    for path in map(Path, graph_files):
        fmt = _GRAPH_FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise InputError(f"{path}: not a graph file (expected .trig, .ttl, .nt or .nq)")
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        try:
            store.bulk_load(path=str(path), format=fmt)
        except SyntaxError as exc:
            raise InputError(f"{path}: cannot parse ({exc})") from exc
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc})") from exc
    return store


def viz(
    graph_files: Sequence[Path],
    out: Path,
    *,
    years: Any = None,
    classes: Any = None,
    max_nodes: int | None = None,
    title: str = DEFAULT_TITLE,
) -> dict[str, Any]:
    """Load graph files and render them (see :func:`render_html`)."""
    if not graph_files:
        raise InputError("kg viz: no graph file given")
    store = load_graph_files(graph_files)
    selected = year_set(years)
    return render_html(
        store,
        Path(out),
        years=sorted(selected) if selected is not None else None,
        classes=classes,
        max_nodes=max_nodes,
        title=title,
    )


def viz_main(
    graph_files: list[Path],
    out: Path,
    years: Any = None,
    classes: Any = None,
    max_nodes: int | None = None,
) -> int:
    """``kg viz``: render graph files to an HTML page; the exit status (0, or 2 on error)."""
    try:
        result = viz(graph_files, out, years=years, classes=classes, max_nodes=max_nodes)
    except KgError as exc:
        print(f"kg viz: {exc}", file=sys.stderr)
        return exc.exit_status
    mode = "overview" if result["overview"] else "full view"
    print(f"wrote {result['path']}: {result['nodes']} entities, {result['edges']} links ({mode})")
    return 0
