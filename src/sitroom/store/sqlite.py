"""The SQLite store: WAL journal, one writer at a time, a transaction per batch."""

from __future__ import annotations

import fcntl
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import StoreError
from .base import SQLStore, migrations

_BUSY_TIMEOUT_MS = 60_000


def _environmental(exc: BaseException) -> bool:
    """An error of the database file or its disk (full, locked, read-only, I/O, corrupt)."""
    return isinstance(exc, sqlite3.OperationalError) or type(exc) is sqlite3.DatabaseError


def _write_error(path: str, exc: sqlite3.Error) -> StoreError:
    """One line for a write that SQLite refused, saying whose problem it is."""
    message = str(exc)
    if "locked" in message or "busy" in message:
        return StoreError(
            f"database '{path}' is busy or locked by another process ({message}); "
            f"waited {_BUSY_TIMEOUT_MS // 1000} s, try again when the other process is done"
        )
    if "I/O error" in message:  # SQLite reports ENOSPC on its WAL and shared-memory files so
        try:
            free = shutil.disk_usage(Path(path).resolve().parent).free
        except OSError:
            free = None
        if free is not None and free < 1024 * 1024:
            message += f" (the disk is full: {free // 1024} KiB free)"
    return StoreError(f"cannot write to '{path}': {message}")


class SQLiteStore(SQLStore):
    """All reads and writes of one SQLite database file."""

    dialect = "sqlite"

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=_BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database '{self.path}': {exc}") from exc
        self.conn.row_factory = sqlite3.Row
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.OperationalError as exc:  # locked, full, read-only: not the file's fault
            self.conn.close()
            raise _write_error(self.path, exc) from exc
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"'{self.path}' is not a usable sitroom database: {exc}") from exc

    # -- plumbing -------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; ``BEGIN IMMEDIATE`` takes the write lock up front.

        A full disk, a lock held past the busy timeout or an I/O error, in any statement or
        at commit, rolls the whole transaction back and becomes a one-line ``StoreError``.
        """
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _write_error(self.path, exc) from exc
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            # SQLite may already have rolled back on its own (SQLITE_FULL, SQLITE_IOERR).
            if self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # the journal is left as it was; the next open recovers it
            if isinstance(exc, sqlite3.Error) and _environmental(exc):
                raise _write_error(self.path, exc) from exc
            raise

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """An advisory lock file beside the database (``DB.NAME.lock``), held with flock.

        SQLite locks the file only per transaction; stages that read, compute and then write
        (migrations, the cross-document stages) need the whole span to themselves. The
        kernel drops a flock when its process dies, so a killed build never leaves it held.
        """
        lock_path = f"{self.path}.{name}.lock"
        try:
            handle = open(lock_path, "a+b")
        except OSError as exc:
            raise StoreError(f"cannot create lock file '{lock_path}': {exc.strerror}") from exc
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _migrate(self) -> None:
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
            "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
        )
        missing = self._missing_migrations()
        if not missing:
            return
        # Two processes opening a new store at once must not both create its tables.
        with self.exclusive("migrate"):
            for version, sql in self._missing_migrations():
                # executescript commits on its own, so the version row goes in the same script.
                self.conn.executescript(
                    f"BEGIN IMMEDIATE;\n{sql}\nINSERT INTO schema_migrations(version) VALUES ({int(version)});\nCOMMIT;"
                )

    def _missing_migrations(self) -> list[tuple[int, str]]:
        done = {row[0] for row in self.conn.execute("SELECT version FROM schema_migrations")}
        return [(v, sql) for v, sql in migrations(self.dialect) if v not in done]

    def tables(self) -> dict[str, list[str]]:
        names = [r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'documents_fts%' ORDER BY name")]  # FTS5's shadow tables are derived
        return {t: [r[1] for r in self.conn.execute(f'PRAGMA table_info("{t}")')] for t in names}

    def analysed_count(self) -> int:
        """How many documents have their analysis stored (0 if the file cannot be read)."""
        try:
            return super().analysed_count()
        except sqlite3.Error:
            return 0

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        """(document id, highlighted snippet) for an FTS5 query; the query is a parameter."""
        try:
            rows = self.conn.execute(
                "SELECT d.id, snippet(documents_fts, 1, '[', ']', '…', 12) AS snip FROM documents_fts "
                "JOIN documents d ON d.rowid = documents_fts.rowid WHERE documents_fts MATCH ? "
                "ORDER BY bm25(documents_fts) LIMIT ?",
                (query, limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot search for {query!r}: {exc}") from exc
        return [(r["id"], r["snip"]) for r in rows]
