"""Stage 11, store: where every record lives between runs.

``open_store(url)`` gives a store for a SQLite path (the default, one file that opens in
any SQLite tool) or a ``postgresql://`` URL (a shared server). Both have the same tables,
created and evolved only by the ordered SQL files in ``migrations/``; all SQL is
parameterised.
"""

from __future__ import annotations

from .base import SQLStore
from .sqlite import SQLiteStore

__all__ = ["open_store", "is_postgres_url", "SQLStore", "SQLiteStore"]


def is_postgres_url(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def open_store(url: str) -> SQLStore:
    if is_postgres_url(url):
        from .postgres import PostgresStore  # psycopg is only imported by those who use it

        return PostgresStore(url)
    return SQLiteStore(url)
