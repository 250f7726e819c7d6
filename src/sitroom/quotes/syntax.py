"""Reading the parse for the quotes stage: token views, the speaker at a cue, the channel.

:class:`Parse` is the shared :class:`~sitroom.parse.TokenView` of an
:class:`~sitroom.types.Analysis` (words, children, subtrees) with what quotes ask besides:
entity mentions by position, sentences, which tokens are quoted. :func:`speaker_head` finds the token
that does the speaking at a cue; :func:`channel` reads the medium or audience of the words
("in a statement", "to reporters"). Naming the speaker is :mod:`sitroom.quotes.speakers`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from .cues import (
    ADDRESSEE_VERBS, AS_SAYING, AUDIENCE_NOUNS, CHANNEL_NOUNS, CHANNEL_PREPOSITIONS, CLAUSE_VERBS, HEARING_NOUNS,
    QUOTING_VERBS, SPEECH_VERBS,
)
from ..parse import TokenView
from ..types import Analysis, Mention

__all__ = ["Parse", "WORD", "SUBJECT_DEPS", "speaker_head", "channel"]

WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")  # a word, with inner hyphens, apostrophes, stops
SUBJECT_DEPS = ("nsubj", "nsubjpass")


class Parse(TokenView):
    """Token-level views of one Analysis (``TokenView``'s words, children and subtrees),
    with the entity mentions by position, the sentences and which tokens are quoted."""

    def __init__(self, text: str, analysis: Analysis, quoted: list[tuple[int, int]], titles: list[tuple[int, int]]) -> None:
        super().__init__(text, analysis, ())  # mentions are looked up by position here (``mention``)
        self.starts = [t.start for t in self.tokens]
        self.mentions = sorted(analysis.mentions, key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]
        self.quoted = sorted(quoted)  # (opening mark, end of closing mark) of each quote
        self.titles = titles  # the same for short titles in marks ("Twilight"), read as words
        self.sentences: dict[int, range] = {}
        for i, tok in enumerate(self.tokens):
            first = self.sentences.get(tok.sent, range(i, i)).start
            self.sentences[tok.sent] = range(first, i + 1)
        opens = [a for a, _ in self.quoted]
        self._inside = [(k := bisect_right(opens, t.start) - 1) >= 0 and t.start < self.quoted[k][1] for t in self.tokens]

    def index(self, char: int) -> int:
        """The token that contains ``char`` (or the last one before it)."""
        return max(0, bisect_right(self.starts, char) - 1)

    def within(self, start: int, end: int) -> range:
        return range(bisect_left(self.starts, start), bisect_left(self.starts, end))

    def sent(self, char: int) -> int:
        return self.tokens[self.index(char)].sent

    def between(self, after: int, before: int) -> list[int]:
        """Tokens of the sentences strictly between sentence ``after`` and ``before``."""
        return [i for sent in range(after + 1, before) for i in self.sentences.get(sent, ())]

    def outside_child(self, i: int, *deps: str) -> int | None:
        """A child outside quote marks: the parser may hang a quote's subject on the cue."""
        return next((c for c in self.children[i] if self.deps[c] in deps and not self.inside(c)), None)

    def inside(self, i: int) -> bool:
        """Whether token ``i`` is part of a quoted span (its marks included)."""
        return self._inside[i]

    def is_verb(self, i: int) -> bool:
        """A verb by its tag (VB*): a modal such as "will" (MD) is none here, where
        ``TokenView.is_verb`` also counts the parts of speech VERB and AUX."""
        return self.tokens[i].tag.startswith("VB")

    def is_cue(self, i: int) -> bool:
        """A speech verb ("said", "told", "warned"), but not the "called" of "so-called"."""
        if i >= 2 and self.lower(i - 2) == "so" and self.word(i - 1) == "-" or i >= 1 and self.lower(i - 1) in ("so-", "so"):
            return False
        return self.is_verb(i) and self.lower(i) in SPEECH_VERBS

    def court_heard(self, i: int) -> bool:
        """"The court heard (that) ...": evidence reported without naming who gave it."""
        subject = self.kid(i, "nsubj")
        return self.lower(i) in ("heard", "hears") and subject is not None and self.lower(subject) in HEARING_NOUNS

    def according(self, i: int) -> bool:
        return self.lower(i) == "according" and i + 1 < len(self.tokens) and self.lower(i + 1) == "to"

    def object_of_according(self, i: int) -> int | None:
        """X in "according to X" / "per X" (the parser hangs it on either word)."""
        found = self.kid(i + 1, "pobj") if self.according(i) else None
        return found if found is not None else self.kid(i, "pobj")

    def is_proper(self, i: int) -> bool:
        """A proper noun: tagged so, or capitalised where a sentence does not start."""
        word = self.word(i)
        first = i == 0 or self.tokens[i - 1].sent != self.tokens[i].sent
        return self.tokens[i].tag.startswith("NNP") or (word[:1].isupper() and not first and self.tokens[i].pos in ("NOUN", "PROPN"))

    def mention(self, i: int) -> Mention | None:
        """The entity mention that token ``i`` is part of."""
        k = bisect_right(self.mention_starts, self.tokens[i].start) - 1
        if k >= 0 and self.mentions[k].end >= self.tokens[i].end:
            return self.mentions[k]
        return None


def speaker_head(parse: Parse, cue: int) -> int | None:
    """The head token of whoever speaks at ``cue``; None when the text does not say.

    The subject of the cue verb (also after it: "said the spokesman"); the agent of a
    passive label ("labelled suspicious by X"); for a participle ("..., saying") or a
    coordinated verb ("... and said") the subject of the verb it hangs from; the object of
    "quoted X as saying". A passive speech verb ("was told") has no speaker.
    """
    tokens = parse.tokens
    seen: set[int] = set()
    while cue not in seen:
        seen.add(cue)
        if parse.according(cue) or parse.lower(cue) == "per":
            return parse.object_of_according(cue)
        if parse.court_heard(cue):
            return None
        subject = _adjacent_subject(parse, cue)
        if subject is None:
            subject = parse.outside_child(cue, "nsubj")
        if subject is not None:
            return subject
        agent = parse.outside_child(cue, "agent")
        if agent is not None:
            return parse.kid(agent, "pobj")
        passive = parse.outside_child(cue, "nsubjpass")
        if passive is not None:
            return passive if any(parse.lower(i) in AS_SAYING for i in seen) else None
        inverted = _inverted_subject(parse, cue)
        if inverted is not None:
            return inverted
        head, dep = tokens[cue].head, tokens[cue].dep
        if head == cue:
            return _left_subject(parse, cue) if tokens[cue].tag in ("VBD", "VBZ", "VBP") else None
        if dep == "acl" and tokens[head].pos in ("NOUN", "PROPN"):
            return head  # "a studio saying ..."
        if dep == "pcomp":  # "despite saying", "quoted X as saying", "was reported as saying"
            head = tokens[head].head
            if parse.lower(head) in QUOTING_VERBS and parse.outside_child(head, "dobj") is not None:
                return parse.outside_child(head, "dobj")
        elif dep not in ("conj", "advcl", "xcomp", "ccomp") or not (parse.is_verb(head) or tokens[head].pos == "AUX"):
            return None
        if dep in ("advcl", "xcomp") and tokens[head].dep == "ccomp" and parse.is_cue(tokens[head].head):
            head = tokens[head].head  # "X said the bullet was deformed, suggesting ...": X suggests
        cue = head
    return None


def _inverted_subject(parse: Parse, cue: int) -> int | None:
    """"said the spokesman" when the parser made the speaker an object of a finite cue."""
    tokens = parse.tokens
    if tokens[cue].tag not in ("VBD", "VBZ", "VBP") or parse.lower(cue) not in CLAUSE_VERBS - ADDRESSEE_VERBS:
        return None
    for c in parse.children[cue]:
        if c > cue and tokens[c].dep in ("dobj", "attr", "appos", "oprd") and tokens[c].pos in ("PROPN", "NOUN") and not parse.inside(c):
            m = parse.mention(c)
            if m is None or m.label not in ("DATE", "TIME"):
                return c
    return None


def _left_subject(parse: Parse, cue: int) -> int | None:
    """The noun phrase just before a finite cue left without a subject, when the parser
    joined an unpunctuated line to the next ("... politicians\nThe vice president of the
    union, Jane Roe, told ..."): its outermost noun on the cue's line."""
    line_start = parse.text.rfind("\n", 0, parse.tokens[cue].start) + 1
    j = cue - 1
    while j >= 0 and parse.tokens[j].start >= line_start and (parse.tokens[j].pos == "PUNCT" or parse.inside(j)):
        j -= 1
    if j < 0 or parse.tokens[j].start < line_start or parse.tokens[j].pos not in ("NOUN", "PROPN", "PRON"):
        return None
    while parse.tokens[j].dep in ("appos", "compound", "flat") and line_start <= parse.tokens[parse.tokens[j].head].start < parse.tokens[cue].start:
        j = parse.tokens[j].head
    return j


def _adjacent_subject(parse: Parse, cue: int) -> int | None:
    """The noun phrase right before a sentence-final cue (", the Journal reported").

    The parser sometimes hangs the attribution's subject elsewhere; when a comma (or a
    closing quote mark) is followed by a short verbless phrase and the cue, that phrase
    is the speaker.
    """
    run: list[int] = []
    j = cue - 1
    while j >= 0 and not parse.inside(j) and parse.word(j) not in (",", ";", ":") and len(run) < 8:
        if parse.is_verb(j) or parse.tokens[j].pos == "AUX" or parse.tokens[j].sent != parse.tokens[cue].sent:
            return None
        run.append(j)
        j -= 1
    if not run or j < 0 or not (parse.word(j) == "," or parse.inside(j)):
        return None
    if parse.tokens[run[-1]].pos in ("ADP", "ADV", "SCONJ", "CCONJ"):
        return None  # ", after her return to Paris, disclosed": an adjunct, not the subject
    run_set = set(run)  # nearest the cue first
    heads = [i for i in run if parse.tokens[i].head not in run_set and parse.tokens[i].pos in ("NOUN", "PROPN", "PRON")]
    subjects = [i for i in heads if parse.tokens[i].dep in SUBJECT_DEPS]
    return (subjects or heads or [None])[0]


def channel(parse: Parse, cue: int) -> str | None:
    """The medium or audience of the words: "in a statement", "to reporters", "on X".

    A prepositional phrase on the cue (or on the verb a participle cue hangs from) whose
    noun names a medium or an audience, or an organisation after "to"; for "told", its
    object ("told reporters" -> "to reporters"); for "according to", a medium object
    ("according to the Kremlin transcript").
    """
    text, tokens = parse.text, parse.tokens
    if parse.according(cue):
        pobj = parse.kid(cue + 1, "pobj")
        if pobj is not None and parse.lower(pobj) in CHANNEL_NOUNS:
            return text[tokens[cue].start:_phrase_end(parse, pobj)]
        return None
    verbs = [cue] + ([tokens[cue].head] if tokens[cue].dep in ("advcl", "xcomp", "conj") else [])
    audience = None
    for verb in verbs:
        for c in parse.children[verb]:
            dep, word = tokens[c].dep, parse.lower(c)
            if dep == "prep" and word in CHANNEL_PREPOSITIONS:
                pobj = parse.kid(c, "pobj")
                if pobj is None:
                    continue
                noun, m = parse.lower(pobj), parse.mention(pobj)
                if noun in CHANNEL_NOUNS or noun in AUDIENCE_NOUNS or (word == "to" and m is not None and m.label in ("ORG", "PERSON")):
                    return text[tokens[c].start:_phrase_end(parse, pobj)]
            if dep in ("dobj", "dative") and parse.lower(verb).startswith(("tell", "told")) and tokens[c].pos in ("NOUN", "PROPN"):
                audience = "to " + text[tokens[_np_core(parse, c)[0]].start:_phrase_end(parse, c)]
    return audience


def _phrase_end(parse: Parse, head: int) -> int:
    """End of a channel's noun phrase, keeping "with the BBC" / "on X" but no clauses."""
    end = parse.tokens[_np_core(parse, head)[-1]].end
    for c in parse.children[head]:
        if parse.tokens[c].dep == "prep" and parse.lower(c) in ("with", "on", "to", "from", "of"):
            pobj = parse.kid(c, "pobj")
            when = parse.mention(pobj) if pobj is not None else None
            if pobj is not None and (when is None or when.label not in ("DATE", "TIME")):
                end = max(end, parse.tokens[_np_core(parse, pobj)[-1]].end)
    return len(parse.text[:end].rstrip(".,;:!?"))


def _np_core(parse: Parse, head: int) -> list[int]:
    core = [head]
    for c in parse.children[head]:
        if c < head and parse.tokens[c].dep in ("det", "amod", "compound", "poss", "nummod", "nmod", "case", "punct"):
            core.extend(parse.subtree(c))
        if c > head and parse.tokens[c].dep in ("compound", "flat", "case"):
            core.append(c)
    return sorted(core)
