"""Outlet profiles read off the corpus itself: who reported first, who copies whom, how
much each hedges, its forecast record and where it stands on disputed claims.

An outlet is the publisher a document names; documents without one stand alone (keyed by
their id, shown by title or file name).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .types import Claim, ClaimCluster, Document, Forecast


def outlet_key(doc: Document) -> str:
    """Who published a document, for counting independent sources: the outlet, else the document."""
    return (doc.outlet or "").strip().lower() or doc.id


def source_name(doc: Document) -> str:
    """How a document's source is shown: its outlet, else its title, else its file name."""
    return doc.outlet or doc.title or doc.path.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class OutletProfile:
    key: str
    name: str
    documents: int
    first: str | None                          # earliest publication date
    claims: int
    first_reports: int                         # multi-source propositions it stated first
    copies_of: tuple[str, ...]                 # outlets whose articles it republished
    copied_by: tuple[str, ...]
    hedging_rate: float                        # share of its claims hedged or hedged predictions
    forecasts: tuple[tuple[str, int], ...]     # (outcome, count)
    disputed: tuple[tuple[str, str], ...]      # (proposition, stance) on disputed claims


def profiles(documents: Sequence[Document], claims: Sequence[tuple[Claim, str | None]],
             clusters: Sequence[ClaimCluster], forecasts: Sequence[Forecast]) -> list[OutletProfile]:
    """One profile per outlet, the most prolific first."""
    by_id = {d.id: d for d in documents}
    keys = {d.id: outlet_key(d) for d in documents}
    names: dict[str, str] = {}
    for d in documents:
        names.setdefault(keys[d.id], source_name(d))
    docs_of: Counter[str] = Counter(keys[d.id] for d in documents if d.duplicate_of is None)
    first_date: dict[str, str] = {}
    for d in documents:
        if d.published and (keys[d.id] not in first_date or d.published < first_date[keys[d.id]]):
            first_date[keys[d.id]] = d.published
    copies_of: dict[str, set[str]] = defaultdict(set)
    copied_by: dict[str, set[str]] = defaultdict(set)
    for d in documents:
        original = by_id.get(d.duplicate_of or "")
        if original is not None and keys[original.id] != keys[d.id]:
            copies_of[keys[d.id]].add(names[keys[original.id]])
            copied_by[keys[original.id]].add(names[keys[d.id]])
    claim_count: Counter[str] = Counter()
    hedged: Counter[str] = Counter()
    members: dict[str, list[Claim]] = defaultdict(list)
    for claim, cluster in claims:
        key = keys.get(claim.document, claim.document)
        claim_count[key] += 1
        hedged[key] += claim.modality == "hedged" or claim.hedged
        if cluster:
            members[cluster].append(claim)
    first_reports: Counter[str] = Counter()
    for cluster in clusters:
        dated = [(by_id[c.document].published, keys[c.document]) for c in members.get(cluster.id, ())
                 if c.document in by_id and by_id[c.document].published]
        if len({k for _, k in dated}) >= 2:
            first_reports[min(dated)[1]] += 1
    record: dict[str, Counter[str]] = defaultdict(Counter)
    for f in forecasts:
        record[keys.get(f.document, f.document)][f.outcome] += 1
    disputed: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for cluster in clusters:
        if cluster.status == "disputed":
            for key, stance in cluster.stances:
                disputed[key].append((cluster.summary, stance))
    out = [
        OutletProfile(
            key=key, name=names.get(key, key), documents=docs_of[key], first=first_date.get(key),
            claims=claim_count[key], first_reports=first_reports[key], copies_of=tuple(sorted(copies_of[key])),
            copied_by=tuple(sorted(copied_by[key])),
            hedging_rate=hedged[key] / claim_count[key] if claim_count[key] else 0.0,
            forecasts=tuple(sorted(record[key].items())), disputed=tuple(disputed[key]),
        )
        for key in names
    ]
    out.sort(key=lambda p: (-p.documents, p.first or "9999", p.name))
    return out
