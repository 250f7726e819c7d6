"""Stage 11, store: where every record lives between runs.

``open_store(url)`` gives a store for a SQLite path (the default, one file that opens in
any SQLite tool). The schema is created and evolved only by the ordered SQL files in
``migrations/``; all SQL is parameterised.
"""

from __future__ import annotations

from ..errors import StoreError
from .sqlite import SQLiteStore

__all__ = ["open_store", "SQLiteStore"]


def open_store(url: str) -> SQLiteStore:
    if url.startswith(("postgresql://", "postgres://")):
        raise StoreError(
            "PostgreSQL stores are not supported by this version yet; use a SQLite path such as 'sitroom.db'"
        )
    return SQLiteStore(url)
