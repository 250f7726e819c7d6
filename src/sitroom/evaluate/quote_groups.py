"""Statement grouping scored on labelled quote pairs (eval/quote-groups).

Each pair holds two quotes from different articles, labelled ``same`` (one act of saying,
in whatever words) or ``different``. A system says ``same`` when the speakers agree and
the statements are similar enough; precision, recall and F1 are over ``same``. Speakers
agree here by name (normalised, or one name ending the other, as the quote scorer
matches them), standing in for the entity ids a build compares.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from .. import embeddings
from ..quotes.grouping import Said, pieces, same_statement
from .scoring import PRF, Score


def _name(text: str | None) -> str:
    text = re.sub(r"\s+'s\b", "'s", text or "")
    text = re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.I)
    return re.sub(r"[^\w]+", " ", text.lower()).strip()


def speakers_agree(a: str | None, b: str | None) -> bool:
    x, y = _name(a), _name(b)
    if not x or not y:
        return False
    return x == y or x.endswith(" " + y) or y.endswith(" " + x)


def _said(quote: dict, key: str) -> Said:
    return Said(key, key, "speaker", quote["text"])


def evaluate(gold_dir: Path) -> tuple[list[Score], dict[str, list]]:
    """Score the grouping decision with embeddings (ours) and its lexical fallback alone.

    Besides P/R/F1 over all pairs (speaker agreement by name included), ``*_agreeing``
    scores only the pairs whose speakers agree by name: the statement decision alone.
    """
    pairs = [json.loads(line) for line in (gold_dir / "pairs.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    encoder = embeddings.load()
    runs: dict[str, dict[str, np.ndarray] | None] = {"lexical": None}
    if encoder is not None:
        vectors = {}
        for n, pair in enumerate(pairs):
            for side in ("a", "b"):
                vectors[f"{n}{side}"] = encoder.encode(pieces(pair[side]["text"]))
        runs = {"sitroom": vectors, **runs}
    scores, details = [], {}
    for system, vectors in runs.items():
        total, agreeing, errors = PRF(), PRF(), []
        for n, pair in enumerate(pairs):
            a, b = Said(f"{n}a", "a", "s", pair["a"]["text"]), Said(f"{n}b", "b", "s", pair["b"]["text"])
            agree = speakers_agree(pair["a"].get("speaker"), pair["b"].get("speaker"))
            same = same_statement(a, b, vectors)
            gold = pair["label"] == "same"
            said = agree and same
            total += PRF(tp=int(said and gold), fp=int(said and not gold), fn=int(gold and not said))
            if agree:
                agreeing += PRF(tp=int(same and gold), fp=int(same and not gold), fn=int(gold and not same))
            if said != gold:
                errors.append(pair)
        scores.append(Score(system, {
            "precision": total.precision, "recall": total.recall, "f1": total.f1,
            "precision_agreeing": agreeing.precision, "recall_agreeing": agreeing.recall, "f1_agreeing": agreeing.f1,
        }))
        details[system] = errors
    return scores, details
