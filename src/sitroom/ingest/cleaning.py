"""Our paragraph classifier: main text versus boilerplate, navigation and comments.

It runs on every format, after trafilatura for HTML, because no extractor we tried
removes in-body boilerplate (share boxes, author bios, disclaimers inside the article
element) or readers' comments pasted under a plain-text article. Features, per block:

* cue phrases of web chrome (share/follow/subscribe prompts, disclaimers, credits, bios),
  counted only together with the grammar of an appeal (second person or an imperative);
* link density and page region (``<nav>``, ``<header>``, comment containers);
* position (the tail after the last body paragraph; the header before the first);
* the voice of a reader's comment (first person singular, addressing "you", questions,
  informal praise) in a run at the end of the document;
* repetition across documents of one outlet that are not copies of each other.

No rule names a site. Thresholds were set on the boilerplate evaluation set
(``eval/boilerplate``): re-run ``sitroom eval boilerplate`` after changing any.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence

from ..casefold import AnyCase
from ..types import Block, Removed

_I = re.I

# The cue patterns below that are only asked whether they occur are ``AnyCase``, and each
# is one ``\b(?:...)`` group of alternatives that begin with a letter: Python's ``re`` then
# skips an alternative on its first letter, where separate ``\b...|\b...`` alternatives
# (case folded) were tried one by one at every position (the disclaimer cues took 2.0 s
# over 11,664 paragraphs that way and 0.29 s this way, with the same verdicts).
_PROMO = AnyCase(
    r"\b(?:(?:share|forward|e-?mail|repost|tweet|print) (?:this|the|our) (?:article|story|post|page|piece)\b"
    r"|share (?:widely|it|on (?:facebook|twitter|x|whatsapp|linkedin|telegram|reddit))\b"
    r"|click (?:the |on the |on )?(?:share|like|subscribe|follow|button|here|link)\b"
    r"|follow us\b|like us on\b|join us on\b|find us on\b"
    r"|subscribe (?:to|for|now|today|here)\b|sign up (?:for|to|now|today|here)\b"
    r"|(?:our|the|free|daily|weekly) newsletters?\b|download (?:our|the) app\b"
    r"|feel free to (?:share|repost|republish|forward)\b|support (?:our|independent|quality) (?:work|journalism|reporting)\b"
    r"|donat(?:e|ion)s?\b|comment on\b.{0,60}\bon our\b|(?:in|to) your inbox\b|turn on notifications\b"
    r"|become a (?:member|subscriber|patron)\b|already a subscriber\b|unlimited access\b)"
)
_IMPERATIVE_START = re.compile(
    r"^\W*(?:click|tap|follow|subscribe|share|sign|join|download|like|support|donate|read|get|register|"
    r"log|watch|listen|don'?t|never|stay|please|feel|comment|forward|email|send|visit|check|become|"
    r"help|let'?s|enjoy|try|discover|explore|continue)\b",
    _I,
)
_SECOND_PERSON = AnyCase(r"\b(?:you|your|you're|yours|us|our)\b")
_DISCLAIMER = AnyCase(
    r"\b(?:views expressed\b|do(?:es)?(?:n't| not) necessarily (?:reflect|represent)\b|sole responsibility of\b"
    r"|fair use\b|all rights reserved\b|copyright\s*(?:©|\(c\)|(?:19|20)\d\d)"
    r"|copyrighted material\b|grants? permission to\b|cross-post\b|media (?:inquiries|enquiries)\b"
    r"|for (?:reprint|syndication|permission) (?:rights|requests)\b|may not be (?:re)?(?:published|reproduced)\b"
    r"|without (?:prior )?(?:written )?permission\b|reproduction (?:is )?(?:prohibited|forbidden)\b"
    r"|this (?:article|story|report|post|piece) (?:was|is|has been) (?:originally |first )?(?:published|republished|updated|corrected)\b"
    r"|originally (?:published|appeared) (?:on|in|at|by)\b|the original source of this article\b"
    r"|the author of this (?:article|piece|column)\b|expressed (?:his|her|their) own views\b"
    r"|(?:cookies?|privacy policy|terms of (?:use|service))\b.{0,80}\b(?:accept|agree|consent|use)\b)"
    r"|^\W*disclaimer\b|©"
)
_CREDIT = re.compile(
    r"^\W*(?:featured |header |top |cover |main |lead )?(?:image|photo|picture|illustration|video|graphic)s?"
    r"(?: credits?)?\s*(?::|is from|are from|by|courtesy)"
    r"|^\W*(?:photo|image|source|credits?)\s*:|^\W*(?:\(|\[)?(?:photo|image)s? (?:by|courtesy of)\b",
    _I,
)
_BIO_HEAD = re.compile(r"^\W*(?:about the (?:author|writer|authors)|author bio|articles by)\b\W*", _I)
_BIO = re.compile(
    r"^\W*(?:[Bb]y\s+)?[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}\W*\s+(?:is|was|has been)\s+(?:an?\s+|the\s+)?"
    r"(?:[\w,'’-]+\s+){0,14}?(?i:analyst|journalist|correspondent|writer|researcher|professor|contributor|"
    r"editor|columnist|author|reporter|fellow|director|commentator|scholar|expert|lecturer|economist|"
    r"historian|blogger|producer|novelist|photographer|consultant)s?\b"
)
_UI_WORDS = {
    "login", "log in", "sign in", "sign up", "register", "subscribe", "log out", "logout", "menu",
    "search", "home", "skip to content", "skip to main content", "advertisement", "advertisements",
    "sponsored", "share", "tweet", "print", "email", "reply", "read more", "continue reading",
    "load more", "show comments", "back to top", "next", "previous", "close", "accept",
    "accept cookies", "related", "related articles", "more", "top stories", "trending", "tags",
    "follow", "share this", "share this article", "facebook", "twitter", "instagram", "linkedin",
    "youtube", "telegram", "whatsapp", "rss", "sign in register", "my account", "newsletter",
    "donate", "ad", "sign in or register", "login register", "subscribe now", "share on facebook",
    "share on twitter", "copy link", "listen", "save", "print this page", "top",
}
_NAV_LEAD = re.compile(
    r"^\W*(?:related(?: articles| stories| coverage| posts)?|read (?:more|also|next)|see also|more from|more on|"
    r"recommended(?: for you)?|you (?:may|might) also like|most (?:read|popular|viewed)|trending(?: now)?|"
    r"tags?|topics?|filed under|categories|in this section|breadcrumbs?|you are here)\s*[:»›|-]",
    _I,
)
_COMMENTS_HEAD = re.compile(
    r"^\W*(?:\d+\s+)?(?:comments?|responses?|replies|reader comments|readers['’]? comments|"
    r"leave a (?:comment|reply)|join the discussion|discussion|what (?:our )?readers (?:say|think)|"
    r"add a comment|post a comment|show comments|view comments|comments? \(\d+\))\W*$",
    _I,
)
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll|me|my|mine|myself|IMHO|IMO)\b")
_INFORMAL = AnyCase(
    r"\b(?:imho|imo|lol|lmao|thanks?(?: you)?|thx|great (?:article|piece|analysis|read|post|job)|"
    r"(?:interesting|excellent|good|nice|brilliant|superb|fascinating|insightful|terrible|biased) "
    r"(?:article|analysis|piece|read|post|points?|take|summary)|well said|spot on|bravo|kudos|nonsense|rubbish)\b"
    r"|!!|\?\?|:\)|:\(|;\)"
)
_ADDRESS = re.compile(r"\b(?:you|your|you're|you’re)\b", _I)
_COMMENT_MARK = re.compile(
    r"^\W*[\w.\-]{2,30}\s+(?:says|said|wrote|commented)\s*:|\b\d+\s+(?:minutes?|hours?|days?|weeks?|months?)\s+ago\b"
    r"|^\W*[\w.\-]{2,30}(?:\s[\w.\-]{1,20})?\s*[|·•–-]\s*\w{3,9}\.? \d{1,2},? \d{4}\b"
    r"|\s(?:--|—|–)\s?@?[\w.\-]{2,30}\s*$"
    r"|^\W*reply\W*$|\b(?:upvote|downvote|report abuse|flag as inappropriate)\b",
    _I,
)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]{20,}’")

# A comment's voice score of 2 or more marks a block as written by a reader.
_COMMENT_STRONG = 2.0
# The document body uses first person in this share of its paragraphs or more (an op-ed,
# a memoir): then first person says nothing about comments.
_FIRST_PERSON_BODY_RATE = 0.2
_BODY_WORDS = 20
_SHORT_WORDS = 15


def normalise(text: str) -> str:
    """Text key for comparing blocks across documents: case, quotes, spaces folded."""
    text = text.lower().translate(str.maketrans("‘’“”«»—–", "''\"\"\"\"--"))
    return re.sub(r"\W+", " ", text).strip()


def block_hash(text: str) -> str:
    return hashlib.blake2b(normalise(text).encode(), digest_size=8).hexdigest()


def _words(text: str) -> int:
    return len(text.split())


def _unquoted(text: str) -> str:
    return _QUOTED.sub(" ", text)


def _boilerplate_kind(block: Block, relative: float) -> str | None:
    """Cue-phrase and region rules for one block; None when it looks like article text.

    ``relative`` is the block's position among the document's own blocks, 0 to 1.
    """
    text = block.text
    words = _words(text)
    if words <= 5 and re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.lower())).strip() in _UI_WORDS:
        return "navigation" if relative < 0.2 else "boilerplate"
    if _NAV_LEAD.match(text) and (block.link_ratio > 0.3 or words <= 30):
        return "navigation"
    if block.container in {"nav", "header"} and words <= 40:
        return "navigation"
    if block.link_ratio >= 0.6 and words <= 25:
        return "navigation"
    unquoted = _unquoted(text)
    appeal = bool(_SECOND_PERSON.found_in(unquoted) or _IMPERATIVE_START.match(unquoted))
    if _PROMO.found_in(unquoted) and appeal and words <= 90:
        return "boilerplate"
    if _DISCLAIMER.found_in(unquoted) and words <= 150:
        return "boilerplate"
    if _CREDIT.match(text) and words <= 30:
        return "boilerplate"
    if _BIO_HEAD.match(text) and words <= 120:
        return "boilerplate"
    if _BIO.match(text) and words <= 120 and (relative > 0.6 or block.heading is False and words <= 60 and relative > 0.5):
        return "boilerplate"
    if block.container in {"footer", "aside"} and words <= 60:
        return "boilerplate"
    return None


def _comment_score(text: str) -> float:
    unquoted = _unquoted(text)
    score = 0.0
    if _COMMENT_MARK.search(text):
        score += 3
    if _INFORMAL.found_in(unquoted):
        score += 2
    if _FIRST_PERSON.search(unquoted):
        score += 2
    if _ADDRESS.search(unquoted):
        score += 1
    if text.rstrip().endswith("?"):
        score += 1.5
    if re.match(r"^\W*(?:please|pls)\b", text, _I):
        score += 1
    if _words(text) <= 25:
        score += 0.5
    if re.search(r"\b(?:said|told|according to)\b", unquoted):
        score -= 1.5
    return score


def _comment_region(blocks: Sequence[Block], labels: list[str | None]) -> None:
    """Label readers' comments: after an explicit header, or a run of readers' voice at the end."""
    kept = [i for i, label in enumerate(labels) if label is None and not blocks[i].separator]
    if len(kept) < 2:
        return
    own = [i for i in range(len(blocks)) if not blocks[i].separator and not blocks[i].pre_removed]
    n = len(blocks)
    for i in kept:
        text = blocks[i].text
        if i > 0.3 * n and _words(text) <= 6 and _COMMENTS_HEAD.match(text):
            for j in range(i, n):
                if labels[j] is None and not blocks[j].separator:
                    labels[j] = "comments"
            return
    first_person_rate = sum(1 for i in kept if _FIRST_PERSON.search(_unquoted(blocks[i].text))) / len(kept)
    region: list[int] = []
    weak_run = 0
    for i in reversed(own):
        if labels[i] is not None:
            if region:
                break  # removed chrome before the run ends it; after the run it is skipped
            continue
        text = blocks[i].text
        score = _comment_score(text)
        if first_person_rate >= _FIRST_PERSON_BODY_RATE and _FIRST_PERSON.search(_unquoted(text)):
            score -= 2
        if score >= _COMMENT_STRONG:
            region.append(i)
            weak_run = 0
        elif score >= 1 or (score > 0 and _words(text) <= 30) or _words(text) <= 8:
            region.append(i)
            weak_run += 1
            if weak_run > 1:
                break
        else:
            break
    # The run must start (in reading order) with a block in a reader's voice.
    while region and _comment_score(blocks[region[-1]].text) < _COMMENT_STRONG:
        region.pop()
    strong = [i for i in region if _comment_score(blocks[i].text) >= _COMMENT_STRONG]
    body_words = sum(_words(blocks[i].text) for i in kept)
    region_words = sum(_words(blocks[i].text) for i in region)
    if not strong or region_words > 0.5 * body_words:
        return
    if len(strong) < 2 and not any(_COMMENT_MARK.search(blocks[i].text) or _INFORMAL.found_in(blocks[i].text) for i in strong):
        return
    for i in region:
        labels[i] = "comments"


def _sandwiched(blocks: Sequence[Block], labels: list[str | None]) -> None:
    """Heading-like lines amid removed parts go with them.

    A heading in a footer ("About us"), an appeal's title or a lone word between two
    removed blocks is chrome too, and so is a bio sentence there. Only heading-like lines
    (no closing sentence punctuation), a word or three, or bios qualify: an article may
    well end on a short sentence.
    """
    content = [i for i in range(len(blocks)) if not blocks[i].separator and not blocks[i].pre_removed]
    body = [i for i in content if labels[i] is None and _words(blocks[i].text) >= _BODY_WORDS]
    first_body, last_body = (body[0], body[-1]) if body else (len(blocks), -1)

    def candidate(i: int) -> bool:
        text = blocks[i].text
        heading_like = blocks[i].heading or not re.search(r"[.!?:;\"'”’)]$", text)
        bio = bool(_BIO.match(text)) and _words(text) <= 120
        return (heading_like and _words(text) <= 25) or _words(text) <= 3 or bio

    changed = True
    while changed:  # a removed line can make its neighbour a sandwich in turn
        changed = False
        for pos, i in enumerate(content):
            if labels[i] is not None or not candidate(i):
                continue
            before = labels[content[pos - 1]] if pos > 0 else "start"
            after = labels[content[pos + 1]] if pos + 1 < len(content) else "end"
            outside_body = i > last_body or i < first_body
            if before not in (None, "start") and after is not None and (outside_body or after != "end"):
                # Between two removed parts (or last on the page after one).
                fallback = after if after not in ("end", "metadata") else "boilerplate"
                labels[i] = before if before != "metadata" else fallback
                changed = True
            elif i > last_body and before is None and after not in (None, "end"):
                # A lead-in line after the last body paragraph, right before removed chrome.
                labels[i] = after
                changed = True


def classify(
    blocks: Sequence[Block],
    metadata_blocks: Iterable[int] = (),
    repeated: frozenset[str] = frozenset(),
    title: str | None = None,
) -> list[str | None]:
    """Label every block: None keeps it in the main text, otherwise a removed kind."""
    n = len(blocks)
    labels: list[str | None] = [None] * n
    meta = set(metadata_blocks)
    title_key = normalise(title) if title else None
    own = [i for i, b in enumerate(blocks) if not b.pre_removed]
    position = {i: rank / max(1, len(own) - 1) for rank, i in enumerate(own)}
    for i, block in enumerate(blocks):
        if block.pre_removed:
            labels[i] = "metadata" if title_key and normalise(block.text) == title_key else block.pre_removed
        elif block.separator:
            labels[i] = "separator"
        elif i in meta or (title_key and normalise(block.text) == title_key):
            labels[i] = "metadata"
        elif block.container == "comments":
            labels[i] = "comments"
        else:
            kind = _boilerplate_kind(block, position[i])
            if kind is None and repeated and _words(block.text) >= 3 and block_hash(block.text) in repeated:
                kind = "boilerplate"
            labels[i] = kind
    _comment_region(blocks, labels)
    _sandwiched(blocks, labels)
    return labels


def assemble(blocks: Sequence[Block], labels: Sequence[str | None]) -> tuple[str, tuple[Removed, ...]]:
    """Main text (kept blocks, one paragraph per line) and the removed parts, in order."""
    kept: list[str] = []
    removed: list[Removed] = []
    for block, label in zip(blocks, labels):
        if label is None:
            kept.append(block.text)
        elif label != "separator":
            removed.append(Removed(kind=label, text=block.text))  # type: ignore[arg-type]
    return "\n\n".join(kept), tuple(removed)
