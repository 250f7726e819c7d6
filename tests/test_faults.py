"""Faults: builds killed at random points, a full disk, a database locked by another process.

After each fault the store is consistent (``PRAGMA integrity_check``, foreign keys, the
full-text index, no half-stored analysis), and the next build completes it to the same
picture as one clean build of the same articles: every table, row for row (timestamps and
embedding bytes aside), so nothing is duplicated or lost.

Every build runs as ``sitroom build`` in a subprocess, as a user runs it. The corpus is 40
real articles (ECB+) plus a syndicated copy, a JSONL feed and two files that are rejected.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from sitroom import open_store

from conftest import ecb_texts

SITROOM = [sys.executable, "-m", "sitroom"]
ARTICLES = 40
KILLS = 20
SEED = int(os.environ.get("SITROOM_FAULT_SEED", "20261122"))

# Run the CLI with some store knob turned (a short busy timeout, a page limit that stands
# in for a full disk): the knob is set on the module before the command parses anything.
PATCHED_CLI = """
import sys
import sitroom.store.sqlite as sqlite_store
knob, value = sys.argv[1], int(sys.argv[2])
if knob == "busy_ms":
    sqlite_store._BUSY_TIMEOUT_MS = value
elif knob == "max_pages":
    opened = sqlite_store.SQLiteStore.__init__
    def limited(self, path):
        opened(self, path)
        self.conn.execute(f"PRAGMA max_page_count = {value}")
    sqlite_store.SQLiteStore.__init__ = limited
sys.argv = ["sitroom", *sys.argv[3:]]
from sitroom.cli import main
main()
"""

LOCKER = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
con.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("ROLLBACK")
"""


def sitroom(*args: str, patch: tuple[str, int] | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", PATCHED_CLI, patch[0], str(patch[1])] if patch else SITROOM
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=timeout)


def build_command(sources: list[Path], db: Path) -> list[str]:
    return ["build", *map(str, sources), "--db", str(db)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("faults") / "articles"
    folder.mkdir()
    texts = ecb_texts(ARTICLES + 3)
    for i, text in enumerate(texts[:ARTICLES]):
        (folder / f"a{i:03d}.txt").write_text(text, encoding="utf-8")
    # A syndicated copy (another outlet's headline and footer), a feed, two bad files.
    (folder / "copy.txt").write_text(
        "Wire report\n\n" + texts[0] + "\n\nCopyright © 2024 Other Outlet. All rights reserved.\n", encoding="utf-8")
    feed = [{"id": f"f{i}", "text": t, "outlet": "Feed"} for i, t in enumerate(texts[ARTICLES:])]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in feed) + "\n{broken\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    return folder


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, float, int]:
    """(picture, seconds, database bytes) of one clean build of the corpus."""
    db = tmp_path_factory.mktemp("reference") / "clean.db"
    started = time.monotonic()
    result = sitroom(*build_command([corpus], db))
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert_consistent(db)
    return picture(db), seconds, db.stat().st_size


def picture(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table of ``db``, sorted, without volatile columns."""
    with open_store(str(db)) as store:
        return store.snapshot()


def assert_same_picture(db: Path, expected: dict[str, list[tuple]]) -> None:
    got = picture(db)
    assert sorted(got) == sorted(expected)
    for table in expected:
        assert len(got[table]) == len(expected[table]), (table, len(got[table]), len(expected[table]))
        assert got[table] == expected[table], f"table {table} differs from a clean build"


def assert_consistent(db: Path) -> dict[str, int]:
    """The store is whole; returns how far the build had got."""
    con = sqlite3.connect(db, isolation_level=None)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "documents" not in tables:
            return {"documents": 0, "analysed": 0, "entities": 0}
        con.execute("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")
        (indexed,) = con.execute("SELECT count(*) FROM documents_fts").fetchone()
        documents, analysed, keys = con.execute(
            "SELECT count(*), coalesce(sum(analysed), 0), count(DISTINCT source_key) FROM documents").fetchone()
        assert indexed == documents and keys == documents
        # An analysis is stored whole or not at all.
        torn = con.execute(
            "SELECT count(*) FROM documents d WHERE d.analysed = 0 AND (EXISTS (SELECT 1 FROM parses p "
            "WHERE p.document_id = d.id) OR EXISTS (SELECT 1 FROM sentences s WHERE s.document_id = d.id))"
        ).fetchone()[0]
        missing = con.execute(
            "SELECT count(*) FROM documents d WHERE d.analysed = 1 AND NOT EXISTS "
            "(SELECT 1 FROM parses p WHERE p.document_id = d.id)").fetchone()[0]
        assert (torn, missing) == (0, 0)
        dangling = con.execute(
            "SELECT count(*) FROM documents d WHERE d.duplicate_of IS NOT NULL AND NOT EXISTS "
            "(SELECT 1 FROM documents c WHERE c.id = d.duplicate_of)").fetchone()[0]
        assert dangling == 0
        (entities,) = con.execute("SELECT count(*) FROM entities").fetchone()
        return {"documents": documents, "analysed": analysed, "entities": entities}
    finally:
        con.close()


def error_lines(stderr: str) -> list[str]:
    assert "Traceback" not in stderr, stderr
    return [line for line in stderr.splitlines() if line.startswith("error:")]


# -- (a) SIGKILL at random points -----------------------------------------------------------

def _stage(state: dict[str, int], total: int) -> str:
    if state["documents"] == 0:
        return "starting"
    if state["documents"] < total:
        return "reading"
    if state["entities"] == 0:
        return "analysing"
    return "linking"


@pytest.mark.slow
def test_sigkill_at_random_points_then_rebuild_equals_clean_build(corpus, reference, tmp_path):
    expected, clean_seconds, _ = reference
    total = len(expected["documents"])
    rng = random.Random(SEED)
    stages: Counter[str] = Counter()
    kills = rounds = 0
    db = tmp_path / "round0.db"
    while kills < KILLS:
        proc = subprocess.Popen([*SITROOM, *build_command([corpus], db)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        delay = rng.uniform(0.5, clean_seconds)
        try:
            proc.wait(timeout=delay)
            finished = True
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            finished = False
        state = assert_consistent(db) if db.exists() else {"documents": 0, "analysed": 0, "entities": 0}
        if finished:
            # This round's builds completed the store: it must be the clean build's picture.
            assert proc.returncode == 0
            assert_same_picture(db, expected)
            rounds += 1
            db = tmp_path / f"round{rounds}.db"
            continue
        kills += 1
        stages[_stage(state, total)] += 1
    result = sitroom(*build_command([corpus], db))
    assert result.returncode == 0, result.stderr
    assert_consistent(db)
    assert_same_picture(db, expected)
    print(f"{kills} kills over {rounds + 1} stores, by stage: {dict(stages)}")
    assert len(stages) >= 2, f"the kills all landed in one stage: {dict(stages)}"


def _documents_stored(db: Path, analysed: bool = False) -> int:
    """Documents (or analysed ones) a running build has committed so far (0 before its
    tables exist)."""
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute(f"SELECT count(*) FROM documents{' WHERE analysed = 1' if analysed else ''}").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _live_in_session(session: int) -> list[str]:
    """The processes of a session that are not zombies, as ``ps`` lines."""
    rows = subprocess.run(["ps", "-o", "stat=,args=", "-s", str(session)], capture_output=True, text=True).stdout
    return [row.strip() for row in rows.splitlines() if row.strip() and not row.strip().startswith("Z")]


def _interrupt(sources: list[Path], db: Path, options: list[str], terminal: bool,
               analysed: bool = False) -> tuple[str, dict[str, int]]:
    """Start ``sitroom build``, press Ctrl-C once its documents are stored and the analysis
    has begun (``analysed``: once it has stored analyses), and check how it ends: exit status 130 within a minute (a build that hangs
    fails here), one line saying what is kept, no traceback from any process, no process
    left behind, a consistent store. ``terminal``: SIGINT to the whole process group, as a
    terminal sends it (spaCy's and Dask's processes too); else to the build's process alone
    (``kill -INT``). Returns the line and how far the store got."""
    proc = subprocess.Popen([*SITROOM, *build_command(sources, db), *options], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # as at a terminal
    deadline = time.monotonic() + 300
    while proc.poll() is None and _documents_stored(db, analysed) == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert proc.poll() is None, "the build ended before it could be interrupted"
    time.sleep(1)  # into the analysis, or its next batches
    if terminal:
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr, stderr
    said = [line for line in stderr.splitlines() if line.startswith("interrupted")]
    assert len(said) == 1 and said[0].endswith("kept; run the same command again to finish"), stderr
    state = assert_consistent(db)
    assert state["documents"] > 0
    assert f"{state['analysed']} document" in said[0]  # the line counts what the store holds
    # The build ran in a session of its own: none of its processes may outlive it (an
    # exited worker may show as a zombie until init reaps it).
    live = _live_in_session(proc.pid)
    while live and time.monotonic() < deadline:
        time.sleep(0.5)
        live = _live_in_session(proc.pid)
    assert live == [], f"processes of the interrupted build still running: {live}"
    return said[0], state


def test_ctrl_c_says_so_in_one_line_keeps_a_consistent_store_and_rerun_completes(corpus, reference, tmp_path):
    """Ctrl-C mid-build (see ``_interrupt``), then the same command completes the store to
    a clean build's picture."""
    expected, _, _ = reference
    db = tmp_path / "interrupted.db"
    _interrupt([corpus], db, [], terminal=True)
    result = sitroom(*build_command([corpus], db))
    assert result.returncode == 0, result.stderr
    assert_consistent(db)
    assert_same_picture(db, expected)


@pytest.fixture(scope="module")
def long_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 articles: enough text queued for spaCy's processes (batches of 32) that a pipe
    between them fills, as in a real build, and enough work that the interrupt lands once
    analyses are stored (Dask's workers are up); 40 do not show what happens then."""
    folder = tmp_path_factory.mktemp("long") / "articles"
    folder.mkdir()
    for i, text in enumerate(ecb_texts(200)):
        (folder / f"b{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("options, terminal", [
    (["--processes", "2"], True), (["--processes", "2"], False), (["--workers", "2"], True), (["--workers", "2"], False),
], ids=["spacy processes", "spacy processes, kill -INT", "dask workers", "dask workers, kill -INT"])
def test_ctrl_c_with_worker_processes_ends_them_and_returns(long_corpus, tmp_path, options, terminal):
    """``--processes 2``: spaCy's own clean-up joins its processes, which are blocked sending
    results nobody reads, and the interpreter's exit waits for the threads feeding their
    queues; either would hang the interrupted build. ``--workers 2``: a terminal's Ctrl-C
    reaches the Dask workers too. Then the same command analyses the rest (once a mode:
    the other tests here show re-runs completing stores)."""
    db = tmp_path / "interrupted.db"
    _, state = _interrupt([long_corpus], db, options, terminal, analysed=True)
    assert state["analysed"] > 0
    if not terminal:
        return
    result = sitroom(*build_command([long_corpus], db), *options)
    assert result.returncode == 0, result.stderr
    con = sqlite3.connect(db)
    try:
        pending = con.execute("SELECT count(*) FROM documents WHERE analysed = 0 AND duplicate_of IS NULL").fetchone()
        (canonical,) = con.execute("SELECT count(*) FROM documents WHERE duplicate_of IS NULL").fetchone()
    finally:
        con.close()
    assert pending == (0,) and canonical > 150
    assert_consistent(db)


# -- (b) a full disk -----------------------------------------------------------------------

def _mount_small_disk(target: Path, size: int) -> bool:
    """A tmpfs of ``size`` bytes at ``target``, if this process may mount (root in a VM);
    ``SITROOM_FAULT_NO_MOUNT=1`` tests the fallback (SQLite's page limit) instead."""
    if os.geteuid() != 0 or shutil.which("mount") is None or os.environ.get("SITROOM_FAULT_NO_MOUNT"):
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "sitroom-test", str(target)],
                          capture_output=True, text=True)
    return done.returncode == 0


def _resize(target: Path, size: int) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(target)], check=True, capture_output=True)


def _unmount(target: Path) -> None:
    subprocess.run(["umount", str(target)], capture_output=True)


@pytest.mark.parametrize("disk_share, page_share", [(0.002, 0.002), (0.4, 0.5), (1.2, 0.7), (1.6, 0.9)])
def test_full_disk_one_line_error_consistent_store_then_rerun_completes(corpus, reference, tmp_path,
                                                                        disk_share, page_share):
    """A share of the clean database's size is all the room there is: the disk fills while
    the schema is made, while documents are stored, during the analysis, while linking.
    On a disk the write-ahead log needs room too (it holds every page written since its
    last checkpoint), hence larger shares than for SQLite's page limit, the fallback."""
    expected, _, clean_bytes = reference
    room = max(16 * 1024, int(clean_bytes * disk_share)) // 4096 * 4096
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = _mount_small_disk(disk, room)
    db = disk / "sitroom.db"
    try:
        if mounted:
            full = sitroom(*build_command([corpus], db))
        else:  # no mounting here: SQLite's page limit stands in for the disk's size
            room = max(4096, int(clean_bytes * page_share)) // 4096 * 4096
            full = sitroom(*build_command([corpus], db), patch=("max_pages", room // 4096))
        errors = error_lines(full.stderr)
        assert len(errors) == 1, full.stderr
        assert "full" in errors[0].split(f"{db}'", 1)[1], errors[0]
        if mounted:
            _resize(disk, 4 * clean_bytes + 64 * 1024 * 1024)
        if db.exists():
            state = assert_consistent(db)
            usable = state["analysed"] > 0
        else:
            usable = False
        assert full.returncode == (0 if usable else 1), (full.returncode, state if db.exists() else None, full.stderr)
        print(f"full disk at {room // 1024} KiB ({'tmpfs' if mounted else 'max_page_count'}): "
              f"exit {full.returncode}, {errors[0]!r}")
        again = sitroom(*build_command([corpus], db))
        assert again.returncode == 0, again.stderr
        assert_consistent(db)
        assert_same_picture(db, expected)
    finally:
        if mounted:
            _unmount(disk)


# -- (c) a locked database ------------------------------------------------------------------

def _lock(db: Path, seconds: float) -> subprocess.Popen:
    locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(db), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
    return locker


def test_locked_database_build_waits_then_completes(corpus, reference, tmp_path):
    expected, _, _ = reference
    db = tmp_path / "sitroom.db"
    first = sorted(corpus.glob("a0[0-1]*.txt"))
    assert sitroom(*build_command(first, db)).returncode == 0
    hold = 8.0
    locker = _lock(db, hold)
    started = time.monotonic()
    result = sitroom(*build_command([corpus], db))
    waited = time.monotonic() - started
    locker.wait(timeout=60)
    assert result.returncode == 0, result.stderr
    assert not error_lines(result.stderr)
    assert waited >= hold - 1, "the build could not have written while the lock was held"
    print(f"lock held {hold:.0f} s: the build waited and finished in {waited:.0f} s")
    assert_consistent(db)
    assert_same_picture(db, expected)


@pytest.mark.parametrize("when", ["existing store", "new store"])
def test_locked_database_past_busy_timeout_one_line_error_then_rerun(corpus, reference, tmp_path, when):
    expected, _, _ = reference
    db = tmp_path / "sitroom.db"
    if when == "existing store":
        assert sitroom(*build_command(sorted(corpus.glob("a00*.txt")), db)).returncode == 0
    locker = _lock(db, 60)  # a new file is locked before it has any schema (rollback journal)
    try:
        result = sitroom(*build_command([corpus], db), patch=("busy_ms", 1500))
    finally:
        locker.kill()
        locker.wait()
    errors = error_lines(result.stderr)
    assert len(errors) == 1 and "locked" in errors[0], result.stderr
    assert result.returncode == 1, "nothing was produced while the store was locked"
    print(f"locked {when}: exit {result.returncode}, {errors[0]!r}")
    assert_consistent(db)
    again = sitroom(*build_command([corpus], db))
    assert again.returncode == 0, again.stderr
    assert_consistent(db)
    assert_same_picture(db, expected)
