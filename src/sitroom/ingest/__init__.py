"""Stage 1, ingest: files and records in, cleaned ``Document`` records out.

``discover`` walks the inputs, ``read_source`` turns one file into raw documents (or a
``Failure`` with a one-line reason), ``outlet_repeats`` finds blocks an outlet repeats
across articles, and ``clean`` separates main text from everything else and rejects
main text that is not English.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import defaultdict
from dataclasses import replace
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from ..config import SUPPORTED_SUFFIXES, Settings
from ..errors import IngestError
from ..types import Document, Failure, RawDocument
from .cleaning import assemble, block_hash, classify
from .decode import decode
from .html import parse_html
from .languages import not_english
from .markup import looks_like_markdown, markdown_blocks, text_blocks
from .metadata import outlet_from_footer, parse_date, read_header

__all__ = ["discover", "read_source", "outlet_repeats", "clean", "document_id"]

_HTML_SIGN = re.compile(r"^\s*(?:<!doctype html|<html\b|<head\b|<body\b|<article\b|<div\b|<p\b)", re.I)


def document_id(source_key: str) -> str:
    """Stable id of a source: the same file or record keeps its id across builds."""
    return hashlib.sha256(source_key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def discover(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Failure]]:
    """Every file under ``paths``, sorted; names that are not inputs become failures.

    Hidden files and folders inside a given folder are skipped (``.git``, ``.DS_Store``);
    a file named directly is always read.
    """
    files: list[Path] = []
    failures: list[Failure] = []
    for given in paths:
        path = Path(given)
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if name.startswith("."):
                        continue
                    found = Path(root) / name
                    if found.is_file():
                        files.append(found)
                    else:  # reading a pipe or a device would block or never end
                        failures.append(Failure(str(found), "not a regular file (a pipe, socket, device or broken link)"))
        elif path.exists():
            failures.append(Failure(str(path), "not a regular file or folder"))
        else:
            failures.append(Failure(str(path), "no such file or folder"))
    return files, failures


def _content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _parse_text(path: str, key: str, digest: str, text: str, meta: dict[str, object]) -> RawDocument:
    """Plain, Markdown or HTML text to a raw document (format sniffed for records)."""
    kind = meta.pop("_format", None)
    if kind == "html" or (kind is None and _HTML_SIGN.match(text)):
        page = parse_html(text)
        if not any(b.pre_removed is None for b in page.blocks):
            raise IngestError("no article text found in the HTML page")
        return _with_text_metadata(RawDocument(
            id=document_id(key), path=path, source_key=key, content_hash=digest, format="html",
            blocks=page.blocks, title=page.title, authors=page.authors, outlet=page.outlet,
            published=(page.published or None)[:10] if page.published else None, url=page.url,
        ))
    markdown = kind == "markdown" or (kind is None and looks_like_markdown(text))
    blocks = markdown_blocks(text) if markdown else text_blocks(text)
    if not blocks:
        raise IngestError("no text")
    return _with_text_metadata(RawDocument(
        id=document_id(key), path=path, source_key=key, content_hash=digest,
        format="markdown" if markdown else "text", blocks=tuple(blocks),
    ))


def _with_text_metadata(raw: RawDocument) -> RawDocument:
    """Fill what the source's metadata lacks from its header and footer text.

    Given metadata (HTML meta tags, JSON fields) wins; the header region gives title,
    byline and dateline, and footers often name the outlet ("Copyright © 2024 X").
    """
    blocks = list(raw.blocks)
    title_from = {"markdown": "heading", "html": "none"}.get(raw.format, "first-line")
    header = read_header(blocks, title_from)
    own = [b.text for b in blocks if not b.pre_removed] + [b.text for b in blocks if b.pre_removed]
    return replace(
        raw,
        title=raw.title or header.title,
        authors=raw.authors or header.authors,
        outlet=raw.outlet or header.outlet or outlet_from_footer(own[-12:]),
        published=raw.published or header.published,
        metadata_blocks=tuple(sorted(header.metadata_blocks)),
    )


_ISO_PREFIX = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2]))?$")


def _published(value: object) -> str | None:
    """A record's ``published``: as given when it is an ISO 8601 date, timestamp, month or
    year; else the date read from it ("October 8, 2024"); else None, and the document is
    dated from its text. Later stages compute with it, so "2024-13-45" must not pass."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    if _ISO_PREFIX.match(value):
        return value
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        return parse_date(value)
    return value


def _record_meta(record: dict[str, object]) -> dict[str, object]:
    authors = record.get("authors") or record.get("author") or ()
    if isinstance(authors, str):
        authors = tuple(a.strip() for a in re.split(r";|,| and ", authors) if a.strip())
    elif isinstance(authors, list):
        authors = tuple(str(a) for a in authors if a)
    else:
        authors = ()
    return {
        "title": record.get("title") if isinstance(record.get("title"), str) else None,
        "url": record.get("url") if isinstance(record.get("url"), str) else None,
        "outlet": record.get("outlet") if isinstance(record.get("outlet"), str) else None,
        "published": _published(record.get("published")),
        "authors": authors,
    }


# A JSON escape of half a UTF-16 surrogate pair ("\ud83d" of an emoji cut by a scraper)
# decodes to a lone surrogate, which no encoder (nor SQLite) accepts.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _load_json(text: str) -> object:
    """``json.loads`` with lone surrogates replaced by U+FFFD; raises ``ValueError``."""
    try:
        value = json.loads(text)
        if _SURROGATE_ESCAPE.search(text):
            value = json.loads(_SURROGATE.sub("\ufffd", json.dumps(value, ensure_ascii=False)))
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{exc.msg} at line {exc.lineno}") from None
    return value


def _records(path: Path, text: str) -> Iterator[tuple[int, str, dict[str, object] | None, str | None]]:
    """(line or item number, record key, record, error) for each record of a JSON or JSONL file."""
    if path.suffix.lower() == ".jsonl":
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                record = _load_json(line)
            except ValueError as exc:
                yield number, str(number), None, f"line {number} is not valid JSON ({str(exc).removesuffix(' at line 1')})"
                continue
            if not isinstance(record, dict):
                yield number, str(number), None, f"line {number} is not a JSON object"
                continue
            yield number, str(record.get("id") or number), record, None
        return
    try:
        data = _load_json(text)
    except ValueError as exc:
        yield 0, "", None, f"not valid JSON ({exc})"
        return
    items = data if isinstance(data, list) else [data]
    if not items:
        yield 0, "", None, "holds no records (an empty JSON array)"
    for number, record in enumerate(items, start=1):
        if not isinstance(record, dict):
            yield number, str(number), None, f"item {number} is not a JSON object"
            continue
        yield number, str(record.get("id") or number), record, None


def read_source(path: Path, settings: Settings, known: dict[str, str] | None = None) -> Iterator[RawDocument | Failure]:
    """Read one file into raw documents; every problem becomes a ``Failure``.

    ``known`` maps source keys already stored to their content hash: an unchanged source
    is skipped here (yielding nothing), which is what makes a re-run cheap.
    """
    known = known or {}
    shown = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield Failure(shown, f"unsupported file type '{suffix or path.name}' (supported: {', '.join(SUPPORTED_SUFFIXES)})")
        return
    try:
        size = path.stat().st_size
        limit = settings.max_file_bytes * (20 if suffix == ".jsonl" else 1)
        if size > limit:
            yield Failure(shown, f"file is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit for one {suffix} source")
            return
        data = path.read_bytes()
        text, _encoding = decode(data)
    except OSError as exc:
        yield Failure(shown, f"cannot read file ({exc.strerror or exc})")
        return
    except IngestError as exc:
        yield Failure(shown, str(exc))
        return
    base_key = str(path.resolve())
    if suffix in {".json", ".jsonl"}:
        unit = "line" if suffix == ".jsonl" else "item"
        first_of: dict[str, int] = {}  # record key -> the line or item that used it first
        for number, rid, record, error in _records(path, text):
            if rid in first_of:
                # The key names the stored document: a second record with it would be
                # dropped silently. It is reported under its own line or item number.
                yield Failure(f"{shown}:{number}", f"{unit} {number} repeats the id '{rid}' of {unit} "
                              f"{first_of[rid]}; ids must be unique within a file")
                continue
            first_of[rid] = number
            rpath = f"{shown}#{rid}" if rid else shown
            if error or record is None:
                yield Failure(rpath, error or "unreadable record")
                continue
            body = record.get("text")
            if not isinstance(body, str) or not body.strip():
                yield Failure(rpath, "record has no 'text' field with article text")
                continue
            if len(body) > settings.max_record_chars:
                yield Failure(rpath, f"record text has {len(body):,} characters, over the {settings.max_record_chars:,} limit")
                continue
            key = f"{base_key}#{rid}"
            digest = _content_hash(json.dumps(record, sort_keys=True, ensure_ascii=False).encode())
            if known.get(key) == digest:
                continue
            meta = _record_meta(record)
            try:
                raw = _parse_text(rpath, key, digest, body.replace("\r\n", "\n"), {})
            except IngestError as exc:
                yield Failure(rpath, str(exc))
                continue
            yield RawDocument(
                id=raw.id, path=rpath, source_key=key, content_hash=digest, format="json",
                blocks=raw.blocks,
                title=meta["title"] or raw.title,  # type: ignore[arg-type]
                authors=meta["authors"] or raw.authors,  # type: ignore[arg-type]
                outlet=meta["outlet"] or raw.outlet or _outlet_from_url(meta["url"]),  # type: ignore[arg-type]
                published=meta["published"] or raw.published,  # type: ignore[arg-type]
                url=meta["url"] or raw.url,  # type: ignore[arg-type]
                metadata_blocks=raw.metadata_blocks,
            )
        return
    digest = _content_hash(data)
    if known.get(base_key) == digest:
        return
    fmt = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}.get(suffix)
    try:
        yield _parse_text(shown, base_key, digest, text, {"_format": fmt} if fmt else {})
    except IngestError as exc:
        yield Failure(shown, str(exc))


def outlet_repeats(raws: Iterable[RawDocument], min_documents: int = 2) -> dict[str, frozenset[str]]:
    """Per outlet, block hashes repeated in articles that are not copies of each other.

    A footer an outlet puts under every article shows up here; the body of an article
    saved twice does not, because two documents sharing most of their blocks are copies.
    """
    by_outlet: dict[str, dict[str, frozenset[str]]] = defaultdict(dict)
    for raw in raws:
        if raw.outlet:
            hashes = frozenset(block_hash(b.text) for b in raw.blocks if not b.pre_removed and len(b.text.split()) >= 3)
            by_outlet[raw.outlet.lower()][raw.id] = hashes
    result: dict[str, frozenset[str]] = {}
    for outlet, docs in by_outlet.items():
        holders: dict[str, list[str]] = defaultdict(list)
        for doc_id, hashes in docs.items():
            for h in hashes:
                holders[h].append(doc_id)
        repeated: set[str] = set()
        for h, ids in holders.items():
            if len(ids) < min_documents:
                continue
            # One pair of documents that are not copies is enough; check only a few pairs.
            for a in ids[:6]:
                if any(
                    len(docs[a] & docs[b]) < 0.5 * min(len(docs[a]), len(docs[b]))
                    for b in ids[:6] if b != a
                ):
                    repeated.add(h)
                    break
        result[outlet] = frozenset(repeated)
    return result


def clean(raw: RawDocument, repeated: frozenset[str] = frozenset()) -> Document:
    """Separate main text from boilerplate, navigation, metadata lines and comments.

    Raises ``IngestError`` when nothing is left, or when the main text is not English
    (the reason names the language found, see ``languages.not_english``).
    """
    labels = classify(raw.blocks, raw.metadata_blocks, repeated, raw.title)
    text, removed = assemble(raw.blocks, labels)
    if not text.strip():
        raise IngestError("nothing left after removing boilerplate and comments")
    foreign = not_english(text)
    if foreign:
        raise IngestError(foreign)
    return Document(
        id=raw.id, path=raw.path, source_key=raw.source_key, content_hash=raw.content_hash,
        format=raw.format, text=text, title=raw.title, authors=tuple(raw.authors), outlet=raw.outlet,
        published=raw.published, url=raw.url, removed=removed,
    )
