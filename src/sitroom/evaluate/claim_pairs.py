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

import json
import re
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .. import claims as claim_stage
from .. import embeddings, entities, language, quotes
from ..claims.compare import Idf, features, relation
from ..config import Settings
from ..types import Claim, Document
from .scoring import PRF, Score

LABELS = ("same", "different", "contradicting")


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main_claims(texts: list[str], settings: Settings) -> list[Claim]:
    """The claim of each text: the one covering most of it, every clause a candidate."""
    docs = [Document(id=f"t{k}", path="", source_key="", content_hash="", format="text", text=text)
            for k, text in enumerate(texts)]
    out = []
    for doc, analysis in language.analyse_stream(docs, settings):
        mentions, roles = entities.refine(doc.text, analysis.mentions)
        analysis = type(analysis)(analysis.document, analysis.sentences, tuple(mentions), analysis.tokens)
        said = quotes.extract(doc, analysis, settings)
        found = claim_stage.extract(doc, analysis, said, roles, settings, check_worthy_only=False)
        found = [c for c in found if c.modality != "denied" or c.holder_kind == "author" or c.negated] or found
        if found:
            out.append(max(found, key=lambda c: (c.end - c.start, c.modality == "denied")))
        else:  # no clause at all: the whole text, asserted by its author
            out.append(Claim(doc.id, 0, len(doc.text), doc.text, "the author", "author", "asserted", 0, len(doc.text),
                             terms=tuple(claim_stage.stems(re.findall(r"\w+", doc.text)))))
    return out


def _score(gold: list[str], predicted: list[str]) -> dict[str, float]:
    metrics: dict[str, float] = {}
    f1s = []
    for label in LABELS:
        prf = PRF(
            tp=sum(g == p == label for g, p in zip(gold, predicted)),
            fp=sum(p == label != g for g, p in zip(gold, predicted)),
            fn=sum(g == label != p for g, p in zip(gold, predicted)),
        )
        metrics[f"{label}_precision"], metrics[f"{label}_recall"], metrics[f"{label}_f1"] = prf.precision, prf.recall, prf.f1
        f1s.append(prf.f1)
    metrics["macro_f1"] = sum(f1s) / len(f1s)
    metrics["accuracy"] = sum(g == p for g, p in zip(gold, predicted)) / max(len(gold), 1)
    return metrics


def predict(pairs: list[dict], settings: Settings) -> list[str]:
    """sitroom's label for each pair."""
    texts = [pair[side]["text"] for pair in pairs for side in ("a", "b")]
    found = main_claims(texts, settings)
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
    best = max((_score(gold, ["same" if c >= t else "different" for c in cosines])["macro_f1"], -t)
               for t in np.arange(0.05, 0.95, 0.01))
    return -best[1]


def evaluate(gold_dir: Path, settings: Settings | None = None) -> tuple[list[Score], dict]:
    """Scores of sitroom and the TF-IDF peer on the held-out pairs (``heldout.jsonl``),
    with the dev pairs' macro-F1 (``dev_macro_f1``: what the thresholds were chosen on)."""
    settings = settings or Settings()
    dev = read(gold_dir / "dev.jsonl")
    threshold = tfidf_threshold(dev)
    scores: dict[str, dict[str, float]] = {"sitroom": {}, "tfidf-cosine": {}}
    errors = []
    for split in ("dev", "heldout"):
        pairs = read(gold_dir / f"{split}.jsonl")
        gold = [p["label"] for p in pairs]
        ours = predict(pairs, settings)
        cosines = tfidf_cosines(pairs, [p[s]["text"] for p in pairs for s in ("a", "b")])
        peer = ["same" if c >= threshold else "different" for c in cosines]
        for system, labels in (("sitroom", ours), ("tfidf-cosine", peer)):
            metrics = _score(gold, labels)
            if split == "dev":
                scores[system]["dev_macro_f1"] = metrics["macro_f1"]
            else:
                scores[system].update(metrics)
        errors += [dict(p, predicted=o, split=split) for p, o in zip(pairs, ours) if o != p["label"]]
    return [Score(system, metrics) for system, metrics in scores.items()], {"errors": errors}
