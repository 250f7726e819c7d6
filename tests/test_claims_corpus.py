"""Claims, claim clusters and forecasts on the example corpus, as a build stores them.

These are the behaviours the claims issue names for the example corpus; the rules behind
them are general (tests/test_claims.py tests each on text of its own).
"""

from __future__ import annotations

import json

import pytest

from sitroom.export import to_json


@pytest.fixture(scope="module")
def picture(corpus_store):
    return json.loads(to_json(corpus_store))


def _doc(picture, prefix: str) -> str:
    return next(d["id"] for d in picture["documents"] if d["path"].rsplit("/", 1)[-1].startswith(prefix))


def _cluster_of(picture, document: str, words: str) -> dict:
    claim = next(c for c in picture["claims"] if c["document"] == document and words in c["text"])
    return next(k for k in picture["claim_clusters"] if k["id"] == claim["cluster"])


def test_export_sections_and_contract_fields(picture):
    for key in ("claims", "claim_clusters", "forecasts"):
        assert picture[key], key
    assert {"id", "document", "text", "start", "end", "holder", "modality", "cluster"} <= set(picture["claims"][0])
    assert {"id", "summary", "status", "supporting", "disputing"} <= set(picture["claim_clusters"][0])
    assert {"id", "document", "text", "outcome", "evidence"} <= set(picture["forecasts"][0])
    texts = {d["id"]: d["text"] for d in picture["documents"]}
    for claim in picture["claims"]:
        assert texts[claim["document"]][claim["start"]:claim["end"]] == claim["text"]
    ids = {c["id"] for c in picture["claims"]}
    for cluster in picture["claim_clusters"]:
        assert set(cluster["supporting"]) | set(cluster["disputing"]) <= ids
    assert {f["outcome"] for f in picture["forecasts"]} <= {"confirmed", "partly confirmed", "not reported", "contradicted"}


def test_missiles_to_russia_disputed_asserted_in_004_denied_in_003(picture):
    d003, d004 = _doc(picture, "003"), _doc(picture, "004")
    cluster = _cluster_of(picture, d004, "ballistic missiles")
    assert cluster["status"] == "disputed"
    claims = {c["id"]: c for c in picture["claims"]}
    denying = [claims[c] for c in cluster["disputing"]]
    assert any(c["document"] == d003 and "Araghchi" in c["holder"] and c["modality"] == "denied" for c in denying)
    assert any(claims[c]["document"] == d004 for c in cluster["supporting"])
    assert cluster["stances"][d004] == "asserts" and cluster["stances"][d003] == "denies"


def test_first_meeting_corroborated_by_three_outlets(picture):
    cluster = _cluster_of(picture, _doc(picture, "004"), "met for the first time")
    assert cluster["status"] == "corroborated"
    assert cluster["origins"] >= 3


def test_signing_the_strategic_agreement_corroborated(picture):
    cluster = _cluster_of(picture, _doc(picture, "004"), "comprehensive strategic agreement")
    assert cluster["status"] == "corroborated"


def test_forecast_agenda_items(picture):
    d000 = _doc(picture, "000")
    forecasts = [f for f in picture["forecasts"] if f["document"] == d000]
    assert len(forecasts) >= 5  # the op-ed's agenda items are forecasts

    def outcome(words: str) -> str:
        return next(f["outcome"] for f in forecasts if words in f["text"])

    assert outcome("These options will probably be discussed") in ("confirmed", "partly confirmed")
    assert outcome("will offer Pezeshkian state-of-the-art Russian air defense") != "confirmed"
    assert outcome("likely also be discussed by Putin and Pezeshkian") != "confirmed"  # the Zangezur dispute
    later = {d["id"] for d in picture["documents"] if d["published"] and d["published"] > "2024-10-08"}
    for f in forecasts:
        assert all(e["document"] in later for e in f["evidence"])


def test_readers_comments_make_no_claims(picture):
    d001 = next(d for d in picture["documents"] if d["path"].rsplit("/", 1)[-1].startswith("001"))
    comments = " ".join(r["text"] for r in d001["removed"] if r["kind"] == "comments")
    assert comments
    assert not [c for c in picture["claims"] if c["document"] == d001["id"]]
    for claim in picture["claims"]:
        assert claim["text"] not in comments
