"""The stance of one article towards one claim, weighed over a handful of signals.

The signals are those of the Fake News Challenge (FNC-1) stance systems, read here from
sitroom's own records rather than from raw n-grams:

* how much of the claim the article holds at all (IDF-weighted words, and its actors);
* how well its best passages state the claim (words and MiniLM cosine, scaled by how much
  of the claim's matter the passage names), split by voice: the article's own unhedged
  statements, what it attributes to others, what it hedges or predicts, and own-voice
  passages that say otherwise (negation, another number, an opposite word);
* how often the article uses refuting words ("denied", "false", "not") and hedging or
  attribution words ("reportedly", "according", "said"), per hundred words;
* whether the claim itself is about someone's statement, or is negated.

A multinomial logistic regression over these signals gives agree / disagree / discuss /
unrelated. Its weights were fitted on ``eval/claim-check/dev.jsonl`` only
(:func:`sitroom.evaluate.claim_check.fit_weights` prints them; regularisation C=10 chosen
by topic-grouped 5-fold cross-validation on dev); ``sitroom eval claim-check`` reports the
held-out half. Re-fit and re-run the eval after changing a signal.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .claims import stems
from .claims.compare import EMBED_WEIGHT, Features, Idf, conflict, features, lexical
from .types import Claim

__all__ = ["LABELS", "SIGNALS", "Signals", "classify", "scored_passages", "signals"]

LABELS = ("agree", "disagree", "discuss", "unrelated")
SIGNALS = ("related", "named", "best", "own", "reported", "hedged", "against", "against_act",
           "best_matter", "refuting_rate", "hedging_rate", "claim_attributed", "claim_negated", "own_over_reported")

# General English cues (FNC-1's refuting and hedging word lists, widened by hand).
REFUTING_WORDS: frozenset[str] = frozenset(
    "fake fraud hoax false deny denies denied refute refutes refuted debunk debunked bogus retract retracted "
    "not no never nobody none without despite instead rather".split()
)
HEDGING_WORDS: frozenset[str] = frozenset(
    "said says say according reportedly allegedly alleged claim claims claimed report reports reported "
    "may might could possibly believed suspected".split()
)
_TOKEN = re.compile(r"\w+")

# Fitted on eval/claim-check/dev.jsonl (see the module docstring): one row per label of
# LABELS, one column per signal of SIGNALS.
WEIGHTS = np.array([
    [2.6505, -0.8844, 4.7144, 2.4917, 0.4346, -0.5549, 0.1968, -3.1688, -1.8212, -0.4492, -0.1416, 2.0897, -0.5249, 0.7154],
    [2.2381, 0.7989, 0.4273, -2.104, -3.0379, 2.1527, 2.4043, 2.3938, 1.4547, 0.0745, -0.1328, 0.573, -2.2015, -1.0974],
    [-0.4686, 1.0766, -0.2985, -0.9995, 2.0709, -2.1425, -0.908, 0.0082, 0.6325, 0.4893, 0.3761, -1.5261, 0.7756, 0.2673],
    [-4.42, -0.9912, -4.8432, 0.6118, 0.5324, 0.5446, -1.693, 0.7668, -0.2659, -0.1146, -0.1016, -1.1365, 1.9508, 0.1148],
])
INTERCEPTS = np.array([-2.904, -0.8689, -1.1347, 4.9076])


@dataclass(frozen=True, slots=True)
class Signals:
    """The signals of one (claim, article) pair, and the passages that gave them."""

    values: tuple[float, ...]
    own: Claim | None = None        # the best own-voice unhedged passage
    reported: Claim | None = None   # the best attributed passage
    hedged: Claim | None = None     # the best hedged or predicted own-voice passage
    against: Claim | None = None    # the best own-voice passage that says otherwise
    best: Claim | None = None


def scored_passages(query: Features, claims: Sequence[Claim], idf: Idf,
                    vectors: Mapping[str, np.ndarray] | None = None) -> list[tuple[float, Claim, Features]]:
    """(score, claim, its features) of each passage: how closely it states ``query``, in
    words, or words and MiniLM cosine where both vectors are known. Shared with the passage
    rules of :mod:`sitroom.check`."""
    qv = vectors.get(query.id) if vectors else None
    scored = []
    for claim in claims:
        f = features(claim)
        score = lexical(query, f, idf)
        if qv is not None and claim.id in vectors:  # qv is found only in a given mapping
            score = (1 - EMBED_WEIGHT) * score + EMBED_WEIGHT * float(qv @ vectors[claim.id])
        scored.append((score, claim, f))
    return scored


def signals(query: Features, claims: Sequence[Claim], words: frozenset[str], idf: Idf,
            vectors: Mapping[str, np.ndarray] | None = None, text: str = "") -> Signals:
    """The signals of one article (its claims, word stems and text) towards ``query``."""
    related = idf.coverage(words, query.terms | query.actors)
    named = idf.coverage(words, frozenset(stems(query.actors))) if query.actors else 1.0
    matter = query.terms - query.actors - {query.predicate}
    best = {"best": 0.0, "own": 0.0, "reported": 0.0, "hedged": 0.0, "against": 0.0}
    cited: dict[str, Claim | None] = dict.fromkeys(best)
    against_act = best_matter = 0.0
    for score, claim, f in scored_passages(query, claims, idf, vectors):
        cover = idf.coverage(f.terms | f.actors, matter)
        scaled = score * (0.5 + 0.5 * cover)  # a passage naming little of the claim's matter counts half
        slots = ["best"]
        if claim.holder_kind == "author":
            opposed = conflict(query, f)
            if claim.modality == "asserted" and not claim.hedged and not opposed:
                slots.append("own")
            if claim.modality in ("hedged", "predicted", "question") or claim.hedged:
                slots.append("hedged")
            if opposed:
                slots.append("against")
                if query.predicate and query.predicate in f.terms:
                    against_act = max(against_act, score)
        else:
            slots.append("reported")
        for slot in slots:
            if scaled > best[slot]:
                best[slot], cited[slot] = scaled, claim
                if slot == "best":
                    best_matter = cover
    tokens = _TOKEN.findall(text.lower())
    per_hundred = 100 / max(len(tokens), 1)
    values = (
        related, named, best["best"], best["own"], best["reported"], best["hedged"], best["against"], against_act,
        best_matter, sum(t in REFUTING_WORDS for t in tokens) * per_hundred,
        sum(t in HEDGING_WORDS for t in tokens) * per_hundred,
        float(query.holder is not None), float(query.negative), float(best["own"] > best["reported"]),
    )
    return Signals(values, own=cited["own"], reported=cited["reported"], hedged=cited["hedged"],
                   against=cited["against"], best=cited["best"])


def classify(found: Signals) -> tuple[str, float]:
    """(FNC label, its probability) of one pair's signals under the fitted weights."""
    logits = WEIGHTS @ np.asarray(found.values) + INTERCEPTS
    top = int(np.argmax(logits))
    probability = 1.0 / float(np.sum(np.exp(logits - logits[top])))
    return LABELS[top], probability if math.isfinite(probability) else 1.0
