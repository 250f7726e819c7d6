"""The per-document stages, as functions over a partition or a stream of documents.

``prepare_partition``: the per-document part of ingest — cleaning, the language check and
the dedupe fingerprint of each read document. ``extract_stream``: spaCy (stage 3), then the
rules that read its parse: entity refinement and roles, quotes, time expressions, event
mentions and claims. Nothing here looks at another document, so the same functions run in
the build's own process or as Dask tasks over partitions (``sitroom.distributed``) and
give the same records either way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace

from . import claims, dedupe, entities, events, language, quotes, temporal
from .config import Settings
from .errors import IngestError
from .ingest import clean
from .parse import pack_tokens
from .types import Analysis, Claim, Document, EventMention, Failure, Quote, RawDocument, Role, TimeExpr


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
