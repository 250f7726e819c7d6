"""The SQLite store: migrations, full-text search, parameterised queries, readable tables."""

from __future__ import annotations

import sqlite3

import pytest

from sitroom import open_store
from sitroom.errors import StoreError
from sitroom.store.sqlite import migrations


def test_migrations_apply_once_in_order(fresh_db):
    with open_store(str(fresh_db)) as store:
        version = store.schema_version()
    assert version == migrations()[-1][0]
    with open_store(str(fresh_db)) as store:  # reopening applies nothing twice
        assert store.schema_version() == version
        rows = store.conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    assert rows == len(migrations())


def test_wal_and_fts(corpus_store):
    assert corpus_store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    hits = corpus_store.search("Zangezur")
    assert hits and all("[Zangezur" in snippet for _, snippet in hits)
    assert len({doc for doc, _ in hits}) >= 2


@pytest.mark.parametrize("query", ["'; DROP TABLE documents; --", "\" OR 1=1 --", "a AND", "NEAR("])
def test_hostile_search_strings_never_run_as_sql(corpus_store, query):
    try:
        corpus_store.search(query)
    except StoreError as exc:
        assert "cannot search" in str(exc)
    assert corpus_store.counts()["documents"] == 5


def test_not_a_database_is_a_clear_error(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable sitroom database"):
        open_store(str(bogus))


def test_database_opens_in_plain_sqlite_with_readable_view(corpus_store):
    con = sqlite3.connect(corpus_store.path)
    rows = con.execute("SELECT outlet, title, copies FROM document_overview WHERE copies > 0").fetchall()
    assert rows == [("Global Research", rows[0][1], 1)]
