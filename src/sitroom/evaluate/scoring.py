"""Precision, recall and F1 counts, in the manner of spaCy's ``PRFScore``."""

from __future__ import annotations

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
