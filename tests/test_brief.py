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
