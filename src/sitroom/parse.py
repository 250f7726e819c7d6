"""Reading a stored parse: token-level views shared by the stages that read syntax.

:class:`TokenView` wraps an :class:`~sitroom.types.Analysis` (plain ``Token`` records) with
the questions rule-based stages ask of a dependency parse: a token's word and lemma, its
children and governors, its subtree, whether it is passive, which entity mention covers it.
Lemmas come from the event lexicon's inflection rules (the stored parse keeps no lemmas).
:func:`pack_tokens` and :func:`unpack_tokens` are the stored form of the tokens.
"""

from __future__ import annotations

import json
import threading
import zlib
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from . import event_lexicon as lex
from .types import Analysis, Mention, Token, new_token

__all__ = ["TokenLists", "TokenView", "pack_tokens", "token_lists", "unpack_tokens"]

_KNOWN_VERBS = (
    set(lex.VERBS) | lex.LIGHT_VERBS | lex.REPORT_VERBS | lex.INTENT_VERBS | lex.AGREE_VERBS | lex.THREAT_VERBS
    | lex.REFUSAL_VERBS | lex.DEMAND_VERBS | lex.ACCUSE_VERBS | lex.DENY_VERBS | lex.PLAN_WORDS
    | lex.PREDICTION_WORDS | lex.TRANSPARENT_VERBS | lex.APPEAL_VERBS | lex.ARRIVAL_VERBS | lex.ALLOW_VERBS
    | {v for verbs, _, _ in lex.FRAMES for v in verbs} | {p[0] for p in lex.PHRASES} | {"be", "have", "do", "fail"}
)
_KNOWN_NOUNS = (
    set(lex.NOUNS) | lex.PEOPLE_NOUNS | lex.MILITARY_NOUNS | {n for ns in lex.NOUN_CLASSES.values() for n in ns}
    | {w for p in lex.PHRASES for w in p[1:]}
)


class TokenLists(NamedTuple):
    """Per-token lists of one document's parse, for list reads instead of record attributes
    (the rule stages ask for words millions of times, lemma ~900 times and children with a
    dependency ~850 times per document)."""

    words: list[str]
    lowers: list[str]
    deps: list[str]
    verbs: list[bool]
    children: list[list[int]]
    lemmas: list[str | None]  # filled in as ``TokenView.lemma`` is asked


_recent = threading.local()


def token_lists(text: str, tokens: Sequence[Token]) -> TokenLists:
    """The :class:`TokenLists` of ``tokens`` in ``text``, made once for all the stages that
    read one document: they run one after another in one thread, so each thread keeps the
    last document's lists (the entry holds its tokens, so their identity stays theirs)."""
    last = getattr(_recent, "entry", None)
    if last is not None and last[0] is tokens and last[1] is text:
        return last[2]
    words = [text[t.start:t.end] for t in tokens]
    children: list[list[int]] = [[] for _ in tokens]
    for i, tok in enumerate(tokens):
        if tok.head != i:
            children[tok.head].append(i)
    lists = TokenLists(words, [w.lower() for w in words], [t.dep for t in tokens],
                       [t.pos in ("VERB", "AUX") or t.tag.startswith("VB") for t in tokens], children,
                       [None] * len(tokens))
    _recent.entry = (tokens, text, lists)
    return lists


class TokenView:
    """Token-level views of one document's analysis: words, lemmas, children, governors, mentions."""

    def __init__(self, text: str, analysis: Analysis, mentions: Iterable[Mention]) -> None:
        self.text, self.tokens = text, analysis.tokens
        self.words, self.lowers, self.deps, self.verbs, self.children, self._lemma = token_lists(text, self.tokens)
        self._mention: dict[int, Mention] = {}  # token -> the mention that covers it
        starts = [t.start for t in self.tokens]
        for m in mentions:
            for i in range(bisect_left(starts, m.start), len(starts)):
                if self.tokens[i].start >= m.end:
                    break
                if self.tokens[i].end <= m.end:
                    self._mention.setdefault(i, m)

    def word(self, i: int) -> str:
        return self.words[i]

    def lower(self, i: int) -> str:
        return self.lowers[i]

    def dep(self, i: int) -> str:
        return self.deps[i]

    def is_verb(self, i: int) -> bool:
        return self.verbs[i]

    def is_noun(self, i: int) -> bool:
        return self.tokens[i].pos in ("NOUN", "PROPN")

    def lemma(self, i: int) -> str:
        """The first candidate lemma the lexicon knows, verbs' or nouns' first by the tag."""
        found = self._lemma[i]
        if found is None:
            candidates = lex.lemma_candidates(self.word(i))
            tables = (_KNOWN_VERBS, _KNOWN_NOUNS) if self.is_verb(i) else (_KNOWN_NOUNS, _KNOWN_VERBS)
            if self.tokens[i].pos == "ADJ" and candidates[0] in lex.INTENT_ADJECTIVES | lex.PREDICTION_WORDS:
                tables = ({candidates[0]},)
            found = self._lemma[i] = next((c for t in tables for c in candidates if c in t), candidates[0])
        return found

    def kids(self, i: int, *deps: str) -> list[int]:
        if not deps:
            return list(self.children[i])
        labels = self.deps
        return [c for c in self.children[i] if labels[c] in deps]

    def kid(self, i: int | None, *deps: str) -> int | None:
        """The first child of ``i`` with one of the labels (asked ~700 times a document)."""
        if i is None:
            return None
        labels = self.deps
        for c in self.children[i]:
            if labels[c] in deps:
                return c
        return None

    def pobjs(self, i: int, *preps: str) -> list[int]:
        """Objects of ``i``'s prepositions ``preps`` ("of", "to" ...), in order."""
        return [o for prep in self.kids(i, "prep") if self.lower(prep) in preps for o in self.kids(prep, "pobj")]

    def governors(self, i: int) -> list[int]:
        """``i`` and its heads up to the sentence root."""
        out = [i]
        while self.tokens[out[-1]].head != out[-1] and len(out) < 50:
            out.append(self.tokens[out[-1]].head)
        return out

    def subtree(self, i: int) -> list[int]:
        out, stack = [], [i]
        while stack:
            out.append(j := stack.pop())
            stack.extend(self.children[j])
        return sorted(out)

    def passive(self, i: int) -> bool:
        return "auxpass" in [self.deps[c] for c in self.children[i]]

    def subject_lemma(self, v: int) -> str | None:
        subject = self.kid(v, "nsubj")
        return self.lemma(subject) if subject is not None else None

    def mention_at(self, i: int) -> Mention | None:
        return self._mention.get(i)


def pack_tokens(tokens: Sequence[Token]) -> bytes:
    """Tokens as the store keeps them (``parses.tokens``): compressed JSON rows."""
    rows = [[t.start, t.end, t.tag, t.pos, t.dep, t.head, t.sent, t.ent] for t in tokens]
    return zlib.compress(json.dumps(rows, separators=(",", ":")).encode(), 1)


def unpack_tokens(blob: bytes) -> tuple[Token, ...]:
    return tuple(new_token(*row) for row in json.loads(zlib.decompress(blob)))
