"""The whole flow of ``sitroom build``, stage by stage.

Per-document stages (ingest and cleaning; then spaCy, entity rules, quotes, time, events,
claims on one stream) run in batches; cross-document stages (dedupe, entity resolution,
statement groups, stories, the timeline with inferred dates, claim clusters, forecasts,
the actor graph) run over everything stored and are recomputed whole, so they are
idempotent (a build that changed nothing they read skips them). Each batch is written in
one transaction, so a build killed at any point leaves a consistent store, and the next
build picks up exactly what is missing: unchanged sources are skipped by their content
hash, stored documents without analysis are analysed.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from . import dedupe, embeddings, entities, relations, stories, temporal, timeline
from .config import Settings
from .errors import ConfigError
from .extract import Extracted, bulk_allocation, extract_stream, prepare_partition
from .ingest import discover, outlet_repeats, read_source
from .link_tasks import claim_clusters, claim_set, forecast_outcomes
from .outlets import outlet_key
from .quotes import grouping
from .store import SQLStore
from .types import BuildReport, Document, Failure, RawDocument

# progress(stage, done, total): stage is "read", "analyse" or "link".
Progress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    pass


def _batches(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Statements:
    """Statement grouping in three steps: the quotes of each speaker read from the store
    when made, grouped by their words and embeddings anywhere (:meth:`group` touches no
    store, so it can run in a thread), then written (:meth:`write`, with the embeddings
    encoded meanwhile: they are cached per quote)."""

    def __init__(self, store: SQLStore, settings: Settings) -> None:
        self.rows = store.statements()
        self.said = [
            grouping.Said(qid, doc, key, text)
            for qid, doc, entity, name, text in self.rows
            if (key := grouping.speaker_key(entity, name))
        ]
        encoder = embeddings.load() if settings.embeddings else None
        # no model installed (or none wanted): the words alone decide
        self.vectors = (embeddings.Cache(encoder, store.vectors("quote", encoder.name), grouping.embed, grouping.vectors)
                        if encoder is not None else None)

    def group(self) -> dict[str, str]:
        return grouping.group(self.said, self.vectors)

    def write(self, store: SQLStore, groups: dict[str, str]) -> None:
        if self.vectors is not None and self.vectors.fresh:
            store.save_vectors("quote", self.vectors.encoder.name, self.vectors.fresh)
        # Quotes without a speaker are statements of their own.
        groups.update({qid: qid for qid, *_ in self.rows if qid not in groups})
        store.set_quote_groups(groups)


def _write_stories(store: SQLStore, rows: Sequence[tuple[str, str]], labels: Sequence[int]) -> None:
    """Store the story of each canonical document (``rows`` as ``story_texts`` gives them,
    ``labels`` from ``stories.group``); a story is named by its first id."""
    first: dict[int, str] = {}
    for (doc, _), label in zip(rows, labels):
        first.setdefault(label, doc)  # rows are sorted by id, so this is the smallest
    store.set_stories({doc: first[label] for (doc, _), label in zip(rows, labels)})


def _timeline(store: SQLStore, settings: Settings) -> None:
    """Merge event mentions into events; date undated documents from them, then re-date
    their time expressions from their stored parse.

    The store ends as a build of everything at once leaves it, whatever earlier builds
    inferred: the inference starts from undated documents' times as their own analysis gives
    them (a date an earlier build inferred is set aside), and the events are merged again
    with the dated times whenever some date is inferred.
    """
    documents = [d for d in store.documents() if d.duplicate_of is None]
    texts = {d.id: d.text for d in documents}
    infos: dict[str, list[timeline.MentionInfo]] = {}
    for doc, start, end, text, entity, kind in store.entity_mention_infos():
        infos.setdefault(doc, []).append(timeline.MentionInfo(doc, start, end, text, entity, kind))
    names = {e.id: e.name for e in store.entities()}
    mentions = store.event_mentions()

    def merged(times: dict[str, list]):
        placed = timeline.place(mentions, times, infos, texts)
        return (placed, *timeline.merge(placed, names))

    def times_of(doc_id: str, anchored: bool) -> list | None:
        """A document's time expressions from its stored parse, anchored on its stored date
        (``anchored``) or on none."""
        doc, analysis = store.document(doc_id), store.analysis(doc_id)
        if doc is None or analysis is None:
            return None
        return temporal.extract(doc, analysis, doc.published if anchored else None, settings)

    undated_times = store.times()
    for d in documents:  # times an earlier build anchored on the date it inferred
        if d.published_inferred and d.published and (own := times_of(d.id, anchored=False)) is not None:
            undated_times[d.id] = own
    placed, found, of_mention = merged(undated_times)
    dated = {d.id for d in documents if d.published and not d.published_inferred}
    undated = {d.id for d in documents if d.id not in dated}
    inferences = timeline.infer_dates(undated, placed, found, of_mention, dated)
    # the times of each document whose date changed, anchored on the new date as the store
    # writes it (in the same transaction)
    store.set_inferred_dates(inferences, lambda doc_id: times_of(doc_id, anchored=True))
    if any(inference.value for inference in inferences):
        placed, found, of_mention = merged(store.times())
    store.replace_events(found, of_mention)


class _Task(NamedTuple):
    """A task submitted to the cluster: its future, and the call to make here instead."""

    future: Any
    fn: Callable
    args: tuple


class _Beside:
    """Cross-document work that needs nothing the stages running meanwhile write (story
    grouping, claim clusters, forecasts): Dask tasks on the build's cluster while this
    process runs the other stages; without a cluster, in one thread beside this one when
    ``threaded`` (the machine has more than one core: :func:`_beside_in_thread`), else run
    here when submitted. The functions are the same either way, and so is the store.

    The thread gains from the stages' native code: ONNX embeddings, scikit-learn and SciPy
    let go of the GIL, so this process's own stages run meanwhile (on the 2,000-article
    benchmark corpus the cross-document stages use 1.35 cores in one thread). Python still
    runs one thread at a time, so a one-process build stays one core's worth of Python.

    A task that fails for want of a model on its worker (``ConfigError``: a cluster started
    elsewhere, ``--scheduler``) runs here instead; other task errors stop the build, as in
    analysis.
    """

    def __init__(self, client, threaded: bool = False) -> None:
        self.client = client
        self.here: dict[int, Any] = {}  # id(task) -> its result, for tasks run here instead
        self.pool = None
        if client is None and threaded:
            # One thread: tasks run in the order submitted, so a task's argument that is an
            # earlier task's result is ready when it starts.
            self.pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="sitroom-beside")

    def submit(self, fn: Callable, *args):
        """A task's handle for :meth:`result` and for later tasks' arguments (a result
        stays on the worker that computed it, and tasks that take it run there)."""
        if self.pool is not None:
            return self.pool.submit(lambda: fn(*(self.result(a) for a in args)))
        if self.client is None:
            return fn(*args)
        remote = tuple(a.future if isinstance(a, _Task) else a for a in args)
        return _Task(self.client.submit(fn, *remote, pure=False), fn, args)

    def result(self, task):
        if isinstance(task, concurrent.futures.Future):
            return task.result()
        if not isinstance(task, _Task):
            return task
        if id(task) in self.here:
            return self.here[id(task)]
        try:
            return task.future.result()
        except ConfigError:  # (a task taking this one's result fails with the same error)
            self.here[id(task)] = task.fn(*(self.result(a) for a in task.args))
            return self.here[id(task)]

    def close(self) -> None:
        """Wait for the thread's running task, drop the queued ones (a stage failed)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _beside_in_thread() -> bool:
    """Whether the cross-document tasks run in a thread (:class:`_Beside`): on every machine
    with a second core, whatever ``--processes`` says, as the embeddings' ONNX threads use
    every core. On the 2,000-article benchmark corpus the stages took 13.6-13.9 s with the
    thread against 15.0-15.4 s without it, on one process, with the same export."""
    return (os.cpu_count() or 1) > 1


def _dedupe_and_save(documents: list[Document], new_prints: list[dedupe.Fingerprint], store: SQLStore, settings: Settings,
                     ) -> list[Document]:
    """Dedupe ``documents`` against everything stored and store them with the verdicts
    (returned, canonical copies first).

    Held under the store's cross-document lock, so a second build into the same store sees
    these documents when it dedupes its own.
    """
    with store.exclusive("link"):
        # Dedupe over everything stored plus the new documents.
        new_ids = {d.id for d in documents}
        all_prints = [fp for fp in store.fingerprints() if fp.document not in new_ids] + new_prints
        verdicts = dedupe.group(all_prints, settings)
        documents = [replace(d, duplicate_of=verdicts.get(d.id)) for d in documents]
        # Canonical copies first, so a copy never points at a row not yet written.
        documents.sort(key=lambda d: (d.duplicate_of is not None, d.path))
        prints_by_id = {fp.document: fp for fp in new_prints}
        for batch in _batches(documents, settings.write_batch):
            store.save_documents(batch, [prints_by_id[d.id] for d in batch])
        store.set_duplicates(verdicts)
    return documents


# Settings that change how a build runs, not what it finds: they leave the stamp alone.
_RUN_SETTINGS = frozenset({"processes", "workers", "scheduler", "scheduler_timeout", "partition_size", "write_batch",
                           "spacy_batch_size"})


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """A digest of this package's code and schema: another version relinks every store."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".sql")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _link_stamp(store: SQLStore, settings: Settings) -> str:
    """What the cross-document stages read, as a digest: every stored document (its content,
    duplicate verdict and whether it is analysed), the settings that change what they find,
    the embedding model and sitroom's own code. They are recomputed whole from the store, so
    two runs from the same stamp write the same rows."""
    encoder = embeddings.load() if settings.embeddings else None
    found = [(f.name, getattr(settings, f.name)) for f in fields(settings) if f.name not in _RUN_SETTINGS]
    digest = hashlib.sha256(repr((_code_digest(), encoder.name if encoder else None, found)).encode())
    for row in store.document_states():
        digest.update(repr(row).encode())
    return digest.hexdigest()


def _link(store: SQLStore, settings: Settings, client=None) -> bool:
    """The cross-document stages, recomputed whole from what is stored (so idempotent);
    returns whether they ran.

    One build at a time runs them (the store's cross-document lock): two builds into one
    store never interleave their writes here, and the last one sees every document. A build
    that changed nothing they read since they last ran in full skips them (the stored
    :func:`_link_stamp`); the stamp is cleared before they start and set when they end, so
    stages cut short by a crash or a kill run again on the next build.
    """
    with store.exclusive("link"):
        stamp = _link_stamp(store, settings)
        if store.link_stamp() == stamp:
            return False
        store.set_link_stamp(None)
        _link_stages(store, settings, client)
        store.set_link_stamp(stamp)
    return True


def _link_stages(store: SQLStore, settings: Settings, client=None) -> None:
    """The cross-document stages themselves, run under the store's cross-document lock. With
    a Dask ``client``, story grouping, claim clusters and forecasts run on its workers while
    this process resolves entities, groups statements and builds the timeline (without one,
    in a thread: :class:`_Beside`); statements are grouped in a thread of their own while
    the timeline is built, on a machine with a second core."""
    threaded = _beside_in_thread()
    with contextlib.closing(_Beside(client, threaded=threaded)) as beside, \
            concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="sitroom-statements") as own:
        story_rows = store.story_texts()
        labels = beside.submit(stories.group, [text for _, text in story_rows])
        found = [c for c, _ in store.claims()]
        outlets = {d.id: outlet_key(d) for d in store.documents() if d.duplicate_of is None}
        encoder = embeddings.load() if settings.embeddings else None
        model = encoder.name if encoder is not None else None
        cached = store.vectors("claim", model) if model else {}
        # one task computes the claims' features; the two claim stages then run where they are
        claims = beside.submit(claim_set, found)
        clustering = beside.submit(claim_clusters, claims, outlets, cached, model)

        resolved, mapping = entities.resolve(store.mention_refs(), store.roles())
        store.replace_entities(resolved, mapping)
        # Statements need the speakers' entities, not the timeline: on a machine with a
        # second core they are grouped in a thread of their own while the timeline is built
        # (their embeddings let go of the GIL). On the stored 2,000-article benchmark
        # corpus these stages took a median of 13.5 s against 14.8 s with the tasks beside
        # in a thread (twelve runs each, alternating), and 11.5 s against 11.9 s with a
        # 2-worker cluster (six runs each); the same export every time.
        statements = _Statements(store, settings)
        statement_groups = own.submit(statements.group) if threaded else None
        _timeline(store, settings)
        dates = {d.id: date.fromisoformat(d.published[:10]) for d in store.documents()  # dates the timeline inferred too
                 if d.duplicate_of is None and d.published and len(d.published) >= 10}
        dated = {e.id: e.date for e in store.events()}
        event_dates: dict[tuple[str, int], list[str | None]] = {}
        for mention in store.event_mentions_with_events():
            event_dates.setdefault(mention[:2], []).append(dated.get(mention[2]))
        outcomes = beside.submit(forecast_outcomes, claims, clustering, dates, store.times(), event_dates, settings,
                                 cached, model)
        # The forecasts task starts once the timeline has dated the documents, so nothing
        # of this process's own runs before it. (Statements grouped here before the
        # timeline made these stages 0.7 s faster with the tasks in a thread, median of
        # eight runs on 2,000 articles, but 2.2 and 4.7 s slower in two paired 2-worker Dask
        # builds.)
        statements.write(store, statement_groups.result() if statement_groups is not None else statements.group())

        _write_stories(store, story_rows, beside.result(labels))
        grouped, of_claim, fresh = beside.result(clustering)
        if fresh:
            store.save_vectors("claim", model, fresh)
        store.replace_claim_clusters(grouped, of_claim)
        store.replace_relations(relations.compute(store.events(), found, store.entities()))  # the actor graph
        forecast_list, fresh = beside.result(outcomes)
        if fresh:
            store.save_vectors("claim", model, fresh)
        store.replace_forecasts(forecast_list)


def _save(store: SQLStore, batch: Sequence[Extracted]) -> None:
    by_doc = {e.analysis.document: e for e in batch}
    store.save_analyses(
        [e.analysis for e in batch],
        roles={d: e.roles for d, e in by_doc.items()},
        quotes={d: e.quotes for d, e in by_doc.items()},
        times={d: e.times for d, e in by_doc.items()},
        events={d: e.events for d, e in by_doc.items()},
        claims={d: e.claims for d, e in by_doc.items()},
        parses={d: e.parse for d, e in by_doc.items() if e.parse is not None},
    )


def _analyse(pending: Sequence[str], store: SQLStore, settings: Settings, progress: Progress, cluster: _Cluster) -> None:
    """Run the per-document stages on the stored documents ``pending``; write in batches.

    In this process, or as Dask tasks when ``settings.workers`` or ``settings.scheduler``
    is set; the records, and so the store, are the same either way.
    """
    progress("analyse", 0, len(pending))
    stream = (doc for doc in map(store.document, pending) if doc is not None)
    if pending and cluster.wanted:
        from .distributed import extract_on_cluster

        found = extract_on_cluster(stream, settings, cluster.client())
    else:
        found = extract_stream(stream, settings)
    batch: list[Extracted] = []
    done = 0
    for extracted in found:
        batch.append(extracted)
        if len(batch) >= settings.write_batch:
            _save(store, batch)
            done += len(batch)
            progress("analyse", done, len(pending))
            batch = []
    if batch:
        _save(store, batch)
    if pending:
        progress("analyse", len(pending), len(pending))


class _Cluster:
    """The build's Dask client, when the settings ask for one: started in a background
    thread as the build begins (the cluster's processes start while this process reads
    files), waited for when ingest or analysis needs it, closed when the build ends (the
    cross-document stages use it too)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.wanted = bool(settings.workers or settings.scheduler)
        self._stack = contextlib.ExitStack()
        self._starting: concurrent.futures.Future | None = None
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None

    def _open(self):
        from .distributed import client_for

        return self._stack.enter_context(client_for(self.settings))

    def start(self) -> None:
        if self.wanted and self._starting is None:
            self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="sitroom-dask-start")
            self._starting = self._pool.submit(self._open)

    def ready(self) -> bool:
        """Whether the client is up (or failed to start: ``client`` raises that)."""
        return self._starting is not None and self._starting.done()

    def client(self):
        self.start()
        assert self._starting is not None
        return self._starting.result()  # a failure to start is raised here, in the build

    def link_client(self):
        """The client for the cross-document tasks: when the cluster is up (a build that
        analysed nothing does not wait for it), else None."""
        if not self.ready():
            return None
        try:
            return self.client()
        except Exception:  # it failed to start: the stages run in this process
            return None

    def close(self) -> None:
        if self._pool is not None:
            # Closed in the thread that opened it: the client's context is that thread's.
            self._pool.submit(self._stack.close).result()
            self._pool.shutdown(wait=True)
        self._starting = self._pool = None


def build(
    paths: Iterable[str | os.PathLike[str]],
    store: SQLStore,
    settings: Settings,
    progress: Progress = _quiet,
) -> BuildReport:
    """Ingest, clean, dedupe and analyse ``paths`` into ``store``; account for every input."""
    files, failures = discover(paths)
    with bulk_allocation(), contextlib.closing(_Cluster(settings)) as cluster:
        if files:
            cluster.start()
        return _build(files, failures, store, settings, progress, cluster)


def _build(files: list[Path], failures: Sequence[Failure], store: SQLStore, settings: Settings, progress: Progress,
           cluster: _Cluster) -> BuildReport:
    known = store.known_sources()
    raws: list[RawDocument] = []
    failures = list(failures)
    seen_keys: set[str] = set()
    for done, path in enumerate(files, start=1):
        for item in read_source(path, settings, known):
            if isinstance(item, Failure):
                failures.append(item)
            elif item.source_key not in seen_keys:
                seen_keys.add(item.source_key)
                raws.append(item)
        progress("read", done, len(files))
    given = {str(f.resolve()) for f in files}
    unchanged = tuple(sorted(k for k in known if k.split("#", 1)[0] in given and k not in seen_keys))

    repeats = outlet_repeats(raws)
    if raws and cluster.wanted:
        from .distributed import prepare_on_cluster

        # This process cleans until the cluster is up (its start takes seconds); the
        # workers take the rest.
        prepared = []
        while len(prepared) < len(raws) and not cluster.ready():
            prepared += prepare_partition(raws[len(prepared):len(prepared) + settings.partition_size], repeats, settings)
        if len(prepared) < len(raws):
            prepared += prepare_on_cluster(raws[len(prepared):], repeats, settings, cluster.client())
    else:
        prepared = prepare_partition(raws, repeats, settings)
    documents: list[Document] = []
    prints: list[dedupe.Fingerprint] = []
    for item in prepared:
        if isinstance(item, Failure):
            failures.append(item)
        else:
            documents.append(item[0])
            prints.append(item[1])

    documents = _dedupe_and_save(documents, prints, store, settings)
    store.record_failures(failures)

    _analyse(store.pending_analysis(), store, settings, progress, cluster)

    progress("link", 0, 1)
    relinked = _link(store, settings, cluster.link_client())
    progress("link", 1, 1)

    counts = store.counts()
    return BuildReport(
        added=tuple(d.path for d in documents),
        unchanged=unchanged,
        duplicates=counts["duplicates"],
        documents=counts["documents"],
        failures=tuple(failures),
        relinked=relinked,
    )


def remove(
    refs: Sequence[str], store: SQLStore, settings: Settings, progress: Progress = _quiet,
) -> tuple[list[str], list[str]]:
    """Take documents (by id or path) and their evidence out of the store everywhere.

    Returns (removed ids, references that named no document). Copies of a removed
    document are deduped again among what is left (one may become the canonical and be
    analysed), and the cross-document stages are recomputed without the removed ones.

    That runs even when nothing was removed, without reporting progress: a remove cut
    short after the documents were taken out is finished by running it again (they are
    then not found), and on a store that is up to date it changes nothing (the
    cross-document stages find their stamp).
    """
    found = store.find_documents(refs)
    ids = sorted({doc for doc in found.values() if doc is not None})
    unknown = [ref for ref, doc in found.items() if doc is None]
    if ids:
        store.remove_documents(ids)
    build([], store, settings, progress if ids else _quiet)  # re-dedupe, analyse promoted copies, relink
    return ids, unknown
