"""What every store does, in SQL both SQLite and PostgreSQL run.

``SQLStore`` holds the reads and writes of every stage; a backend subclass gives it a
connection (``self.conn``: ``execute``, ``executemany``, ``in_transaction``, with ``?``
placeholders and rows readable by index and by column name), a ``transaction()`` that lets
one writer in at a time, migrations, full-text ``search`` and an ``exclusive`` lock.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from importlib import resources
from typing import Any

from ..dedupe import Fingerprint
from ..parse import pack_tokens, unpack_tokens
from ..types import (
    Analysis, Claim, ClaimCluster, DateInference, Document, Entity, Event, EventMention, Failure, Forecast, Mention,
    MentionRef, Quote, Relation, Removed, Role,
    Sentence, TimeExpr,
)

# SQLite's column types that PostgreSQL spells otherwise; everything else in the shared
# migrations is standard SQL that both run.
_POSTGRES_TYPES = {"BLOB": "BYTEA", "REAL": "DOUBLE PRECISION"}


def migrations(dialect: str = "sqlite") -> list[tuple[int, str]]:
    """Ordered (version, sql) pairs shipped in ``store/migrations``.

    Both backends run the same files, so their schemas are the same tables and columns.
    PostgreSQL takes a file of the same number from ``migrations/postgresql/`` where SQLite's
    has something only SQLite has (FTS5 tables and their triggers), and its own type names.
    """
    folder = resources.files("sitroom.store") / "migrations"
    found = {int(e.name[:4]): e.read_text(encoding="utf-8") for e in folder.iterdir()
             if e.name.endswith(".sql") and e.name[:4].isdigit()}
    if dialect == "postgresql":
        found = {v: re.sub(r"\b(BLOB|REAL)\b", lambda m: _POSTGRES_TYPES[m[1]], sql) for v, sql in found.items()}
        found.update({int(e.name[:4]): e.read_text(encoding="utf-8") for e in (folder / "postgresql").iterdir()
                      if e.name.endswith(".sql") and e.name[:4].isdigit()})
    return sorted(found.items())


def quote_id(quote: Quote) -> str:
    """Stable id of a quote: its document and span."""
    return f"{quote.document}:{quote.start}-{quote.end}"


def _document_row(doc: Document) -> tuple:
    return (
        doc.id, doc.path, doc.source_key, doc.content_hash, doc.format, doc.outlet, doc.title,
        json.dumps(list(doc.authors), ensure_ascii=False), doc.published, int(doc.published_inferred),
        doc.url, doc.duplicate_of, doc.text, doc.words,
    )


class SQLStore:
    """The backend-independent part of a store (see the module docstring)."""

    conn: Any
    path: str

    def transaction(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def exclusive(self, name: str) -> AbstractContextManager[None]:
        """Hold a lock named ``name`` against other processes using this store."""
        raise NotImplementedError

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        raise NotImplementedError

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    # -- ingest -----------------------------------------------------------------------
    def known_sources(self) -> dict[str, str]:
        return {r["source_key"]: r["content_hash"] for r in self.conn.execute("SELECT source_key, content_hash FROM documents")}

    def save_documents(self, documents: Sequence[Document], fingerprints: Sequence[Fingerprint]) -> None:
        """Insert or replace documents (a changed source drops its old analysis)."""
        with self.transaction() as conn:
            for doc in documents:
                conn.execute("DELETE FROM documents WHERE source_key = ? AND id != ?", (doc.source_key, doc.id))
                existing = conn.execute("SELECT content_hash FROM documents WHERE id = ?", (doc.id,)).fetchone()
                if existing and existing[0] == doc.content_hash:
                    continue  # stored meanwhile by another build into this store: keep its analysis
                if existing:
                    conn.execute("UPDATE documents SET duplicate_of = NULL WHERE duplicate_of = ?", (doc.id,))
                    conn.execute("DELETE FROM documents WHERE id = ?", (doc.id,))
                conn.execute(
                    "INSERT INTO documents (id, path, source_key, content_hash, format, outlet, title, authors, "
                    "published, published_inferred, url, duplicate_of, text, words) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    _document_row(doc),
                )
                conn.executemany(
                    "INSERT INTO removed_parts (document_id, seq, kind, text) VALUES (?, ?, ?, ?)",
                    [(doc.id, i, r.kind, r.text) for i, r in enumerate(doc.removed)],
                )
                conn.execute("DELETE FROM rejections WHERE path = ?", (doc.path,))
            conn.executemany(
                "INSERT INTO fingerprints (document_id, signature, shingles, richness) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (document_id) DO UPDATE SET signature = excluded.signature, shingles = excluded.shingles, "
                "richness = excluded.richness",
                [(fp.document, fp.signature, fp.shingles, json.dumps(list(fp.richness))) for fp in fingerprints],
            )

    def find_documents(self, refs: Iterable[str]) -> dict[str, str | None]:
        """Each reference (a document id, a path as given to build, or an absolute path)
        mapped to the id of the document it names, or None."""
        out: dict[str, str | None] = {}
        for ref in refs:
            row = self.conn.execute(
                "SELECT id FROM documents WHERE id = ? OR path = ? OR source_key = ? ORDER BY id LIMIT 1",
                (ref, ref, ref),
            ).fetchone()
            out[ref] = row[0] if row else None
        return out

    def remove_documents(self, ids: Sequence[str]) -> None:
        """Delete documents and everything extracted from them (the tables cascade).

        Their copies stay, as documents of their own until dedupe looks at them again; the
        cross-document records that cite them are recomputed by the caller.
        """
        with self.transaction() as conn:
            for doc in ids:
                conn.execute("UPDATE documents SET duplicate_of = NULL, analysed = 0 WHERE duplicate_of = ?", (doc,))
                conn.execute("DELETE FROM documents WHERE id = ?", (doc,))

    def record_failures(self, failures: Iterable[Failure]) -> None:
        rows = [(f.path, f.reason) for f in failures]
        if not rows:
            return
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO rejections (path, reason) VALUES (?, ?) "
                "ON CONFLICT(path) DO UPDATE SET reason = excluded.reason, rejected_at = excluded.rejected_at",
                rows,
            )

    def fingerprints(self) -> list[Fingerprint]:
        return [
            Fingerprint(r["document_id"], bytes(r["signature"]), r["shingles"], tuple(json.loads(r["richness"])))
            for r in self.conn.execute("SELECT document_id, signature, shingles, richness FROM fingerprints ORDER BY document_id")
        ]

    def set_duplicates(self, mapping: dict[str, str | None]) -> int:
        """Apply dedupe's verdicts; a document that became a copy loses its analysis."""
        current = {r["id"]: r["duplicate_of"] for r in self.conn.execute("SELECT id, duplicate_of FROM documents")}
        changes = [(dup, doc) for doc, dup in mapping.items() if doc in current and current[doc] != dup]
        if not changes:
            return 0
        with self.transaction() as conn:
            # Clear first so a chain never points at a row that is about to become a copy.
            conn.executemany("UPDATE documents SET duplicate_of = NULL WHERE id = ?", [(doc,) for _, doc in changes])
            for dup, doc in changes:
                conn.execute("UPDATE documents SET duplicate_of = ? WHERE id = ?", (dup, doc))
                if dup is not None:
                    self._drop_analysis(conn, doc)
        return len(changes)

    @staticmethod
    def _drop_analysis(conn: Any, doc: str) -> None:
        conn.execute("DELETE FROM sentences WHERE document_id = ?", (doc,))
        conn.execute("DELETE FROM mentions WHERE document_id = ?", (doc,))
        conn.execute("DELETE FROM roles WHERE document_id = ?", (doc,))
        conn.execute("DELETE FROM quotes WHERE document_id = ?", (doc,))
        conn.execute("DELETE FROM times WHERE document_id = ?", (doc,))
        conn.execute("DELETE FROM event_mentions WHERE document_id = ?", (doc,))
        conn.execute("DELETE FROM parses WHERE document_id = ?", (doc,))
        conn.execute("DELETE FROM claims WHERE document_id = ?", (doc,))
        conn.execute("UPDATE documents SET analysed = 0 WHERE id = ?", (doc,))

    # -- language -----------------------------------------------------------------------
    def document_states(self) -> list[tuple]:
        """(id, content hash, duplicate of, analysed) of every document, by id: what decides
        whether the cross-document stages have anything new to read."""
        # sorted here: the backends' collations may order text differently
        return sorted(tuple(r) for r in self.conn.execute("SELECT id, content_hash, duplicate_of, analysed FROM documents"))

    def link_stamp(self) -> str | None:
        row = self.conn.execute("SELECT stamp FROM link_state WHERE id = 1").fetchone()
        return row[0] if row else None

    def set_link_stamp(self, stamp: str | None) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM link_state")
            if stamp is not None:
                conn.execute("INSERT INTO link_state (id, stamp) VALUES (1, ?)", (stamp,))

    def pending_analysis(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM documents WHERE analysed = 0 AND duplicate_of IS NULL ORDER BY id"
        )]

    def save_analyses(
        self,
        analyses: Sequence[Analysis],
        roles: dict[str, Sequence[Role]] | None = None,
        quotes: dict[str, Sequence[Quote]] | None = None,
        times: dict[str, Sequence[TimeExpr]] | None = None,
        events: dict[str, Sequence[EventMention]] | None = None,
        claims: dict[str, Sequence[Claim]] | None = None,
        parses: dict[str, bytes] | None = None,
    ) -> None:
        """Store per-document results in one transaction; marks each document analysed.

        ``parses`` holds tokens already packed (``parse.pack_tokens``) by whoever made them,
        for analyses that come without their tokens (a Dask worker's results)."""
        parses = parses or {}
        claims = claims or {}
        roles = roles or {}
        quotes = quotes or {}
        times = times or {}
        events = events or {}
        with self.transaction() as conn:
            for analysis in analyses:
                row = conn.execute("SELECT duplicate_of, analysed FROM documents WHERE id = ?",
                                   (analysis.document,)).fetchone()
                if row is None or row[0] is not None:
                    continue  # removed, or found to be a copy, by another build while this one analysed it
                if row[1]:
                    # analysed meanwhile by another build into this store: its rows are the
                    # same, and that build's cross-document stages may have linked them already
                    continue
                self._drop_analysis(conn, analysis.document)
                self._insert_times(conn, analysis.document, times.get(analysis.document, ()))
                conn.executemany(
                    'INSERT INTO event_mentions (document_id, start, "end", trigger, trigger_start, trigger_end, '
                    "type, status, cameo, mode, action, source, target) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT DO NOTHING",
                    [
                        (e.document, e.start, e.end, e.trigger, e.trigger_start, e.trigger_end, e.type, e.status,
                         e.cameo, e.mode, e.action, json.dumps(list(e.source), ensure_ascii=False),
                         json.dumps(list(e.target), ensure_ascii=False))
                        for e in events.get(analysis.document, ())
                    ],
                )
                conn.executemany(
                    "INSERT INTO quotes (id, document_id, start, \"end\", kind, speaker_name, speaker_start, "
                    "speaker_end, cue, cue_start, cue_end, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [
                        (quote_id(q), q.document, q.start, q.end, q.kind, q.speaker_name, q.speaker_start,
                         q.speaker_end, q.cue, q.cue_start, q.cue_end, q.channel)
                        for q in quotes.get(analysis.document, ())
                    ],
                )
                conn.executemany(
                    "INSERT INTO roles (document_id, person, office, country) VALUES (?, ?, ?, ?)",
                    [(analysis.document, r.person, r.office, r.country) for r in roles.get(analysis.document, ())],
                )
                conn.execute(
                    "INSERT INTO parses (document_id, tokens) VALUES (?, ?) "
                    "ON CONFLICT (document_id) DO UPDATE SET tokens = excluded.tokens",
                    (analysis.document, parses.get(analysis.document) or pack_tokens(analysis.tokens)),
                )
                conn.executemany(
                    'INSERT INTO sentences (document_id, seq, start, "end") VALUES (?, ?, ?, ?)',
                    [(analysis.document, i, s.start, s.end) for i, s in enumerate(analysis.sentences)],
                )
                conn.executemany(
                    'INSERT INTO mentions (document_id, start, "end", text, label) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
                    [(analysis.document, m.start, m.end, m.text, m.label) for m in analysis.mentions],
                )
                conn.executemany(
                    'INSERT INTO claims (id, document_id, start, "end", text, sentence_start, sentence_end, '
                    "holder, holder_kind, modality, negated, hedged, cue, actors, terms, numbers, predicate) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [(c.id, c.document, c.start, c.end, c.text, c.sentence_start, c.sentence_end, c.holder,
                      c.holder_kind, c.modality, int(c.negated), int(c.hedged), c.cue,
                      json.dumps(list(c.actors), ensure_ascii=False), json.dumps(list(c.terms), ensure_ascii=False),
                      json.dumps(list(c.numbers), ensure_ascii=False), c.predicate)
                     for c in claims.get(analysis.document, ())],
                )
                conn.execute("UPDATE documents SET analysed = 1 WHERE id = ?", (analysis.document,))

    # -- claims -------------------------------------------------------------------------
    def claims(self) -> list[tuple[Claim, str | None]]:
        """(claim, cluster id) of every claim in a canonical document, by document and span."""
        rows = self.conn.execute(
            "SELECT c.* FROM claims c JOIN documents d ON d.id = c.document_id "
            "WHERE d.duplicate_of IS NULL ORDER BY c.document_id, c.start, c.id"
        ).fetchall()
        return [(Claim(
            document=r["document_id"], start=r["start"], end=r["end"], text=r["text"], holder=r["holder"],
            holder_kind=r["holder_kind"], modality=r["modality"], sentence_start=r["sentence_start"],
            sentence_end=r["sentence_end"], negated=bool(r["negated"]), hedged=bool(r["hedged"]), cue=r["cue"],
            actors=tuple(json.loads(r["actors"])), terms=tuple(json.loads(r["terms"])),
            numbers=tuple(json.loads(r["numbers"])), predicate=r["predicate"],
        ), r["cluster_id"]) for r in rows]

    def replace_claim_clusters(self, clusters: Sequence[ClaimCluster], of_claim: dict[str, str]) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM claim_clusters")
            conn.executemany(
                "INSERT INTO claim_clusters (id, summary, status, origins, supporting, disputing, stances) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(c.id, c.summary, c.status, c.origins, json.dumps(list(c.supporting)),
                  json.dumps(list(c.disputing)), json.dumps([list(s) for s in c.stances], ensure_ascii=False))
                 for c in clusters],
            )
            conn.execute("UPDATE claims SET cluster_id = NULL")
            conn.executemany("UPDATE claims SET cluster_id = ? WHERE id = ?", [(k, c) for c, k in of_claim.items()])

    def claim_clusters(self) -> list[ClaimCluster]:
        return [ClaimCluster(
            id=r["id"], summary=r["summary"], status=r["status"], supporting=tuple(json.loads(r["supporting"])),
            disputing=tuple(json.loads(r["disputing"])), origins=r["origins"],
            stances=tuple(tuple(s) for s in json.loads(r["stances"])),
        ) for r in self.conn.execute("SELECT * FROM claim_clusters ORDER BY id")]

    def replace_forecasts(self, forecasts: Sequence[Forecast]) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM forecasts")
            conn.executemany(
                'INSERT INTO forecasts (id, claim_id, document_id, start, "end", text, holder, due, outcome, evidence) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(f.id, f.claim, f.document, f.start, f.end, f.text, f.holder, f.due, f.outcome,
                  json.dumps([list(e) for e in f.evidence], ensure_ascii=False)) for f in forecasts],
            )

    def forecasts(self) -> list[Forecast]:
        return [Forecast(
            id=r["id"], claim=r["claim_id"], document=r["document_id"], text=r["text"], start=r["start"],
            end=r["end"], holder=r["holder"], due=r["due"], outcome=r["outcome"],
            evidence=tuple(tuple(e) for e in json.loads(r["evidence"])),
        ) for r in self.conn.execute("SELECT * FROM forecasts ORDER BY document_id, start, id")]

    # -- relations ------------------------------------------------------------------------
    def replace_relations(self, relations: Sequence[Relation]) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM relations")
            conn.executemany(
                "INSERT INTO relations (source, target, kind, score, events, claims, evidence) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(r.source, r.target, r.kind, r.score, r.events, r.claims, json.dumps([list(e) for e in r.evidence]))
                 for r in relations],
            )

    def relations(self, entity: str | None = None) -> list[Relation]:
        """Every edge of the actor graph, or those of one entity; strongest first."""
        where, args = ("WHERE source = ? OR target = ?", (entity, entity)) if entity else ("", ())
        return [Relation(
            source=r["source"], target=r["target"], kind=r["kind"], score=r["score"],
            evidence=tuple(tuple(e) for e in json.loads(r["evidence"])), events=r["events"], claims=r["claims"],
        ) for r in self.conn.execute(f"SELECT * FROM relations {where} ORDER BY abs(score) DESC, source, target", args)]

    # -- cross-document -------------------------------------------------------------------
    def mention_refs(self) -> list[MentionRef]:
        """Every mention in a canonical document, for cross-document resolution."""
        return [
            MentionRef(r[0], r[1], r[2], r[3], r[4])
            for r in self.conn.execute(
                'SELECT m.document_id, m.start, m."end", m.text, m.label FROM mentions m '
                "JOIN documents d ON d.id = m.document_id WHERE d.duplicate_of IS NULL ORDER BY 1, 2"
            )
        ]

    def roles(self) -> list[tuple[str, Role]]:
        return [(r[0], Role(r[1], r[2], r[3])) for r in self.conn.execute(
            "SELECT r.document_id, r.person, r.office, r.country FROM roles r "
            "JOIN documents d ON d.id = r.document_id WHERE d.duplicate_of IS NULL"
        )]

    def replace_entities(self, entities: Sequence[Entity], mapping: dict[tuple[str, int, int], str]) -> None:
        """Replace all entities and point every mention at its entity, in one transaction."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM entities")
            conn.executemany(
                "INSERT INTO entities (id, name, type, aliases, documents, mentions, roles) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (e.id, e.name, e.type, json.dumps(list(e.aliases), ensure_ascii=False), json.dumps(list(e.documents)),
                     e.mentions, json.dumps(list(e.roles), ensure_ascii=False))
                    for e in entities
                ],
            )
            conn.execute("UPDATE mentions SET entity_id = NULL")
            conn.executemany(
                'UPDATE mentions SET entity_id = ? WHERE document_id = ? AND start = ? AND "end" = ?',
                [(eid, doc, start, end) for (doc, start, end), eid in mapping.items()],
            )
            # A quote's speaker is the entity of the mention its speaker span overlaps.
            conn.execute(
                "UPDATE quotes SET speaker_entity = (SELECT m.entity_id FROM mentions m "
                "WHERE m.document_id = quotes.document_id AND m.entity_id IS NOT NULL "
                'AND m.start < quotes.speaker_end AND quotes.speaker_start < m."end" '
                'ORDER BY (m."end" - m.start) DESC, m.start LIMIT 1)'
            )
            # Otherwise a person entity whose name or alias is the speaker's name, if only one.
            people = {}
            for e in entities:
                if e.type == "PERSON":
                    for form in (e.name, *e.aliases):
                        people.setdefault(form.lower(), set()).add(e.id)
            rows = conn.execute("SELECT id, speaker_name FROM quotes WHERE speaker_entity IS NULL AND speaker_name IS NOT NULL").fetchall()
            conn.executemany(
                "UPDATE quotes SET speaker_entity = ? WHERE id = ?",
                [(next(iter(ids)), r["id"]) for r in rows if len(ids := people.get(r["speaker_name"].lower(), set())) == 1],
            )

    def quotes(self) -> list[tuple[str, str | None, str | None, Quote]]:
        """(quote id, speaker entity id, group id, quote) for quotes in canonical documents."""
        rows = self.conn.execute(
            'SELECT q.* FROM quotes q JOIN documents d ON d.id = q.document_id '
            "WHERE d.duplicate_of IS NULL ORDER BY q.document_id, q.start, q.id"
        ).fetchall()
        return [
            (r["id"], r["speaker_entity"], r["group_id"], Quote(
                document=r["document_id"], start=r["start"], end=r["end"], kind=r["kind"],
                speaker_name=r["speaker_name"], speaker_start=r["speaker_start"], speaker_end=r["speaker_end"],
                cue=r["cue"], cue_start=r["cue_start"], cue_end=r["cue_end"], channel=r["channel"],
            ))
            for r in rows
        ]

    def statements(self) -> list[tuple[str, str, str | None, str | None, str]]:
        """(quote id, document, speaker entity, speaker name, quoted text) for grouping."""
        return [tuple(r) for r in self.conn.execute(
            'SELECT q.id, q.document_id, q.speaker_entity, q.speaker_name, substr(d.text, q.start + 1, q."end" - q.start) '
            "FROM quotes q JOIN documents d ON d.id = q.document_id WHERE d.duplicate_of IS NULL ORDER BY q.id"
        )]

    # Embedding caches, one table per kind of text; the names are ours, never input.
    _VECTOR_TABLES = {"quote": ("quote_vectors", "quote_id"), "claim": ("claim_vectors", "claim_id")}

    def vectors(self, kind: str, model: str) -> dict[str, bytes]:
        """Cached embeddings of quotes or claims (``kind``) by ``model``, by their id."""
        table, key = self._VECTOR_TABLES[kind]
        return {r[0]: bytes(r[1]) for r in self.conn.execute(
            f"SELECT {key}, vector FROM {table} WHERE model = ?", (model,))}

    def save_vectors(self, kind: str, model: str, vectors: dict[str, bytes]) -> None:
        table, key = self._VECTOR_TABLES[kind]
        with self.transaction() as conn:
            conn.executemany(
                f"INSERT INTO {table} ({key}, model, vector) VALUES (?, ?, ?) "
                f"ON CONFLICT ({key}, model) DO UPDATE SET vector = excluded.vector",
                [(k, model, blob) for k, blob in vectors.items()],
            )

    def set_quote_groups(self, groups: dict[str, str]) -> None:
        with self.transaction() as conn:
            conn.executemany("UPDATE quotes SET group_id = ? WHERE id = ?", [(g, q) for q, g in groups.items()])

    @staticmethod
    def _insert_times(conn: Any, doc: str, times: Iterable[TimeExpr]) -> None:
        conn.executemany(
            'INSERT INTO times (document_id, start, "end", text, value, type, anchored) VALUES (?, ?, ?, ?, ?, ?, ?) '
            "ON CONFLICT DO NOTHING",
            [(doc, t.start, t.end, t.text, t.value, t.type, int(t.anchored)) for t in times],
        )

    def analysis(self, doc: str) -> Analysis | None:
        """A stored document's analysis (sentences, mentions, tokens), as the language stage made it."""
        row = self.conn.execute("SELECT tokens FROM parses WHERE document_id = ?", (doc,)).fetchone()
        if row is None:
            return None
        sentences = tuple(Sentence(r[0], r[1]) for r in self.conn.execute(
            'SELECT start, "end" FROM sentences WHERE document_id = ? ORDER BY seq', (doc,)))
        mentions = tuple(Mention(r[0], r[1], r[2], r[3]) for r in self.conn.execute(
            'SELECT start, "end", text, label FROM mentions WHERE document_id = ? ORDER BY start', (doc,)))
        return Analysis(doc, sentences, mentions, unpack_tokens(bytes(row[0])))

    def replace_times(self, doc: str, times: Sequence[TimeExpr]) -> None:
        """New time values for one document (after its date was inferred)."""
        with self.transaction() as conn:
            self._replace_times(conn, doc, times)

    @classmethod
    def _replace_times(cls, conn: Any, doc: str, times: Sequence[TimeExpr]) -> None:
        conn.execute("DELETE FROM times WHERE document_id = ?", (doc,))
        cls._insert_times(conn, doc, times)

    def times(self) -> dict[str, list[TimeExpr]]:
        out: dict[str, list[TimeExpr]] = {}
        for r in self.conn.execute(
            'SELECT t.* FROM times t JOIN documents d ON d.id = t.document_id WHERE d.duplicate_of IS NULL '
            "ORDER BY t.document_id, t.start"
        ):
            out.setdefault(r["document_id"], []).append(
                TimeExpr(r["document_id"], r["start"], r["end"], r["text"], r["value"], r["type"], bool(r["anchored"])))
        return out

    def event_mentions(self) -> list[EventMention]:
        return [
            EventMention(
                document=r["document_id"], start=r["start"], end=r["end"], trigger=r["trigger"],
                trigger_start=r["trigger_start"], trigger_end=r["trigger_end"], type=r["type"], status=r["status"],
                cameo=r["cameo"], mode=r["mode"], action=r["action"], source=tuple(json.loads(r["source"])),
                target=tuple(json.loads(r["target"])),
            )
            for r in self.conn.execute(
                "SELECT e.* FROM event_mentions e JOIN documents d ON d.id = e.document_id "
                "WHERE d.duplicate_of IS NULL ORDER BY e.document_id, e.start, e.trigger_start"
            )
        ]

    def entity_mention_infos(self) -> list[tuple[str, int, int, str, str | None, str | None]]:
        """(document, start, end, text, entity id, entity type) of every linked mention."""
        return [tuple(r) for r in self.conn.execute(
            'SELECT m.document_id, m.start, m."end", m.text, m.entity_id, e.type FROM mentions m '
            "LEFT JOIN entities e ON e.id = m.entity_id ORDER BY 1, 2"
        )]

    def replace_events(self, events: Sequence[Event], of_mention: dict[tuple[str, int], str]) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM events")
            conn.executemany(
                "INSERT INTO events (id, type, summary, actors, location, date, status, cameo, documents, evidence) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(e.id, e.type, e.summary, json.dumps(list(e.actors)), e.location, e.date, e.status, e.cameo,
                  json.dumps(list(e.documents)), json.dumps([list(x) for x in e.evidence])) for e in events],
            )
            conn.execute("UPDATE event_mentions SET event_id = NULL")
            conn.executemany(
                "UPDATE event_mentions SET event_id = ? WHERE document_id = ? AND start = ?",
                [(eid, doc, start) for (doc, start), eid in of_mention.items()],
            )

    def event_mentions_with_events(self) -> list[tuple[str, int, str]]:
        """(document, sentence start, event id) of every event mention merged into an event."""
        return [tuple(r) for r in self.conn.execute(
            "SELECT document_id, start, event_id FROM event_mentions WHERE event_id IS NOT NULL")]

    def events(self) -> list[Event]:
        return [
            Event(id=r["id"], type=r["type"], summary=r["summary"], actors=tuple(json.loads(r["actors"])),
                  location=r["location"], date=r["date"], status=r["status"], documents=tuple(json.loads(r["documents"])),
                  evidence=tuple(tuple(x) for x in json.loads(r["evidence"])), cameo=r["cameo"])
            for r in self.conn.execute("SELECT * FROM events ORDER BY id")
        ]

    def set_inferred_dates(self, inferences: Sequence[DateInference],
                           retime: Callable[[str], Sequence[TimeExpr] | None]) -> None:
        """Record inferred dates, and redo the times of the documents whose date changed.

        Copies without a date of their own take their canonical's, marked inferred too.
        ``retime(doc)`` gives the time expressions of a document whose date changed,
        anchored on its new date (it reads the document through this store and sees that
        date); they replace its stored ones in the same transaction, so no crash leaves a
        date in the store with times anchored on the one before (a later build, finding
        the date unchanged, would not redo them).
        """
        before = {r[0]: r[1] for r in self.conn.execute(
            "SELECT id, published FROM documents WHERE published_inferred = 1 AND duplicate_of IS NULL")}
        with self.transaction() as conn:
            conn.execute("DELETE FROM date_inferences")
            conn.execute("UPDATE documents SET published = NULL, published_inferred = 0 WHERE published_inferred = 1")
            for inf in inferences:
                conn.execute(
                    "INSERT INTO date_inferences (document_id, value, earliest, latest, evidence) VALUES (?, ?, ?, ?, ?)",
                    (inf.document, inf.value, inf.earliest, inf.latest, json.dumps(list(inf.evidence), ensure_ascii=False)),
                )
                conn.execute(
                    "UPDATE documents SET published = ?, published_inferred = 1 WHERE id = ? AND published IS NULL",
                    (inf.value, inf.document),
                )
            conn.execute(
                "UPDATE documents SET published = (SELECT c.published FROM documents c WHERE c.id = documents.duplicate_of), "
                "published_inferred = 1 WHERE duplicate_of IS NOT NULL AND published IS NULL "
                "AND (SELECT c.published FROM documents c WHERE c.id = documents.duplicate_of) IS NOT NULL"
            )
            after = {r[0]: r[1] for r in conn.execute(
                "SELECT id, published FROM documents WHERE published_inferred = 1 AND duplicate_of IS NULL")}
            for doc in sorted(set(before) | set(after)):
                if before.get(doc) != after.get(doc) and (times := retime(doc)) is not None:
                    self._replace_times(conn, doc, times)

    def date_inferences(self) -> dict[str, DateInference]:
        return {
            r["document_id"]: DateInference(r["document_id"], r["value"], r["earliest"], r["latest"], tuple(json.loads(r["evidence"])))
            for r in self.conn.execute("SELECT * FROM date_inferences")
        }

    def story_texts(self) -> list[tuple[str, str]]:
        """(document id, title and text) of every canonical document, for story grouping."""
        return [(r[0], f"{r[1] or ''}\n{r[2]}") for r in self.conn.execute(
            "SELECT id, title, text FROM documents WHERE duplicate_of IS NULL ORDER BY id"
        )]

    def set_stories(self, stories: dict[str, str]) -> None:
        """Replace the story of every document; copies take their canonical's story."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM stories")
            conn.executemany("INSERT INTO stories (document_id, story) VALUES (?, ?)", list(stories.items()))
            conn.execute(
                "INSERT INTO stories (document_id, story) SELECT d.id, s.story FROM documents d "
                "JOIN stories s ON s.document_id = d.duplicate_of WHERE d.duplicate_of IS NOT NULL"
            )

    def stories(self) -> dict[str, list[str]]:
        """story id -> its document ids."""
        out: dict[str, list[str]] = {}
        for doc, story in self.conn.execute("SELECT document_id, story FROM stories ORDER BY story, document_id"):
            out.setdefault(story, []).append(doc)
        return out

    def entity_mentions(self) -> dict[str, list[MentionRef]]:
        """entity id -> its mentions, in one query."""
        out: dict[str, list[MentionRef]] = {}
        for r in self.conn.execute(
            'SELECT entity_id, document_id, start, "end", text, label FROM mentions WHERE entity_id IS NOT NULL ORDER BY 2, 3'
        ):
            out.setdefault(r[0], []).append(MentionRef(r[1], r[2], r[3], r[4], r[5]))
        return out

    # -- reading ------------------------------------------------------------------------
    def document(self, doc_id: str) -> Document | None:
        row = self.conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return self._to_document(row) if row else None

    def documents(self) -> list[Document]:
        removed: dict[str, list[Removed]] = {}
        for r in self.conn.execute("SELECT document_id, kind, text FROM removed_parts ORDER BY document_id, seq"):
            removed.setdefault(r["document_id"], []).append(Removed(kind=r["kind"], text=r["text"]))
        return [
            self._to_document(row, tuple(removed.get(row["id"], ())))
            for row in self.conn.execute("SELECT * FROM documents ORDER BY path, id")
        ]

    def _to_document(self, row: Any, removed: tuple[Removed, ...] | None = None) -> Document:
        if removed is None:
            removed = tuple(
                Removed(kind=r["kind"], text=r["text"])
                for r in self.conn.execute("SELECT kind, text FROM removed_parts WHERE document_id = ? ORDER BY seq", (row["id"],))
            )
        return Document(
            id=row["id"], path=row["path"], source_key=row["source_key"], content_hash=row["content_hash"],
            format=row["format"], text=row["text"], title=row["title"], authors=tuple(json.loads(row["authors"])),
            outlet=row["outlet"], published=row["published"], published_inferred=bool(row["published_inferred"]),
            url=row["url"], removed=removed, duplicate_of=row["duplicate_of"],
        )

    def entities(self) -> list[Entity]:
        return [
            Entity(id=r["id"], name=r["name"], type=r["type"], aliases=tuple(json.loads(r["aliases"])),
                   documents=tuple(json.loads(r["documents"])), mentions=r["mentions"], roles=tuple(json.loads(r["roles"])))
            for r in self.conn.execute("SELECT * FROM entities ORDER BY mentions DESC, name, id")
        ]

    def analysed_count(self) -> int:
        """How many documents have their analysis stored."""
        return int(self.conn.execute("SELECT count(*) FROM documents WHERE analysed = 1").fetchone()[0])

    # Columns whose value depends on when or in which batch a row was written, not on what
    # (and PostgreSQL's derived search column): left out of a snapshot.
    VOLATILE = frozenset({"ingested_at", "rejected_at", "applied_at", "vector", "search_vector"})

    def tables(self) -> dict[str, list[str]]:
        """Each table of the store with its columns, in order (the dialects override this)."""
        raise NotImplementedError

    def snapshot(self) -> dict[str, list[tuple]]:
        """Every row of every table, sorted, without volatile columns: two stores holding the
        same picture give equal snapshots, whichever backend, batch order or worker wrote them."""
        out = {}
        for table, names in sorted(self.tables().items()):
            kept = ", ".join(f'"{c}"' for c in names if c not in self.VOLATILE)  # names from the catalogue
            values = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                      for row in self.conn.execute(f'SELECT {kept} FROM "{table}"')]
            out[table] = sorted(values, key=repr)
        return out

    def rejections(self) -> list[Failure]:
        return [Failure(r["path"], r["reason"]) for r in self.conn.execute("SELECT path, reason FROM rejections ORDER BY path")]

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("documents", "removed_parts", "rejections", "sentences", "mentions", "entities", "quotes",
                      "times", "event_mentions", "events", "claims", "claim_clusters", "forecasts", "relations"):
            out[table] = self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # table names are ours
        out["duplicates"] = self.conn.execute("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL").fetchone()[0]
        return out
