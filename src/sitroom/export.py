"""Stage 12, exports: the store as the JSON contract of SPEC.md, JSONL, CSV and GraphML.

Each record has the contract's fields, and some more a reader of the contract can ignore
(claims' holder kind and actors, clusters' origins and stance per outlet, relations' event
and claim counts and actor names, an ``outlets`` section of outlet profiles, a ``stories``
section). GraphML is the actor graph alone (``relations.graph``), for Gephi, Cytoscape or
networkx.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from . import relations as actor_graph
from .outlets import OutletProfile, profiles
from .store import SQLiteStore
from .types import (Claim, ClaimCluster, DateInference, Document, Entity, Event, Forecast, MentionRef, Quote, Relation,
                    TimeExpr)

FORMATS = ("json", "jsonl", "csv", "graphml")


def document_record(doc: Document, inference: DateInference | None = None) -> dict[str, Any]:
    """SPEC's document fields; an inferred date also carries its evidence."""
    record = {
        "id": doc.id,
        "path": doc.path,
        "outlet": doc.outlet,
        "title": doc.title,
        "authors": list(doc.authors),
        "published": doc.published,
        "published_inferred": doc.published_inferred,
        "duplicate_of": doc.duplicate_of,
        "text": doc.text,
        "removed": [{"kind": r.kind, "text": r.text} for r in doc.removed],
    }
    if inference is not None:
        record["published_evidence"] = {"earliest": inference.earliest, "latest": inference.latest,
                                        "because": list(inference.evidence)}
    return record


def entity_record(entity: Entity, mentions: list[MentionRef]) -> dict[str, Any]:
    """SPEC's entity fields, plus the roles and mention spans behind it."""
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "documents": list(entity.documents),
        "roles": list(entity.roles),
        "mentions": [{"document": m.document, "start": m.start, "end": m.end} for m in mentions],
    }


def quote_record(quote_id: str, speaker: str | None, group: str | None, quote: Quote, text: str) -> dict[str, Any]:
    return {
        "id": quote_id,
        "document": quote.document,
        "speaker": speaker,
        "speaker_name": quote.speaker_name,
        "text": text[quote.start:quote.end],
        "kind": quote.kind,
        "cue": quote.cue,
        "channel": quote.channel,
        "start": quote.start,
        "end": quote.end,
        "group": group,
    }


def time_record(t: TimeExpr) -> dict[str, Any]:
    return {"document": t.document, "text": t.text, "start": t.start, "end": t.end, "value": t.value, "type": t.type}


def event_record(e: Event) -> dict[str, Any]:
    return {
        "id": e.id, "type": e.type, "cameo": e.cameo, "summary": e.summary, "actors": list(e.actors),
        "location": e.location, "date": e.date, "status": e.status, "documents": list(e.documents),
        "evidence": [{"document": d, "start": s, "end": end} for d, s, end in e.evidence],
    }


def claim_record(claim: Claim, cluster: str | None) -> dict[str, Any]:
    return {
        "id": claim.id, "document": claim.document, "text": claim.text, "start": claim.start, "end": claim.end,
        "holder": claim.holder, "holder_kind": claim.holder_kind, "modality": claim.modality,
        "negated": claim.negated, "hedged": claim.hedged, "cue": claim.cue, "actors": list(claim.actors),
        "cluster": cluster,
    }


def cluster_record(cluster: ClaimCluster) -> dict[str, Any]:
    return {
        "id": cluster.id, "summary": cluster.summary, "status": cluster.status,
        "supporting": list(cluster.supporting), "disputing": list(cluster.disputing),
        "origins": cluster.origins, "stances": dict(cluster.stances),
    }


def forecast_record(f: Forecast) -> dict[str, Any]:
    return {
        "id": f.id, "claim": f.claim, "document": f.document, "text": f.text, "start": f.start, "end": f.end,
        "holder": f.holder, "due": f.due, "outcome": f.outcome,
        "evidence": [{"claim": c, "document": d, "start": s, "end": e, "relation": r} for c, d, s, e, r in f.evidence],
    }


def outlet_record(p: OutletProfile) -> dict[str, Any]:
    return {
        "outlet": p.key, "name": p.name, "documents": p.documents, "first_published": p.first,
        "claims": p.claims, "first_reports": p.first_reports, "copies_of": list(p.copies_of),
        "copied_by": list(p.copied_by), "hedging_rate": round(p.hedging_rate, 3),
        "forecasts": dict(p.forecasts), "disputed": [{"claim": c, "stance": s} for c, s in p.disputed],
    }


def relation_record(r: Relation, names: dict[str, str]) -> dict[str, Any]:
    """SPEC's relation fields, plus how many events and claims are behind it and the actors' names."""
    return {
        "source": r.source, "target": r.target, "kind": r.kind, "score": r.score,
        "evidence": [{"document": d, "start": s, "end": e} for d, s, e in r.evidence],
        "events": r.events, "claims": r.claims,
        "source_name": names.get(r.source), "target_name": names.get(r.target),
    }


def picture(store: SQLiteStore) -> dict[str, list[dict[str, Any]]]:
    """The whole situation picture as one JSON-ready object."""
    documents = store.documents()
    texts = {d.id: d.text for d in documents}
    inferred = store.date_inferences()
    mentions = store.entity_mentions()
    claims = store.claims()
    clusters = store.claim_clusters()
    forecasts = store.forecasts()
    entities = store.entities()
    names = {e.id: e.name for e in entities}
    return {
        "documents": [document_record(d, inferred.get(d.id)) for d in documents],
        "entities": [entity_record(e, mentions.get(e.id, [])) for e in entities],
        "quotes": [quote_record(qid, speaker, group, q, texts[q.document]) for qid, speaker, group, q in store.quotes()],
        "times": [time_record(t) for times in store.times().values() for t in times],
        "events": [event_record(e) for e in store.events()],
        "claims": [claim_record(c, cluster) for c, cluster in claims],
        "claim_clusters": [cluster_record(c) for c in clusters],
        "forecasts": [forecast_record(f) for f in forecasts],
        "relations": [relation_record(r, names) for r in store.relations()],
        "outlets": [outlet_record(p) for p in profiles(documents, claims, clusters, forecasts)],
        "stories": [{"id": story, "documents": docs} for story, docs in store.stories().items()],
    }


def to_json(store: SQLiteStore) -> str:
    return json.dumps(picture(store), ensure_ascii=False, indent=2)


def to_jsonl(store: SQLiteStore) -> Iterator[str]:
    """One line per record, each tagged with the section it belongs to."""
    for section, records in picture(store).items():
        for record in records:
            yield json.dumps({"section": section, **record}, ensure_ascii=False)


def to_graphml(store: SQLiteStore) -> str:
    """The actor graph as GraphML: entities as nodes (name, type), relations as edges."""
    return actor_graph.to_graphml(actor_graph.graph(store.relations(), store.entities()))


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (article text is hostile)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(store: SQLiteStore) -> str:
    """The documents table (without full text) for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "path", "outlet", "title", "authors", "published", "published_inferred", "duplicate_of", "words", "removed_parts"])
    for d in store.documents():
        row = [d.id, d.path, d.outlet or "", d.title or "", "; ".join(d.authors), d.published or "",
               int(d.published_inferred), d.duplicate_of or "", d.words, len(d.removed)]
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()
