"""Title, authors, outlet and publication date from the text itself.

Used for plain-text and Markdown sources (HTML and JSON bring their own metadata, which
wins). Only the header region — the blocks before the first body paragraph — is read for
titles, bylines and datelines, so a date inside the story never becomes the article's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from dateutil import parser as dateparser_util

from ..types import Block

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DATE_PATTERN = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?"
    rf"|\d{{1,2}}/\d{{1,2}}/\d{{4}})\b"
)
_BYLINE = re.compile(r"^(?:By|BY|Written by|Author:|Authors:|Words by)\s+(?P<rest>.+)$")
_NAME_TOKEN = re.compile(r"^[A-Z][\w'’.\-]*$")
_BODY_MIN_WORDS = 25
# "By Jane Doe, Staff Reporter": what follows the name is her role, not an outlet.
_ROLE_WORDS = {
    "reporter", "correspondent", "editor", "writer", "columnist", "contributor", "staff", "analyst",
    "producer", "journalist", "photographer", "intern", "desk", "team", "bureau", "author",
}

# Sentences in footers that name the publishing outlet. General phrasings of web
# syndication and disclaimer footers, not any one site's wording.
_OUTLET_PATTERNS = (
    re.compile(r"original source of this article is (?P<o>[A-Z][\w&.' -]{1,60}?)\s*(?:$|Copyright|[.,©])"),
    re.compile(r"(?:Copyright|©)\s*(?:©\s*)?(?:[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3},\s*)?(?P<o>[A-Z][\w&.' -]{1,60}?),?\s*(?:19|20)\d\d\b"),
    re.compile(r"(?:do not|don't) necessarily reflect (?:the (?:views|position|opinions?|stance) of )?(?P<o>[A-Z][\w&.' -]{1,60}?)(?:['’]s?)? (?:stance|views?|position|editorial)"),
)


@dataclass(frozen=True, slots=True)
class Header:
    title: str | None
    authors: tuple[str, ...]
    outlet: str | None
    published: str | None
    metadata_blocks: frozenset[int]


def parse_date(text: str) -> str | None:
    """ISO date of the first full date in ``text`` (None when there is none)."""
    match = DATE_PATTERN.search(text)
    if not match:
        return None
    raw = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", match.group(0))
    try:
        value = dateparser_util.parse(raw, dayfirst=False, fuzzy=False, default=datetime(1900, 1, 1))
    except (ValueError, OverflowError):
        return None
    if not 1900 < value.year < 2200:
        return None
    return value.date().isoformat()


def _is_body(block: Block) -> bool:
    words = block.text.split()
    return len(words) >= _BODY_MIN_WORDS and bool(re.search(r"[.!?][\"'”’)]?$", block.text))


_DATE_LINE_FILLER = re.compile(
    r"\b(?:published|updated|last updated|posted|first published|date|on|at|(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"|\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|[ap]\.?m\.?|[A-Z]{2,4}T?|GMT|UTC|ET|PT|BST|CET)\b",
    re.I,
)


def _date_line(text: str) -> bool:
    """A line that is a date (and maybe a time or "Published"), not a sentence that holds one."""
    match = DATE_PATTERN.search(text)
    if not match or len(text.split()) > 14:
        return False
    rest = text[: match.start()] + " " + text[match.end():]
    rest = _DATE_LINE_FILLER.sub(" ", rest)
    return len(re.findall(r"\w+", rest)) <= 1


def split_names(text: str) -> tuple[tuple[str, ...], str | None]:
    """People named at the start of a byline remainder, and an outlet named after them.

    "Jane Doe and John Roe, Reuters, May 3" -> (("Jane Doe", "John Roe"), "Reuters");
    "Jane Doe Global Research, May 3" -> (("Jane Doe",), "Global Research"): a run of four
    or more capitalised words is a two-word name followed by something else.
    """
    tokens = re.findall(r"[\w'’.\-]+|[,&|]", text)
    groups: list[list[str]] = [[]]
    for tok in tokens:
        if _NAME_TOKEN.match(tok) and not re.match(_MONTH + "$", tok):
            groups[-1].append(tok)
        elif tok.lower() in {"and", "&", ",", "|"}:
            if groups[-1]:
                groups.append([])
        else:
            break
    groups = [g for g in groups if g]
    names: list[str] = []
    outlet: str | None = None
    for group in groups:
        if names and outlet is None and group[0] in {"The", "THE"}:
            outlet = " ".join(group)
        elif outlet is None and 2 <= len(group) <= 3 and group[0] not in {"The", "THE"}:
            names.append(" ".join(group))
        elif outlet is None and len(group) >= 4 and not names:
            names.append(" ".join(group[:2]))
            outlet = " ".join(group[2:])
        elif names and outlet is None and group[-1].lower().rstrip("s") not in _ROLE_WORDS:
            outlet = " ".join(group)
        else:
            break
    return tuple(names), outlet


def read_header(blocks: list[Block], title_from: str = "first-line") -> Header:
    """Find title, byline, dateline in the blocks before the first body paragraph.

    ``title_from`` says which block may be the title: ``"heading"`` (Markdown: a heading),
    ``"first-line"`` (plain text: a short line without closing punctuation) or ``"none"``
    (HTML, whose title comes from its metadata).
    """
    title = outlet = published = None
    authors: tuple[str, ...] = ()
    meta: set[int] = set()
    for index, block in enumerate(blocks[:8]):
        if block.pre_removed or block.separator:
            continue
        if _is_body(block):
            break
        text = block.text
        byline = _BYLINE.match(text)
        if byline:
            names, named_outlet = split_names(byline.group("rest"))
            if names:
                authors = authors or names
                outlet = outlet or named_outlet
                published = published or parse_date(byline.group("rest"))
                meta.add(index)
                continue
        if _date_line(text):
            published = published or parse_date(text)
            meta.add(index)
            continue
        is_title_shape = len(text.split()) <= 30 and not re.search(r"[.!]$", text)
        allowed = title_from == "first-line" or (title_from == "heading" and block.heading)
        if title is None and is_title_shape and allowed:
            title = text
            meta.add(index)
    return Header(title, authors, outlet, published, frozenset(meta))


def outlet_from_footer(texts: list[str]) -> str | None:
    for text in texts:
        for pattern in _OUTLET_PATTERNS:
            match = pattern.search(text)
            if match:
                name = match.group("o").strip(" ,.'’")
                if name and name.lower() not in {"the author", "the authors", "this site", "this website"}:
                    return name
    return None
