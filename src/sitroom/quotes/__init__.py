"""Stage: quotes — who said what in one article, with the cue and the channel.

``extract(document, analysis, settings)`` returns :class:`~sitroom.types.Quote` records of
three kinds, in text order:

* **direct** — a full statement in quote marks: ``"We will stay," she said.`` A quote cut
  by its attribution (``"A," he said, "and B."``) gives two quotes with one speaker; a quote
  reopened at each paragraph gives one quote per paragraph, and a quoted paragraph with no
  attribution of its own continues the quote before it.
* **partial** — a quoted phrase inside the reporter's own sentence and attached to a
  speaker by a cue: ``He called the move "a grave mistake".``
* **indirect** — reported speech without marks: ``X said (that) ...``, ``X told Y ...``,
  ``according to X, ...``, ``..., X said.`` The span is the reported clause.

Quote marks that no speech cue explains — scare quotes, titles, nicknames, labels — are not
quotes. Everything is read from the text and the parse in ``Analysis.tokens`` (no model is
loaded here). Word lists live in :mod:`sitroom.quotes.cues`, reading the parse in
:mod:`sitroom.quotes.syntax`, naming speakers in :mod:`sitroom.quotes.speakers`. The rules
are general English, measured on the annotated set in ``eval/quotes``:
``python -m sitroom.evaluate.quotes`` prints the scores — re-run it after changing a rule or
a threshold.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..config import Settings
from .cues import ADDRESSEE_VERBS, CLAUSE_VERBS, LABEL_VERBS, REFUSAL_VERBS, TITLE_FUNCTION_WORDS
from .speakers import Names, Speaker
from .syntax import WORD, Parse, channel, speaker_head
from ..types import Analysis, Document, Quote

__all__ = ["extract"]

# Double quote marks of every style in news text, including PTB's `` and '' of tokenised
# corpora. Straight " is told apart by what touches it (see _straight_role).
_DOUBLE = re.compile(r"``|''|[\"“”„«»]")
_OPENERS, _CLOSERS = frozenset({"``", "“", "„", "«"}), frozenset({"''", "”", "»"})
# Single marks quote whole clauses in some styles (‘We will stay,’ she said). An apostrophe
# that starts a clitic ('s, 're, 'til) or ends a plural possessive (the Smiths') is not a mark.
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–-]))[‘'](?=[^\W\d_])(?!(?:s|t|re|ve|ll|d|m|em|n|til|cause|tis)\b)", re.M)
_SINGLE_CLOSE = re.compile(r"(?<=\S)\s?[’'](?=[\s.,;:!?)\]—–-]|$)(?!\s?(?:s|t|re|ve|ll|d|m)\b)", re.M)
_FINAL = frozenset(".!?")
# A scare quote is one to three words (the product issue's definition); a quote that long
# needs a cue to count.
SCARE_MAX_WORDS = 3
# A title of a work is short; a longer capitalised stretch is judged on its cue instead.
TITLE_MAX_WORDS = 10
# A quote left open for more paragraphs than this without a closing mark is a stray mark:
# quotes that run on reopen their mark at each paragraph.
MAX_OPEN_PARAGRAPHS = 6
# ", the California Highway Patrol said in a statement." — the words of an attribution on
# either side of its verb, at most.
ATTRIBUTION_TOKENS = 8
# A reported clause has a subject and a verb at least ("he resigned", "it rained").
MIN_REPORT_WORDS = 2
# "…," he said — a bare attribution after a full stop inside the marks is a name of up to
# this many words and the verb.
BARE_ATTRIBUTION_WORDS = 4


@dataclass(slots=True)
class _Span:
    """Quoted text: content [start, end); marks at open_at and close_at (None: unclosed)."""

    open_at: int
    start: int
    end: int
    close_at: int | None


@dataclass(slots=True)
class _Found:
    """A quote before its speaker is named; cue and subject are token indexes."""

    start: int
    end: int
    kind: str
    cue: tuple[int, int] | None = None  # first and last token of the cue
    subject: int | None = None  # head token of the speaker mention
    outer: tuple[int, int] = (0, 0)  # the quote with its marks
    nearby: tuple[tuple[int, int] | None, int] | None = None  # a cue (or colon) before/after, and its speaker


def extract(document: Document, analysis: Analysis, settings: Settings) -> list[Quote]:
    """The quotes of one document, in text order, with speakers named as fully as it allows.

    ``analysis`` is the language stage's output for ``document``; ``settings`` is taken for
    the stage signature (no setting changes these rules yet).
    """
    del settings
    spans = _quoted_spans(document.text)
    # Titles in marks are read as words of the sentence ("Entertainment Weekly's "Insider" said").
    titles = {id(s) for s in spans if _is_short_title(document.text, s)}
    outer = {id(s): (s.open_at, s.end if s.close_at is None else s.close_at + 1) for s in spans}
    parse = Parse(document.text, analysis, [outer[id(s)] for s in spans if id(s) not in titles],
                  [outer[id(s)] for s in spans if id(s) in titles])
    if not parse.tokens:
        return []
    found = _quoted(parse, spans)
    found += _indirect(parse, found)
    found.sort(key=lambda f: (f.start, f.end))
    return _resolve(parse, document.id, found)


# -- quote marks ---------------------------------------------------------------------------

def _straight_role(text: str, at: int) -> str:
    """'open', 'close' or 'either' for a straight double quote, from what touches it."""
    before = text[at - 1] if at else "\n"
    after = text[at + 1] if at + 1 < len(text) else "\n"
    left_open = before.isspace() or before in "([{—–-/"
    right_open = after.isspace() or after in ".,;:!?)]}—–-"
    if left_open and not right_open:
        return "open"
    if right_open and not left_open:
        return "close"
    return "either"


def _quoted_spans(text: str) -> list[_Span]:
    """Pair the quote marks of ``text`` into quoted spans, tolerating mixed styles.

    Marks are read left to right. A mark that could open, met while a quote is open, closes
    it (“…" and mis-tokenised ``…`` both occur) — except at the start of a paragraph, where
    it reopens the quote and the open part ends with the previous paragraph. A closing mark
    with nothing open is a stray. Single marks are paired only outside double-quoted text
    (inside, they are nested titles).
    """
    spans: list[_Span] = []
    current: tuple[int, int] | None = None  # opening mark: position, length
    nested = 0  # curly pairs inside a curly quote (“The “Mean Girls” star”)
    for match in _DOUBLE.finditer(text):
        mark, at = match.group(), match.start()
        role = "open" if mark in _OPENERS else "close" if mark in _CLOSERS else _straight_role(text, at)
        if current is None:
            if role != "close":
                current = (at, len(mark))
            continue
        if mark == "“" and text[current[0]] == "“" and text[at + 1:at + 2].strip() and "\n" not in text[current[0]:at]:
            nested += 1
            continue
        if mark == "”" and nested:
            nested -= 1
            continue
        line_start = text.rfind("\n", 0, at) + 1
        if role != "close" and not text[line_start:at].strip() and "\n" in text[current[0]:at]:
            spans.append(_span(text, current, None, line_start - 1))
            current, nested = (at, len(mark)), 0
        else:
            spans.append(_span(text, current, at, at))
            current, nested = None, 0
    if current is not None:
        paragraph_end = text.find("\n", current[0])
        runaway = text.count("\n", current[0]) > MAX_OPEN_PARAGRAPHS and paragraph_end != -1
        spans.append(_span(text, current, None, paragraph_end if runaway else len(text)))
    spans = [s for s in spans if s.end > s.start]
    return sorted(spans + _single_spans(text, spans), key=lambda s: s.open_at)


def _span(text: str, opening: tuple[int, int], close_at: int | None, end: int) -> _Span:
    start = opening[0] + opening[1]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return _Span(opening[0], start, end, close_at)


def _single_spans(text: str, doubles: list[_Span]) -> list[_Span]:
    inside = [(s.open_at, s.end if s.close_at is None else s.close_at + 1) for s in doubles]
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        pos = line.start()
        while (opener := _SINGLE_OPEN.search(text, pos, line.end())) is not None:
            closer = _SINGLE_CLOSE.search(text, opener.end() + 1, line.end())
            if closer is None:
                break
            if not any(a <= opener.start() < b for a, b in inside):
                spans.append(_span(text, (opener.start(), 1), closer.end() - 1, closer.end() - 1))
            pos = closer.end()
    return spans


# -- direct and partial quotes -------------------------------------------------------------

def _quoted(parse: Parse, spans: list[_Span]) -> list[_Found]:
    """Decide for each quoted span: direct, partial or not a quote; and find its cue.

    Where the opening mark stands decides the kind: at the start of a sentence or after
    an introducing "X said," / "X said:" the quote is *direct*; inside the reporter's
    sentence it is *partial*, and only when a speech cue governs it (a title or a label
    is not a quote). A direct quote takes the nearer of the cue before it and the cue after
    its closing mark; one with neither counts if it reads as a statement on its own.
    """
    marks = sorted({s.open_at for s in spans} | {s.close_at for s in spans if s.close_at is not None})
    titles = {m for s in spans if _is_short_title(parse.text, s) for m in (s.open_at, s.close_at) if m is not None}
    found: list[_Found] = []
    for span in spans:
        content = [i for i in parse.within(span.start, span.end)]
        words = WORD.findall(parse.text[span.start:span.end])
        if not content or not words:
            continue
        outer = (span.open_at, span.end if span.close_at is None else span.close_at + 1)
        before, after = _before(parse, span, marks), _after(parse, span, marks, titles)
        position = _position(parse, before, span)
        if position == "embedded":
            cue = _governing_cue(parse, content) or (_first_cue(parse, after) if _attributes(parse, span, after) else None)
            if cue is None or span.close_at is None or _is_label(parse, span, content, words):
                continue  # no speaker, never closed (a stray mark or a chant), or a label
            found.append(_Found(span.start, span.end, "partial", cue, speaker_head(parse, cue[0]), outer))
            continue
        ahead = None
        if position == "intro":  # a verb of saying rather than of naming ("what's called ...:")
            ahead = _last_cue(parse, [i for i in before if parse.lower(i) not in LABEL_VERBS]) or _last_cue(parse, before)
        behind = _first_cue(parse, after) if _attributes(parse, span, after) else None
        if behind is not None and parse.kid(behind[0], "auxpass") is not None:
            behind = None  # ""I (heart) you" was written on the wall": the quote is the subject
        if ahead and behind:
            gap_ahead = sum(1 for i in parse.within(parse.tokens[ahead[1]].end, span.open_at) if WORD.search(parse.word(i)))
            gap_behind = sum(1 for i in parse.within(outer[1], parse.tokens[behind[0]].start) if WORD.search(parse.word(i)))
            cue = ahead if gap_ahead <= gap_behind else behind
        else:
            cue = ahead or behind
        if cue is not None and _is_short_title(parse.text, span) and (cue != ahead or any(WORD.search(parse.word(i)) for i in after)):
            continue  # a title named by the speaker ("said "Moon" is ..."), not words spoken
        if cue is not None:
            kind = "partial" if cue == ahead and parse.lower(cue[0]) in LABEL_VERBS else "direct"
            found.append(_Found(span.start, span.end, kind, cue, speaker_head(parse, cue[0]), outer))
        elif _statement_alone(parse, span, content, words, after):
            nearby = _label(parse, before) if position == "intro" else None
            found.append(_Found(span.start, span.end, "direct", None, None, outer, nearby or _nearby_cue(parse, span)))
    return found


def _before(parse: Parse, span: _Span, marks: list[int]) -> list[int]:
    """Tokens of the quote's sentence before its opening mark (not past another mark).

    When nothing precedes the mark on its line and the line before ends with a colon
    (``He said:`` then the quote as its own paragraph), that line's sentence stands in.
    """
    line_start = parse.text.rfind("\n", 0, span.open_at) + 1
    k = bisect_left(marks, span.open_at)
    floor = max(line_start, marks[k - 1] + 1 if k else 0)
    sent = parse.tokens[parse.index(span.start)].sent
    tokens = [i for i in parse.within(floor, span.open_at) if parse.tokens[i].sent >= sent - 1]
    if tokens and parse.tokens[tokens[0]].sent < sent and parse.text[:span.open_at].rstrip()[-1:] not in (":", ","):
        tokens = [i for i in tokens if parse.tokens[i].sent >= sent]
    if parse.text[:span.open_at].rstrip().endswith(":"):
        # "X told Sky News:" / "... what is called "active shooter" training:" — a colon
        # introduces with its whole sentence, across marks, or from the line before.
        colon = len(parse.text[:span.open_at].rstrip()) - 1
        colon_sent, colon_line = parse.sent(colon), parse.text.rfind("\n", 0, colon) + 1
        tokens = [i for i in parse.within(colon_line, colon + 1) if parse.tokens[i].sent == colon_sent and not parse.inside(i)]
    return [i for i in tokens if parse.word(i).strip()]


def _after(parse: Parse, span: _Span, marks: list[int], titles: set[int]) -> list[int]:
    """Tokens after the closing mark to the end of that sentence (not past another quote).

    Sentences are added while no cue has been seen and the words stay few: tokenised
    abbreviations ("Const .", "A . J . Smith") end sentences too early. A short title in
    marks ("Entertainment Weekly's "Insider" reported") does not end the region.
    """
    if span.close_at is None:
        return []
    line_end = parse.text.find("\n", span.close_at)
    line_end = len(parse.text) if line_end == -1 else line_end
    k = bisect_right(marks, span.close_at)
    while k < len(marks) and marks[k] in titles:
        k += 1
    ceiling = min(line_end, marks[k] if k < len(marks) else line_end)
    tokens = [i for i in parse.within(span.close_at + 1, ceiling) if not (parse.inside(i) and parse.word(i) in "`'\"“”")]
    out: list[int] = []
    for i in tokens:
        if out and parse.tokens[i].sent != parse.tokens[out[-1]].sent:
            words = sum(1 for j in out if WORD.search(parse.word(j)))
            # A title, a name and the verb fit in twice a bare attribution's words.
            if words > BARE_ATTRIBUTION_WORDS * 2 or any(parse.is_cue(j) for j in out):
                break
        out.append(i)
    return out


def _position(parse: Parse, before: list[int], span: _Span) -> str:
    """'initial' (the quote opens its sentence), 'intro' or 'embedded'.

    An intro is a colon (``X said:``, ``Dr Jane Roe:``), a comma after a clause with a
    speech cue (``X said,``), or a speech verb right before the mark (``saying "..."``).
    """
    words = [i for i in before if WORD.search(parse.word(i))]
    if not words:
        return "initial"
    if parse.word(before[-1]).endswith(":") or parse.text[:span.open_at].rstrip().endswith(":"):
        return "intro"
    if parse.word(before[-1]) == "," and _last_cue(parse, before) is not None:
        return "intro"
    if parse.is_cue(words[-1]) and words[-1] == before[-1]:
        return "intro"
    return "embedded"


def _attributes(parse: Parse, span: _Span, after: list[int]) -> bool:
    """Whether the words after the closing mark may attribute the quote.

    After a full stop inside the marks the sentence is over, so what follows is the
    reporter's next sentence — unless it goes on in lower case (``"Go." he said``) or is a
    bare attribution (``"We are sorry." Smith said.``).
    """
    words = [i for i in after if WORD.search(parse.word(i))]
    if not words:
        return False
    if parse.text[span.start:span.end].rstrip()[-1:] not in _FINAL or parse.word(words[0])[:1].islower():
        return True
    cue = _first_cue(parse, after)
    return cue is not None and cue[0] <= words[min(BARE_ATTRIBUTION_WORDS, len(words) - 1)] \
        and parse.kid(cue[0], "ccomp", "dobj") is None


def _statement_alone(parse: Parse, span: _Span, content: list[int], words: list[str], after: list[int]) -> bool:
    """An unattributed quote counts when it reads as a statement on its own: it starts with
    a capital, is longer than a scare quote, has a verb, is not a title, and is not the
    subject of the reporter's sentence (``"Twilight" has grossed ...``)."""
    text = parse.text[span.start:span.end].rstrip()
    # A short quote is a statement only when it ends like a sentence ("We won."), which a
    # scare quote or a nickname does not.
    if len(words) <= SCARE_MAX_WORDS and (len(words) < 2 or text[-1:] not in _FINAL) or _is_title(words) or not words[0][:1].isupper():
        return False
    if not any(parse.tokens[i].pos in ("VERB", "AUX") for i in content):
        return False
    # A comma before the closing mark promises an attribution, even one we cannot read; a
    # full stop ends the sentence, so the words after it are the reporter's next one.
    return text[-1:] in _FINAL | {","} or not any(WORD.search(parse.word(i)) for i in after)


def _is_short_title(text: str, span: _Span) -> bool:
    words = WORD.findall(text[span.start:span.end])
    return 0 < len(words) <= SCARE_MAX_WORDS and _is_title(words)


def _is_title(words: list[str]) -> bool:
    """Title case: every word but short function words capitalised ("The Hunger Games")."""
    content = [w for w in words if w.lower() not in TITLE_FUNCTION_WORDS]
    return bool(content) and len(words) <= TITLE_MAX_WORDS and all(w[:1].isupper() or w[:1].isdigit() for w in content)


def _is_label(parse: Parse, span: _Span, content: list[int], words: list[str]) -> bool:
    """An embedded quote that names or labels rather than quotes: a title ("American Pie"),
    or a modifier of the noun after it (the "critical" update, a "genius grant" fellow)."""
    if _is_title(words):
        return True
    inside = set(content)
    heads = {parse.tokens[i].head for i in content if parse.tokens[i].head not in inside}
    if len(heads) != 1:
        return False
    head = next(iter(heads))
    modifiers = ("amod", "compound", "nmod", "punct", "det", "advmod", "npadvmod", "nummod", "intj", "dep")
    return parse.tokens[head].start >= span.end and parse.tokens[head].pos in ("NOUN", "PROPN") \
        and all(parse.tokens[i].dep in modifiers for i in content if parse.tokens[i].head == head)


def _label(parse: Parse, before: list[int]) -> tuple[None, int] | None:
    """A name introducing a quote with a colon and no verb ("Dr Jane Roe: "...""): the
    last person named in the few words before the colon."""
    tail = before[-8:]
    people = [i for i in tail if (m := parse.mention(i)) is not None and m.label == "PERSON"
              and not any(parse.inside(j) for j in parse.within(m.start, m.end))]
    if not people or not parse.word(before[-1]).endswith(":") or any(parse.is_verb(i) for i in tail if i > people[0]):
        return None
    return None, people[0]


def _nearby_cue(parse: Parse, span: _Span) -> tuple[tuple[int, int], int] | None:
    """A speech cue with a speaker in the sentence right before the quote or, failing that,
    right after it ("Smith agreed." + quote; quote + "Smith says ..." opening an article)."""
    before = [i for i in parse.within(0, span.open_at) if WORD.search(parse.word(i))][-1:]
    after = [i for i in parse.within((span.close_at or span.end) + 1, len(parse.text)) if WORD.search(parse.word(i))][:1]
    sentences = [parse.tokens[i].sent for i in before + after]
    if after and not any(parse.tokens[i].pos in ("VERB", "AUX") for i in range(after[0], len(parse.tokens))
                         if parse.tokens[i].sent == sentences[-1]):
        sentences.append(sentences[-1] + 1)  # a fragment cut off by a tokenised stop ("Const .")
    for sent in sentences:
        for i in (i for i in range(len(parse.tokens)) if parse.tokens[i].sent == sent):
            if _cue_at(parse, i) is not None and not parse.according(i):
                subject = speaker_head(parse, i)
                if subject is not None:
                    return (i, i), subject
    return None


def _cue_at(parse: Parse, i: int) -> tuple[int, int] | None:
    if parse.inside(i):
        return None
    if parse.according(i):
        return (i, i + 1)
    return (i, i) if (parse.is_cue(i) or parse.court_heard(i)) and not _negated(parse, i) else None


def _first_cue(parse: Parse, tokens: list[int]) -> tuple[int, int] | None:
    """The first cue, a finite verb first: in ", heard co-workers yelling, said Jones" the
    participle belongs to the reporter's clause and "said" to the attribution."""
    cues = [c for c in (_cue_at(parse, i) for i in tokens) if c]
    finite = [c for c in cues if parse.tokens[c[0]].tag in ("VBD", "VBZ", "VBP") or parse.according(c[0])]
    return (finite or cues or [None])[0]


def _last_cue(parse: Parse, tokens: list[int]) -> tuple[int, int] | None:
    return next((c for c in (_cue_at(parse, i) for i in reversed(tokens)) if c), None)


def _governing_cue(parse: Parse, content: list[int]) -> tuple[int, int] | None:
    """The nearest speech cue above the quoted words in the parse (outside any quote)."""
    inside = set(content)
    i = next((j for j in content if parse.tokens[j].head not in inside), content[0])
    seen: set[int] = set()
    while i not in seen:
        seen.add(i)
        i = parse.tokens[i].head
        if parse.inside(i):
            continue
        if i > 0 and parse.according(i - 1):
            return (i - 1, i)
        for c in parse.children[i]:  # "Per X, the talks are "delicate"", "... according to X"
            if parse.according(c) or parse.lower(c) == "per" and parse.tokens[c].dep == "prep" and not parse.inside(c):
                return (c, c + 1) if parse.according(c) else (c, c)
        cue = _cue_at(parse, i)
        if cue is not None or (parse.is_cue(i) and _negated(parse, i)):
            return cue
    return None


def _negated(parse: Parse, i: int) -> bool:
    """Speech that did not happen: "did not say", "declined to say whether"."""
    if parse.kid(i, "neg") is not None:
        return True
    head = parse.tokens[i].head
    return parse.tokens[i].dep == "xcomp" and (parse.lower(head) in REFUSAL_VERBS or parse.kid(head, "neg") is not None)


# -- indirect quotes -----------------------------------------------------------------------

def _indirect(parse: Parse, quoted: list[_Found]) -> list[_Found]:
    """Reported clauses: under a speech verb, after "according to X" or an initial "Per X,".

    Reported speech inside a quote belongs to the quote; a report whose clause is itself
    a quote ("X said: "..."") is only the quote; a direct quote inside the clause ends it.
    """
    direct = sorted(f.outer for f in quoted if f.kind == "direct")
    # A direct quote's cue, or a cue after the quote it attributes ("…," X said), reports that
    # quote; a cue governing a partial quote ahead of it reports the clause around it too.
    attributing = {f.cue[0] for f in quoted if f.cue is not None and (
        f.outer[1] <= parse.tokens[f.cue[0]].start or f.kind == "direct" and "\n" not in parse.text[parse.tokens[f.cue[0]].end:f.outer[0]])}
    found = []
    for i in range(len(parse.tokens)):
        if parse.inside(i):
            continue
        word = parse.lower(i)
        if i in attributing:
            continue
        if parse.according(i) or (word == "per" and (i == 0 or parse.tokens[i - 1].sent != parse.tokens[i].sent)):
            width = 2 if word == "according" else 1
            clause, cue = _attached_clause(parse, i, width), (i, i + width - 1)
            subject = parse.object_of_according(i)
        elif parse.is_verb(i) and (word in CLAUSE_VERBS or parse.court_heard(i)) and not _negated(parse, i):
            clause, cue, subject = _reported_clause(parse, i), (i, i), speaker_head(parse, i)
        else:
            continue
        if clause is None:
            continue
        start, end = clause
        if any(a <= start < b for a, b in (f.outer for f in quoted)):
            continue  # the whole report is in quote marks: only the quote is kept
        line_start = parse.text.rfind("\n", 0, parse.tokens[i].start) + 1
        line_end = parse.text.find("\n", parse.tokens[i].start)
        start = max(start, line_start)  # a report never crosses a paragraph
        end = min([end, len(parse.text) if line_end == -1 else line_end] + [a for a, _ in direct if start < a < end])
        end = len(parse.text[:end].rstrip(" ,:;-—"))
        if end > start:
            found.append(_Found(start, end, "indirect", cue, subject, (start, end)))
    return found


def _reported_clause(parse: Parse, cue: int) -> tuple[int, int] | None:
    """The content clause of a speech verb: its ``ccomp`` with a subject of its own.

    A verb with no subject that hangs from nothing ("Posted: 9 April") is a label, not an
    attribution. When the parser took the clause's subject for the verb's object ("Lynch
    reported the team offered ..."), the object is given back to the clause. When the
    sentence was cut by a tokenised stop ("7 p . m . , police said ."), an attribution
    closing its paragraph reports the paragraph before its comma.
    """
    tokens = parse.tokens
    if tokens[cue].dep == "ROOT" and parse.kid(cue, "nsubj", "nsubjpass", "expl") is None and speaker_head(parse, cue) is None:
        return None
    if parse.lower(cue).startswith("ask") and parse.kid(cue, "nsubj") is None:
        return None  # "when asked whether ...": the question put to the speaker
    clauses = [c for c in parse.children[cue] if tokens[c].dep == "ccomp"]
    clause = next((c for c in clauses if c > cue), clauses[0] if clauses else None)
    if clause is None:
        return _closing_attribution(parse, cue)
    span = parse.subtree(clause)
    if not any(tokens[j].dep in ("nsubj", "nsubjpass", "expl", "csubj") for j in parse.children[clause]):
        obj = parse.kid(cue, "dobj")
        addressee = parse.lower(cue) in ADDRESSEE_VERBS and parse.kid(cue, "nsubjpass") is None  # "told them", not "was told"
        if obj is None or not cue < obj < clause or addressee:
            return None  # not a clause with a subject of its own ("urged them to go")
        span = parse.subtree(obj) + span
    return _trim(parse, sorted(span))


def _closing_attribution(parse: Parse, cue: int) -> tuple[int, int] | None:
    """", X said." / ", said X." ending a paragraph: the paragraph before the comma."""
    tokens = parse.tokens
    line_start = parse.text.rfind("\n", 0, tokens[cue].start) + 1
    line_end = parse.text.find("\n", tokens[cue].start)
    line = list(parse.within(line_start, len(parse.text) if line_end == -1 else line_end))
    tail = [j for j in line if j > cue]
    # The attribution is short: a speaker (or "said" + speaker) and a channel or a date.
    if len(tail) > ATTRIBUTION_TOKENS or any(tokens[j].tag in ("VBD", "VBZ", "VBP", "MD") for j in tail):
        return None
    commas = [j for j in line if j < cue and parse.word(j) == ","]
    if not commas or cue - commas[-1] > ATTRIBUTION_TOKENS \
            or any(parse.is_verb(j) or parse.inside(j) for j in range(commas[-1] + 1, cue)):
        return None
    if any(parse.inside(j) for j in line if j < commas[-1]):
        return None  # a quote before the attribution is what it attributes
    return _trim(parse, [j for j in line if j < commas[-1]])


def _attached_clause(parse: Parse, prep: int, width: int) -> tuple[int, int] | None:
    """The clause an "according to X" / "per X" phrase belongs to, without the phrase."""
    head = parse.tokens[prep].head
    if head == prep or not (parse.is_verb(head) or parse.tokens[head].pos == "AUX"):
        return None
    phrase = set(parse.subtree(prep)) | set(range(prep, prep + width))
    span = [j for j in parse.subtree(head) if j not in phrase and parse.tokens[j].sent == parse.tokens[prep].sent]
    # The side of the phrase the clause's verb is on: "According to X, Y ..." / "Y, according to X."
    span = [j for j in span if j > max(phrase)] if head > prep else [j for j in span if j < prep]
    return _trim(parse, span)


_LEAD_DROP = frozenset({"that", ",", ":", ";", "-", "--", "and", "but", "so", "instead", "meanwhile", "however"})
_TAIL_DROP = frozenset({".", ",", ":", ";", "-", "--", "!", "?"})


def _trim(parse: Parse, tokens: list[int]) -> tuple[int, int] | None:
    """[start, end) of ``tokens`` without a leading "that" or punctuation, nor a final stop;
    None unless a verb is left."""
    if not tokens:
        return None
    first, last = tokens[0], tokens[-1]
    while first < last and (parse.lower(first) in _LEAD_DROP or not WORD.search(parse.word(first)) and not parse.inside(first)):
        first += 1
    while last > first and parse.word(last) in _TAIL_DROP:
        last -= 1
    if not any(parse.tokens[j].pos in ("VERB", "AUX") for j in range(first, last + 1)):
        return None
    if sum(1 for j in range(first, last + 1) if WORD.search(parse.word(j))) < MIN_REPORT_WORDS:
        return None
    return parse.tokens[first].start, parse.tokens[last].end


# -- speakers ------------------------------------------------------------------------------

def _resolve(parse: Parse, document: str, found: list[_Found]) -> list[Quote]:
    """Name each quote's speaker, in text order (pronouns look back at earlier speakers).

    A direct quote with no cue of its own continues the quote just before it when only
    that quote's attribution stands between them; otherwise it takes a speech cue in the
    sentence before or after it, or the name that introduces it with a colon.
    """
    names = Names(parse)
    quotes: list[Quote] = []
    last: tuple[Speaker, int] | None = None
    previous: tuple[_Found, Speaker, tuple[int, int] | None] | None = None
    for f in found:
        cue, subject = f.cue, f.subject
        speaker = Speaker(None)
        if f.kind == "direct" and cue is None:
            if previous is not None and _continues(parse, previous[0], f):
                speaker, cue = previous[1], previous[2]
                subject = None
            elif f.nearby is not None:
                cue, subject = f.nearby
        if subject is not None:
            speaker = names.speaker(subject, last)
        if speaker.name is not None and speaker.start is not None and subject is not None:
            last = (speaker, parse.sent(speaker.start))
        previous = (f, speaker, cue)
        cue_start = parse.tokens[cue[0]].start if cue else None
        cue_end = parse.tokens[cue[1]].end if cue else None
        quotes.append(Quote(
            document=document, start=f.start, end=f.end, kind=f.kind, speaker_name=speaker.name,
            speaker_start=speaker.start, speaker_end=speaker.end,
            cue=parse.text[cue_start:cue_end] if cue else None, cue_start=cue_start, cue_end=cue_end,
            channel=channel(parse, cue[0]) if cue else None,
        ))
    return quotes


def _continues(parse: Parse, previous: _Found, quote: _Found) -> bool:
    """Whether only ``previous``'s own sentence and attribution stand before ``quote``.

    Words between the two must be in the sentence and paragraph where the previous quote
    ends or where its cue is; a sentence with no verb is a fragment of the attribution
    ("E! | News ." split by the tokeniser).
    """
    anchors = [max(previous.start, previous.outer[1] - 1)] + ([parse.tokens[previous.cue[0]].start] if previous.cue else [])
    allowed = {(parse.sent(a), parse.text.count("\n", 0, a)) for a in anchors}
    between = [i for i in parse.within(previous.outer[1], quote.outer[0]) if WORD.search(parse.word(i))]
    strays = {parse.tokens[i].sent for i in between if (parse.tokens[i].sent, parse.text.count("\n", 0, parse.tokens[i].start)) not in allowed}
    return not any(parse.tokens[i].pos in ("VERB", "AUX") for i in between if parse.tokens[i].sent in strays)
