"""The per-document stages as Dask tasks: ``sitroom build --workers N`` or ``--scheduler``.

Documents are cut into partitions of ``settings.partition_size``; each partition is one
task running :func:`sitroom.extract.extract_partition` on a worker (each worker process
loads spaCy once and keeps it for every task it runs). The client writes the results to
the store in submission order and runs the cross-document stages itself, so the store is
the same as a single-process build's. At most ``2 × workers`` partitions are in flight,
which bounds the client's memory however large the corpus.
"""

from __future__ import annotations

import contextlib
import logging
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from .config import Settings
from .errors import ConfigError
from .extract import Extracted, extract_partition
from .types import Document


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
    cluster = LocalCluster(
        n_workers=settings.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
        scheduler_kwargs={"dashboard": False}, worker_dashboard_address=None, silence_logs=logging.ERROR,
    )
    with cluster, Client(cluster) as client:
        yield client


def _partitions(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(documents)
    while part := list(islice(it, size)):
        yield part


def extract_on_cluster(documents: Iterable[Document], settings: Settings) -> Iterator[Extracted]:
    """The per-document records of ``documents``, in input order, computed on Dask workers."""
    # Inside a worker spaCy runs in that worker's process: no nested process pools.
    task_settings = settings.with_overrides(processes=1)
    with client_for(settings) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})) or settings.workers)
        in_flight: deque = deque()
        for part in _partitions(documents, settings.partition_size):
            in_flight.append(client.submit(extract_partition, part, task_settings, pure=False))
            if len(in_flight) >= 2 * workers:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()
