"""Articles grouped by the real-world event they report ("stories").

Two articles report one event when they share its particulars — names, places, years and
wording — not merely its kind: two different earthquakes share "magnitude" and "injured"
but not "Qeshm" and "2008". So documents are compared by TF-IDF over words and word pairs,
plus a separate, up-weighted TF-IDF over capitalised words and years, and clustered by
average linkage (scikit-learn) under a distance threshold.

Calibrated on ECB+ (``sitroom eval stories``): the threshold was chosen on the odd-numbered
topics and holds on the even ones. Re-run the evaluation after changing a constant.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix, hstack, triu
from scipy.sparse.csgraph import connected_components
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

NAME_WEIGHT = 0.3         # share of the similarity carried by names and years
DISTANCE_THRESHOLD = 0.82  # average-linkage cosine distance below which clusters merge
# Up to this many documents the full distance matrix is used. Above it no corpus-wide pair
# is compared: candidate pairs come from blocking (see _candidate_pairs), and average
# linkage runs within each connected group of close pairs (see _group_large).
FULL_MATRIX_LIMIT = 1000
# Blocking: two documents are candidates when they share a name or year that at most this
# many documents use (a rare name is the particular of one event; "Monday" is not).
MAX_POSTINGS = 50
NEIGHBOURS = 30            # candidates kept per document, the closest

_NAMES = re.compile(r"\b(?:[A-Z][a-z]+|\d{4})\b")


def _tfidf(vectorizer: TfidfVectorizer, texts: Sequence[str]):
    try:
        return vectorizer.fit_transform(texts)
    except ValueError:  # empty vocabulary: only numbers or stop words, or no word shared (min_df)
        return csr_matrix((len(texts), 0))


def _features(texts: Sequence[str]):
    """The document vectors (words and pairs, then up-weighted names) and the names alone."""
    words = TfidfVectorizer(sublinear_tf=True, stop_words="english", ngram_range=(1, 2), min_df=1 if len(texts) < 20 else 2)
    names = TfidfVectorizer(sublinear_tf=True, lowercase=False)
    w = _tfidf(words, texts)
    named = [" ".join(_NAMES.findall(t)) or "_" for t in texts]
    n = _tfidf(names, named)
    return hstack([w * np.sqrt(1 - NAME_WEIGHT), n * np.sqrt(NAME_WEIGHT)]).tocsr(), n.tocsr()


def group(texts: Sequence[str]) -> list[int]:
    """A story label per text; texts with the same label report the same event."""
    if len(texts) < 2:
        return [0] * len(texts)
    x, names = _features(texts)
    if x.shape[1] == 0:  # no word to compare by: every text is a story of its own
        return list(range(len(texts)))
    if len(texts) <= FULL_MATRIX_LIMIT:
        return _average_linkage(np.clip(1 - (x @ x.T).toarray(), 0, None), DISTANCE_THRESHOLD)
    return _group_large(x, names)


def _average_linkage(distance: np.ndarray, threshold: float) -> list[int]:
    model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold)
    return [int(label) for label in model.fit(distance).labels_]


def _candidate_pairs(names) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of documents sharing a rare name or year (i < j): the blocking step."""
    present = (names > 0).astype(np.int32).tocsc()
    postings = np.diff(present.indptr)
    present = present[:, np.flatnonzero((postings >= 2) & (postings <= MAX_POSTINGS))].tocsr()
    # each kept term pairs at most MAX_POSTINGS² documents: linear in the number of terms
    shared = triu(present @ present.T, k=1).tocoo()
    return shared.row, shared.col


def _pair_distances(x, rows: np.ndarray, cols: np.ndarray, chunk: int = 20_000) -> np.ndarray:
    """Cosine distance of each (row, col) pair of the unit-normalised sparse rows of ``x``."""
    out = np.empty(len(rows))
    for k in range(0, len(rows), chunk):
        r, c = rows[k : k + chunk], cols[k : k + chunk]
        out[k : k + chunk] = 1 - np.asarray(x[r].multiply(x[c]).sum(axis=1)).ravel()
    return out


def _group_large(x, names) -> list[int]:
    """Average linkage without the full matrix: candidate pairs from blocking, each document
    linked to its closest candidates that are close enough to merge at all, and the
    clustering run within each connected group of such links."""
    n = x.shape[0]
    rows, cols = _candidate_pairs(names)
    distance = _pair_distances(x, rows, cols)
    close = distance < DISTANCE_THRESHOLD
    rows, cols, distance = rows[close], cols[close], distance[close]
    # both directions, so each document keeps its NEIGHBOURS closest
    rows, cols, distance = np.concatenate([rows, cols]), np.concatenate([cols, rows]), np.concatenate([distance, distance])
    order = np.lexsort((distance, rows))
    rank = np.arange(len(order)) - np.searchsorted(rows[order], rows[order])
    keep = order[rank < NEIGHBOURS]
    graph = coo_matrix((np.ones(len(keep)), (rows[keep], cols[keep])), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    labels = np.empty(n, dtype=int)
    next_label = 0
    for members in np.split(np.argsort(component, kind="stable"), np.cumsum(np.bincount(component))[:-1]):
        if len(members) == 1:
            found = [0]
        else:
            block = x[members]
            found = _average_linkage(np.clip(1 - (block @ block.T).toarray(), 0, None), DISTANCE_THRESHOLD)
        labels[members] = next_label + np.asarray(found)
        next_label += max(found) + 1
    return [int(label) for label in labels]
