"""Claim stance scored on labelled claim pairs (eval/claim-pairs): same / different /
contradicting.

Each pair holds two claims from different articles of ../shared/data. Both texts go
through the build's own stages (spaCy, entity rules, quotes, claims) as one-sentence
documents; the claim covering most of each text is compared by
:func:`sitroom.claims.compare.relation`, with the same IDF (over every claim of the set)
and MiniLM embeddings a build uses. The peer is TF-IDF cosine over the two texts: "same"
above a threshold chosen on the dev file (the best macro-F1 there), else "different" — a
bag of words cannot tell a denial from an assertion, so it never says "contradicting".
Per-label P/R/F1 and macro-F1 over the three labels are reported for both.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .. import embeddings
from ..check import read_claims
from ..claims.compare import Idf, features, relation
from ..config import Settings
from .scoring import Score, dev_and_heldout, label_scores, read_jsonl

LABELS = ("same", "different", "contradicting")


def predict(pairs: list[dict], settings: Settings) -> list[str]:
    """sitroom's label for each pair."""
    texts = [pair[side]["text"] for pair in pairs for side in ("a", "b")]
    found = read_claims(texts, settings)
    feats = [features(c, f"x{k}") for k, c in enumerate(found)]
    idf = Idf(feats)
    encoder = embeddings.load() if settings.embeddings else None
    vectors = encoder.encode([c.text for c in found]) if encoder is not None else None
    labels = []
    for n in range(len(pairs)):
        a, b = feats[2 * n], feats[2 * n + 1]
        cos = float(vectors[2 * n] @ vectors[2 * n + 1]) if vectors is not None else None
        labels.append(relation(a, b, idf, cos))
    return labels


def tfidf_cosines(pairs: list[dict], fit_on: list[str]) -> list[float]:
    vectorizer = TfidfVectorizer(sublinear_tf=True).fit(fit_on)
    a = vectorizer.transform([p["a"]["text"] for p in pairs])
    b = vectorizer.transform([p["b"]["text"] for p in pairs])
    return [float(x) for x in np.asarray(a.multiply(b).sum(axis=1)).ravel()]


def tfidf_threshold(dev: list[dict]) -> float:
    """The cosine threshold with the best macro-F1 on the dev pairs."""
    cosines = tfidf_cosines(dev, [p[s]["text"] for p in dev for s in ("a", "b")])
    gold = [p["label"] for p in dev]
    best = max((label_scores(gold, ["same" if c >= t else "different" for c in cosines], LABELS)["macro_f1"], -t)
               for t in np.arange(0.05, 0.95, 0.01))
    return -best[1]


def evaluate(gold_dir: Path, settings: Settings | None = None) -> tuple[list[Score], dict]:
    """Scores of sitroom and the TF-IDF peer on the held-out pairs (``heldout.jsonl``),
    with the dev pairs' macro-F1 (``dev_macro_f1``: what the thresholds were chosen on)."""
    settings = settings or Settings()
    threshold = tfidf_threshold(read_jsonl(gold_dir / "dev.jsonl"))

    def peer(pairs: list[dict]) -> list[str]:
        cosines = tfidf_cosines(pairs, [p[s]["text"] for p in pairs for s in ("a", "b")])
        return ["same" if c >= threshold else "different" for c in cosines]

    return dev_and_heldout(gold_dir, LABELS, {"sitroom": lambda pairs: predict(pairs, settings), "tfidf-cosine": peer})
