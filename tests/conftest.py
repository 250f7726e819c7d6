"""Shared fixtures: the example corpus, fresh stores on both backends (SQLite and a real
PostgreSQL server started for the session), a built store of the corpus."""

from __future__ import annotations

import contextlib

import shutil
from pathlib import Path

import pytest

from pg_server import PostgresServer

from sitroom import DEFAULT_SETTINGS, build, open_store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "ashgabat-2024"
DATA = SHARED / "data"


def corpus_file(prefix: str) -> Path:
    return next(CORPUS.glob(f"{prefix}_*"))


@pytest.fixture
def fresh_db(tmp_path: Path) -> Path:
    return tmp_path / "sitroom.db"


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory):
    """The example corpus built once for the whole session (read-only for tests)."""
    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    with open_store(str(db)) as store:
        report = build([CORPUS], store, DEFAULT_SETTINGS)
    store = open_store(str(db))
    store.report = report  # type: ignore[attr-defined]
    yield store
    store.close()


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server of our own for the session (see pg_server.py)."""
    server = PostgresServer()
    server.start()
    yield server
    server.close()


BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's new store lives: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "sitroom.db")
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture(scope="session")
def pg_corpus_store(postgres: PostgresServer):
    """The example corpus built once into PostgreSQL (read-only for tests)."""
    store = open_store(postgres.new_database())
    store.report = build([CORPUS], store, DEFAULT_SETTINGS)  # type: ignore[attr-defined]
    yield store
    store.close()


@pytest.fixture(params=BACKENDS)
def any_corpus_store(request: pytest.FixtureRequest):
    """The built example corpus, once per backend."""
    return request.getfixturevalue("corpus_store" if request.param == "sqlite" else "pg_corpus_store")


def store_rows(store) -> dict[str, list[tuple]]:
    """Every row of every table of a store (either backend), sorted, without volatile columns."""
    return store.snapshot()


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the example corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


def ecb_texts(limit: int) -> list[str]:
    """Real news texts from ECB+ of 80 words or more, in file order."""
    from sitroom.evaluate.ecbplus import read_text

    texts = []
    for path in sorted((DATA / "ecbplus" / "ECB+").glob("*/*.xml")):
        text = read_text(path)
        if len(text.split()) >= 80:
            texts.append(text)
        if len(texts) >= limit:
            break
    return texts


def news_articles() -> list[tuple[str, str]]:
    """Every ECB+ and MEANTIME article in ../shared/data with text: (file name, plain text)."""
    from sitroom.evaluate.ecbplus import read_text

    paths = sorted((DATA / "ecbplus" / "ECB+").glob("*/*.xml")) + sorted((DATA / "meantime").rglob("*.xml"))
    return [(path.name, text) for path in paths if (text := read_text(path)).strip()]


@pytest.fixture
def article_folder(tmp_path: Path):
    """Make a folder of ``n`` real articles; returns a function n -> folder."""

    def make(n: int) -> Path:
        folder = tmp_path / f"articles{n}"
        folder.mkdir()
        for i, text in enumerate(ecb_texts(n)):
            (folder / f"a{i:04d}.txt").write_text(text, encoding="utf-8")
        return folder

    return make


@contextlib.contextmanager
def running_server(db: Path, timeout: float = 60):
    """`sitroom serve` on a free loopback port for the duration of a ``with``; yields the
    base URL, then stops the server and checks it started and stopped cleanly."""
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = Path(db).with_name(f"serve-{port}.log").open("w+")
    proc = subprocess.Popen([sys.executable, "-m", "sitroom", "serve", "--db", str(db), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                httpx.get(f"{base}/api/documents", timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise AssertionError(f"sitroom serve did not start: {log.read()[-2000:]}")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.seek(0)
        running_server.log = log.read()  # what the server printed, for a failing test to show
        log.close()
