"""The per-document stages, as functions over a partition or a stream of documents.

``prepare_partition``: the per-document part of ingest — cleaning, the language check and
the dedupe fingerprint of each read document. ``extract_stream``: spaCy (stage 3), then the
rules that read its parse: entity refinement and roles, quotes, time expressions, event
mentions and claims. Nothing here looks at another document, so the same functions run in
the build's own process or as Dask tasks over partitions (``sitroom.distributed``) and
give the same records either way.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace

from . import claims, dedupe, entities, events, language, quotes, temporal
from .config import Settings
from .errors import IngestError
from .ingest import clean
from .parse import pack_tokens
from .types import Analysis, Claim, Document, EventMention, Failure, Quote, RawDocument, Role, TimeExpr


# Python's cyclic collector runs a young-generation pass every 700 net allocations of
# container objects, and some of the older passes are full ones over every object alive,
# the language model's included. The per-document stages allocate millions of short-lived
# records: with the default, a 2,000-article build ran 6,586 passes, 27 of them full
# (4.8 s of 205 s, 3.7 s in the full ones). With 10,000, 400-article builds ran 57 passes
# and no full one instead of 1,376-1,613 (0.21-0.24 s against 0.85-1.16 s), and 1,000
# articles peaked at the same memory (762 against 768 MB).
BULK_GEN0_THRESHOLD = 10_000


@contextlib.contextmanager
def bulk_allocation() -> Iterator[None]:
    """Run the cyclic garbage collector less often inside the block (restored after it).

    Only the first generation's threshold changes, and only upwards: nested blocks and
    callers that set a higher one keep theirs.
    """
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], BULK_GEN0_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


@bulk_allocation()
def prepare_partition(raws: Iterable[RawDocument], repeats: Mapping[str, frozenset[str]], settings: Settings,
                      ) -> list[tuple[Document, dedupe.Fingerprint] | Failure]:
    """Each read document cleaned and fingerprinted for dedupe, or why it was rejected, in
    input order. ``repeats`` holds the lines each outlet repeats (``ingest.outlet_repeats``)."""
    out: list[tuple[Document, dedupe.Fingerprint] | Failure] = []
    for raw in raws:
        try:
            doc = clean(raw, repeats.get((raw.outlet or "").lower(), frozenset()))
        except IngestError as exc:
            out.append(Failure(raw.path, str(exc)))
            continue
        richness = dedupe.richness(doc.published, doc.title, doc.authors, doc.outlet, doc.words)
        out.append((doc, dedupe.fingerprint(doc.id, doc.text, richness, settings)))
    return out


@dataclass(frozen=True, slots=True)
class Extracted:
    """Everything the per-document stages found in one document."""

    analysis: Analysis
    roles: list[Role]
    quotes: list[Quote]
    times: list[TimeExpr]
    events: list[EventMention]
    claims: list[Claim]
    parse: bytes | None = None  # the tokens packed for the store, when ``analysis`` comes without them


def extract_stream(documents: Iterable[Document], settings: Settings) -> Iterator[Extracted]:
    """The per-document records of each document, in input order, as spaCy finishes them."""
    for doc, analysis in language.analyse_stream(documents, settings):
        mentions, roles = entities.refine(doc.text, analysis.mentions)
        analysis = replace(analysis, mentions=tuple(mentions))
        said = quotes.extract(doc, analysis, settings)
        yield Extracted(
            analysis=analysis,
            roles=roles,
            quotes=said,
            times=temporal.extract(doc, analysis, doc.published, settings),
            events=events.extract(doc, analysis, settings),
            claims=claims.extract(doc, analysis, said, roles, settings),
        )


@bulk_allocation()
def extract_partition(documents: list[Document], settings: Settings) -> list[Extracted]:
    """One Dask task: the records of a partition of documents.

    The tokens travel packed as the store keeps them (``parse``) instead of one object each:
    the client would otherwise unpickle a few hundred thousand token records per thousand
    documents only to pack them again for the store, while the workers parse.
    """
    return [
        replace(e, analysis=replace(e.analysis, tokens=()), parse=pack_tokens(e.analysis.tokens))
        for e in extract_stream(documents, settings)
    ]
