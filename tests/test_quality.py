"""Quality gates: our scores on annotated sets, the peer's in the same run, pinned floors."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

from sitroom.evaluate.scoring import table
from sitroom.evaluate import boilerplate

BASELINE = json.loads((ROOT / "eval" / "baseline.json").read_text())


@pytest.mark.parametrize("gold_key", ["boilerplate", "boilerplate-heldout"])
def test_boilerplate_removal_meets_floors_and_beats_trafilatura(gold_key):
    config = BASELINE[gold_key]
    scores, _ = boilerplate.evaluate(ROOT / config["gold"])
    ours, peer = scores
    print("\n" + table(scores))
    for metric, floor in config["floors"].items():
        assert ours.metrics[metric] >= floor, f"{metric} {ours.metrics[metric]:.3f} fell below the floor {floor}"
    assert ours.metrics["f1"] > peer.metrics["f1"]
