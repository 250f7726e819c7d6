"""The whole flow of ``sitroom build``, stage by stage.

Per-document stages (ingest and cleaning; then spaCy, entity rules, quotes, time, events,
claims on one stream) run in batches; cross-document stages (dedupe, entity resolution,
statement groups, stories, the timeline with inferred dates, claim clusters, forecasts,
the actor graph) run over everything stored and are recomputed whole, so they are
idempotent. Each batch is written in one transaction, so a build killed at any point leaves
a consistent store, and the next build picks up exactly what is missing: unchanged sources
are skipped by their content hash, stored documents without analysis are analysed.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from datetime import date
from pathlib import Path

import numpy as np

from . import dedupe, embeddings, entities, forecasts, relations, stories, temporal, timeline
from .claims import clusters, compare
from .config import Settings
from .extract import Extracted, bulk_allocation, extract_stream, prepare_partition
from .ingest import discover, outlet_repeats, read_source
from .outlets import outlet_key
from .quotes import grouping
from .store import SQLStore
from .types import BuildReport, Claim, Document, Failure, RawDocument

# progress(stage, done, total): stage is "read", "analyse" or "link".
Progress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    pass


def _batches(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _group_statements(store: SQLStore, settings: Settings) -> None:
    """Group quotes of one speaker that are the same statement; embeddings cached per quote."""
    rows = store.statements()
    said = [
        grouping.Said(qid, doc, key, text)
        for qid, doc, entity, name, text in rows
        if (key := grouping.speaker_key(entity, name))
    ]

    def vectors_for(asked: Sequence[grouping.Said]) -> dict:
        encoder = embeddings.load()
        if encoder is None:  # no model installed: the words alone decide
            return {}
        cached = store.vectors("quote", encoder.name)
        fresh = grouping.embed([s for s in asked if s.id not in cached], encoder)
        if fresh:
            store.save_vectors("quote", encoder.name, fresh)
            cached.update(fresh)
        return {s.id: grouping.vectors(cached[s.id]) for s in asked}

    groups = grouping.group(said, vectors_for if settings.embeddings else None)
    # Quotes without a speaker are statements of their own.
    groups.update({qid: qid for qid, *_ in rows if qid not in groups})
    store.set_quote_groups(groups)


def _group_stories(store: SQLStore) -> None:
    """Group canonical documents by the event they report; a story is named by its first id."""
    rows = store.story_texts()
    labels = stories.group([text for _, text in rows])
    first: dict[int, str] = {}
    for (doc, _), label in zip(rows, labels):
        first.setdefault(label, doc)  # rows are sorted by id, so this is the smallest
    store.set_stories({doc: first[label] for (doc, _), label in zip(rows, labels)})


def _timeline(store: SQLStore, settings: Settings) -> None:
    """Merge event mentions into events; date undated documents from them, then re-date
    their time expressions from their stored parse."""
    documents = [d for d in store.documents() if d.duplicate_of is None]
    texts = {d.id: d.text for d in documents}
    infos: dict[str, list[timeline.MentionInfo]] = {}
    for doc, start, end, text, entity, kind in store.entity_mention_infos():
        infos.setdefault(doc, []).append(timeline.MentionInfo(doc, start, end, text, entity, kind))
    names = {e.id: e.name for e in store.entities()}
    mentions = store.event_mentions()

    def merged():
        placed = timeline.place(mentions, store.times(), infos, texts)
        return (placed, *timeline.merge(placed, names))

    placed, found, of_mention = merged()
    dated = {d.id for d in documents if d.published and not d.published_inferred}
    undated = {d.id for d in documents if d.id not in dated}
    changed = store.set_inferred_dates(timeline.infer_dates(undated, placed, found, of_mention, dated))
    if changed:
        for doc_id in changed:
            doc, analysis = store.document(doc_id), store.analysis(doc_id)
            if doc is not None and analysis is not None:
                store.replace_times(doc.id, temporal.extract(doc, analysis, doc.published, settings))
        placed, found, of_mention = merged()
    store.replace_events(found, of_mention)


def _claim_vectors(store: SQLStore):
    """A function giving unit embeddings of claims, cached in the store; None without a model."""
    encoder = embeddings.load()
    if encoder is None:
        return None

    def vectors_for(asked: Sequence[Claim]) -> dict:
        cached = store.vectors("claim", encoder.name)
        fresh = [c for c in asked if c.id not in cached]
        if fresh:
            rows = encoder.encode([c.text for c in fresh]).astype("float32")
            new = {c.id: row.tobytes() for c, row in zip(fresh, rows)}
            store.save_vectors("claim", encoder.name, new)
            cached.update(new)
        return {c.id: np.frombuffer(cached[c.id], dtype="float32") for c in asked}

    return vectors_for


def _claims(store: SQLStore, settings: Settings, found: list[Claim]) -> None:
    """Group claims across outlets, then score forecasts against later documents."""
    documents = {d.id: d for d in store.documents() if d.duplicate_of is None}
    vectors_for = _claim_vectors(store) if settings.embeddings else None
    outlets = {doc_id: outlet_key(doc) for doc_id, doc in documents.items()}
    feats = {c.id: compare.features(c) for c in found}  # shared by both steps
    grouped, of_claim = clusters.group(found, outlets, vectors_for, feats)
    store.replace_claim_clusters(grouped, of_claim)
    dates = {d.id: date.fromisoformat(d.published[:10]) for d in documents.values()
             if d.published and len(d.published) >= 10}
    event_dates: dict[tuple[str, int], list[str | None]] = {}
    dated = {e.id: e.date for e in store.events()}
    for mention in store.event_mentions_with_events():
        event_dates.setdefault(mention[:2], []).append(dated.get(mention[2]))
    store.replace_forecasts(forecasts.resolve(found, dates, store.times(), event_dates, settings, vectors_for, feats))


def _relations(store: SQLStore, found: list[Claim]) -> None:
    """The actor graph from the merged events and the claims (stage 10)."""
    store.replace_relations(relations.compute(store.events(), found, store.entities()))


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


def _link(store: SQLStore, settings: Settings) -> None:
    """The cross-document stages, recomputed whole from what is stored (so idempotent).

    One build at a time runs them (the store's cross-document lock): two builds into one
    store never interleave their writes here, and the last one sees every document.
    """
    with store.exclusive("link"):
        found, mapping = entities.resolve(store.mention_refs(), store.roles())
        store.replace_entities(found, mapping)
        _group_statements(store, settings)
        _group_stories(store)
        _timeline(store, settings)
        found = [c for c, _ in store.claims()]
        _claims(store, settings, found)
        _relations(store, found)


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
    cluster.close()  # the cross-document stages run here; the workers' memory is freed first
    if pending:
        progress("analyse", len(pending), len(pending))


class _Cluster:
    """The build's Dask client, when the settings ask for one: started in a background
    thread as the build begins (the cluster's processes start while this process reads
    files), waited for when ingest or analysis needs it, closed once analysis is done."""

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
    _link(store, settings)
    progress("link", 1, 1)

    counts = store.counts()
    return BuildReport(
        added=tuple(d.path for d in documents),
        unchanged=unchanged,
        duplicates=counts["duplicates"],
        documents=counts["documents"],
        failures=tuple(failures),
    )


def remove(
    refs: Sequence[str], store: SQLStore, settings: Settings, progress: Progress = _quiet,
) -> tuple[list[str], list[str]]:
    """Take documents (by id or path) and their evidence out of the store everywhere.

    Returns (removed ids, references that named no document). Copies of a removed
    document are deduped again among what is left (one may become the canonical and be
    analysed), and the cross-document stages are recomputed without the removed ones.
    """
    found = store.find_documents(refs)
    ids = sorted({doc for doc in found.values() if doc is not None})
    unknown = [ref for ref, doc in found.items() if doc is None]
    if ids:
        store.remove_documents(ids)
        build([], store, settings, progress)  # re-dedupe, analyse promoted copies, relink
    return ids, unknown
