"""The brief escapes article text and tells what it holds."""

from __future__ import annotations

import json
import re

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


def test_summary_sentences_are_verbatim_and_cited(corpus_store):
    from sitroom.brief import SUMMARY_MAX, executive_summary

    documents = corpus_store.documents()
    texts = {d.id: d.text for d in documents}
    summary = executive_summary(corpus_store.events(), corpus_store.claim_clusters(), corpus_store.claims(), documents)
    assert 3 <= len(summary) <= SUMMARY_MAX
    for cited in summary:
        assert cited.text == texts[cited.document][cited.start:cited.end]  # verbatim, span exact
        assert cited.text == cited.text.strip() and "\n" not in cited.text and cited.source
    assert len({(c.document, c.start) for c in summary}) == len(summary)
    md = render(corpus_store, "md")
    section = md.split("## Summary")[1].split("## Sources")[0]
    items = [line for line in section.splitlines() if line.strip()]
    assert len(items) == len(summary)
    for line, cited in zip(items, summary):
        assert line.startswith("- “") and f"document {cited.document}, characters {cited.start}–{cited.end}" in line
    assert md.index("## Summary") < md.index("## Sources")


def test_brief_shows_relations_with_evidence_and_a_network_picture(corpus_store):
    md = render(corpus_store, "md")
    relations = md.split("## Relations")[1].split("\n## ")[0]
    rows = [line for line in relations.splitlines() if line.startswith("| ") and not line.startswith("| Actor")]
    assert rows and any("| cooperation |" in row for row in rows)
    assert all(re.search(r"“.+” — .+, [0-9a-f]+ \[\d+–\d+\] \|$", row) for row in rows)  # each row cites a passage
    html = render(corpus_store, "html")
    section = html.split("<h2>Relations</h2>")[1].split("<h2>")[0]
    assert '<figure class="chart network"><svg' in section and "<cite>" in section
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_hostile_actor_names_are_escaped_in_the_relations_and_the_picture(tmp_path, fresh_db):
    from sitroom.brief import charts
    from sitroom.types import Entity, Relation

    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "x", "outlet": "Daily", "published": "2024-01-02",
                                "text": "The council met the union on Monday and agreed to talk again about roads."}) + "\n")
    evil = '<script>alert(1)</script> $\\frac{1}{2}$'
    with open_store(str(fresh_db)) as store:
        build([feed], store, DEFAULT_SETTINGS)
        doc = store.documents()[0]
        store.replace_entities([Entity("e1", evil, "ORG"), Entity("e2", "<img src=x onerror=alert(1)>", "ORG")], {})
        store.replace_relations([Relation("e1", "e2", "conflict", -7.0, ((doc.id, 0, 20),), events=1)])
        html = render(store, "html")
        md = render(store, "md")
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    section = html.split("<h2>Relations</h2>")[1].split("<h2>")[0]
    assert "&lt;script&gt;" in section and "<svg" in section
    svg = charts.network_svg([Relation("e1", "e2", "conflict", -7.0, (), events=1)], {"e1": evil, "e2": "<b>x</b>"})
    assert svg.startswith("<svg") and "<script" not in svg and "<b>" not in svg
    assert "\\<script\\>" in md.split("## Relations")[1]
