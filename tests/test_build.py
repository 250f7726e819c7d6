"""`sitroom build` as a user runs it: every file accounted for, idempotent, resumable — into
a SQLite file and into PostgreSQL alike."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
from conftest import CORPUS, store_rows

from sitroom import DEFAULT_SETTINGS, build, open_store
from sitroom.errors import IngestError

SITROOM = [sys.executable, "-m", "sitroom"]


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*SITROOM, *args], capture_output=True, text=True, timeout=600, **kwargs)


def test_bad_files_each_rejected_with_one_line_rest_processed(tmp_path, store_url):
    folder = tmp_path / "mixed"
    folder.mkdir()
    good = CORPUS.glob("00[234]_*")
    for src in good:
        (folder / src.name).write_bytes(src.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(4096))
    with open(folder / "huge.txt", "wb") as big:
        big.write(b"word " * (50 * 1024 * 1024 // 5))
    latin = "The café owners of Zürich said the façade of the théâtre would be restored before the première. " * 5
    (folder / "latin1.txt").write_bytes(("Café talks resume in Zürich\n\n" + latin).encode("latin-1"))
    (folder / "utf16.txt").write_bytes(("The ministers met in Geneva on Monday and agreed to talk again. " * 5).encode("utf-16"))
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    result = run("build", str(folder), "--db", store_url)
    assert result.returncode == 0, result.stderr
    rejected = [line for line in result.stderr.splitlines() if line.startswith("rejected ")]
    reasons = {Path(line.split(":")[0].removeprefix("rejected ")).name: line for line in rejected}
    assert set(reasons) == {"empty.txt", "image.html", "huge.txt", "notes.pdf"}, result.stderr
    assert "empty file" in reasons["empty.txt"]
    assert "binary" in reasons["image.html"]
    assert "MB limit" in reasons["huge.txt"]
    assert "unsupported file type" in reasons["notes.pdf"]
    assert "Traceback" not in result.stderr
    assert "5 documents (0 duplicates), 4 rejected" in result.stdout
    with open_store(store_url) as store:
        docs = {Path(d.path).name: d for d in store.documents()}
        assert "Zürich" in (docs["latin1.txt"].title or "")
        assert docs["utf16.txt"].text.startswith("The ministers met in Geneva")
        assert {Path(f.path).name for f in store.rejections()} == set(reasons)


def test_rebuild_changes_nothing_and_new_files_only_are_added(tmp_path, corpus_copy, store_url):
    first = run("build", str(corpus_copy), "--db", store_url)
    assert "5 documents (1 duplicate), 0 rejected" in first.stdout

    def dump():
        with open_store(store_url) as store:
            return store_rows(store)

    before = dump()
    again = run("build", str(corpus_copy), "--db", store_url)
    assert "0 added, 5 unchanged; the picture was already up to date" in again.stdout
    assert dump() == before
    (corpus_copy / "extra.txt").write_text(
        "The ministers of both countries met again in Geneva on Monday to discuss the agreement on trade.\n"
        "They said the talks had been constructive and agreed to meet again next month in Vienna.\n",
        encoding="utf-8",
    )
    third = run("build", str(corpus_copy), "--db", store_url)
    assert "6 documents (1 duplicate), 0 rejected — 1 added, 5 unchanged; database" in third.stdout


def test_cross_document_stages_run_when_what_they_read_changed_and_after_a_cut(tmp_path, article_folder, store_url,
                                                                               monkeypatch):
    """A build that changes nothing the cross-document stages read (the same files, other run
    settings) skips them; other settings of what they find, or a build whose stages stopped
    part-way (a crash, a kill), run them again, and the store ends as one clean build's."""
    import shutil

    from sitroom import pipeline

    folder = article_folder(10)
    extra = tmp_path / "extra"
    extra.mkdir()
    shutil.move(str(folder / "a0009.txt"), str(extra / "a0009.txt"))
    ran: list[int] = []
    stages, compute = pipeline._link_stages, pipeline.relations.compute
    monkeypatch.setattr(pipeline, "_link_stages", lambda *args: (ran.append(1), stages(*args))[1])
    with open_store(store_url) as store:
        assert build([folder], store, DEFAULT_SETTINGS).relinked
        assert not build([folder], store, DEFAULT_SETTINGS.with_overrides(write_batch=3, partition_size=2)).relinked
        assert build([folder], store, DEFAULT_SETTINGS.with_overrides(embeddings=False)).relinked
        assert build([folder], store, DEFAULT_SETTINGS).relinked
        assert not build([folder], store, DEFAULT_SETTINGS).relinked
        assert len(ran) == 3

        def killed(*args):
            raise RuntimeError("killed in the cross-document stages")

        # cut short with other settings: the store holds some of their rows, and the stamp
        # stored before would match the next build's had it not been cleared
        monkeypatch.setattr(pipeline.relations, "compute", killed)
        with pytest.raises(RuntimeError, match="killed"):
            build([folder], store, DEFAULT_SETTINGS.with_overrides(embeddings=False))
        monkeypatch.setattr(pipeline.relations, "compute", compute)
        assert build([folder], store, DEFAULT_SETTINGS).relinked
        report = build([folder, extra], store, DEFAULT_SETTINGS)
        assert report.relinked and report.added == (str(extra / "a0009.txt"),)
        assert len(ran) == 6
        picture = store_rows(store)
    with open_store(str(tmp_path / "clean.db")) as clean:
        build([folder, extra], clean, DEFAULT_SETTINGS)
        assert store_rows(clean) == picture
    assert picture["link_state"] and picture["entities"]


def test_changed_file_is_replaced_not_duplicated(tmp_path, store_url):
    article = tmp_path / "a.txt"
    article.write_text("The council approved the budget on Monday after a long debate about schools and roads.\n")
    with open_store(store_url) as store:
        build([article], store, DEFAULT_SETTINGS)
        article.write_text("The council rejected the budget on Tuesday after a long debate about taxes and parks.\n")
        build([article], store, DEFAULT_SETTINGS)
        (doc,) = store.documents()
        assert "rejected the budget" in doc.text
        assert store.counts()["documents"] == 1


def _query(url: str, sql: str) -> tuple:
    """One row of a read-only query on either backend, beside the process writing to it."""
    if url.startswith("postgresql://"):
        with psycopg.connect(url) as conn:
            return tuple(conn.execute(sql).fetchone())
    con = sqlite3.connect(f"file:{url}?mode=ro", uri=True, timeout=1)
    try:
        return tuple(con.execute(sql).fetchone())
    finally:
        con.close()


def test_sigkill_mid_build_then_rerun_stores_each_document_once(article_folder, store_url):
    folder = article_folder(160)
    n_files = len(list(folder.iterdir()))
    proc = subprocess.Popen([*SITROOM, "build", str(folder), "--db", store_url],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                (analysed,) = _query(store_url, "SELECT count(*) FROM documents WHERE analysed = 1")
            except (sqlite3.Error, psycopg.Error):
                analysed = 0  # not created yet
            if analysed > 0:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the build finished before it could be killed; make the corpus bigger"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    if not store_url.startswith("postgresql://"):
        assert _query(store_url, "PRAGMA integrity_check") == ("ok",)
    stored, done = _query(store_url, "SELECT count(*), sum(analysed) FROM documents")
    assert 0 < done < n_files, (stored, done)
    result = run("build", str(folder), "--db", store_url)
    assert result.returncode == 0, result.stderr
    rows = _query(store_url, "SELECT count(*), count(DISTINCT source_key), "
                             "sum(CASE WHEN analysed = 1 OR duplicate_of IS NOT NULL THEN 1 ELSE 0 END) FROM documents")
    assert rows == (n_files, n_files, n_files)
    orphans = _query(store_url, "SELECT count(*) FROM mentions m LEFT JOIN documents d ON d.id = m.document_id WHERE d.id IS NULL")
    assert orphans == (0,)
    per_doc = _query(store_url, "SELECT max(c) FROM (SELECT count(*) c FROM sentences GROUP BY document_id, seq) t")
    assert per_doc == (1,), "no sentence stored twice"


def test_cli_errors_are_one_line(tmp_path):
    missing = run("brief", "--db", str(tmp_path / "nope.db"))
    assert missing.returncode == 1
    assert missing.stderr.strip().count("\n") == 0 and "no database" in missing.stderr
    nothing = run("build", str(tmp_path / "nothing-here"), "--db", str(tmp_path / "x.db"))
    assert nothing.returncode == 1
    assert "no such file or folder" in nothing.stderr
    bad_format = run("export", "--db", str(tmp_path / "x.db"), "--format", "xml")
    assert bad_format.returncode == 2 and "xml" in bad_format.stderr


def test_export_and_brief_outputs(tmp_path, corpus_copy, store_url):
    run("build", str(corpus_copy), "--db", store_url)
    out = tmp_path / "picture.json"
    assert run("export", "--db", store_url, "--format", "json", "-o", str(out)).returncode == 0
    import json

    data = json.loads(out.read_text())
    assert len(data["documents"]) == 5
    jsonl = run("export", "--db", store_url, "--format", "jsonl").stdout.splitlines()
    assert sum(1 for line in jsonl if json.loads(line)["section"] == "documents") == 5
    csv_text = run("export", "--db", store_url, "--format", "csv").stdout
    assert csv_text.splitlines()[0].startswith("id,path,outlet")
    md = run("brief", "--db", store_url).stdout
    assert "## Sources compared" in md and "Global Research" in md and "2024-10-08" in md
    html = run("brief", "--db", store_url, "--format", "html").stdout
    assert html.startswith("<!doctype html>") and "<table>" in html


def test_two_processes_give_the_same_picture(tmp_path, article_folder):
    """``--processes 2``: spaCy in two processes; every row the same as with one."""
    folder = article_folder(12)
    pictures = []
    for n in (1, 2):
        db = tmp_path / f"p{n}.db"
        result = run("build", str(folder), "--db", str(db), "--processes", str(n))
        assert result.returncode == 0, result.stderr
        with open_store(str(db)) as store:
            pictures.append(store_rows(store))
    assert pictures[0] == pictures[1]
    assert pictures[0]["mentions"] and pictures[0]["claims"], "mentions and claims were found"


def test_cross_document_tasks_in_a_thread_or_here_give_the_same_store(tmp_path, article_folder, monkeypatch):
    """The cross-document tasks (stories, claim clusters, forecasts) in a thread beside the
    other stages, and statement grouping in another, as on any machine with two cores, or
    each run here in turn, as on one core: every row the same."""
    import threading

    from sitroom import pipeline
    from sitroom.quotes import grouping

    folder = article_folder(12)
    pictures, threads, statements = [], [], []
    real_beside, real_group = pipeline._Beside, grouping.group

    def beside(client, threaded=False):
        threads.append(threaded)
        return real_beside(client, threaded)

    def group(*args):
        statements.append(threading.current_thread().name)
        return real_group(*args)

    monkeypatch.setattr(pipeline, "_Beside", beside)
    monkeypatch.setattr(grouping, "group", group)
    for in_thread in (False, True):
        monkeypatch.setattr(pipeline, "_beside_in_thread", lambda in_thread=in_thread: in_thread)
        with open_store(str(tmp_path / f"thread-{in_thread}.db")) as store:
            build([folder], store, DEFAULT_SETTINGS)
            pictures.append(store_rows(store))
    assert threads == [False, True]
    # statements are grouped in a thread of their own beside the timeline, or here
    assert statements[0] == threading.current_thread().name and statements[1].startswith("sitroom-statements")
    assert pictures[0] == pictures[1]
    assert pictures[0]["claims"] and pictures[0]["stories"], "claims and stories were found"


def test_tasks_beside_run_in_one_thread_in_order_and_a_failure_stops_the_stages(monkeypatch):
    import threading

    from sitroom import pipeline

    beside = pipeline._Beside(None, threaded=True)
    seen = []

    def task(name, *inputs):
        seen.append((name, threading.current_thread().name))
        return (name, *inputs)

    first = beside.submit(task, "first")
    second = beside.submit(task, "second", first)  # an earlier task's result as an argument
    assert beside.result(second) == ("second", ("first",))
    assert [name for name, _ in seen] == ["first", "second"]
    assert all(thread.startswith("sitroom-beside") for _, thread in seen)

    def fails():
        raise ValueError("bad claim")

    failed = beside.submit(fails)
    later = beside.submit(task, "after", failed)
    with pytest.raises(ValueError, match="bad claim"):
        beside.result(later)
    beside.close()
    with pytest.raises(RuntimeError):  # closed: its thread has ended
        beside.submit(task, "too late")

    inline = pipeline._Beside(None)  # one core: each task runs when submitted
    assert inline.pool is None and inline.submit(task, "now") == ("now",)
    assert seen[-1][1] == threading.current_thread().name


def test_collector_runs_less_often_during_a_build_and_is_restored(tmp_path, monkeypatch):
    import gc

    from sitroom import extract, pipeline

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Talks resume in Geneva\n\n" + "The ministers met in Geneva on Monday. " * 8)
    seen: dict[str, tuple[int, int, int]] = {}
    link = pipeline._link
    monkeypatch.setattr(pipeline, "_link", lambda store, settings, client=None: (
        seen.setdefault("link", gc.get_threshold()), link(store, settings, client)))
    before = gc.get_threshold()
    with open_store(str(tmp_path / "s.db")) as store:
        build([folder], store, DEFAULT_SETTINGS)
    assert seen["link"][0] == extract.BULK_GEN0_THRESHOLD > before[0]
    assert seen["link"][1:] == before[1:]
    assert gc.get_threshold() == before

    # The Dask tasks set it themselves in the worker, and put it back after a failure too.
    def failing_stream(documents, settings):
        seen["extract"] = gc.get_threshold()
        raise RuntimeError("boom")

    def rejecting_clean(raw, repeats):
        seen["clean"] = gc.get_threshold()
        raise IngestError("not news")

    monkeypatch.setattr(extract, "extract_stream", failing_stream)
    monkeypatch.setattr(extract, "clean", rejecting_clean)
    with pytest.raises(RuntimeError):
        extract.extract_partition([], DEFAULT_SETTINGS)
    assert gc.get_threshold() == before
    rejected = extract.prepare_partition([SimpleNamespace(path="x.txt", outlet=None)], {}, DEFAULT_SETTINGS)
    assert [(f.path, f.reason) for f in rejected] == [("x.txt", "not news")]
    assert seen["extract"][0] == seen["clean"][0] == extract.BULK_GEN0_THRESHOLD
    assert gc.get_threshold() == before


def test_a_date_an_earlier_build_inferred_does_not_confirm_itself(tmp_path, store_url, monkeypatch):
    """The cross-document stages leave the store as a build of everything at once, whatever
    an earlier build inferred: a document dated by an inference that no longer holds has its
    times anchored on that date (its attack "on Monday" dated from it); the inference starts
    from the times its own analysis gives, as in a build of everything at once."""
    from sitroom import pipeline, temporal

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "attack.txt").write_text(
        "Gunmen attack market in Kandahar\n\n"
        "Gunmen killed seven people in an attack on a crowded market in Kandahar on Monday, police said. "
        "The attack on Monday was the deadliest in the city this year, the provincial governor said. "
        "Police said they had arrested two suspects on Tuesday.\n", encoding="utf-8")
    (folder / "talks.txt").write_text(
        "Ministers meet in Geneva\n\nMarch 3, 2009\n\n"
        "The foreign ministers of both countries met in Geneva on Tuesday to discuss a trade agreement. "
        "They said the talks had been constructive and agreed to meet again next month in Vienna.\n", encoding="utf-8")
    with open_store(str(tmp_path / "clean.db")) as clean:
        build([folder], clean, DEFAULT_SETTINGS)
        expected = store_rows(clean)
    earlier = "2001-02-07"
    with open_store(store_url) as store:
        build([folder], store, DEFAULT_SETTINGS)
        attack = next(d for d in store.documents() if d.path.endswith("attack.txt"))
        assert attack.published is None
        with store.transaction() as conn:
            conn.execute("UPDATE documents SET published = ?, published_inferred = 1 WHERE id = ?", (earlier, attack.id))
            conn.execute("INSERT INTO date_inferences (document_id, value, earliest, latest, evidence) "
                         "VALUES (?, ?, ?, ?, '[]')", (attack.id, earlier, earlier, earlier))
        store.replace_times(attack.id, temporal.extract(attack, store.analysis(attack.id), earlier, DEFAULT_SETTINGS))
        assert any((t.value or "").startswith("2001-02") for t in store.times()[attack.id])
        placed_with = []
        place = pipeline.timeline.place
        monkeypatch.setattr(pipeline.timeline, "place", lambda mentions, times, *rest: (
            placed_with.append(times), place(mentions, times, *rest))[1])
        pipeline._link_stages(store, DEFAULT_SETTINGS)
        # the dates are inferred from the times the article's own analysis gives
        own = temporal.extract(attack, store.analysis(attack.id), None, DEFAULT_SETTINGS)
        assert placed_with[0][attack.id] == own
        assert store.document(attack.id).published is None
        assert store_rows(store) == expected


def test_a_crash_while_documents_are_dated_leaves_no_date_without_its_times(tmp_path, store_url, monkeypatch):
    """An inferred date and the times anchored on it are written in one transaction: a crash
    while the times are redone leaves neither, and the next build ends as a clean build. (With
    the dates written first, the next build found them unchanged and left the document's times
    anchored on no date.)"""
    from sitroom import temporal

    with open_store(str(tmp_path / "clean.db")) as clean:
        build([CORPUS], clean, DEFAULT_SETTINGS)
        expected = store_rows(clean)
        assert any(d.published_inferred and d.published for d in clean.documents())  # a date to infer
    extract = temporal.extract
    redating: list[str] = []

    def killed_while_redating(doc, analysis, reference, settings):
        if reference is not None and doc.published_inferred:
            redating.append(doc.id)
            raise RuntimeError("killed")
        return extract(doc, analysis, reference, settings)

    with open_store(store_url) as store:
        monkeypatch.setattr(temporal, "extract", killed_while_redating)
        with pytest.raises(RuntimeError, match="killed"):
            build([CORPUS], store, DEFAULT_SETTINGS)
        assert redating
        monkeypatch.setattr(temporal, "extract", extract)
        assert not any(d.published_inferred for d in store.documents())
        build([CORPUS], store, DEFAULT_SETTINGS)
        assert store_rows(store) == expected
