"""Dask scale-out: ``sitroom build --workers N`` / ``--scheduler ADDRESS`` runs the
per-document stages as Dask tasks and gives the same store as a single-process build."""

from __future__ import annotations

import dataclasses
import importlib.util
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, store_rows

from sitroom import DEFAULT_SETTINGS, build, export, open_store
from sitroom.types import Failure


def sitroom(*args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sitroom", *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def dask_corpus_store(tmp_path_factory: pytest.TempPathFactory):
    """The example corpus built by the CLI on a 2-worker local Dask cluster."""
    db = tmp_path_factory.mktemp("dask") / "dask.db"
    done = sitroom("build", str(CORPUS), "--db", str(db), "--workers", "2")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    store = open_store(str(db))
    yield store
    store.close()


def test_two_worker_build_equals_single_process_build(dask_corpus_store, corpus_store):
    dask_rows, single_rows = store_rows(dask_corpus_store), store_rows(corpus_store)
    assert dask_rows["documents"]  # not two empty stores
    assert dask_rows == single_rows


def test_same_picture_from_sqlite_postgresql_and_dask(corpus_store, pg_corpus_store, dask_corpus_store):
    pictures = {name: export.picture(store) for name, store in
                (("sqlite", corpus_store), ("postgresql", pg_corpus_store), ("dask", dask_corpus_store))}
    counts = {name: {section: len(rows) for section, rows in p.items()} for name, p in pictures.items()}
    names = {name: sorted(e["name"] for e in p["entities"]) for name, p in pictures.items()}
    assert counts["sqlite"]["documents"] == 5 and counts["sqlite"]["claims"] > 0
    assert counts["postgresql"] == counts["dask"] == counts["sqlite"]
    assert names["postgresql"] == names["dask"] == names["sqlite"]
    assert pictures["postgresql"] == pictures["dask"] == pictures["sqlite"]


def test_scheduler_address_runs_the_tasks_there(tmp_path, article_folder):
    from dask.distributed import Client, LocalCluster

    from test_fuzz import RUSSIAN

    from sitroom.distributed import prepare_on_cluster
    from sitroom.extract import prepare_partition
    from sitroom.ingest import outlet_repeats, read_source

    folder = article_folder(12)
    (folder / "russian.txt").write_text(RUSSIAN, encoding="utf-8")
    (folder / "empty.txt").write_text("\n\n", encoding="utf-8")
    with open_store(str(tmp_path / "single.db")) as store:
        build([folder], store, DEFAULT_SETTINGS)
        single = store_rows(store)
        assert {Path(f.path).name for f in store.rejections()} >= {"russian.txt", "empty.txt"}
    raws = [item for path in sorted(folder.iterdir()) for item in read_source(path, DEFAULT_SETTINGS)
            if not isinstance(item, Failure)]
    assert any(Path(raw.path).name == "russian.txt" for raw in raws)  # rejected by cleaning, not by reading
    repeats = outlet_repeats(raws)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      scheduler_kwargs={"dashboard": False}) as cluster, Client(cluster) as client:
        done = sitroom("build", str(folder), "--db", str(tmp_path / "remote.db"), "--scheduler", cluster.scheduler_address)
        assert done.returncode == 0, done.stderr
        # The tasks ran on the cluster's worker: it imported the per-document stages and
        # loaded spaCy for them.
        loaded = client.run(lambda: "sitroom.extract" in sys.modules and "spacy" in sys.modules)
        assert list(loaded.values()) == [True]
        # Ingest's per-document part as tasks: the same documents, fingerprints and
        # rejections, in input order, as in this process.
        prepared = prepare_on_cluster(raws, repeats, DEFAULT_SETTINGS, client)
        assert prepared == prepare_partition(raws, repeats, DEFAULT_SETTINGS)
        rejected = [item for item in prepared if isinstance(item, Failure)]
        assert [Path(f.path).name for f in rejected] == ["russian.txt"]
        assert rejected[0].reason.startswith("not English")
    with open_store(str(tmp_path / "remote.db")) as store:
        assert store_rows(store) == single


def test_unreachable_scheduler_is_one_line_error_and_rerun_completes(tmp_path, corpus_copy):
    db = str(tmp_path / "s.db")
    done = sitroom("build", str(corpus_copy), "--db", db, "--scheduler", "tcp://127.0.0.1:9")
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "Dask scheduler" in errors[0] and "Traceback" not in done.stderr
    # The client fails before it writes a document; a run without Dask builds them all.
    assert sitroom("build", str(corpus_copy), "--db", db).returncode == 0
    with open_store(db) as store, open_store(str(tmp_path / "clean.db")) as clean:
        build([corpus_copy], clean, DEFAULT_SETTINGS)
        assert store_rows(store) == store_rows(clean)


def _corpus_maker():
    spec = importlib.util.spec_from_file_location("build_throughput", ROOT / "bench" / "build_throughput.py")
    module = importlib.util.module_from_spec(spec)
    # Registered before it runs: its dataclasses look their module up in sys.modules.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_2000_article_dask_build_equals_single_process_build(tmp_path):
    """2 000 real-text articles: a 2-worker build stores the same rows.

    The benchmark's articles cut to their first two paragraphs (45% of the words, so the
    suite stays short): what could differ between the builds is how 125 partitions come
    back and what dedupe, the writes and the cross-document stages make of them, not the
    length of each text. ``bench/dask_speedup.py`` compares the full articles' stores.
    """
    maker = _corpus_maker()
    folder = tmp_path / "articles"
    articles = [dataclasses.replace(a, paragraphs=a.paragraphs[:2]) for a in maker.make_articles(2000)]
    maker.write_corpus(articles, folder)
    dask_db, single_db = tmp_path / "dask.db", tmp_path / "single.db"
    done = sitroom("build", str(folder), "--db", str(dask_db), "--workers", "2", timeout=1200)
    assert done.returncode == 0, done.stderr
    # The single-process side lets spaCy use both cores (n_process=2): the same records as
    # one process (tests/test_build.py shows that), in half the time.
    done = sitroom("build", str(folder), "--db", str(single_db), "--processes", "2", timeout=1200)
    assert done.returncode == 0, done.stderr
    with open_store(str(dask_db)) as dask, open_store(str(single_db)) as single:
        dask_rows, single_rows = store_rows(dask), store_rows(single)
    assert len(dask_rows["documents"]) == 2000
    assert dask_rows == single_rows


_WORKER_PROBE = """
import json, logging, os, sys, time
import dask
from sitroom import DEFAULT_SETTINGS
from sitroom import embeddings
from sitroom.distributed import client_for, warm_up


def _onnx_threads():
    from sitroom import embeddings

    return [embeddings.THREADS, embeddings.load().session.get_session_options().intra_op_num_threads]


NANNY_KEYS = {nanny_keys!r}

if __name__ == "__main__":
    settings = DEFAULT_SETTINGS.with_overrides(workers=1)
    with client_for(settings) as client:
        seen = client.run(lambda: (dask.config.get("distributed.worker.profile.enabled"),
                                   os.environ.get("MALLOC_TRIM_THRESHOLD_"), os.environ.get("OMP_NUM_THREADS"),
                                   logging.getLogger("distributed.worker").getEffectiveLevel()))
        wakes = list(client.run(lambda dask_worker: [dask_worker.periodic_callbacks[k].callback_time
                                                      for k in ("tick", "memory_monitor")]).values())
        wakes += [[nanny.periodic_callbacks[k].callback_time for k in ("tick", "memory_monitor")]
                  for nanny in client.cluster.workers.values()]
        wakes.append([client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.periodic_callbacks["tick"].callback_time)])
        warm_up(client, settings)
        deadline = time.monotonic() + 120
        while not all(client.run(lambda: "spacy" in sys.modules).values()) and time.monotonic() < deadline:
            time.sleep(0.2)
        warmed = all(client.run(lambda: "spacy" in sys.modules).values())
        threads = list(client.run(_onnx_threads).values())
        during = {key: os.environ.get(key) for key in NANNY_KEYS}
    after = {key: os.environ.get(key) for key in NANNY_KEYS}
    print(json.dumps({"seen": list(seen.values()), "wakes": wakes, "warmed": warmed, "threads": threads,
                      "here": embeddings.THREADS, "environment": [during, after]}))
"""
# What a Dask nanny writes into its own process's environment before it starts a worker.
NANNY_KEYS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "PYTHONHASHSEED")


def test_local_workers_run_without_profiler_or_malloc_trimming_and_are_warmed(tmp_path):
    """The LocalCluster's workers: Dask's stack-sampling profiler off and no
    MALLOC_TRIM_THRESHOLD_ (the two made the per-document stages ~25% slower there), only
    critical log records, the cluster's periodic wake-ups at 1 s, one ONNX thread for its
    embeddings, and ``warm_up`` has every worker load spaCy before the first partition arrives.
    The variables a Dask nanny writes into the build's own environment (``os.environ``)
    before it starts a worker are put back: the build's later child processes, and the
    caller's, do not inherit one BLAS thread and a fixed hash seed.

    In a fresh process with the variables unset, as a build from a user's shell runs."""
    import json
    import os

    probe = tmp_path / "probe.py"
    probe.write_text(_WORKER_PROBE.replace("{nanny_keys!r}", repr(NANNY_KEYS)))
    env = {k: v for k, v in os.environ.items() if k not in ("MALLOC_TRIM_THRESHOLD_", *NANNY_KEYS)}
    done = subprocess.run([sys.executable, str(probe)], capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    # Only critical records of the workers' loggers reach the terminal (see client_for).
    # Every process of the cluster wakes once a second, not every 20 ms (see client_for):
    # the worker's and its nanny's tick and memory monitor, and the scheduler's tick.
    # The worker's embeddings use one ONNX thread (see dask_setup); the build's process
    # keeps its own choice (every core).
    unset = dict.fromkeys(NANNY_KEYS)
    assert found == {"seen": [[False, None, "1", logging.CRITICAL]], "wakes": [[1000, 1000], [1000, 1000], [1000]],
                     "warmed": True, "threads": [[1, 1]], "here": None, "environment": [unset, unset]}


def _without_embedding_model() -> None:
    """In a worker: behave as a machine where the MiniLM packages are not installed."""
    from sitroom import embeddings

    embeddings.load = lambda: None


def test_cross_document_tasks_run_on_the_workers_or_here_when_a_worker_lacks_the_model(tmp_path, article_folder):
    """Story grouping, claim clusters and forecasts run on the build's Dask workers while
    the build's process runs the other cross-document stages, and the store is the one a
    single process makes. A worker without the embedding model (a cluster started
    elsewhere) cannot make the same claim vectors: those tasks then run in the build's
    process, and the store is still the same."""
    import sqlite3

    from dask.distributed import Client, LocalCluster, get_task_stream

    from sitroom import pipeline

    folder = article_folder(30)
    single_db = tmp_path / "single.db"
    with open_store(str(single_db)) as store:
        build([folder], store, DEFAULT_SETTINGS)
        single = store_rows(store)
        assert single["claim_clusters"] and single["claim_vectors"]  # the embeddings were asked
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      scheduler_kwargs={"dashboard": False}) as cluster, Client(cluster) as client:
        for lacking in (False, True):
            if lacking:
                client.run(_without_embedding_model)
            db = tmp_path / f"relinked-{lacking}.db"
            with sqlite3.connect(single_db) as source, sqlite3.connect(db) as target:
                source.backup(target)
            with open_store(str(db)) as store:
                with store.transaction() as conn:  # computed again, on the worker where it can
                    conn.execute("DELETE FROM claim_vectors")
                    conn.execute("DELETE FROM quote_vectors")
                with get_task_stream(client) as stream:
                    pipeline._link_stages(store, DEFAULT_SETTINGS, client)
                assert store_rows(store) == single
            ran = {task["key"].rsplit("-", 5)[0]: task["status"] for task in stream.data}
            if lacking:
                assert ran == {"group": "OK", "claim_set": "OK", "claim_clusters": "error"}
            else:
                assert ran == {"group": "OK", "claim_set": "OK", "claim_clusters": "OK", "forecast_outcomes": "OK"}
