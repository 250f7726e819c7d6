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
from scipy.sparse import csr_matrix, hstack
from sklearn.cluster import AgglomerativeClustering
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.neighbors import NearestNeighbors

NAME_WEIGHT = 0.3         # share of the similarity carried by names and years
DISTANCE_THRESHOLD = 0.82  # average-linkage cosine distance below which clusters merge
DENSE_DISTANCE_THRESHOLD = 0.75  # the same in the LSA projection of large corpora (distances shrink there)
# Up to this many documents the full distance matrix is used; above it, each document is
# linked only to its nearest neighbours (never all pairs of a large corpus).
FULL_MATRIX_LIMIT = 3000
NEIGHBOURS = 30
SVD_DIMENSIONS = 300

_NAMES = re.compile(r"\b(?:[A-Z][a-z]+|\d{4})\b")


def _tfidf(vectorizer: TfidfVectorizer, texts: Sequence[str]):
    try:
        return vectorizer.fit_transform(texts)
    except ValueError:  # empty vocabulary: only numbers or stop words, or no word shared (min_df)
        return csr_matrix((len(texts), 0))


def _features(texts: Sequence[str]):
    words = TfidfVectorizer(sublinear_tf=True, stop_words="english", ngram_range=(1, 2), min_df=1 if len(texts) < 20 else 2)
    names = TfidfVectorizer(sublinear_tf=True, lowercase=False)
    w = _tfidf(words, texts)
    named = [" ".join(_NAMES.findall(t)) or "_" for t in texts]
    n = _tfidf(names, named)
    return hstack([w * np.sqrt(1 - NAME_WEIGHT), n * np.sqrt(NAME_WEIGHT)]).tocsr()


def group(texts: Sequence[str]) -> list[int]:
    """A story label per text; texts with the same label report the same event."""
    if len(texts) < 2:
        return [0] * len(texts)
    x = _features(texts)
    if x.shape[1] == 0:  # no word to compare by: every text is a story of its own
        return list(range(len(texts)))
    if len(texts) <= FULL_MATRIX_LIMIT:
        distance = np.clip(1 - (x @ x.T).toarray(), 0, None)
        model = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=DISTANCE_THRESHOLD
        )
        return [int(label) for label in model.fit(distance).labels_]
    # Large corpora: a dense projection (LSA) keeps memory linear in the documents, and the
    # nearest-neighbour graph restricts merges to pairs that are close at all.
    dense = TruncatedSVD(n_components=min(SVD_DIMENSIONS, x.shape[1] - 1), random_state=0).fit_transform(x)
    dense /= np.clip(np.linalg.norm(dense, axis=1, keepdims=True), 1e-12, None)
    graph = NearestNeighbors(n_neighbors=min(NEIGHBOURS, len(texts)), metric="cosine").fit(dense).kneighbors_graph(dense)
    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=DENSE_DISTANCE_THRESHOLD,
        connectivity=graph,
    )
    return [int(label) for label in model.fit(dense).labels_]
