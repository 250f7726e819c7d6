"""Scorers: extraction quality measured against annotated data, next to a peer tool.

Each evaluation returns ``Score`` rows (ours and the peer's, computed in the same run on
the same input); ``eval/baseline.json`` pins the floors CI enforces.
"""

from .scoring import PRF, Score

__all__ = ["PRF", "Score"]
