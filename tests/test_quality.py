"""Quality gates: our scores on annotated sets, the peer's in the same run, pinned floors."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

from sitroom.evaluate import boilerplate

BASELINE = json.loads((ROOT / "eval" / "baseline.json").read_text())


def _table(scores) -> str:
    names = sorted({k for s in scores for k in s.metrics})
    head = f"{'metric':<22}" + "".join(f"{s.system:>14}" for s in scores)
    rows = [f"{n:<22}" + "".join(f"{s.metrics.get(n, float('nan')):>14.3f}" for s in scores) for n in names]
    return "\n".join([head, *rows])


@pytest.mark.parametrize("gold_key", ["boilerplate", "boilerplate-heldout"])
def test_boilerplate_removal_meets_floors_and_beats_trafilatura(gold_key):
    config = BASELINE[gold_key]
    scores, _ = boilerplate.evaluate(ROOT / config["gold"])
    ours, peer = scores
    print("\n" + _table(scores))
    for metric, floor in config["floors"].items():
        assert ours.metrics[metric] >= floor, f"{metric} {ours.metrics[metric]:.3f} fell below the floor {floor}"
    assert ours.metrics["f1"] > peer.metrics["f1"]
