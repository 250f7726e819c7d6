"""Articles grouped by the event they report: ECB+ B³, both the exact and the large-corpus path."""

from __future__ import annotations

import json

import pytest
from conftest import DATA, ROOT

from sitroom import stories
from sitroom.evaluate import ecbplus

FLOORS = json.loads((ROOT / "eval" / "baseline.json").read_text())["stories"]["floors"]


def test_b_cubed_by_hand():
    gold = {"a": "x", "b": "x", "c": "y"}
    assert ecbplus.b_cubed(gold, gold) == (1.0, 1.0, 1.0)
    p, r, _ = ecbplus.b_cubed({"a": "1", "b": "1", "c": "1"}, gold)
    assert r == 1.0 and p == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)


def test_two_events_of_one_kind_stay_apart():
    texts = [
        "An earthquake of magnitude 6.1 struck Qeshm island in Iran on Sunday, killing three people in Qeshm.",
        "Three people died when a 6.1 magnitude earthquake hit Qeshm island, Iranian officials said.",
        "A magnitude 7.0 earthquake struck Haiti near Port-au-Prince, killing thousands in Port-au-Prince.",
        "Thousands died in Port-au-Prince after the 7.0 magnitude earthquake in Haiti, officials said.",
    ]
    labels = stories.group(texts)
    assert labels[0] == labels[1] and labels[2] == labels[3] and labels[0] != labels[2]


@pytest.mark.parametrize("large", [False, True])
def test_ecbplus_grouping_meets_floor(monkeypatch, large):
    if large:
        monkeypatch.setattr(stories, "FULL_MATRIX_LIMIT", 10)
    scores, _ = ecbplus.evaluate(DATA / "ecbplus")
    ours, peer = scores
    print("\n" + "\n".join(f"{s.system:>18} " + " ".join(f"{k}={v:.3f}" for k, v in s.metrics.items()) for s in scores))
    floor = FLOORS["b3_f1_large" if large else "b3_f1"]
    assert ours.metrics["b3_f1"] >= floor
    assert ours.metrics["b3_f1"] > peer.metrics["b3_f1"]
