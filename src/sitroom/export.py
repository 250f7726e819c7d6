"""Stage 12, exports: the store as the JSON contract of SPEC.md, JSONL and CSV.

Sections appear as their stages land; each record has exactly the contract's fields.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from .store import SQLiteStore
from .types import DateInference, Document, Entity, Event, MentionRef, Quote, TimeExpr

FORMATS = ("json", "jsonl", "csv")


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


def picture(store: SQLiteStore) -> dict[str, list[dict[str, Any]]]:
    """The whole situation picture as one JSON-ready object."""
    documents = store.documents()
    texts = {d.id: d.text for d in documents}
    inferred = store.date_inferences()
    mentions = store.entity_mentions()
    return {
        "documents": [document_record(d, inferred.get(d.id)) for d in documents],
        "entities": [entity_record(e, mentions.get(e.id, [])) for e in store.entities()],
        "quotes": [quote_record(qid, speaker, group, q, texts[q.document]) for qid, speaker, group, q in store.quotes()],
        "times": [time_record(t) for times in store.times().values() for t in times],
        "events": [event_record(e) for e in store.events()],
        "stories": [{"id": story, "documents": docs} for story, docs in store.stories().items()],
    }


def to_json(store: SQLiteStore) -> str:
    return json.dumps(picture(store), ensure_ascii=False, indent=2)


def to_jsonl(store: SQLiteStore) -> Iterator[str]:
    """One line per record, each tagged with the section it belongs to."""
    for section, records in picture(store).items():
        for record in records:
            yield json.dumps({"section": section, **record}, ensure_ascii=False)


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
