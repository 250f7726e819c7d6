"""The same statement quoted by several outlets, in different words, becomes one group.

Quotes are compared only within one speaker (the speaker entity, or the speaker's name
when no entity was found): never all pairs of the corpus. Two quotes from different
documents are the same statement when their sentence embeddings are close (MiniLM cosine),
or — with no embedding model installed — when most of their words agree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz


# Calibrated on eval/quote-groups (326 labelled pairs of quotes from different articles
# of one ECB+ topic; on the 211 pairs whose speakers agree: P 0.90, R 0.64): two
# statements are the same when their embeddings are this close, or their words agree this
# much. Re-run `sitroom eval quote-groups` after changing either.
COSINE_SAME = 0.75
LEXICAL_SAME = 0.65


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
    """The whole quote, then its sentences when it has several.

    One outlet may quote two sentences as one passage that another splits, or abridge it:
    a statement matches when the whole quotes or any of their sentences match.
    """
    sentences = [p for p in _SENTENCE_END.split(text.strip()) if len(p.split()) >= _MIN_PIECE_WORDS]
    return [text] + (sentences if len(sentences) > 1 else [])


def same_statement(a: Said, b: Said, vectors: dict[str, np.ndarray] | None) -> bool:
    """Whether two quotes are one statement: close embeddings (of the quotes or any of
    their sentences) or mostly the same words."""
    if lexical_similarity(a.text, b.text) >= LEXICAL_SAME:
        return True
    return vectors is not None and float((vectors[a.id] @ vectors[b.id].T).max()) >= COSINE_SAME


def group(quotes: Sequence[Said], vectors: dict[str, np.ndarray] | None = None) -> dict[str, str]:
    """Map every quote id to its group id (the smallest quote id in the group).

    ``vectors`` holds, per quote id, unit-length embeddings of the quote's ``pieces`` (one
    row each); without it the lexical fallback decides.
    """
    parent = {q.id: q.id for q in quotes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_speaker: dict[str, list[Said]] = defaultdict(list)
    for q in quotes:
        by_speaker[q.speaker].append(q)
    for members in by_speaker.values():
        if len(members) < 2 or len({m.document for m in members}) < 2:
            continue
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                if members[i].document != members[j].document and same_statement(members[i], members[j], vectors):
                    a, b = find(members[i].id), find(members[j].id)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
    return {q.id: find(q.id) for q in quotes}
