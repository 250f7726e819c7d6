"""Hostile input: nothing raises out of ingest or ``build``, every input is accounted for,
no traceback reaches the CLI's stderr, and memory stays bounded.

The many random cases (hypothesis) run against the ingest functions directly
(``decode``, ``read_source``, ``clean``, ``outlet_repeats``); the whole ``build`` runs
in-process on a few generated folders (spaCy loads once per process), and once through
``sitroom build`` in a subprocess on a folder of every hostile kind at once, with its peak
memory measured. Example counts are kept small so the file runs in about a minute; raise
them with ``SITROOM_FUZZ_SCALE=10`` for a longer hunt.
"""

from __future__ import annotations

import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import pytest
from conftest import ecb_texts
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sitroom import DEFAULT_SETTINGS, build, open_store
from sitroom.config import SUPPORTED_SUFFIXES
from sitroom.errors import IngestError
from sitroom.ingest import clean, outlet_repeats, read_source
from sitroom.ingest.decode import decode
from sitroom.types import Document, Failure, RawDocument

SCALE = int(os.environ.get("SITROOM_FUZZ_SCALE", "1"))
SITROOM = [sys.executable, "-m", "sitroom"]
MEMORY_CAP_BYTES = 2 * 1024**3


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples * SCALE, deadline=None, database=None, derandomize=SCALE == 1,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                               HealthCheck.data_too_large, HealthCheck.large_base_example],
    )


# -- material ------------------------------------------------------------------------------

SENTENCES = [
    "The foreign ministers of both countries met in Geneva on Monday to discuss the ceasefire.",
    "\"We will not accept any conditions,\" the spokesman told reporters after the meeting.",
    "According to officials, the talks will resume next week in Vienna.",
    "The president said on Tuesday that the sanctions had failed to change anything.",
    "Analysts expect the central bank to raise interest rates by half a point in March.",
    "Rescue teams reached the village late on Friday after the earthquake cut the main road.",
    "The company denied reports that it had sold drones to the army.",
    "Protesters gathered outside parliament, where lawmakers debated the budget until midnight.",
]
WORDS = [
    "the", "minister", "said", "talks", "Putin", "Tehran", "Moscow", "on", "Monday", "2024",
    "Путин", "заявил", "переговоры", "в", "Москве",  # Russian
    "پزشکیان", "گفت", "مذاکرات", "در", "تهران",  # Persian
    "قال", "الرئيس", "المحادثات", "في",  # Arabic
    "שלום", "ירושלים", "北京", "会谈", "東京", "😀", "🇮🇷", "e\u0301", "ﷺ", "𝕏",
]
SPECIAL = [
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",  # zero-width, soft hyphen
    "\u200e", "\u200f", "\u202a", "\u202b", "\u202e", "\u202c", "\u2066", "\u2067", "\u2069",  # bidi
    "\x00", "\x07", "\x08", "\x1b", "\x7f", "\x85", "\x9f", "\r", "\r\n", "\t", "\f", "\v",
    "\u2028", "\u2029", "\n", "\n\n", "\n\n\n",
    "“", "”", "\"", "'", "‘", "’", "«", "»", "„", "‹", "›", "「", "」",  # quote marks, unbalanced
    " ", ". ", ", ", "—", "...", "#", "##", "* ", "**", "[", "](", ")", "<u>", "</u>", "<", ">", "&", "\\",
    "By ", "Copyright © 2024 ", "Share this article", "Login", "http://x.example/a?b=c",
]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252",
             "koi8-r", "cp1256", "iso8859-8", "gb18030", "shift_jis"]
HTML_PARTS = [
    "<div>", "</div>", "<p>", "</p>", "<article>", "</article>", "<nav>", "</nav>", "<footer>",
    "<section id='comments'>", "<div class='share social'>", "<a href='/x'>", "</a>", "<br>", "<hr/>",
    "<script>", "</script>", "<style>", "</style>", "<!--", "-->", "<![CDATA[", "]]>", "<table><tr><td>",
    "</td></tr></table>", "<ul><li>", "</li></ul>", "<h1>", "</h1>", "<title>", "</title>", "<svg>",
    "<math>", "<template>", "<iframe>", "<meta property='og:title' content='", "<meta name='author' content='",
    "'>", "&amp;", "&#0;", "&#xD800;", "&#x110000;", "&nbsp;", "&bogus;", "<?xml version='1.0'?>",
    "<!DOCTYPE html>", "<html>", "</html>", "<body>", "</body>", "<head>", "</head>", "<p",
]


def hostile_text() -> st.SearchStrategy[str]:
    """English sentences cut and interleaved with other scripts, control and invisible
    characters, unbalanced quote marks, Markdown and HTML debris; or any Unicode at all."""
    piece = st.one_of(
        st.sampled_from(SENTENCES), st.sampled_from(WORDS), st.sampled_from(SPECIAL),
        st.text(max_size=12),
    )
    return st.one_of(
        st.lists(piece, max_size=300).map("".join),
        st.lists(st.sampled_from(SENTENCES), min_size=3, max_size=30).map(" ".join),
        st.text(max_size=2000),
    )


@st.composite
def encoded_text(draw) -> bytes:
    """Hostile text in some encoding, with or without a BOM, sometimes cut mid-character."""
    text = draw(hostile_text())
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, errors="replace")
    if data and draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data) - 1))]
    return data


@st.composite
def html_page(draw) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(HTML_PARTS), st.sampled_from(SENTENCES),
                                    st.sampled_from(WORDS), st.sampled_from(SPECIAL)), max_size=200))
    return "<html><body>" + "".join(parts)


def json_value() -> st.SearchStrategy[object]:
    scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), hostile_text())
    return st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                        max_leaves=6)


LONE_SURROGATES = ["\ud800", "\udc80", "\udfff", "\ud83d"]


@st.composite
def json_record(draw) -> dict[str, object]:
    text = draw(st.one_of(hostile_text(), json_value()))
    if isinstance(text, str) and draw(st.booleans()):  # an emoji cut in half by a scraper
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(LONE_SURROGATES)) + text[at:]
    record: dict[str, object] = {"text": text}
    for field in ("id", "title", "url", "outlet", "authors", "published"):
        if draw(st.booleans()):
            record[field] = draw(st.one_of(json_value(), st.sampled_from(["x", "1", "2", "2024-13-45", ""])))
    return record


@st.composite
def jsonl_lines(draw) -> list[str]:
    """JSONL lines: good records, records with odd fields, broken JSON, non-objects, blanks."""
    line = st.one_of(
        json_record().map(json.dumps),  # ensure_ascii: lone surrogates become \\udXXX escapes
        json_record().map(lambda r: json.dumps(r)[: len(json.dumps(r)) // 2]),  # cut short
        json_value().map(json.dumps),
        st.sampled_from(["", "   ", "{", "}", "null", "[]", '{"text": "unterminated', "\x00", "{'text': 'single quotes'}"]),
    )
    return draw(st.lists(line, max_size=12))


# -- what every ingest outcome must look like ----------------------------------------------

def _valid_unicode(value: str | None) -> bool:
    try:
        (value or "").encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def ingest(path: Path) -> list[Document | Failure]:
    """``read_source`` then ``outlet_repeats`` and ``clean``, as ``build`` runs them; only
    ``IngestError`` may come out of ``clean``. Checks each outcome on the way."""
    items = list(read_source(path, DEFAULT_SETTINGS))
    raws = [i for i in items if isinstance(i, RawDocument)]
    repeats = outlet_repeats(raws)
    out: list[Document | Failure] = []
    for item in items:
        if isinstance(item, Failure):
            out.append(item)
            continue
        try:
            out.append(clean(item, repeats.get((item.outlet or "").lower(), frozenset())))
        except IngestError as exc:
            out.append(Failure(item.path, str(exc)))
    for result in out:
        if isinstance(result, Failure):
            assert result.reason.strip() and "\n" not in result.reason, result
        else:
            assert result.text.strip()
            fields = [result.text, result.title, result.outlet, result.published, result.url, *result.authors,
                      *(r.text for r in result.removed)]
            assert all(_valid_unicode(f) for f in fields), "text the store cannot encode"
    paths = [r.path for r in out]
    assert len(paths) == len(set(paths)), f"two outcomes for one source: {paths}"
    return out


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# -- ingest on many random cases -----------------------------------------------------------

@fuzz(500)
@given(data=st.one_of(st.binary(max_size=4096), encoded_text()))
def test_decode_returns_text_or_one_line_reason(data):
    try:
        text, encoding = decode(data)
    except IngestError as exc:
        assert str(exc).strip() and "\n" not in str(exc)
        return
    assert text.strip() and encoding and "\r" not in text


@fuzz(600)
@given(data=st.one_of(st.binary(max_size=4096), encoded_text()),
       suffix=st.sampled_from(SUPPORTED_SUFFIXES + (".bin", "")))
def test_any_bytes_with_any_suffix_become_documents_or_reasons(workdir, data, suffix):
    path = _write(workdir, f"bytes{suffix}", data)
    outcomes = ingest(path)
    assert outcomes, "every file ends as a document or a failure"


@fuzz(300)
@given(page=html_page(), encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_broken_html_becomes_document_or_reason(workdir, page, encoding):
    path = _write(workdir, "page.html", page.encode(encoding, errors="replace"))
    assert ingest(path)


def _of_file(source: str, path: Path) -> bool:
    """Whether ``source`` names a record of ``path``: FILE#ID, or FILE:LINE for a record
    whose id repeats an earlier one."""
    return source.startswith((f"{path}#", f"{path}:"))


@fuzz(300)
@given(lines=jsonl_lines())
def test_jsonl_every_line_accounted_for(workdir, lines):
    data = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    path = _write(workdir, "feed.jsonl", data)
    outcomes = ingest(path)
    if len(outcomes) == 1 and outcomes[0].path == str(path):
        return  # the file as a whole was refused (empty, binary ...), with its reason
    # Counted on the text as decoded: a few bytes with a NUL can pass for UTF-16.
    assert len(outcomes) == _records_in(path, data), (lines, outcomes)
    assert all(_of_file(o.path, path) for o in outcomes)


@fuzz(200)
@given(items=st.one_of(st.lists(json_record(), max_size=6), json_record(), json_value()))
def test_json_file_every_item_accounted_for(workdir, items):
    path = _write(workdir, "items.json", json.dumps(items).encode("utf-8", errors="surrogatepass"))
    outcomes = ingest(path)
    assert outcomes
    if isinstance(items, list) and items:
        assert len(outcomes) == len(items)


DEEP = 20_000


@pytest.mark.parametrize("shape, depth", [("closed", DEEP), ("unclosed", DEEP), ("inline", DEEP), ("closed", 200)])
def test_deeply_nested_html(workdir, shape, depth):
    """libxml2 stops at 256 nested elements and drops the rest of the page: such a page is
    refused with that reason, never kept in part; one under the limit is read."""
    body = " ".join(SENTENCES)
    if shape == "closed":
        page = "<div>" * depth + f"<p>{body}</p>" + "</div>" * depth
    elif shape == "unclosed":
        page = "<div><p>level " * depth + body
    else:
        page = "<p>" + "<b><i><span>" * depth + body + "</span></i></b>" * depth + "</p>"
    path = _write(workdir, f"deep-{shape}.html", f"<html><body>{page}</body></html>".encode())
    started = time.monotonic()
    (outcome,) = ingest(path)
    assert time.monotonic() - started < 60
    if depth > 255:
        assert isinstance(outcome, Failure) and "nested more than 255" in outcome.reason, outcome
    else:
        assert isinstance(outcome, Document) and SENTENCES[0] in outcome.text


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_deeply_nested_json(workdir, suffix):
    nested = "[" * DEEP + "]" * DEEP
    path = _write(workdir, f"deep{suffix}", f'{{"text": "{SENTENCES[0]}", "extra": {nested}}}'.encode())
    (outcome,) = ingest(path)
    assert isinstance(outcome, Failure) and "JSON" in outcome.reason, outcome


def test_long_sentence_and_unbalanced_quotes_are_read(workdir):
    sentence = " ".join(random.Random(1).choice(SENTENCES).rstrip(".") for _ in range(700))[:50_000] + "."
    quotes = "\n\n".join(s.replace("\"", "“", 1) + " «" for s in SENTENCES * 4)
    for name, text in {"sentence.txt": sentence, "quotes.txt": quotes}.items():
        (doc,) = ingest(_write(workdir, name, text.encode()))
        assert isinstance(doc, Document), doc


def test_pipes_devices_and_broken_links_are_refused_not_read(tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")  # reading it would block the build forever
    (folder / "zero.txt").symlink_to("/dev/zero")  # ... or never end
    (folder / "gone.txt").symlink_to(folder / "missing.txt")
    (folder / "ok.txt").write_text(" ".join(SENTENCES), encoding="utf-8")
    with open_store(str(tmp_path / "sitroom.db")) as store:
        report = build([folder], store, DEFAULT_SETTINGS)
        assert {Path(f.path).name for f in report.failures} == {"pipe.txt", "zero.txt", "gone.txt"}
        assert all("not a regular file" in f.reason for f in report.failures)
        assert [Path(d.path).name for d in store.documents()] == ["ok.txt"]


# -- the whole build ------------------------------------------------------------------------

def _records_in(path: Path, data: bytes) -> int | None:
    """How many records a JSON or JSONL file holds, if it decodes; None if it does not."""
    try:
        text, _ = decode(data)
    except IngestError:
        return None
    if path.suffix == ".jsonl":
        return sum(1 for line in text.split("\n") if line.strip())
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return None
    return len(value) if isinstance(value, list) else 1


def assert_accounted(files: dict[Path, bytes], store) -> None:
    """Every file (every record of a JSON/JSONL file) is a stored document or a rejection."""
    stored = [d.path for d in store.documents()]
    rejected = [f.path for f in store.rejections()]
    assert all(f.reason.strip() and "\n" not in f.reason for f in store.rejections())
    outcomes = stored + rejected
    assert len(outcomes) == len(set(outcomes)), "a source both stored and rejected, or stored twice"
    for path, data in files.items():
        name = str(path)
        if name in outcomes:
            continue
        records = _records_in(path, data) if path.suffix in {".json", ".jsonl"} else None
        assert records, f"{path.name} is neither stored nor rejected"
        mine = [o for o in outcomes if _of_file(o, path)]
        assert len(mine) == records, (path.name, records, mine)


hostile_file = st.one_of(
    st.tuples(st.sampled_from([".txt", ".md"]), encoded_text()),
    st.tuples(st.just(".html"), html_page().map(lambda p: p.encode())),
    st.tuples(st.just(".jsonl"), jsonl_lines().map(lambda ls: "\n".join(ls).encode("utf-8", "surrogatepass"))),
    st.tuples(st.just(".json"), st.lists(json_record(), max_size=3).map(lambda r: json.dumps(r).encode())),
    st.tuples(st.just(".txt"), st.binary(max_size=2048)),
)


@fuzz(30)
@given(files=st.lists(hostile_file, min_size=1, max_size=5))
def test_build_never_raises_and_accounts_for_every_input(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("build")
    inputs = folder / "in"
    inputs.mkdir()
    written = {_write(inputs, f"f{i}{suffix}", data): data for i, (suffix, data) in enumerate(files)}
    with open_store(str(folder / "sitroom.db")) as store:
        report = build([inputs], store, DEFAULT_SETTINGS)
        assert report.documents == store.counts()["documents"]
        assert_accounted(written, store)
        event(f"documents stored: {min(report.documents, 3)}{'+' if report.documents >= 3 else ''}")


# -- the CLI on a folder of every hostile kind ---------------------------------------------

RUSSIAN = (
    "Президенты России и Ирана встретились в пятницу в Ашхабаде на полях международного форума. "
    "Владимир Путин заявил, что отношения между двумя странами развиваются очень успешно. "
    "Стороны обсудили сотрудничество в области энергетики, транспорта и торговли."
)
HUGE_BYTES = 100 * 1024 * 1024


def hostile_folder(folder: Path) -> dict[Path, bytes]:
    """Files of every hostile kind, each made from a different real article (ECB+), so that
    none is a copy of another and each that is kept goes through the whole analysis.
    The two 100 MB files are written but not returned."""
    rng = random.Random(20261122)
    articles = iter(ecb_texts(240)[::15])
    art = lambda: next(articles)  # noqa: E731
    unbalanced = "\n\n".join("“" + p.replace(", ", ", \"", 1) for p in art().split("\n"))
    run_on = re.sub(r"[.!?]+(?=\s|$)", "", " ".join(ecb_texts(60)).replace("\n", " "))
    sentence = run_on[: run_on.rindex(" ", 0, 50_000)] + "."
    files = {
        "random.txt": rng.randbytes(65536),
        "random.bin": rng.randbytes(1024),
        "truncated.txt": (art() + " Путин").encode()[:-1],  # cut inside the last letter
        "utf16-bom.txt": art().encode("utf-16"),
        "utf16le.txt": art().encode("utf-16-le"),
        "utf16be.md": art().encode("utf-16-be"),
        "latin1.txt": ("Café talks resume in Zürich\n\n" + art()).encode("latin-1", errors="replace"),
        "cyrillic-mixed.txt": (art().replace("\n", "\n«Это провокация», — сказал Путин.\n", 1)).encode(),
        "rtl.txt": (art().replace(" the ", " \u202bژنو\u202c the ", 3)
                    + "\n\nPezeshkian (پزشکیان) said: «\u200fما آماده‌ایم\u200f».").encode(),
        "zero-width.txt": "\u200b".join(art()).replace("\u200b\n\u200b", "\n").encode(),
        "controls.txt": "".join(c + "\x01\x02" for c in art()).encode(),
        "some-controls.txt": (art().replace(". ", ".\x0b ") + "\x1b[0m").encode(),
        "quotes.txt": unbalanced.encode(),
        "sentence.txt": sentence.encode(),
        "russian.txt": RUSSIAN.encode(),
        "deep.html": ("<html><body>" + "<div>" * DEEP + f"<p>{art()}</p>" + "</div>" * DEEP + "</body></html>").encode(),
        "empty.md": b"",
        "blank.md": b" \n\t\n",
        "broken.jsonl": "\n".join([
            json.dumps({"id": "good1", "text": art()}),
            '{"id": "cut", "text": "The minis',
            "[1, 2, 3]",
            json.dumps({"id": "notext", "title": "No text"}),
            json.dumps({"id": "good2", "text": art() + " \ud83d", "published": "2024-13-45"}, ensure_ascii=True),
            json.dumps({"id": "ru", "text": RUSSIAN}),
            "",
            "not JSON at all",
            json.dumps({"text": art()}),
            json.dumps({"id": "good1", "text": "A second record with the id of the first."}),
        ]).encode(),
    }
    written = {_write(folder, name, data): data for name, data in files.items()}
    # 100 MB on one line: over the size limit as .txt; under the 20x JSONL limit as one record.
    with open(folder / "huge-line.txt", "wb") as out:
        for _ in range(HUGE_BYTES // (1024 * 1024)):
            out.write(b"word " * (1024 * 1024 // 5) + b"word")
    with open(folder / "huge-line.jsonl", "wb") as out:
        out.write(b'{"id": "huge", "text": "')
        for _ in range(HUGE_BYTES // (1024 * 1024)):
            out.write(b"word " * (1024 * 1024 // 5) + b"word")
        out.write(b'"}\n')
    return written


MEASURED_RUN = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[2:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # kilobytes on Linux
json.dump({"returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr, "peak": peak},
          open(sys.argv[1], "w"))
"""


def measured(args: Iterable[str], report: Path) -> dict:
    """Run ``args`` as a grandchild and return its output and peak resident memory (bytes)."""
    subprocess.run([sys.executable, "-c", MEASURED_RUN, str(report), *args], check=True, timeout=900)
    return json.loads(report.read_text())


def test_cli_build_on_hostile_folder(tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    db = tmp_path / "sitroom.db"
    try:
        written = hostile_folder(folder)
        started = time.monotonic()
        run = measured([*SITROOM, "build", str(folder), "--db", str(db)], tmp_path / "run.json")
        seconds = time.monotonic() - started
    finally:
        for big in folder.glob("huge-line.*"):
            big.unlink()
    print(f"hostile folder built in {seconds:.0f} s, peak RSS {run['peak'] / 2**20:.0f} MiB")
    assert run["returncode"] == 0, run["stderr"]
    assert "Traceback" not in run["stderr"], run["stderr"]
    assert run["peak"] < MEMORY_CAP_BYTES, f"peak RSS {run['peak'] / 2**20:.0f} MiB"
    rejected = {line.split(": ", 1)[0].removeprefix("rejected "): line.split(": ", 1)[1]
                for line in run["stderr"].splitlines() if line.startswith("rejected ")}
    with open_store(str(db)) as store:
        assert rejected == {f.path: f.reason for f in store.rejections()}
        assert_accounted(written, store)
        stored = {Path(d.path).name: d for d in store.documents()}
        pending = set(store.pending_analysis())
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    names = {Path(p).name: reason for p, reason in rejected.items()}
    assert "MB limit" in names["huge-line.txt"]
    assert "over the 1,000,000 limit" in names["huge-line.jsonl#huge"]
    assert names["russian.txt"].startswith("not English (detected: ru")
    assert names["broken.jsonl#ru"].startswith("not English (detected: ru")
    assert {"broken.jsonl#2", "broken.jsonl#3", "broken.jsonl#notext", "broken.jsonl#8"} <= set(names)
    assert "repeats the id 'good1' of line 1" in names["broken.jsonl:10"]
    assert "binary" in names["controls.txt"] and "unsupported" in names["random.bin"]
    assert "nested more than 255" in names["deep.html"]
    for kept in ("utf16-bom.txt", "utf16le.txt", "utf16be.md", "latin1.txt", "cyrillic-mixed.txt", "rtl.txt",
                 "zero-width.txt", "some-controls.txt", "quotes.txt", "sentence.txt", "truncated.txt",
                 "broken.jsonl#good1", "broken.jsonl#good2", "broken.jsonl#9"):
        assert kept in stored, (kept, names.get(kept))
        assert stored[kept].duplicate_of is None and stored[kept].id not in pending, f"{kept} was not analysed"
