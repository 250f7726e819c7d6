"""Claim check scored on labelled claim–document pairs (eval/claim-check): agree /
disagree / discuss / unrelated, the labels of the Fake News Challenge (FNC-1) stance task.

Each article is read from ../shared/data and goes through the build's per-document stages;
each typed claim through the same reader as ``sitroom check``; the stance is
:func:`sitroom.check.read_document`'s, mapped asserts -> agree, denies -> disagree, hedges
and reports -> discuss, unrelated -> unrelated. Its thresholds were chosen on the dev half,
so the held-out half is the honest number. IDF is over the claims of the split's
articles, as a store's is over its claims. The peer is TF-IDF cosine between claim and
article: unrelated below one threshold, agree above another, discuss between (both chosen
on the dev file for macro-F1); words alone cannot see a denial, so it never says disagree.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .. import embeddings, stance
from ..check import Reading, _claims_of, document_words, read_claims, read_document
from ..claims.compare import Idf, features, lexical
from ..config import Settings
from ..types import Document
from .ecbplus import read_text
from .quotes import DATA_DIR
from .scoring import Score, dev_and_heldout, label_scores, read_jsonl

LABELS = ("agree", "disagree", "discuss", "unrelated")
FNC_LABEL = {"asserts": "agree", "denies": "disagree", "hedges": "discuss", "reports": "discuss",
             "unrelated": "unrelated"}


def readings(pairs: list[dict], settings: Settings, data_dir: Path = DATA_DIR) -> list[Reading]:
    """What each pair's article says towards its claim (rules, passages, model features)."""
    return [read_document(*inputs) for inputs in _inputs(pairs, settings, data_dir)]


def signal_rows(pairs: list[dict], settings: Settings, data_dir: Path = DATA_DIR) -> list[tuple[float, ...]]:
    """:mod:`sitroom.stance`'s signals of each pair, in order."""
    return [stance.signals(*inputs).values for inputs in _inputs(pairs, settings, data_dir)]


def fit_weights(rows: list[tuple[float, ...]], labels: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Re-fit :mod:`sitroom.stance`'s weights on signal rows of the dev pairs (the regenerate
    path: paste the arrays into ``stance.WEIGHTS`` / ``INTERCEPTS`` and re-run the eval).
    C=10 was chosen by topic-grouped 5-fold cross-validation on dev; the four labels weigh
    alike (``class_weight="balanced"``), as macro-F1 does."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=10, max_iter=5000, class_weight="balanced").fit(np.array(rows), labels)
    assert tuple(model.classes_) == stance.LABELS
    return np.round(model.coef_, 4), np.round(model.intercept_, 4)


def _inputs(pairs: list[dict], settings: Settings, data_dir: Path):
    """``read_document``'s arguments for each pair."""
    names = sorted({p["doc"] for p in pairs})
    docs = [Document(id=name, path=name, source_key=name, content_hash="", format="text",
                     text=read_text(data_dir / name)) for name in names]
    found = {doc.id: claims for doc, claims in _claims_of(docs, settings)}
    words = {doc.id: document_words(doc.text) for doc in docs}
    texts = sorted({p["claim"] for p in pairs})
    queries = {text: features(claim, f"query:{k}") for k, (text, claim) in enumerate(zip(texts, read_claims(texts, settings)))}
    idf = Idf(features(c) for claims in found.values() for c in claims)
    encoder = embeddings.load() if settings.embeddings else None
    vectors: dict[str, np.ndarray] = {}
    if encoder is not None:
        asked = {c.id: c.text for p in pairs for c in found[p["doc"]]
                 if lexical(queries[p["claim"]], features(c), idf) >= 0.1}
        asked.update({q.id: q.text for q in queries.values()})
        ids = sorted(asked)
        for key, row in zip(ids, encoder.encode([asked[k] for k in ids])):
            vectors[key] = row
    texts_of = {doc.id: doc.text for doc in docs}
    return [(queries[p["claim"]], found[p["doc"]], words[p["doc"]], idf, vectors, texts_of[p["doc"]]) for p in pairs]


def predict(pairs: list[dict], settings: Settings, data_dir: Path = DATA_DIR) -> list[str]:
    """sitroom's FNC label for each (claim, document) pair."""
    return [FNC_LABEL[r.stance] for r in readings(pairs, settings, data_dir)]


def _tfidf_cosines(pairs: list[dict], data_dir: Path) -> list[float]:
    texts = {name: read_text(data_dir / name) for name in {p["doc"] for p in pairs}}
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit(list(texts.values()))
    claims = vectorizer.transform([p["claim"] for p in pairs])
    bodies = vectorizer.transform([texts[p["doc"]] for p in pairs])
    return [float(x) for x in np.asarray(claims.multiply(bodies).sum(axis=1)).ravel()]


def _tfidf_labels(cosines: list[float], low: float, high: float) -> list[str]:
    return ["unrelated" if c < low else "agree" if c >= high else "discuss" for c in cosines]


def tfidf_thresholds(dev: list[dict], data_dir: Path) -> tuple[float, float]:
    cosines = _tfidf_cosines(dev, data_dir)
    gold = [p["label"] for p in dev]
    grid = np.arange(0.02, 0.6, 0.02)
    best = max((label_scores(gold, _tfidf_labels(cosines, lo, hi), LABELS)["macro_f1"], -lo, -hi)
               for lo in grid for hi in grid if hi > lo)
    return -best[1], -best[2]


def evaluate(gold_dir: Path, settings: Settings | None = None, data_dir: Path = DATA_DIR) -> tuple[list[Score], dict]:
    """sitroom and the TF-IDF peer on the held-out pairs, with the dev pairs' macro-F1."""
    settings = settings or Settings()
    low, high = tfidf_thresholds(read_jsonl(gold_dir / "dev.jsonl"), data_dir)
    return dev_and_heldout(gold_dir, LABELS, {
        "sitroom": lambda pairs: predict(pairs, settings, data_dir),
        "tfidf-cosine": lambda pairs: _tfidf_labels(_tfidf_cosines(pairs, data_dir), low, high),
    })
