"""The brief: what an analyst reads first, in Markdown or HTML.

Sections: sources (outlet, title, author, date, words, copies, removed parts), a timeline
of events (table; chart in HTML), the most mentioned actors with their roles, who said
what, corroborated and disputed claims (each side cited, with a stance matrix of claim by
outlet), the forecast scorecard (each forecast with the passages that decided it), and
sources compared (first reports, copies, hedging rate, forecast record, stance on disputed
claims). Every value comes from the store; article text is
escaped in HTML by Jinja2's autoescape and in Markdown by ``md_escape``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone

from jinja2 import Environment, PackageLoader, select_autoescape

from ..outlets import outlet_key, profiles, source_name
from ..store import SQLiteStore
from ..types import Claim, ClaimCluster, Document, Entity, Event, Forecast
from . import charts

FORMATS = ("md", "html")
TOP_ENTITIES = 15
TOP_SPEAKERS = 12
TOP_EVENTS = 40
TOP_CORROBORATED = 15
TOP_DISPUTED = 15

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_escape(value: object) -> str:
    """Text safe inside a Markdown table cell: markup characters escaped, one line."""
    text = re.sub(r"\s+", " ", str(value or "")).strip()
    return _MD_SPECIAL.sub(r"\\\1", text)


@dataclass(frozen=True, slots=True)
class SourceRow:
    document: Document
    copies: tuple[Document, ...]
    removed: dict[str, int]


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("sitroom", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["basename"] = lambda path: str(path).replace("\\", "/").rsplit("/", 1)[-1]
    return env


def sources(documents: list[Document]) -> list[SourceRow]:
    copies: dict[str, list[Document]] = {}
    for doc in documents:
        if doc.duplicate_of:
            copies.setdefault(doc.duplicate_of, []).append(doc)
    rows = []
    for doc in documents:
        if doc.duplicate_of:
            continue
        group = [doc, *copies.get(doc.id, [])]
        removed = Counter(r.kind for member in group for r in member.removed)
        rows.append(SourceRow(doc, tuple(copies.get(doc.id, [])), dict(sorted(removed.items()))))
    rows.sort(key=lambda r: (r.document.published or "9999", r.document.outlet or "", r.document.path))
    return rows


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement, shown once, with every source that quotes it."""

    text: str
    kind: str
    cue: str | None
    channel: str | None
    sources: tuple[str, ...]  # outlets or file names, for the citation


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    statements: tuple[Statement, ...]


def _source(doc: Document) -> str:
    return source_name(doc)


@dataclass(frozen=True, slots=True)
class Citation:
    source: str
    holder: str
    stance: str
    text: str


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """A proposition as the brief shows it: its status, both sides cited, stance per outlet."""

    summary: str
    status: str
    origins: int
    supporting: tuple[Citation, ...]
    disputing: tuple[Citation, ...]
    stances: dict[str, str]  # source name -> stance


def claim_rows(clusters: list[ClaimCluster], claims: list[tuple[Claim, str | None]],
               documents: list[Document]) -> tuple[list[ClaimRow], list[ClaimRow], list[str]]:
    """(corroborated, disputed, outlets): the propositions most sources state, the disputed
    ones, and the outlets for the stance matrix columns."""
    by_id = {d.id: d for d in documents}
    names = {outlet_key(d): _source(d) for d in documents if d.duplicate_of is None}
    claim_of = {c.id: c for c, _ in claims}

    def cite(ids: tuple[str, ...], stance: str) -> tuple[Citation, ...]:
        out = []
        for cid in ids:
            c = claim_of.get(cid)
            if c is not None and c.document in by_id:
                holder = "" if c.holder_kind == "author" else c.holder
                out.append(Citation(_source(by_id[c.document]), holder, stance if stance else c.modality, c.text))
        return tuple(out)

    def row(cluster: ClaimCluster) -> ClaimRow:
        return ClaimRow(cluster.summary, cluster.status, cluster.origins, cite(cluster.supporting, ""),
                        cite(cluster.disputing, ""),
                        {names.get(k, k): stance for k, stance in cluster.stances})

    corroborated = sorted((c for c in clusters if c.status == "corroborated"),
                          key=lambda c: (-c.origins, -len(c.supporting), c.summary))[:TOP_CORROBORATED]
    # explicit denials first ("X denied ...", a minister's "we have not ..."), then the most cited
    disputed = sorted((c for c in clusters if c.status == "disputed"),
                      key=lambda c: (not any(claim_of[d].modality == "denied" for d in c.disputing if d in claim_of),
                                     -(len(c.supporting) + len(c.disputing)), c.summary))[:TOP_DISPUTED]
    return [row(c) for c in corroborated], [row(c) for c in disputed], sorted(set(names.values()))


@dataclass(frozen=True, slots=True)
class ScoreRow:
    forecast: str
    source: str
    holder: str
    due: str | None
    outcome: str
    evidence: tuple[Citation, ...]


def scorecard(forecasts: list[Forecast], documents: list[Document]) -> list[ScoreRow]:
    """Every forecast with its outcome and up to three deciding passages, resolved first."""
    by_id = {d.id: d for d in documents}
    order = {"confirmed": 0, "partly confirmed": 1, "contradicted": 2, "not reported": 3}
    rows = []
    for f in forecasts:
        doc = by_id.get(f.document)
        if doc is None:
            continue
        ranked = sorted(f.evidence, key=lambda e: ("confirms", "contradicts", "partly confirms").index(e[4]))
        evidence = tuple(Citation(_source(by_id[d]), "", rel, by_id[d].text[s:e]) for _, d, s, e, rel in ranked[:3]
                         if d in by_id)
        rows.append(ScoreRow(f.text, _source(doc), "" if f.holder == ", ".join(doc.authors) else f.holder,
                             f.due, f.outcome, evidence))
    rows.sort(key=lambda r: (order[r.outcome], r.source))
    return rows


def who_said_what(store: SQLiteStore, documents: list[Document], entities: list[Entity] | None = None) -> list[Speaker]:
    """Speakers with the most statements first; a statement several outlets quote is
    shown once (its fullest direct wording) with all of them."""
    by_id = {d.id: d for d in documents}
    names = {e.id: e.name for e in (store.entities() if entities is None else entities)}
    groups: dict[tuple[str, str], list] = {}
    for qid, speaker, group, quote in store.quotes():
        name = names.get(speaker or "") or quote.speaker_name
        if name:
            groups.setdefault((name, group or qid), []).append(quote)
    speakers: dict[str, list[tuple[int, Statement]]] = {}
    for (name, _), members in groups.items():
        best = max(members, key=lambda q: (q.kind == "direct", q.end - q.start))
        doc = by_id[best.document]
        sources = tuple(dict.fromkeys(_source(by_id[q.document]) for q in members))
        statement = Statement(doc.text[best.start:best.end], best.kind, best.cue, best.channel, sources)
        speakers.setdefault(name, []).append((min(q.start for q in members), statement))
    result = [Speaker(name, tuple(st for _, st in sorted(items, key=lambda x: (-len(x[1].sources), x[0]))))
              for name, items in speakers.items()]
    result.sort(key=lambda s: (-len(s.statements), s.name))
    return result[:TOP_SPEAKERS]


@dataclass(frozen=True, slots=True)
class TimelineRow:
    date: str
    summary: str
    status: str
    sources: tuple[str, ...]


def timeline(events: list[Event], documents: list[Document]) -> list[TimelineRow]:
    """Dated events, and undated ones several documents report, oldest first."""
    by_id = {d.id: d for d in documents}
    rows = []
    for e in events:
        if not e.date and len(e.documents) < 2:
            continue
        sources = tuple(dict.fromkeys(_source(by_id[d]) for d in e.documents if d in by_id))
        rows.append(TimelineRow(e.date or "undated", e.summary, e.status, sources))
    rows.sort(key=lambda r: (r.date == "undated", r.date))
    return rows[:TOP_EVENTS]


def render(store: SQLiteStore, fmt: str = "md") -> str:
    documents = store.documents()
    entities = store.entities()
    events = store.events()
    claims = store.claims()
    clusters = store.claim_clusters()
    forecasts = store.forecasts()
    corroborated, disputed, outlets = claim_rows(clusters, claims, documents)
    template = _environment().get_template(f"brief.{fmt}.j2" if fmt == "md" else "brief.html")
    return template.render(
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        sources=sources(documents),
        documents=documents,
        duplicates=sum(1 for d in documents if d.duplicate_of),
        rejections=store.rejections(),
        actors=entities[:TOP_ENTITIES],
        speakers=who_said_what(store, documents, entities),
        timeline=timeline(events, documents),
        timeline_svg=charts.timeline_svg(events) if fmt == "html" else "",
        corroborated=corroborated,
        disputed=disputed,
        outlets=outlets,
        scorecard=scorecard(forecasts, documents),
        profiles=[p for p in profiles(documents, claims, clusters, forecasts) if p.documents],
    )
