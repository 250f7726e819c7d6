"""Stage 2, dedupe: exact, near-duplicate and partial copies grouped, one canonical copy.

Text is normalised first (case, quote marks, punctuation, whitespace, markup already
gone), because syndicated copies differ mostly in those: two copies of one op-ed, one
scraped as Markdown and one pasted as plain text with curly quotes, share about half of
their raw 5-word shingles but nearly all normalised ones.

Candidates come from MinHash LSH (datasketch), never all pairs; each candidate pair is
then judged on the Jaccard similarity and the containment estimated from the MinHash
signatures and the shingle counts (|A∩B| = J·(|A|+|B|)/(1+J)), so a short excerpt of a
longer article is a copy too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH
from scipy.cluster.hierarchy import DisjointSet

from .config import Settings

_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-"})
_NON_WORD = re.compile(r"[^\w]+")
_SEED = 1
_SCHEME = "affine64"  # stored signatures depend on it: changing it needs a migration


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What dedupe keeps of a document: its MinHash signature and the facts for ranking."""

    document: str
    signature: bytes
    shingles: int
    richness: tuple[int, ...]


def normalised_tokens(text: str) -> list[str]:
    text = text.translate(_FOLD).lower().replace("'", "")
    return [t for t in _NON_WORD.split(text) if t]


def shingle_set(text: str, size: int) -> set[str]:
    tokens = normalised_tokens(text)
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


@lru_cache(maxsize=4)
def _permutations(num_perm: int):
    """The MinHash permutations for a size, made once (each MinHash would redraw them)."""
    return MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME).permutations


def fingerprint(document: str, text: str, richness: tuple[int, ...], settings: Settings) -> Fingerprint:
    shingles = shingle_set(text, settings.shingle_size)
    minhash = MinHash(num_perm=settings.minhash_perms, seed=_SEED, scheme=_SCHEME,
                      permutations=_permutations(settings.minhash_perms))
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    values = np.asarray(minhash.hashvalues, dtype=np.uint64)
    return Fingerprint(document, values.tobytes(), len(shingles), richness)


def _lean(fp: Fingerprint) -> LeanMinHash:
    values = np.frombuffer(fp.signature, dtype=np.uint64)
    return LeanMinHash(seed=_SEED, hashvalues=values, scheme=_SCHEME)


def similarity(a: Fingerprint, b: Fingerprint, settings: Settings) -> tuple[float, float]:
    """(Jaccard, containment of the smaller in the larger), both estimated."""
    jaccard = _lean(a).jaccard(_lean(b))
    if a.shingles == 0 or b.shingles == 0:
        return jaccard, 0.0
    overlap = jaccard * (a.shingles + b.shingles) / (1 + jaccard)
    return jaccard, min(1.0, overlap / min(a.shingles, b.shingles))


def group(fingerprints: Sequence[Fingerprint], settings: Settings) -> dict[str, str | None]:
    """Map every document to the canonical copy it duplicates, or None if it is canonical.

    The canonical copy of a group is the richest: most metadata, then most words, then
    the smallest id (so the choice is stable across runs and input orders).
    """
    lsh = MinHashLSH(threshold=settings.lsh_threshold, num_perm=settings.minhash_perms)
    by_id = {fp.document: fp for fp in fingerprints}
    copies = DisjointSet(by_id)

    for fp in fingerprints:
        if fp.shingles == 0:
            continue
        lean = _lean(fp)
        for other in lsh.query(lean):
            jaccard, containment = similarity(fp, by_id[other], settings)
            if jaccard >= settings.duplicate_jaccard or containment >= settings.duplicate_containment:
                copies.merge(fp.document, other)
        lsh.insert(fp.document, lean)

    result: dict[str, str | None] = {}
    for subset in copies.subsets():
        group_members = [by_id[d] for d in subset]
        best = min(group_members, key=lambda fp: (tuple(-r for r in fp.richness), fp.document))
        for fp in group_members:
            result[fp.document] = None if fp is best else best.document
    return result


def richness(published: str | None, title: str | None, authors: Iterable[str], outlet: str | None, words: int) -> tuple[int, ...]:
    """How much a copy tells: metadata fields present, then its length in words."""
    metadata = sum(1 for v in (published, title, tuple(authors), outlet) if v)
    return (metadata, words)
