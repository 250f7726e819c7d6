"""The brief escapes article text and tells what it holds."""

from __future__ import annotations

import json

from sitroom import DEFAULT_SETTINGS, build, open_store
from sitroom.brief import md_escape, render

HOSTILE_TITLE = '<script>alert(1)</script> | [x](javascript:alert(1))'


def test_hostile_metadata_is_escaped_in_html_and_markdown(tmp_path, fresh_db):
    feed = tmp_path / "feed.jsonl"
    record = {"id": "x", "title": HOSTILE_TITLE, "outlet": "<img src=x onerror=alert(1)>",
              "text": "The council met on Monday and approved the new budget for schools and roads in the city."}
    feed.write_text(json.dumps(record) + "\n")
    with open_store(str(fresh_db)) as store:
        build([feed], store, DEFAULT_SETTINGS)
        html = render(store, "html")
        md = render(store, "md")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html
    assert "[x](javascript" not in md and "\\<script\\>" in md


def test_md_escape_keeps_table_cells_on_one_line():
    assert md_escape("a|b\nc") == "a\\|b c"


def test_brief_lists_sources_with_removed_parts(corpus_store):
    md = render(corpus_store, "md")
    assert "4 sources (5 documents, 1 duplicate)" in md
    assert "comments" in md and "boilerplate" in md
    assert "| Putin | PERSON |" in md or "Putin" in md.split("## Most mentioned actors")[1]


def test_brief_has_claim_sections_with_citations(corpus_store):
    md = render(corpus_store, "md")
    for heading in ("## Corroborated", "## Disputed", "## Forecast scorecard", "## Sources compared", "Stance by outlet"):
        assert heading in md
    disputed = md.split("## Disputed")[1].split("## Forecast scorecard")[0]
    assert "ballistic missiles" in disputed and "denied by Abbas Araghchi" in disputed
    scorecard = md.split("## Forecast scorecard")[1].split("## Sources compared")[0]
    assert "partly confirmed" in scorecard and "not reported" in scorecard
    html = render(corpus_store, "html")
    for heading in ("Corroborated", "Disputed", "Forecast scorecard", "Sources compared"):
        assert f"<h2>{heading}</h2>" in html


def test_hostile_claim_text_is_escaped(tmp_path, fresh_db):
    feed = tmp_path / "feed.jsonl"
    text = ("The mayor of Paris said the council approved 3 new schools <script>alert(1)</script> on Monday. "
            "Officials in Paris denied that the council approved 3 new schools <img src=x onerror=alert(1)>.")
    feed.write_text(json.dumps({"id": "a", "outlet": "Daily A", "published": "2024-01-02", "text": text}) + "\n"
                    + json.dumps({"id": "b", "outlet": "Daily B", "published": "2024-01-03", "text": text}) + "\n")
    with open_store(str(fresh_db)) as store:
        build([feed], store, DEFAULT_SETTINGS)
        assert store.claims()
        html = render(store, "html")
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html.split("<h2>Disputed</h2>")[1]  # the claim is shown, escaped
