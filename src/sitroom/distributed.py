"""The per-document stages as Dask tasks: ``sitroom build --workers N`` or ``--scheduler``.

Documents are cut into partitions of ``settings.partition_size``; each partition is one
task running :func:`sitroom.extract.extract_partition` on a worker (each worker process
loads spaCy once and keeps it for every task it runs). The client writes the results to
the store in submission order and runs the cross-document stages, so the store is the
same as a single-process build's; three of them (story grouping, claim clusters,
forecasts) run as tasks on the same workers while it runs the others
(``pipeline._Beside``). At most ``2 × workers`` partitions are in flight,
which bounds the client's memory however large the corpus.

Ingest's per-document part (cleaning, the language check, dedupe fingerprints) runs as
tasks too (:func:`prepare_on_cluster`); the client reads the files, finds the lines each
outlet repeats, cleans while the cluster starts (the build opens the client before it
reads any file) and dedupes. Each worker loads its models (:func:`warm_up`) after its
share of the cleaning, while the client dedupes and stores the documents.
A LocalCluster's workers run without Dask's statistical profiler and without its
``MALLOC_TRIM_THRESHOLD_`` setting: measured on the per-document stages, the two made a
worker about 25 % slower than the same code in a plain process (more user time from the
profiler's stack sampling every 10 ms, three times the system time from trimming). Workers
of a cluster you start yourself (``--scheduler``) keep their own configuration; start them
with ``DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False`` for the same effect. Every process
of a LocalCluster (the scheduler and the nannies live in the build's process) also checks
its event loop and memory once a second instead of every 20 and 100 ms. The variables a
nanny writes into the build's environment for its workers are put back once they start.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from .config import Settings
from .errors import ConfigError
from .dedupe import Fingerprint
from .extract import Extracted, extract_partition, prepare_partition
from .types import Document, Failure, RawDocument

# The configuration of a LocalCluster (see the module docstring). Dask's other pre-spawn
# variables (one BLAS/OpenMP thread per single-threaded worker) are kept. The event loops'
# tick (every 20 ms by default; it only measures how late the loop runs) and the memory
# monitor (every 100 ms; it enforces the memory limit) wake every process of the cluster,
# the scheduler and nannies in the client included: an idle 2-worker cluster used 8.2-8.4 %
# of a core with Dask's intervals and 1.6-2.2 % with these.
_LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.nanny.pre-spawn-environ": {"OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1, "OPENBLAS_NUM_THREADS": 1},
}


@contextlib.contextmanager
def client_for(settings: Settings):
    """A Dask client: to the scheduler at ``settings.scheduler``, or to a LocalCluster of
    ``settings.workers`` single-threaded worker processes on loopback, closed on exit."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask is a dependency; a broken install
        raise ConfigError(f"Dask is not installed ({exc}); install 'dask[distributed]'") from None
    if settings.scheduler:
        try:
            client = Client(settings.scheduler, timeout=settings.scheduler_timeout)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ConfigError(
                f"cannot reach the Dask scheduler at {settings.scheduler} ({type(exc).__name__}: {exc}); "
                "start one with 'dask scheduler' or use --workers N for a local cluster"
            ) from None
        with client:
            yield client
        return
    import dask

    with _environment_kept(), dask.config.set(_LOCAL_CLUSTER_CONFIG):
        cluster = LocalCluster(
            n_workers=settings.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
            scheduler_kwargs={"dashboard": False}, worker_dashboard_address=None, silence_logs=logging.CRITICAL,
            preload=[__name__],  # dask_setup below, in each worker process
        )
    with _environment_kept(), cluster, Client(cluster) as client:
        client.run(_quiet_logs)
        yield client


@contextlib.contextmanager
def _environment_kept():
    """Put back the variables a Dask nanny writes into this process's environment.

    A nanny sets its pre-spawn variables (one BLAS thread; a fixed ``PYTHONHASHSEED``) in
    ``os.environ`` before it starts a worker process, and leaves them there: every process
    the caller starts after a build would inherit them. Restored once the cluster is up,
    and again when it closes (a nanny that restarts a worker sets them again first).
    """
    keys = {*_LOCAL_CLUSTER_CONFIG["distributed.nanny.pre-spawn-environ"], "PYTHONHASHSEED"}
    before = {key: os.environ.get(key) for key in keys}
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def dask_setup(worker) -> None:
    """Run by each LocalCluster worker process as it starts (Dask's preload hook).

    Ctrl-C at a terminal reaches every process of the group, and the build's process, which
    stops the cluster, is the one to answer it; a worker would print a traceback and die.
    The worker's embeddings use one ONNX thread, as Dask runs the worker single-threaded:
    its claim tasks embed while the build's process embeds statements and the other worker
    runs its tasks, all on the same cores. A 2-worker build of the benchmark's 2,000
    articles took 67.5-68.0 s with 131-133 CPU seconds against 68.9-69.7 s with 133-135,
    its cross-document stages 12.0-12.2 s against 12.8-12.9 s.
    """
    import signal

    from . import embeddings

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    embeddings.THREADS = 1


def _quiet_logs() -> None:
    """Only critical records of Dask's loggers in a local worker reach the terminal.

    A task's error comes back to the build as that task's exception and a lost worker as
    ``KilledWorker``; what Dask logs besides is noise to a user, with a traceback: a worker
    heartbeat caught by the scheduler's shutdown at the end of a build that went well
    ("Failed to communicate with scheduler during heartbeat", seen on a loaded machine).
    LocalCluster's ``silence_logs`` quiets only the nanny's logger in a worker process.
    """
    logging.getLogger("distributed").setLevel(logging.CRITICAL)


def _load_models(settings: Settings) -> None:
    from . import language

    language.load(settings.spacy_model, settings.spacy_fallback_model)


def warm_up(client, settings: Settings) -> None:
    """One task per worker that loads the models there (fire and forget: tasks submitted
    later queue behind it on each worker; those of higher priority run before it)."""
    from dask.distributed import fire_and_forget

    for address in client.scheduler_info().get("workers", {}):
        fire_and_forget(client.submit(_load_models, settings, workers=[address], allow_other_workers=False, pure=False))


def _partitions(documents: Iterable, size: int) -> Iterator[list]:
    it = iter(documents)
    while part := list(islice(it, size)):
        yield part


def extract_on_cluster(documents: Iterable[Document], settings: Settings, client) -> Iterator[Extracted]:
    """The per-document records of ``documents``, in input order, computed on the Dask
    workers of ``client``."""
    # Inside a worker spaCy runs in that worker's process: no nested process pools.
    task_settings = settings.with_overrides(processes=1)
    workers = max(1, len(client.scheduler_info().get("workers", {})) or settings.workers)
    in_flight: deque = deque()
    for part in _partitions(documents, settings.partition_size):
        in_flight.append(client.submit(extract_partition, part, task_settings, pure=False))
        if len(in_flight) >= 2 * workers:
            yield from in_flight.popleft().result()
    while in_flight:
        yield from in_flight.popleft().result()


def prepare_on_cluster(raws: list[RawDocument], repeats: dict[str, frozenset[str]], settings: Settings, client,
                       ) -> list[tuple[Document, Fingerprint] | Failure]:
    """The per-document part of ingest (``extract.prepare_partition``: cleaning, the language
    check, dedupe fingerprints) as Dask tasks, results in input order.

    Every worker then loads its models (:func:`warm_up`) once the cleaning is back, so that
    the load overlaps the client's dedupe instead of delaying the cleaning. (Submitted
    with the cleaning at a lower priority, the load ran after each worker's first cleaning
    task: the scheduler hands a worker one task at a time, so the load was all the worker
    held. The cleaning of 1,456 articles took 4.3-4.7 s that way, 2.1 s once loaded.)
    """
    futures = []
    for part in _partitions(raws, settings.partition_size):
        outlets = {(raw.outlet or "").lower() for raw in part}
        wanted = {outlet: repeats[outlet] for outlet in outlets if outlet in repeats}
        futures.append(client.submit(prepare_partition, part, wanted, settings, pure=False))
    prepared = [item for future in futures for item in future.result()]
    warm_up(client, settings)
    return prepared
