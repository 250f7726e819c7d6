"""The same statement quoted by several outlets, in different words, becomes one group.

Quotes are compared only within one speaker (the speaker entity, or the speaker's name
when no entity was found): never all pairs of the corpus. Two quotes from different
documents are the same statement when their sentence embeddings are close (MiniLM cosine),
or — with no embedding model installed — when most of their words agree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from scipy.cluster.hierarchy import DisjointSet


# Calibrated on eval/quote-groups (326 labelled pairs of quotes from different articles
# of one ECB+ topic; on the 211 pairs whose speakers agree: P 0.90, R 0.64): two
# statements are the same when their embeddings are this close, or their words agree this
# much. Re-run `sitroom eval quote-groups` after changing either.
COSINE_SAME = 0.75
LEXICAL_SAME = 0.65
# Below this word agreement no labelled pair was one statement that the embeddings alone
# recognised, so the embeddings (the expensive part: 0.13 s per 32 sentences here) are
# asked only about pairs between the two thresholds.
EMBED_FROM = 0.55


# A speaker with more quotes than this (a head of state over a large corpus) has only the
# pairs sharing a word compared (blocking); fewer are compared pair by pair, as calibrated.
BLOCK_FROM = 200
_WORDS = re.compile(r"\w{4,}")


@dataclass(frozen=True, slots=True)
class Said:
    """What grouping needs of a stored quote."""

    id: str
    document: str
    speaker: str  # entity id, else the normalised speaker name
    text: str


def speaker_key(entity: str | None, name: str | None) -> str | None:
    if entity:
        return entity
    if name:
        return "name:" + re.sub(r"\W+", " ", name.lower()).strip()
    return None


def lexical_similarity(a: str, b: str) -> float:
    """Word agreement of two statements, 0..1; a short one inside a long one counts."""
    return max(fuzz.token_set_ratio(a, b), fuzz.token_sort_ratio(a, b)) / 100


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’]?\s+(?=[\"“‘]?[A-Z])")
_MIN_PIECE_WORDS = 5  # shorter sentences ("Thank you.") match too much to mean anything


def pieces(text: str) -> list[str]:
    """The quote's sentences when it has several, else the quote.

    One outlet may quote two sentences as one passage that another splits, or abridge it:
    a statement matches when any of their sentences match.
    """
    sentences = [p for p in _SENTENCE_END.split(text.strip()) if len(p.split()) >= _MIN_PIECE_WORDS]
    return sentences if len(sentences) > 1 else [text]


def embed(quotes: Sequence[Said], encoder) -> dict[str, bytes]:  # encoder: embeddings.Encoder
    """Embeddings of each quote's ``pieces``, as float32 bytes (one 384-wide row a piece)."""
    if not quotes:
        return {}
    split = [pieces(q.text) for q in quotes]
    flat = encoder.encode([p for ps in split for p in ps])
    out, row = {}, 0
    for q, ps in zip(quotes, split):
        out[q.id] = flat[row : row + len(ps)].astype(np.float32).tobytes()
        row += len(ps)
    return out


def vectors(blob: bytes) -> np.ndarray:
    """The rows ``embed`` stored for one quote."""
    return np.frombuffer(blob, dtype=np.float32).reshape(-1, 384)


def group(
    quotes: Sequence[Said],
    vectors_for: Callable[[Sequence[Said]], Mapping[str, np.ndarray]] | None = None,
) -> dict[str, str]:
    """Map every quote id to its group id (the smallest quote id in the group).

    Pairs whose words mostly agree are the same statement; pairs that share too few words
    to be one statement in other words are not; only the pairs between go to the
    embeddings, which ``vectors_for`` gives for the quotes asked (unit-length rows of each
    quote's ``pieces``). Without it the words alone decide.
    """
    statements = DisjointSet(q.id for q in quotes)
    by_speaker: dict[str, list[Said]] = defaultdict(list)
    for q in quotes:
        by_speaker[q.speaker].append(q)
    undecided: list[tuple[Said, Said]] = []
    for members in by_speaker.values():
        if len({m.document for m in members}) < 2:
            continue
        for a, b in _pairs(members):
            if a.document == b.document:
                continue
            words = lexical_similarity(a.text, b.text)
            if words >= LEXICAL_SAME:
                statements.merge(a.id, b.id)
            elif words >= EMBED_FROM:
                undecided.append((a, b))
    if undecided and vectors_for is not None:
        needed = list({q.id: q for pair in undecided for q in pair}.values())
        vectors = vectors_for(needed)
        for a, b in undecided:
            if a.id in vectors and b.id in vectors and float((vectors[a.id] @ vectors[b.id].T).max()) >= COSINE_SAME:
                statements.merge(a.id, b.id)
    return {qid: min(subset) for subset in statements.subsets() for qid in subset}


def _pairs(members: Sequence[Said]) -> Iterator[tuple[Said, Said]]:
    """The pairs of one speaker's quotes to compare, in order: all of them for a speaker
    quoted up to BLOCK_FROM times, else those sharing a word of four letters or more that
    at most BLOCK_FROM of the quotes use (two quotes with no such word in common are
    practically never one statement in the same words)."""
    if len(members) <= BLOCK_FROM:
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                yield a, b
        return
    index: dict[str, list[int]] = defaultdict(list)
    for k, q in enumerate(members):
        for word in set(_WORDS.findall(q.text.lower())):
            index[word].append(k)
    pairs = {(i, j) for posting in index.values() if len(posting) <= BLOCK_FROM
             for x, i in enumerate(posting) for j in posting[x + 1 :]}
    for i, j in sorted(pairs):
        yield members[i], members[j]


def same_statement(a: Said, b: Said, vectors: Mapping[str, np.ndarray] | None) -> bool:
    """The decision ``group`` makes for one pair (for evaluation)."""
    words = lexical_similarity(a.text, b.text)
    if words >= LEXICAL_SAME:
        return True
    return vectors is not None and words >= EMBED_FROM and float((vectors[a.id] @ vectors[b.id].T).max()) >= COSINE_SAME
