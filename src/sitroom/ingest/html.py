"""HTML pages: trafilatura finds the main text, lxml accounts for everything else.

trafilatura is the best extractor we have for the article element, but it drops page
parts without telling what they were, and keeps in-body boilerplate. We walk the page's
own block elements once so that every dropped part is kept with a kind, and so that the
main-text blocks carry their link density and region into our cleaner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml import etree

from ..errors import IngestError
from ..types import Block

_BLOCK_TAGS = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "td", "th",
    "dt", "dd", "pre", "address", "div", "section", "article", "aside", "header", "footer",
    "nav", "main", "form", "ul", "ol", "table", "tr", "figure", "caption", "summary",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object"}
_REGION_TAGS = {"nav": "nav", "header": "header", "footer": "footer", "aside": "aside"}
_REGION_HINT = re.compile(
    r"(?<![a-z])(nav|navbar|menu|breadcrumbs?|header|masthead|footer|sidebar|aside|related|"
    r"share|social|comments?|disqus|reply|newsletter|subscribe|cookie|promo|advert|ads?|tags?)(?![a-z])",
    re.I,
)
_WS = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class PageBlock:
    text: str
    link_ratio: float
    region: str


def _region_of(element: etree._Element) -> str:
    """Name the structural region an element sits in ("" for none)."""
    node = element
    while node is not None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _REGION_TAGS:
            return _REGION_TAGS[tag]
        hint = " ".join(filter(None, (node.get("id"), node.get("class"), node.get("role"))))
        if hint:
            match = _REGION_HINT.search(hint)
            if match:
                word = match.group(1).lower()
                if word.startswith("comment") or word in {"disqus", "reply"}:
                    return "comments"
                if word in {"nav", "navbar", "menu", "breadcrumb", "breadcrumbs", "related", "tags", "tag"}:
                    return "nav"
                return word
        node = node.getparent()
    return ""


def page_blocks(root: etree._Element) -> list[PageBlock]:
    """Leaf block elements of the page in document order, with text and link ratio."""
    blocks: list[PageBlock] = []
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag not in _BLOCK_TAGS:
            continue
        if any(isinstance(d.tag, str) and d.tag in _BLOCK_TAGS for d in element.iterdescendants()):
            # Only the direct text of a container counts; its child blocks come on their own.
            own = " ".join(t for t in [element.text] + [c.tail for c in element] if t)
            own = _WS.sub(" ", own).strip()
            if own:
                blocks.append(PageBlock(own, 0.0, _region_of(element)))
            continue
        if any(isinstance(a.tag, str) and a.tag in _SKIP_TAGS for a in element.iterancestors()):
            continue
        text = _WS.sub(" ", element.text_content()).strip()
        if not text:
            continue
        linked = sum(len(_WS.sub(" ", a.text_content()).strip()) for a in element.iter("a"))
        blocks.append(PageBlock(text, min(1.0, linked / len(text)), _region_of(element)))
    return blocks


def _key(text: str) -> str:
    return _WS.sub(" ", text).strip().lower()


@dataclass(frozen=True, slots=True)
class ParsedPage:
    blocks: tuple[Block, ...]
    title: str | None
    authors: tuple[str, ...]
    outlet: str | None
    published: str | None
    url: str | None


def parse_html(html: str) -> ParsedPage:
    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.fromstring(html, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(f"cannot parse as HTML ({exc})") from exc
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        # libxml2 (here and inside trafilatura) stops reading at 256 nested elements and
        # drops the rest of the page without an exception: say so rather than keep a part.
        raise IngestError("HTML nested more than 255 elements deep; the parser stops there and would lose the rest of the page")
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    extracted = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=True, include_tables=True, favor_recall=True
    )
    main_lines: list[str] = []
    comment_lines: list[str] = []
    title = authors_raw = outlet = published = url = None
    if extracted is not None:
        main_lines = [ln.strip() for ln in (extracted.text or "").split("\n") if ln.strip()]
        comment_lines = [ln.strip() for ln in (extracted.comments or "").split("\n") if ln.strip()]
        title, authors_raw = extracted.title, extracted.author
        outlet, published, url = extracted.sitename, extracted.date, extracted.url
    page = page_blocks(root)
    by_text = {_key(b.text): b for b in page}
    kept = {_key(line) for line in main_lines}
    commented = {_key(line) for line in comment_lines}

    blocks: list[Block] = []
    for line in main_lines:
        info = by_text.get(_key(line))
        blocks.append(
            Block(
                text=_WS.sub(" ", line).strip(),
                link_ratio=info.link_ratio if info else 0.0,
                container=info.region if info else "",
            )
        )
    # Everything visible that trafilatura left out is kept as removed, in page order,
    # after the main text (offsets refer only to the main text, so order there is free).
    seen: set[str] = set(kept)
    for block in page:
        key = _key(block.text)
        if key in seen or any(key and key in k for k in kept if len(key) > 40):
            continue
        seen.add(key)
        if key in commented or block.region == "comments":
            kind = "comments"
        elif block.region in {"nav", "header"} or block.link_ratio > 0.5:
            kind = "navigation"
        else:
            kind = "boilerplate"
        blocks.append(Block(text=block.text, link_ratio=block.link_ratio, container=block.region, pre_removed=kind))
    for line in comment_lines:
        if _key(line) not in seen:
            seen.add(_key(line))
            blocks.append(Block(text=line, container="comments", pre_removed="comments"))
    authors = tuple(a.strip() for a in re.split(r";|\band\b", authors_raw or "") if a.strip())
    return ParsedPage(tuple(blocks), title, authors, outlet, published, url)
