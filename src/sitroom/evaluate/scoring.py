"""Precision, recall and F1 counts, in the manner of spaCy's ``PRFScore``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(slots=True)
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, other: "PRF") -> "PRF":
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self


@dataclass(slots=True)
class Score:
    """One system's result on one evaluation: headline metrics plus any extras."""

    system: str
    metrics: dict[str, float] = field(default_factory=dict)


def label_scores(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict[str, float]:
    """Per-label precision, recall and F1 of a classification, their macro-F1 and accuracy."""
    metrics: dict[str, float] = {}
    f1s = []
    for label in labels:
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


def read_jsonl(path) -> list[dict]:
    """The records of a JSON-lines file (blank lines skipped)."""
    import json

    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def dev_and_heldout(gold_dir, labels: Sequence[str], systems) -> tuple[list[Score], dict]:
    """Score labelling ``systems`` ({name: pairs -> labels}, sitroom first) on
    ``gold_dir``'s held-out pairs, with each one's macro-F1 on the dev pairs
    (``dev_macro_f1``: where the thresholds were chosen); the details list sitroom's errors."""
    scores: dict[str, dict[str, float]] = {name: {} for name in systems}
    errors = []
    for split in ("dev", "heldout"):
        pairs = read_jsonl(gold_dir / f"{split}.jsonl")
        gold = [p["label"] for p in pairs]
        for n, (name, label) in enumerate(systems.items()):
            predicted = label(pairs)
            metrics = label_scores(gold, predicted, labels)
            if split == "dev":
                scores[name]["dev_macro_f1"] = metrics["macro_f1"]
            else:
                scores[name].update(metrics)
            if n == 0:
                errors += [dict(p, predicted=o, split=split) for p, o in zip(pairs, predicted) if o != p["label"]]
    return [Score(name, metrics) for name, metrics in scores.items()], {"errors": errors}


def one_to_one(candidates: Iterable[tuple[float, int, int]]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairing of (score, gold index, predicted index) candidates, best
    first: each gold item and each prediction is used at most once."""
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    return pairs


def table(scores: Sequence[Score]) -> str:
    """Scores side by side as plain text, one metric a row (for test output and logs)."""
    names = list(dict.fromkeys(k for s in scores for k in s.metrics))
    head = f"{'metric':<26}" + "".join(f"{s.system:>14}" for s in scores)
    rows = [f"{n:<26}" + "".join(f"{s.metrics.get(n, float('nan')):>14.3f}" for s in scores) for n in names]
    return "\n".join([head, *rows])
