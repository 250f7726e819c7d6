"""The PostgreSQL store: the same tables as SQLite's, for teams sharing one server.

``PostgresStore("postgresql://user@host:port/db")`` runs the shared migrations (see
``base.migrations``) and every query of ``SQLStore`` through psycopg 3. What differs from
SQLite is kept here:

* one writer at a time, as with SQLite's ``BEGIN IMMEDIATE``: every write transaction
  takes a transaction-level advisory lock, so two builds into one database interleave
  their batches but never write at the same moment;
* ``exclusive(name)`` is a session-level advisory lock (released by the server if the
  process dies);
* full-text search is a stored, GIN-indexed ``tsvector`` queried with
  ``websearch_to_tsquery``, which reads the same quoted-words-and-OR queries the callers
  give SQLite's FTS5;
* a connection lost between transactions (the server restarted) is opened again; one lost
  inside a transaction rolls it back on the server and becomes a one-line ``StoreError``,
  so a re-run completes the build.
"""

from __future__ import annotations

import logging
import time
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import conninfo
from psycopg.pq import TransactionStatus

from ..errors import StoreError
from .base import SQLStore, migrations


class _AlreadyRaised(logging.Filter):
    """Drops psycopg's warning about an error met while closing a pipeline or a copy when
    another error is already on its way out (the connection lost mid-``executemany``):
    that error reaches the user as the build's one-line message, and the warning, printed
    beside it by Python's last-resort handler, was a second, raw copy."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("error ignored terminating")


logging.getLogger("psycopg").addFilter(_AlreadyRaised())

# Advisory locks are two int4 keys: this namespace, then the lock's number.
_LOCK_SPACE = zlib.crc32(b"sitroom") & 0x7FFFFFFF
_LOCKS = {"write": 1, "migrate": 2, "link": 3}
_RECONNECT_SECONDS = 30.0
_CONNECT_TIMEOUT = 10


class Row(tuple):
    """A result row readable by position and by column name, like ``sqlite3.Row``."""

    _index: dict[str, int]

    def __new__(cls, values: Sequence[Any], index: dict[str, int]) -> "Row":
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


def _row_factory(cursor: psycopg.Cursor):
    index = {column.name: i for i, column in enumerate(cursor.description or ())}
    return lambda values: Row(values, index)


@lru_cache(maxsize=1024)
def _placeholders(sql: str) -> str:
    """``?`` placeholders as psycopg's ``%s``; a literal ``%`` doubled.

    Store SQL never holds a ``?`` or ``%`` inside a string literal (values are parameters),
    so a plain replacement is exact.
    """
    return sql.replace("%", "%%").replace("?", "%s")


def display_url(url: str) -> str:
    """The server and database of a connection URL, without its password."""
    try:
        info = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "postgresql://…"
    host = info.get("host") or "localhost"
    port = info.get("port") or "5432"
    return f"postgresql://{host}:{port}/{info.get('dbname') or ''}"


class Connection:
    """psycopg's connection behind the small interface ``SQLStore`` uses (sqlite3's)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.raw = self._connect()
        # session-level advisory locks held (see PostgresStore.exclusive): a lost
        # connection loses them, so a reconnect takes them again before going on
        self.session_locks: list[tuple[int, int]] = []

    def _connect(self) -> psycopg.Connection:
        return psycopg.connect(self.url, autocommit=True, row_factory=_row_factory, connect_timeout=_CONNECT_TIMEOUT)

    @property
    def in_transaction(self) -> bool:
        if self.raw.closed or self.raw.broken:
            return False  # the server rolled back whatever the lost connection had open
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def _usable(self) -> None:
        """Open the connection again if the server dropped it while no transaction ran."""
        if not self.raw.closed and not self.raw.broken:
            return
        deadline = time.monotonic() + _RECONNECT_SECONDS
        while True:
            try:
                self.raw = self._connect()
                for key in self.session_locks:
                    self.raw.execute("SELECT pg_advisory_lock(%s, %s)", key)
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor:
        fresh = not self.in_transaction
        if fresh:
            self._usable()
        query, args = (_placeholders(sql), tuple(params)) if params else (sql, None)
        try:
            return self.raw.execute(query, args)
        except psycopg.OperationalError:
            if not fresh or not self.raw.broken:
                raise
            self._usable()  # a read outside a transaction is safe to send again
            return self.raw.execute(query, args)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        rows = list(rows)
        if rows:
            with self.raw.cursor() as cursor:
                cursor.executemany(_placeholders(sql), rows)

    def close(self) -> None:
        self.raw.close()


def _server_error(url: str, exc: BaseException) -> StoreError:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, psycopg.OperationalError):
        return StoreError(f"lost the connection to {display_url(url)} ({message}); run the build again to complete it")
    return StoreError(f"cannot write to {display_url(url)}: {message}")


class PostgresStore(SQLStore):
    """All reads and writes of one PostgreSQL database."""

    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = display_url(url)
        try:
            self.conn = Connection(url)
        except psycopg.Error as exc:
            reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"cannot connect to {self.path}: {reason}") from exc
        try:
            self._migrate()
        except psycopg.Error as exc:
            self.conn.close()
            raise StoreError(f"{self.path} is not a usable sitroom database: {exc}") from exc

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction, serialised with every other writer of the database."""
        try:
            self.conn.execute("BEGIN")
            self.conn.execute("SELECT pg_advisory_xact_lock(?, ?)", (_LOCK_SPACE, _LOCKS["write"]))
        except psycopg.Error as exc:
            self._rollback()
            raise _server_error(self.url, exc) from exc
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, psycopg.Error):
                raise _server_error(self.url, exc) from exc
            raise

    def _rollback(self) -> None:
        if self.conn.raw.broken or self.conn.raw.closed:
            return  # the server rolls back a transaction whose connection it lost
        try:
            self.conn.execute("ROLLBACK")
        except psycopg.Error:
            pass

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        key = (_LOCK_SPACE, _LOCKS[name])
        try:
            self.conn.execute("SELECT pg_advisory_lock(?, ?)", key)
        except psycopg.Error as exc:
            raise _server_error(self.url, exc) from exc
        self.conn.session_locks.append(key)
        try:
            yield
        finally:
            self.conn.session_locks.remove(key)
            if not self.conn.raw.broken and not self.conn.raw.closed:
                self.conn.execute("SELECT pg_advisory_unlock(?, ?)", key)

    def _migrate(self) -> None:
        with self.exclusive("migrate"):
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                "applied_at TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')))"
            )
            done = {row[0] for row in self.conn.execute("SELECT version FROM schema_migrations")}
            for version, sql in migrations(self.dialect):
                if version not in done:
                    self.conn.execute(
                        f"BEGIN;\n{sql}\nINSERT INTO schema_migrations(version) VALUES ({int(version)});\nCOMMIT;"
                    )

    def tables(self) -> dict[str, list[str]]:
        rows = self.conn.execute(
            "SELECT c.table_name, c.column_name FROM information_schema.columns c "
            "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
            "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' "
            "ORDER BY c.table_name, c.ordinal_position").fetchall()
        out: dict[str, list[str]] = {}
        for table, column in rows:
            out.setdefault(table, []).append(column)
        return out

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        """(document id, highlighted snippet) for a query of quoted words, ``OR`` and ``-``."""
        try:
            rows = self.conn.execute(
                "SELECT d.id, ts_headline('english', d.text, q, "
                "'StartSel=[, StopSel=], MaxWords=24, MinWords=8, MaxFragments=1, FragmentDelimiter=…') AS snip "
                "FROM documents d, websearch_to_tsquery('english', ?) q WHERE d.search_vector @@ q "
                "ORDER BY ts_rank(d.search_vector, q) DESC, d.id LIMIT ?",
                (query, limit),
            ).fetchall()
        except psycopg.Error as exc:
            raise StoreError(f"cannot search for {query!r}: {exc}") from exc
        return [(r["id"], r["snip"]) for r in rows]
