"""Sources to blocks: plain text, scraped Markdown and HTML become paragraph blocks.

Each block keeps what the format tells about it (inside a link, a heading, a rule line,
a page region such as ``<nav>``), because the cleaner's features need it.
"""

from __future__ import annotations

import re
from statistics import median

from ..types import Block

_SEPARATOR = re.compile(r"^[\s\\*\-_=~#•·—–]+$")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_MD_UNDERLINE = re.compile(r"<u>(.*?)</u>", re.S)
_MD_ANCHOR = re.compile(r"<a\b[^>]*>(.*?)</a>", re.S | re.I)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?!\w)")
_MD_LIST = re.compile(r"^\s{0,3}[-+*]\s+(?=\S)")  # bullets go; numbers are content
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_WS = re.compile(r"[ \t\u00a0]+")

MARKDOWN_SIGNS = re.compile(r"(^#{1,6}\s)|(<u>)|(\]\([^)]+\))|(^\s*\*\*[^*]+\*\*)|(^\\\*$)", re.M)


def looks_like_markdown(text: str) -> bool:
    """A ``.txt`` file saved by a Markdown scraper is parsed as Markdown."""
    return len(MARKDOWN_SIGNS.findall(text[:50_000])) >= 3


def _tidy(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _paragraphs(text: str) -> list[str]:
    """Split into paragraphs: blank-line separated when lines are hard-wrapped, else lines."""
    lines = text.split("\n")
    chunks = [c for c in re.split(r"\n\s*\n", text) if c.strip()]
    nonblank = [ln for ln in lines if ln.strip()]
    if not nonblank:
        return []
    multi_line_chunks = sum(1 for c in chunks if c.strip().count("\n") >= 2)
    long_lines = sum(1 for ln in nonblank if len(ln) > 120)
    # Hard-wrapped prose: lines of bounded width, and several blank-line separated
    # paragraphs most of which span more than one line.
    wrapped = (
        len(chunks) >= 2
        and long_lines <= 0.05 * len(nonblank)
        and median(len(ln) for ln in nonblank) < 90
        and multi_line_chunks >= len(chunks) // 2
    )
    if wrapped:
        return [" ".join(ln.strip() for ln in c.split("\n") if ln.strip()) for c in chunks]
    return [ln for ln in lines if ln.strip()]


def text_blocks(text: str) -> list[Block]:
    blocks = []
    for para in _paragraphs(text):
        para = _tidy(para)
        blocks.append(Block(text=para, separator=bool(_SEPARATOR.match(para))))
    return blocks


def _strip_markdown_inline(line: str) -> tuple[str, int]:
    """Return the plain text of a Markdown line and how many characters were link text."""
    linked = 0

    def link(match: re.Match[str]) -> str:
        nonlocal linked
        linked += len(match.group(1))
        return match.group(1)

    line = _MD_LINK.sub(link, line)
    line = _MD_UNDERLINE.sub(link, line)
    line = _MD_ANCHOR.sub(link, line)
    line = _HTML_TAG.sub("", line)
    line = _MD_EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", line)
    line = _MD_ESCAPE.sub(r"\1", line)
    return line, linked


def markdown_blocks(text: str) -> list[Block]:
    blocks = []
    for para in _paragraphs(text):
        raw = para.strip()
        if _SEPARATOR.match(raw) and not _MD_HEADING.match(raw):
            blocks.append(Block(text=_tidy(raw.replace("\\", "")), separator=True))
            continue
        heading = _MD_HEADING.match(raw)
        if heading:
            raw = heading.group(2)
        raw = _MD_LIST.sub("", raw)
        plain, linked = _strip_markdown_inline(raw)
        plain = _tidy(plain)
        if not plain:
            continue
        ratio = min(1.0, linked / len(plain)) if plain else 0.0
        blocks.append(Block(text=plain, link_ratio=ratio, heading=bool(heading)))
    return blocks
