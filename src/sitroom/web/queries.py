"""Read-only access to the store for the web app: the connection, paging and per-page queries.

The web app never writes. ``ReadOnlyStore`` is a ``SQLiteStore`` opened through SQLite's
``mode=ro`` URI with ``PRAGMA query_only`` on, without running migrations, so every read
method of the store works and any write raises. The queries here are the ones the store
has no method for (one document's spans, one entity's quotes and events, a page of a
table, full-text search with paging); all of them are parameterised, and the only names
put into SQL text are the module's own constants.
"""

from __future__ import annotations

import json
import queue
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

from ..errors import StoreError
from ..store.sqlite import SQLiteStore

# The tables a file must have to be served; later tables (relations, ...) are optional.
_REQUIRED_TABLES = ("documents", "removed_parts", "entities", "mentions", "documents_fts")

# Search snippets are marked with private-use characters, never with text a document can
# hold as markup ("[", "<"): the page escapes the snippet, then turns the marks into <mark>.
MARK_START = "\ue000"
MARK_END = "\ue001"
SNIPPET_TOKENS = 16  # words of context around the hits (FTS5's snippet() allows 1..64)

# A search is a handful of words, not a document: longer input is refused with a 4xx.
MAX_QUERY_CHARS = 300
MAX_QUERY_TERMS = 16


class ReadOnlyStore(SQLiteStore):
    """A ``SQLiteStore`` that can only read: ``mode=ro``, ``query_only``, no migrations."""

    def __init__(self, path: str | Path) -> None:  # noqa: D401 - same interface as the parent
        self.path = str(path)
        uri = f"file:{url_quote(str(Path(path).resolve()))}?mode=ro"
        try:
            # One connection serves one request at a time (see ConnectionPool), possibly
            # from different worker threads: hence check_same_thread=False.
            self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA query_only = ON")
            tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database '{self.path}' read-only: {exc}") from exc
        missing = [t for t in _REQUIRED_TABLES if t not in tables]
        if missing:
            self.conn.close()
            raise StoreError(
                f"'{self.path}' is not a sitroom database (no table {', '.join(missing)}); "
                f"build one with 'sitroom build PATH --db {self.path}'"
            )
        self.tables = frozenset(tables)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        raise StoreError(f"the web app opens '{self.path}' read-only; it never writes")
        yield self.conn  # pragma: no cover - unreachable, keeps this a generator


class ConnectionPool:
    """Read-only stores handed to one request at a time and taken back after it.

    SQLite connections are cheap but not free to open (a schema read each time); a request
    borrows one, so requests running in parallel worker threads never share a connection.
    """

    def __init__(self, path: str | Path, keep: int = 8) -> None:
        self.path = str(path)
        self._idle: queue.LifoQueue[ReadOnlyStore] = queue.LifoQueue()
        self._keep = keep
        self._idle.put(ReadOnlyStore(self.path))  # fail at start-up, not on the first request

    @contextmanager
    def store(self) -> Iterator[ReadOnlyStore]:
        try:
            store = self._idle.get_nowait()
        except queue.Empty:
            store = ReadOnlyStore(self.path)
        try:
            yield store
        finally:
            if self._idle.qsize() < self._keep:
                self._idle.put(store)
            else:
                store.close()

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


# --------------------------------------------------------------------------- helpers
@dataclass(frozen=True, slots=True)
class Page:
    """One page of a longer list: the items, how many there are in all, where it starts."""

    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int

    def record(self) -> dict[str, Any]:
        return {"total": self.total, "limit": self.limit, "offset": self.offset, "items": self.items}

    @property
    def next_offset(self) -> int | None:
        return self.offset + self.limit if self.offset + self.limit < self.total else None

    @property
    def previous_offset(self) -> int | None:
        return max(0, self.offset - self.limit) if self.offset > 0 else None


def _json(value: str | None) -> Any:
    return json.loads(value) if value else []


def has_table(store: ReadOnlyStore, name: str) -> bool:
    return name in store.tables


def source_name(row: sqlite3.Row | dict[str, Any]) -> str:
    """How a document is named in lists: outlet, else title, else file name (as the brief does)."""
    return row["outlet"] or row["title"] or str(row["path"]).replace("\\", "/").rsplit("/", 1)[-1]


def counts(store: ReadOnlyStore) -> dict[str, int]:
    """Rows per table for the overview; tables an older store lacks count as 0."""
    out: dict[str, int] = {}
    for table in ("documents", "entities", "mentions", "quotes", "times", "events", "claims", "claim_clusters",
                  "forecasts", "relations", "removed_parts", "rejections"):
        # Table names come from the tuple above, never from input.
        out[table] = store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] if has_table(store, table) else 0
    out["duplicates"] = store.conn.execute("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL").fetchone()[0]
    return out


# --------------------------------------------------------------------------- documents
_DOC_COLUMNS = "d.id, d.path, d.outlet, d.title, d.authors, d.published, d.published_inferred, d.url, d.duplicate_of, d.words"


def _document_summary(r: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": r["id"], "path": r["path"], "outlet": r["outlet"], "title": r["title"], "authors": _json(r["authors"]),
        "published": r["published"], "published_inferred": bool(r["published_inferred"]), "url": r["url"],
        "duplicate_of": r["duplicate_of"], "words": r["words"], "source": source_name(r),
    }


def documents_page(store: ReadOnlyStore, limit: int, offset: int, canonical_only: bool = False) -> Page:
    """Documents by date (undated last), then path."""
    where = "WHERE d.duplicate_of IS NULL" if canonical_only else ""
    total = store.conn.execute(f"SELECT count(*) FROM documents d {where}").fetchone()[0]
    rows = store.conn.execute(
        f"SELECT {_DOC_COLUMNS} FROM documents d {where} "
        "ORDER BY d.published IS NULL, d.published, d.path, d.id LIMIT ? OFFSET ?",
        (limit, offset),
    ).fetchall()
    return Page([_document_summary(r) for r in rows], total, limit, offset)


def document_summaries(store: ReadOnlyStore, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Summaries of the given documents, by id (ids are bound one parameter each)."""
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for r in store.conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents d WHERE d.id IN ({marks})", chunk):
            out[r["id"]] = _document_summary(r)
    return out


def copies_of(store: ReadOnlyStore, doc_id: str) -> list[dict[str, Any]]:
    rows = store.conn.execute(
        f"SELECT {_DOC_COLUMNS} FROM documents d WHERE d.duplicate_of = ? ORDER BY d.path", (doc_id,)).fetchall()
    return [_document_summary(r) for r in rows]


def document_spans(store: ReadOnlyStore, doc_id: str) -> dict[str, list[dict[str, Any]]]:
    """Everything extracted from one document, as spans into its text: mentions (with their
    entity), quotes (with speaker), claims (with holder, modality and cluster) and times."""
    conn = store.conn
    mentions = [
        {"start": r["start"], "end": r["end"], "text": r["text"], "label": r["label"], "entity": r["entity_id"],
         "entity_name": r["name"]}
        for r in conn.execute(
            'SELECT m.start, m."end", m.text, m.label, m.entity_id, e.name FROM mentions m '
            "LEFT JOIN entities e ON e.id = m.entity_id WHERE m.document_id = ? ORDER BY m.start", (doc_id,))
    ]
    quotes = [
        {"id": r["id"], "start": r["start"], "end": r["end"], "kind": r["kind"], "speaker": r["speaker_entity"],
         "speaker_name": r["speaker_name"], "cue": r["cue"], "channel": r["channel"], "group": r["group_id"]}
        for r in conn.execute(
            'SELECT id, start, "end", kind, speaker_entity, speaker_name, cue, channel, group_id FROM quotes '
            "WHERE document_id = ? ORDER BY start", (doc_id,))
    ] if has_table(store, "quotes") else []
    claims = [
        {"id": r["id"], "start": r["start"], "end": r["end"], "text": r["text"], "holder": r["holder"],
         "holder_kind": r["holder_kind"], "modality": r["modality"], "cluster": r["cluster_id"],
         "cluster_status": r["status"]}
        for r in conn.execute(
            'SELECT c.id, c.start, c."end", c.text, c.holder, c.holder_kind, c.modality, c.cluster_id, k.status '
            "FROM claims c LEFT JOIN claim_clusters k ON k.id = c.cluster_id WHERE c.document_id = ? ORDER BY c.start",
            (doc_id,))
    ] if has_table(store, "claims") else []
    times = [
        {"start": r["start"], "end": r["end"], "text": r["text"], "value": r["value"], "type": r["type"]}
        for r in conn.execute('SELECT start, "end", text, value, type FROM times WHERE document_id = ? ORDER BY start',
                              (doc_id,))
    ] if has_table(store, "times") else []
    return {"mentions": mentions, "quotes": quotes, "claims": claims, "times": times}


# --------------------------------------------------------------------------- entities
def _entity_record(r: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": r["id"], "name": r["name"], "type": r["type"], "aliases": _json(r["aliases"]),
        "roles": _json(r["roles"]) if "roles" in r.keys() else [], "mentions": r["mentions"],
        "documents": _json(r["documents"]),
    }


def entities_page(store: ReadOnlyStore, limit: int, offset: int, type: str | None = None) -> Page:
    """Entities, most mentioned first; ``type`` (PERSON, GPE, ...) filters."""
    where, args = ("WHERE type = ?", (type,)) if type else ("", ())
    total = store.conn.execute(f"SELECT count(*) FROM entities {where}", args).fetchone()[0]
    rows = store.conn.execute(
        f"SELECT * FROM entities {where} ORDER BY mentions DESC, name, id LIMIT ? OFFSET ?", (*args, limit, offset)
    ).fetchall()
    return Page([_entity_record(r) for r in rows], total, limit, offset)


def entity_types(store: ReadOnlyStore) -> list[tuple[str, int]]:
    return [(r[0], r[1]) for r in store.conn.execute("SELECT type, count(*) FROM entities GROUP BY type ORDER BY 2 DESC")]


def entity(store: ReadOnlyStore, entity_id: str) -> dict[str, Any] | None:
    row = store.conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
    return _entity_record(row) if row else None


def entity_names(store: ReadOnlyStore, ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        out.update({r[0]: r[1] for r in store.conn.execute(f"SELECT id, name FROM entities WHERE id IN ({marks})", chunk)})
    return out


def graph_nodes(store: ReadOnlyStore, ids: list[str]) -> dict[str, dict[str, Any]]:
    """id -> {id, name, type, mentions} of the given entities, in the order asked."""
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for r in store.conn.execute(f"SELECT id, name, type, mentions FROM entities WHERE id IN ({marks})", chunk):
            found[r["id"]] = {"id": r["id"], "name": r["name"], "type": r["type"], "mentions": r["mentions"]}
    return {i: found[i] for i in ids if i in found}


CONTEXT_CHARS = 70  # characters of text shown on each side of a mention


def entity_mentions_page(store: ReadOnlyStore, entity_id: str, limit: int, offset: int) -> Page:
    """An entity's mentions with the words around each, by document and position."""
    total = store.conn.execute("SELECT count(*) FROM mentions WHERE entity_id = ?", (entity_id,)).fetchone()[0]
    # Pick the page first, then cut the context out of the texts for its rows only.
    rows = store.conn.execute(
        "WITH page AS (SELECT rowid AS row FROM mentions WHERE entity_id = ? "
        "ORDER BY document_id, start LIMIT ? OFFSET ?) "
        'SELECT m.document_id, m.start, m."end", m.text, m.label, d.outlet, d.title, d.path, '
        "substr(d.text, max(1, m.start + 1 - ?), min(m.start, ?)) AS before, "
        'substr(d.text, m."end" + 1, ?) AS after '
        "FROM page JOIN mentions m ON m.rowid = page.row JOIN documents d ON d.id = m.document_id "
        "ORDER BY m.document_id, m.start",
        (entity_id, limit, offset, CONTEXT_CHARS, CONTEXT_CHARS, CONTEXT_CHARS),
    ).fetchall()
    items = [
        {"document": r["document_id"], "source": source_name(r), "start": r["start"], "end": r["end"],
         "text": r["text"], "label": r["label"], "before": r["before"], "after": r["after"]}
        for r in rows
    ]
    return Page(items, total, limit, offset)


# --------------------------------------------------------------------------- quotes
def quotes_page(store: ReadOnlyStore, limit: int, offset: int, speaker: str | None = None,
                document: str | None = None) -> Page:
    """Quotes of canonical documents with their words, speaker and cue; filter by speaker
    entity or document."""
    if not has_table(store, "quotes"):
        return Page([], 0, limit, offset)
    where = ["d.duplicate_of IS NULL"]
    args: list[Any] = []
    if speaker:
        where.append("q.speaker_entity = ?")
        args.append(speaker)
    if document:
        where.append("q.document_id = ?")
        args.append(document)
    sql_where = " AND ".join(where)
    total = store.conn.execute(
        f"SELECT count(*) FROM quotes q JOIN documents d ON d.id = q.document_id WHERE {sql_where}", args).fetchone()[0]
    # The page's rows are picked first and only then joined to the texts, so the sort never
    # carries the quoted words of every quote (77 ms -> a few ms on 19k quotes).
    rows = store.conn.execute(
        "WITH page AS (SELECT q.rowid AS row FROM quotes q JOIN documents d ON d.id = q.document_id "
        f"WHERE {sql_where} ORDER BY q.document_id, q.start LIMIT ? OFFSET ?) "
        'SELECT q.id, q.document_id, q.start, q."end", q.kind, q.speaker_entity, q.speaker_name, q.cue, q.channel, '
        'q.group_id, substr(d.text, q.start + 1, q."end" - q.start) AS text, d.outlet, d.title, d.path, e.name AS speaker_label '
        "FROM page JOIN quotes q ON q.rowid = page.row JOIN documents d ON d.id = q.document_id "
        "LEFT JOIN entities e ON e.id = q.speaker_entity ORDER BY q.document_id, q.start",
        (*args, limit, offset),
    ).fetchall()
    items = [
        {"id": r["id"], "document": r["document_id"], "source": source_name(r), "speaker": r["speaker_entity"],
         "speaker_name": r["speaker_label"] or r["speaker_name"], "text": r["text"], "kind": r["kind"], "cue": r["cue"],
         "channel": r["channel"], "start": r["start"], "end": r["end"], "group": r["group_id"]}
        for r in rows
    ]
    return Page(items, total, limit, offset)


# --------------------------------------------------------------------------- events
def _event_record(r: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": r["id"], "type": r["type"], "summary": r["summary"], "actors": _json(r["actors"]),
        "location": r["location"], "date": r["date"], "status": r["status"], "cameo": r["cameo"],
        "documents": _json(r["documents"]),
        "evidence": [{"document": d, "start": s, "end": e} for d, s, e in _json(r["evidence"])],
    }


def _sorted_page(store: ReadOnlyStore, table: str, where: str, args: tuple, order: str, limit: int,
                 offset: int) -> tuple[int, list[sqlite3.Row]]:
    """(total, rows of one page) of ``table``: the sort carries row ids only, the page's rows
    are read after it. ``table``, ``where`` and ``order`` are this module's own SQL; values
    go in ``args``."""
    total = store.conn.execute(f"SELECT count(*) FROM {table} {where}", args).fetchone()[0]
    rows = store.conn.execute(
        f"WITH page AS (SELECT rowid AS row FROM {table} {where} ORDER BY {order} LIMIT ? OFFSET ?) "
        f"SELECT t.* FROM page JOIN {table} t ON t.rowid = page.row ORDER BY {order}",
        (*args, limit, offset),
    ).fetchall()
    return total, rows


def events_page(store: ReadOnlyStore, limit: int, offset: int, entity_id: str | None = None) -> Page:
    """Events by date (undated last); with ``entity_id``, those the entity takes part in."""
    if not has_table(store, "events"):
        return Page([], 0, limit, offset)
    # actors is a JSON array of ids: the id in JSON quotes matches one whole element.
    where, args = ("WHERE instr(actors, ?) > 0", (json.dumps(entity_id),)) if entity_id else ("", ())
    total, rows = _sorted_page(store, "events", where, args, "date IS NULL, date, summary, id", limit, offset)
    return Page([_event_record(r) for r in rows], total, limit, offset)


# --------------------------------------------------------------------------- claims
STATUSES = ("corroborated", "disputed", "single-source")


def _cluster_record(r: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": r["id"], "summary": r["summary"], "status": r["status"], "origins": r["origins"],
        "supporting": _json(r["supporting"]), "disputing": _json(r["disputing"]),
        "stances": [{"outlet": k, "stance": s} for k, s in _json(r["stances"])],
    }


def clusters_page(store: ReadOnlyStore, limit: int, offset: int, status: str | None = None) -> Page:
    """Claim clusters, disputed first, then by how many independent origins state them."""
    if not has_table(store, "claim_clusters"):
        return Page([], 0, limit, offset)
    where, args = ("WHERE status = ?", (status,)) if status else ("", ())
    order = "CASE status WHEN 'disputed' THEN 0 WHEN 'corroborated' THEN 1 ELSE 2 END, origins DESC, id"
    total, rows = _sorted_page(store, "claim_clusters", where, args, order, limit, offset)
    return Page([_cluster_record(r) for r in rows], total, limit, offset)


def cluster_statuses(store: ReadOnlyStore) -> dict[str, int]:
    """status -> number of claim clusters."""
    if not has_table(store, "claim_clusters"):
        return {}
    return {r[0]: r[1] for r in store.conn.execute("SELECT status, count(*) FROM claim_clusters GROUP BY status")}


def claims_by_id(store: ReadOnlyStore, ids: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for r in store.conn.execute(
            'SELECT c.id, c.document_id, c.start, c."end", c.text, c.holder, c.holder_kind, c.modality, '
            f"d.outlet, d.title, d.path FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.id IN ({marks})",
            chunk,
        ):
            out[r["id"]] = {
                "id": r["id"], "document": r["document_id"], "source": source_name(r), "start": r["start"],
                "end": r["end"], "text": r["text"], "holder": r["holder"], "holder_kind": r["holder_kind"],
                "modality": r["modality"],
            }
    return out


def outlet_names(store: ReadOnlyStore, keys: Iterable[str]) -> dict[str, str]:
    """Stance keys (lower-case outlet, or the id of a document without one) -> display name.

    Only the keys asked for are looked up: outlets through the outlet index, documents by id.
    """
    wanted = set(keys)
    out: dict[str, str] = {}
    if not wanted:
        return out
    for (outlet,) in store.conn.execute("SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL"):
        key = outlet.strip().lower()
        if key in wanted:
            out.setdefault(key, outlet)
    ids = sorted(wanted - set(out))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for r in store.conn.execute(f"SELECT id, outlet, title, path FROM documents WHERE id IN ({marks})", chunk):
            out[r["id"]] = source_name(r)
    return out


# --------------------------------------------------------------------------- relations
def relations(store: ReadOnlyStore, entity_id: str | None = None) -> list[dict[str, Any]]:
    """The actor graph's edges through the store's ``relations()``; none on an older store."""
    if not has_table(store, "relations"):
        return []
    edges = store.relations(entity_id)
    return [
        {"source": r.source, "target": r.target, "kind": r.kind, "score": r.score, "events": r.events,
         "claims": r.claims, "evidence": [{"document": d, "start": s, "end": e} for d, s, e in r.evidence]}
        for r in edges
    ]


# --------------------------------------------------------------------------- search
_TERM = re.compile(r"\S+")
_WORDLIKE = re.compile(r"[^\W_]")  # unicode61 keeps letters and digits; everything else separates


class BadQuery(ValueError):
    """A search the user typed that cannot run; the message says why and what to type."""


def fts_query(text: str) -> str:
    """A user's words as a safe FTS5 query: every term a quoted string, all terms required.

    FTS5's own syntax (AND, OR, NEAR(...), column:, quotes, parentheses) is not passed
    through: each whitespace-separated term becomes a string in double quotes (inner quotes
    doubled), so ``' OR 1=1 --`` or ``NEAR(`` search for those words rather than fail. A
    trailing ``*`` keeps its meaning of a prefix search (``negotiat*``). Terms with no
    letter or digit are dropped (the tokenizer would drop them anyway).
    """
    if len(text) > MAX_QUERY_CHARS:
        raise BadQuery(f"the search is {len(text)} characters long; keep it under {MAX_QUERY_CHARS}")
    parts = []
    for term in _TERM.findall(text):
        prefix = term.endswith("*")
        body = term.rstrip("*")
        if not _WORDLIKE.search(body):
            continue
        parts.append('"' + body.replace('"', '""') + '"' + ("*" if prefix else ""))
    if not parts:
        raise BadQuery("the search holds no words; type one or more words, e.g. ceasefire or ballistic missiles")
    if len(parts) > MAX_QUERY_TERMS:
        raise BadQuery(f"the search has {len(parts)} words; use at most {MAX_QUERY_TERMS}")
    return " ".join(parts)


def search_page(store: ReadOnlyStore, text: str, limit: int, offset: int) -> tuple[str, Page]:
    """(the FTS5 query run, a page of matching documents, best first) with marked snippets."""
    match = fts_query(text)
    try:
        total = store.conn.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?", (match,)).fetchone()[0]
        rows = store.conn.execute(
            f"SELECT {_DOC_COLUMNS}, snippet(documents_fts, -1, ?, ?, '…', ?) AS snippet, "
            "bm25(documents_fts) AS relevance FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
            "WHERE documents_fts MATCH ? ORDER BY relevance LIMIT ? OFFSET ?",
            (MARK_START, MARK_END, SNIPPET_TOKENS, match, limit, offset),
        ).fetchall()
    except sqlite3.OperationalError as exc:  # quoting should make this unreachable; never a 500 if not
        raise BadQuery(f"cannot search for {text!r}: {exc}") from exc
    items = []
    for r in rows:
        item = _document_summary(r)
        item["snippet"], item["highlights"] = split_marks(r["snippet"] or "")
        item["score"] = round(-float(r["relevance"]), 4)
        items.append(item)
    return match, Page(items, total, limit, offset)


def split_marks(marked: str) -> tuple[str, list[list[int]]]:
    """A snippet with FTS marks -> (plain text, [[start, end], ...] of the hits in it)."""
    plain: list[str] = []
    spans: list[list[int]] = []
    pos = 0
    start: int | None = None
    for ch in marked:
        if ch == MARK_START:
            start = pos
        elif ch == MARK_END:
            if start is not None:
                spans.append([start, pos])
            start = None
        else:
            plain.append(ch)
            pos += 1
    return "".join(plain), spans
