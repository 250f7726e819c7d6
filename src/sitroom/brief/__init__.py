"""The brief: what an analyst reads first, in Markdown or HTML.

Sections: an executive summary (sentences taken verbatim from the articles, each cited:
source, document, character span), sources (outlet, title, author, date, words, copies,
removed parts), a timeline of events (table; chart in HTML), the most mentioned actors with
their roles, the strongest relations between actors (table, each with a cited passage;
network picture in HTML), who said what, corroborated and disputed claims (each side cited, with a stance matrix of claim by
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
from ..types import Claim, ClaimCluster, Document, Entity, Event, Forecast, Relation
from . import charts

FORMATS = ("md", "html")
TOP_ENTITIES = 15
TOP_SPEAKERS = 12
TOP_EVENTS = 40
TOP_CORROBORATED = 15
TOP_DISPUTED = 15
TOP_RELATIONS = 15
# The summary: up to SUMMARY_MAX sentences of things several documents report; when fewer
# than SUMMARY_MIN exist, single-source ones fill up to it.
SUMMARY_MIN = 3
SUMMARY_MAX = 6
# A summary sentence is a sentence a reader can take in at once; shorter is a fragment or a
# heading, longer is usually several sentences glued by a missed boundary.
SUMMARY_WORDS = (6, 60)
# Two sentences, the shorter of which shares more than this share of its words with the
# other, say the same thing ("X and Y met in Z" / "On Friday X and Y met for the first time
# at a summit in Z").
SUMMARY_OVERLAP = 0.6

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


@dataclass(frozen=True, slots=True)
class Cited:
    """A passage quoted verbatim, with where it is: ``document.text[start:end] == text``."""

    text: str
    source: str
    document: str
    start: int
    end: int


_WORD = re.compile(r"\w[\w'’-]*")


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text) if len(w) > 3)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two word sets."""
    return len(a & b) / len(a | b) if a and b else 0.0


def _containment(a: frozenset[str], b: frozenset[str]) -> float:
    """The share of the smaller word set found in the other."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _sentence(doc: Document, start: int, end: int) -> Cited | None:
    """The span as a summary sentence: trimmed of whitespace and of any heading glued on
    before it (the longest line wins); None when it is too short or too long to stand alone."""
    best: tuple[int, int] | None = None
    pos = start
    for line in doc.text[start:end].split("\n"):
        lead = len(line) - len(line.lstrip())
        s, e = pos + lead, pos + len(line.rstrip())
        if e > s and (best is None or e - s > best[1] - best[0]):
            best = (s, e)
        pos += len(line) + 1
    if best is None:
        return None
    text = doc.text[best[0]:best[1]]
    if not SUMMARY_WORDS[0] <= len(text.split()) <= SUMMARY_WORDS[1]:
        return None
    return Cited(text, _source(doc), doc.id, best[0], best[1])


def _central(spans: list[tuple[str, int, int]], by_id: dict[str, Document]) -> Cited | None:
    """Of the sentences that report one thing, the one sharing most words with the others
    (the wording the sources agree on); the shorter one on a tie."""
    candidates = []
    for doc_id, start, end in sorted(set(spans))[:50]:  # enough to find the common wording
        doc = by_id.get(doc_id)
        cited = _sentence(doc, start, end) if doc is not None else None
        if cited is not None:
            candidates.append((cited, _words(cited.text)))
    if not candidates:
        return None
    return max(candidates, key=lambda c: (sum(_overlap(c[1], o[1]) for o in candidates if o is not c),
                                          -len(c[0].text), c[0].document, -c[0].start))[0]


def executive_summary(events: list[Event], clusters: list[ClaimCluster], claims: list[tuple[Claim, str | None]],
                      documents: list[Document]) -> list[Cited]:
    """3-6 sentences taken verbatim from the articles: the central sentence of each of the
    events and corroborated propositions most documents report, widest first; each cited."""
    by_id = {d.id: d for d in documents if d.duplicate_of is None}
    claim_of = {c.id: c for c, _ in claims}
    Span = tuple[str, int, int]
    groups: list[tuple[int, int, list[Span], list[Span]]] = []  # (documents, order, preferred, all sentences)
    for e in events:
        if e.status != "denied":
            groups.append((len(set(e.documents)), 0, [], list(e.evidence)))
    for cluster in clusters:
        if cluster.status == "corroborated":
            members = [claim_of[c] for c in cluster.supporting if c in claim_of]
            spans = [(c.document, c.sentence_start, c.sentence_end) for c in members]
            # the claim the clusters stage chose to name the proposition, when it reads well
            named = [(c.document, c.sentence_start, c.sentence_end) for c in members if c.text == cluster.summary]
            groups.append((len({c.document for c in members}), 1, named, spans))
    groups.sort(key=lambda g: (-g[0], g[1]))
    chosen: list[Cited] = []
    used: set[tuple[str, int]] = set()  # sentences of the groups already summarised
    for breadth, _, preferred, spans in groups:
        if len(chosen) >= SUMMARY_MAX or (breadth < 2 and len(chosen) >= SUMMARY_MIN):
            break
        starts = {(d, s) for d, s, _ in spans}
        if len(starts & used) * 2 >= len(starts):
            continue  # mostly the same sentences as one already told: the same news
        used |= starts
        cited = (_central(preferred, by_id) if preferred else None) or _central(spans, by_id)
        if cited is None:
            continue
        words = _words(cited.text)
        if any(c.document == cited.document and c.start < cited.end and cited.start < c.end
               or _containment(words, _words(c.text)) > SUMMARY_OVERLAP for c in chosen):
            continue
        chosen.append(cited)
    return chosen


@dataclass(frozen=True, slots=True)
class RelationRow:
    """An edge of the actor graph as the brief shows it, with one passage behind it."""

    source: str
    target: str
    kind: str
    score: float
    events: int
    claims: int
    passage: Cited | None


def relation_rows(relations: list[Relation], entities: list[Entity], documents: list[Document]) -> list[RelationRow]:
    """The strongest relations (most events and claims behind them, then the sharpest), each
    with a passage that names both actors when there is one."""
    by_entity = {e.id: e for e in entities}
    by_id = {d.id: d for d in documents}

    def names(eid: str) -> list[str]:
        e = by_entity.get(eid)
        return [n.lower() for n in (e.name, *e.aliases) if len(n) > 2] if e else []

    rows = []
    shown: set[tuple[str, int]] = set()
    for r in sorted(relations, key=lambda r: (-(r.events + r.claims), -abs(r.score), r.source, r.target))[:TOP_RELATIONS]:
        # the first few hundred passages are enough to find one that names both actors
        passages = [Cited(by_id[d].text[s:e], _source(by_id[d]), d, s, e) for d, s, e in r.evidence[:300] if d in by_id]
        first, second = names(r.source), names(r.target)
        both = [p for p in passages
                if any(n in p.text.lower() for n in first) and any(n in p.text.lower() for n in second)]
        pool = both or passages
        # a passage not shown for another relation yet, of a readable length, first in the corpus
        passage = min(pool, key=lambda p: ((p.document, p.start) in shown, len(p.text) > 400, len(p.text) < 40,
                                           p.document, p.start)) if pool else None
        if passage is not None:
            shown.add((passage.document, passage.start))
        rows.append(RelationRow(
            by_entity[r.source].name if r.source in by_entity else r.source,
            by_entity[r.target].name if r.target in by_entity else r.target,
            r.kind, r.score, r.events, r.claims, passage,
        ))
    return rows


def render(store: SQLiteStore, fmt: str = "md") -> str:
    documents = store.documents()
    entities = store.entities()
    events = store.events()
    claims = store.claims()
    clusters = store.claim_clusters()
    forecasts = store.forecasts()
    relations = store.relations()
    corroborated, disputed, outlets = claim_rows(clusters, claims, documents)
    names = {e.id: e.name for e in entities}
    template = _environment().get_template(f"brief.{fmt}.j2" if fmt == "md" else "brief.html")
    return template.render(
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        summary=executive_summary(events, clusters, claims, documents),
        relations=relation_rows(relations, entities, documents),
        network_svg=charts.network_svg(relations, names) if fmt == "html" else "",
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
