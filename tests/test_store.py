"""The store on both backends (a SQLite file, a real PostgreSQL server): migrations,
full-text search, parameterised queries, readable tables, the same picture from both."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from conftest import CORPUS, store_rows

from sitroom import DEFAULT_SETTINGS, build, export, open_store
from sitroom.errors import StoreError
from sitroom.store.base import migrations


def test_migrations_apply_once_in_order(store_url):
    with open_store(store_url) as store:
        version = store.schema_version()
        dialect = store.dialect
    assert version == migrations(dialect)[-1][0]
    with open_store(store_url) as store:  # reopening applies nothing twice
        assert store.schema_version() == version
        rows = store.conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    assert rows == len(migrations(dialect))


def test_both_backends_have_the_same_tables_and_columns(tmp_path, postgres):
    with open_store(str(tmp_path / "s.db")) as lite, open_store(postgres.new_database()) as pg:
        assert {t: len(rows) for t, rows in store_rows(lite).items()} == {t: len(rows) for t, rows in store_rows(pg).items()}
        lite_columns = {t: [r[1] for r in lite.conn.execute(f'PRAGMA table_info("{t}")')] for t in store_rows(lite)}
        pg_columns: dict[str, list[str]] = {}
        for table, column in pg.conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND column_name != 'search_vector' ORDER BY table_name, ordinal_position"
        ):
            if table in lite_columns:
                pg_columns.setdefault(table, []).append(column)
    assert pg_columns == lite_columns


def test_full_text_search(any_corpus_store):
    hits = any_corpus_store.search("Zangezur")
    assert hits and all("[Zangezur" in snippet for _, snippet in hits)
    assert len({doc for doc, _ in hits}) >= 2
    either = {doc for doc, _ in any_corpus_store.search('"Zangezur" OR "Kazan"', limit=50)}
    assert either >= {doc for doc, _ in hits}


def test_sqlite_store_uses_wal(corpus_store):
    assert corpus_store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize("query", ["'; DROP TABLE documents; --", "\" OR 1=1 --", "a AND", "NEAR(", "%s %(x)s ?"])
def test_hostile_search_strings_never_run_as_sql(any_corpus_store, query):
    try:
        any_corpus_store.search(query)
    except StoreError as exc:
        assert "cannot search" in str(exc)
    assert any_corpus_store.counts()["documents"] == 5


def test_hostile_text_is_stored_as_data(store_url, tmp_path):
    article = tmp_path / "odd.txt"
    text = ("The minister said '%s' and \"?\" were %(name)s placeholders; Robert'); DROP TABLE documents;-- "
            "spoke in Geneva on Monday about the talks and the agreement.")
    article.write_text(text, encoding="utf-8")
    with open_store(store_url) as store:
        build([article], store, DEFAULT_SETTINGS)
        (doc,) = store.documents()
        assert doc.text == text
        assert store.find_documents([doc.id, "%", "?"]) == {doc.id: doc.id, "%": None, "?": None}


def test_not_a_database_is_a_clear_error(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable sitroom database"):
        open_store(str(bogus))


def test_postgres_database_of_something_else_is_a_clear_error(postgres):
    url = postgres.new_database()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE schema_migrations (name TEXT)")
    with pytest.raises(StoreError, match="not a usable sitroom database"):
        open_store(url)


def test_unreachable_postgres_is_one_line_without_the_password(postgres):
    url = f"postgresql://sitroom:s3cret@127.0.0.1:{postgres.port}/no_such_database"
    with pytest.raises(StoreError) as caught:
        open_store(url)
    message = str(caught.value)
    assert "cannot connect" in message and "no_such_database" in message
    assert "s3cret" not in message and "\n" not in message


def test_database_opens_in_plain_sqlite_with_readable_view(corpus_store):
    con = sqlite3.connect(corpus_store.path)
    rows = con.execute("SELECT outlet, title, copies FROM document_overview WHERE copies > 0").fetchall()
    assert rows == [("Global Research", rows[0][1], 1)]


def test_postgres_store_has_the_readable_view(pg_corpus_store):
    rows = pg_corpus_store.conn.execute("SELECT outlet, copies FROM document_overview WHERE copies > 0").fetchall()
    assert [tuple(r) for r in rows] == [("Global Research", 1)]


def test_sqlite_and_postgres_give_the_same_picture(corpus_store, pg_corpus_store):
    lite, pg = export.picture(corpus_store), export.picture(pg_corpus_store)
    assert {k: len(v) for k, v in pg.items()} == {k: len(v) for k, v in lite.items()}
    assert sorted(e["name"] for e in pg["entities"]) == sorted(e["name"] for e in lite["entities"])
    assert pg == lite
    assert corpus_store.report.documents == pg_corpus_store.report.documents == len(list(CORPUS.iterdir()))


CLAIMS = ["Iran gave ballistic missiles to Russia", "the two presidents met", "a treaty was signed in the capital"]


def test_claim_check_answers_the_same_on_both_backends(corpus_store, pg_corpus_store):
    from sitroom.check import Checker

    lite = [r.record() for r in Checker(corpus_store, DEFAULT_SETTINGS).check(CLAIMS)]
    pg = [r.record() for r in Checker(pg_corpus_store, DEFAULT_SETTINGS).check(CLAIMS)]
    assert any(r["stances"] for r in lite)  # not two empty answers
    assert pg == lite


def test_serve_on_postgres_is_one_line_without_the_password():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "sitroom", "serve", "--db", "postgresql://u:s3cret@127.0.0.1:9/x"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "SQLite files only" in done.stderr and "s3cret" not in done.stderr
