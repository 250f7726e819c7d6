"""Ingest per format: what stays in the main text, what is removed and with which kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import news_articles

from sitroom import DEFAULT_SETTINGS
from sitroom.ingest import clean, discover, read_source
from sitroom.ingest.decode import decode
from sitroom.errors import IngestError
from sitroom.types import Failure

BODY = [
    "The harbour authority said on Tuesday that the northern pier will close for repairs after inspectors found cracks in two of its supports.",
    "Engineers expect the work to take six months and to cost about 4 million euros, according to a report published by the authority.",
    "Fishing crews who moor at the pier will be moved to the southern basin, where temporary berths are being built this week.",
    "\"We cannot risk a collapse with people on it,\" the authority's director, Maria Okafor, told reporters at the quay.",
]

NEWS_PAGE = """<!doctype html>
<html><head>
<title>Northern pier to close for repairs | The Harbour Ledger</title>
<meta property="og:title" content="Northern pier to close for repairs">
<meta property="og:site_name" content="The Harbour Ledger">
<meta name="author" content="Tom Reyes">
<meta property="article:published_time" content="2023-03-14T09:30:00Z">
</head><body>
<header><a href="/">Home</a> <a href="/login">Login</a> <a href="/subscribe">Subscribe</a></header>
<nav><ul><li><a href="/world">World</a></li><li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Northern pier to close for repairs</h1>
<p>{0}</p>
<p>{1}</p>
<div class="share-box"><p>Share this article on Facebook or Twitter and follow us for more local news.</p></div>
<p>{2}</p>
<p>{3}</p>
<p>Tom Reyes is a senior correspondent covering the port and maritime trade for the paper.</p>
</article>
<aside class="related"><h3>Related</h3><ul>
<li><a href="/a">Ferry timetable changes for the summer season</a></li>
<li><a href="/b">New cranes arrive at the container terminal</a></li>
</ul></aside>
<section id="comments"><h3>3 comments</h3>
<div class="comment"><p>About time! I walked on that pier last week and it was shaking like mad.</p></div>
<div class="comment"><p>Who is going to pay for this? Not the taxpayers again I hope.</p></div>
<div class="comment"><p>Great reporting, thanks Tom.</p></div>
</section>
<footer><p>Copyright © 2023 The Harbour Ledger. All rights reserved.</p></footer>
</body></html>
""".format(*BODY)


def _one(path: Path):
    items = list(read_source(path, DEFAULT_SETTINGS))
    assert len(items) == 1, items
    assert not isinstance(items[0], Failure), items[0]
    return clean(items[0])


def _kinds(doc, needle):
    return {r.kind for r in doc.removed if needle in r.text}


def test_html_page_main_text_and_removed_parts(tmp_path):
    page = tmp_path / "pier.html"
    page.write_text(NEWS_PAGE, encoding="utf-8")
    doc = _one(page)
    for paragraph in BODY:
        assert paragraph.split(",")[0] in doc.text
    for chrome in ("Share this article", "senior correspondent", "Ferry timetable", "About time!",
                   "Who is going to pay", "All rights reserved", "World"):
        assert chrome not in doc.text, chrome
    assert _kinds(doc, "Share this article") == {"boilerplate"}
    assert _kinds(doc, "senior correspondent") == {"boilerplate"}
    assert _kinds(doc, "Ferry timetable") == {"navigation"}
    assert _kinds(doc, "About time!") == {"comments"}
    assert _kinds(doc, "Great reporting") == {"comments"}
    assert doc.title == "Northern pier to close for repairs"
    assert doc.authors == ("Tom Reyes",)
    assert doc.outlet == "The Harbour Ledger"
    assert doc.published == "2023-03-14"
    assert doc.format == "html"


PLAIN = """Pier to close for repairs
By Tom Reyes
March 14, 2023

{0}
{1}
{2}
{3}
Click the share button below to email this article to your friends. Follow us on Telegram.
The views expressed in this article are the author's own and do not necessarily reflect the paper's position.
I think this is long overdue, my kids play there every day.
Great article! Thanks for covering this.
Sign in
""".format(*BODY)


def test_plain_text_with_pasted_comments(tmp_path):
    path = tmp_path / "pier.txt"
    path.write_text(PLAIN, encoding="utf-8")
    doc = _one(path)
    assert doc.text.startswith(BODY[0])
    assert doc.text.rstrip().endswith(BODY[3])
    assert doc.title == "Pier to close for repairs"
    assert doc.authors == ("Tom Reyes",)
    assert doc.published == "2023-03-14"
    assert _kinds(doc, "Click the share button") == {"boilerplate"}
    assert _kinds(doc, "views expressed") == {"boilerplate"}
    assert _kinds(doc, "long overdue") == {"comments"}
    assert _kinds(doc, "Great article") == {"comments"}
    assert _kinds(doc, "Sign in") == {"boilerplate"}
    assert _kinds(doc, "By Tom Reyes") == {"metadata"}


MARKDOWN = """# Pier to close for repairs

By <u>Tom Reyes</u> The Harbour Ledger, March 14, 2023

{0}

## 1. What the inspectors found

{1} See the [full report](https://example.org/report).

## 2. Where the boats go

{2}

{3}

\\*

Follow us on <u>Instagram</u> and <u>Twitter</u> and subscribe to our <u>Telegram Channel</u>.

**Tom Reyes** is a senior correspondent covering the port for The Harbour Ledger.
""".format(*BODY)


def test_markdown_sections_kept_footer_removed(tmp_path):
    path = tmp_path / "pier.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    doc = _one(path)
    assert "1. What the inspectors found" in doc.text
    assert "2. Where the boats go" in doc.text
    assert "See the full report." in doc.text, "link markup is removed, link text kept"
    assert "](" not in doc.text and "<u>" not in doc.text
    assert _kinds(doc, "Follow us on Instagram") == {"boilerplate"}
    assert _kinds(doc, "senior correspondent") == {"boilerplate"}
    assert doc.authors == ("Tom Reyes",)
    assert doc.outlet == "The Harbour Ledger"
    assert doc.published == "2023-03-14"


def test_jsonl_records_paths_and_given_metadata(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "\n".join(BODY), "title": "Pier", "outlet": "Ledger",
                    "authors": ["Tom Reyes"], "published": "2023-03-14", "url": "https://example.org/x"}),
        json.dumps({"text": "\n".join(BODY[:2]), "url": "https://www.example.net/story"}),
        "{not json",
        json.dumps({"id": "empty", "text": ""}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_source(path, DEFAULT_SETTINGS))
    docs = [clean(i) for i in items if not isinstance(i, Failure)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert [d.path for d in docs] == [f"{path}#a1", f"{path}#2"]
    first, second = docs
    assert (first.title, first.outlet, first.authors, first.published) == ("Pier", "Ledger", ("Tom Reyes",), "2023-03-14")
    assert second.outlet == "example.net", "outlet falls back to the URL's host, never fetched"
    assert {f.path for f in failures} == {f"{path}#3", f"{path}#empty"}
    assert all("\n" not in f.reason for f in failures)


def test_json_array_and_html_in_record(tmp_path):
    path = tmp_path / "items.json"
    path.write_text(json.dumps([{"id": 7, "text": NEWS_PAGE}]), encoding="utf-8")
    (item,) = list(read_source(path, DEFAULT_SETTINGS))
    doc = clean(item)
    assert doc.path == f"{path}#7"
    assert "Share this article" not in doc.text and BODY[0][:40] in doc.text


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty file"),
        (b"   \n\n  ", "whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        (bytes(range(1, 32)) * 200, "binary"),
    ],
)
def test_decode_rejects_with_reason(data, reason):
    with pytest.raises(IngestError, match=reason):
        decode(data)


@pytest.mark.parametrize(
    "encoded, encoding",
    [
        ("Café in São Paulo — “quoted”".encode("utf-8"), "utf-8"),
        ("Café in São Paulo, déjà vu, naïve résumé".encode("latin-1"), None),
        ("Café in São Paulo".encode("utf-16"), "utf-16"),
        ("Café in São Paulo".encode("utf-16-le"), "utf-16-le"),
        ("Café in São Paulo".encode("utf-16-be"), "utf-16-be"),
        ("Café in São Paulo".encode("utf-8-sig"), "utf-8"),
    ],
)
def test_decode_text_encodings(encoded, encoding):
    text, found = decode(encoded)
    assert text.startswith("Café in São Paulo")
    if encoding:
        assert found.replace("_", "-").startswith(encoding.split("-le")[0].split("-be")[0].replace("utf-16", "utf-16"))


def test_discover_skips_hidden_and_reports_missing(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("y")
    files, failures = discover([tmp_path, tmp_path / "missing"])
    assert [f.name for f in files] == ["a.txt", "b.md"]
    assert failures == [Failure(str(tmp_path / "missing"), "no such file or folder")]


def test_fold_traps_are_every_letter_that_ignorecase_matches_to_an_ascii_letter_unlike_lower():
    import re
    import sys

    from sitroom.casefold import FOLD_TRAPS

    ascii_letter = re.compile("[a-z]", re.IGNORECASE)
    found = {
        char for char in map(chr, range(128, sys.maxunicode + 1))
        if ascii_letter.fullmatch(char) and not ("a" <= char.lower() <= "z" and len(char.lower()) == 1)
    }
    assert found == set(FOLD_TRAPS)


def test_case_folded_cue_patterns_find_what_ignorecase_finds():
    """The cleaning cues run without IGNORECASE over lower-cased text: the same verdicts on
    news paragraphs, their mixed-case copies, cue texts and texts with fold traps."""
    import random
    import re

    from sitroom.casefold import AnyCase
    from sitroom.ingest import cleaning

    cues = {name: value for name, value in vars(cleaning).items() if isinstance(value, AnyCase)}
    assert {"_DISCLAIMER", "_PROMO"} <= set(cues)
    for name, cue in cues.items():
        letters = re.sub(r"\\.", "", cue.pattern)  # escapes such as \W and \b are not letters
        assert all(c.islower() and c.isascii() for c in letters if c.isalpha()), name
    rng = random.Random(7)
    samples = [
        "Copyright © 2024. All Rights Reserved.", "DISCLAIMER: The views expressed are the author's own.",
        "SHARE THIS ARTICLE on Facebook", "Subscribe Now for unlimited access", "Thanks, great article!!",
        "İt is the sole responsibility of the author", "ſhare thiſ ſtory", "Dıscussions: do not necessarily reflect",
        "Cookies help us. By using the site you AGREE to them.", "Follow Us", "You may also like",
    ]
    texts = [line for _, text in news_articles() for line in text.splitlines() if line.strip()] + samples
    texts += ["".join(c.upper() if rng.random() < 0.3 else c for c in text) for text in texts]
    hits = 0
    for name, cue in cues.items():
        folding = re.compile(cue.pattern, re.IGNORECASE)
        for text in texts:
            expected = bool(folding.search(text))
            assert cue.found_in(text) is expected, (name, text)
            hits += expected
    assert hits > 100
