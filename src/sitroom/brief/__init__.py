"""The brief: what an analyst reads first, in Markdown or HTML.

Sections so far: sources compared (outlet, title, author, date, words, copies, removed
parts), the most mentioned actors with their roles, and who said what (each statement
cited to its source). Every value comes from the store; article text is
escaped in HTML by Jinja2's autoescape and in Markdown by ``md_escape``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone

from jinja2 import Environment, PackageLoader, select_autoescape

from ..store import SQLiteStore
from ..types import Document, Entity

FORMATS = ("md", "html")
TOP_ENTITIES = 15
TOP_SPEAKERS = 12

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_escape(value: object) -> str:
    """Text safe inside a Markdown table cell: markup characters escaped, one line."""
    text = re.sub(r"\s+", " ", str(value or "")).strip()
    return _MD_SPECIAL.sub(r"\\\1", text)


@dataclass(frozen=True, slots=True)
class SourceRow:
    document: Document
    copies: tuple[Document, ...]
    removed: dict[str, int]


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("sitroom", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    return env


def sources(documents: list[Document]) -> list[SourceRow]:
    copies: dict[str, list[Document]] = {}
    for doc in documents:
        if doc.duplicate_of:
            copies.setdefault(doc.duplicate_of, []).append(doc)
    rows = []
    for doc in documents:
        if doc.duplicate_of:
            continue
        group = [doc, *copies.get(doc.id, [])]
        removed = Counter(r.kind for member in group for r in member.removed)
        rows.append(SourceRow(doc, tuple(copies.get(doc.id, [])), dict(sorted(removed.items()))))
    rows.sort(key=lambda r: (r.document.published or "9999", r.document.outlet or "", r.document.path))
    return rows


@dataclass(frozen=True, slots=True)
class Statement:
    text: str
    kind: str
    cue: str | None
    channel: str | None
    source: str  # outlet or file name, for the citation
    document: str


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    statements: tuple[Statement, ...]


def who_said_what(store: SQLiteStore, documents: list[Document]) -> list[Speaker]:
    """Speakers with the most statements first; each statement cited to its source."""
    by_id = {d.id: d for d in documents}
    names = {e.id: e.name for e in store.entities()}
    grouped: dict[str, list[Statement]] = {}
    for _, speaker, _, quote in store.quotes():
        name = names.get(speaker or "") or quote.speaker_name
        doc = by_id[quote.document]
        if not name:
            continue
        source = doc.outlet or doc.path.rsplit("/", 1)[-1]
        grouped.setdefault(name, []).append(Statement(
            doc.text[quote.start:quote.end], quote.kind, quote.cue, quote.channel, source, doc.id))
    speakers = [Speaker(name, tuple(s)) for name, s in grouped.items()]
    speakers.sort(key=lambda s: (-len(s.statements), s.name))
    return speakers[:TOP_SPEAKERS]


def render(store: SQLiteStore, fmt: str = "md") -> str:
    documents = store.documents()
    actors: list[Entity] = store.entities()[:TOP_ENTITIES]
    template = _environment().get_template(f"brief.{fmt}.j2" if fmt == "md" else "brief.html")
    return template.render(
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        sources=sources(documents),
        documents=documents,
        duplicates=sum(1 for d in documents if d.duplicate_of),
        rejections=store.rejections(),
        actors=actors,
        speakers=who_said_what(store, documents),
        by_id={d.id: d for d in documents},
    )
