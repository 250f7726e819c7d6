"""Stage 8, claims: check-worthy statements, who holds them and how.

Each main clause of each sentence is a candidate (coordinated clauses with their own
subject are separate claims). A candidate is check-worthy when it says something a reader
could verify: it has a finite verb and names an actor, a place, a number or a date.

**Holder.** A clause inside a quote is held by the quote's speaker; the reported clause of
an attribution ("X said that ...", "Reports indicate that ...", "according to X") by its
subject; anything else by the author. Holders that name no one ("U.S. officials",
"reports", "sources") are *unnamed*.

**Modality**, strongest first: a question; *predicted* (future "will", "is expected / set /
likely to", or a modal "may / might / could" not in the perfect); *denied* (a non-author
holder negates it, or a denial verb governs it); *hedged* ("reportedly", "appears to", "is
believed to", "may have"); *reported* (a holder other than the author); else *asserted*.

**Denials of another claim.** "Both sides have denied it, but reports have circulated
about X" and "X ..., a claim Y has denied" deny a proposition stated elsewhere in the
sentence (or, for a bare "denied it", in the sentence before): the denied proposition
becomes a second claim on the same words, held by the denier, modality denied.

Each claim keeps the actors it is about (pronouns resolved: "we" in a quote is the
speaker's country when the document names the speaker's office) and its content-word
stems and counted quantities, which the cross-document grouping compares.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from ..config import Settings
from ..event_lexicon import lemma_candidates
from ..gazetteer import country_of
from ..parse import TokenView
from ..types import Analysis, Claim, Document, Quote, Role
from . import cues

__all__ = ["extract", "stems", "actor_key"]

MIN_WORDS = 5
MAX_WORDS = 90
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "WEAPON", "EVENT", "LAW", "PRODUCT"})
_FACT_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY", "DATE", "TIME", "ORDINAL"})
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
_EDGE = " \t\n,;:—–-\"“”‘’'`()[]"
_STEMMER = snowballstemmer.stemmer("english")
_NUMBER_WORDS = {w: str(n) for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "thousand": "1000",
                      "dozen": "12", "dozens": "12+", "hundreds": "100+", "thousands": "1000+"})


def number_value(word: str) -> str:
    """A counted number as digits ("seven" -> "7", "1,200" -> "1200")."""
    w = word.lower().replace(",", "")
    return _NUMBER_WORDS.get(w, w)


@lru_cache(maxsize=1 << 17)  # every word of every claim passes here; news reuses words
def _stem(word: str) -> str:
    country = country_of(word) if word[:1].isupper() else None
    # irregular forms first ("met" -> meet, "struck" -> strike), then the snowball stem
    return country.lower() if country else _STEMMER.stemWord(lemma_candidates(word)[0])


def stems(words: Iterable[str]) -> list[str]:
    """Snowball stems of lower-cased words, country names for demonyms ("Iranian" -> iran)."""
    return [_stem(word) for word in words]


@lru_cache(maxsize=1 << 16)  # asked for every actor of every claim: names repeat across a corpus
def actor_key(name: str) -> str:
    """How actors are matched across documents: the country for a country, demonym or
    alias, else the last word of the name (a surname, "Kremlin"), lower-cased."""
    country = country_of(name)
    if country:
        return country.lower()
    words = [w for w in name.replace("’s", "").replace("'s", "").split() if w[:1].isalnum()]
    return words[-1].lower() if words else name.lower()


@dataclass(frozen=True, slots=True)
class _Frame:
    """Who holds a clause, and the part of the sentence that is the proposition."""

    holder: str
    kind: str  # author | quoted | named | unnamed
    first: int  # proposition tokens [first, last]
    last: int
    cue: str | None = None
    speaker: str | None = None  # a quote's speaker, for first-person pronouns


class _Reader:
    def __init__(self, document: Document, analysis: Analysis, quotes: Sequence[Quote], roles: Sequence[Role],
                 check_worthy_only: bool = True) -> None:
        self.doc = document
        self.check_worthy_only = check_worthy_only
        self.view = TokenView(document.text, analysis, analysis.mentions)
        self.tokens = analysis.tokens
        self.starts = [t.start for t in self.tokens]
        self.quotes = sorted(quotes, key=lambda q: q.start)
        self.roles = roles
        self.author = ", ".join(document.authors) or document.outlet or "the author"
        self.mentions = sorted(analysis.mentions, key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]

    # -- token helpers -------------------------------------------------------------------
    def span_tokens(self, start: int, end: int) -> range:
        return range(bisect_left(self.starts, start), bisect_left(self.starts, end))

    def chars(self, first: int, last: int) -> tuple[int, int]:
        """Character span of tokens [first, last], trimmed of edge punctuation."""
        start, end = self.tokens[first].start, self.tokens[last].end
        text = self.doc.text
        if "\n" in text[start:end]:  # never run across a line break
            head = self.proposition_head(first, last)
            cut_before = text.rfind("\n", start, self.tokens[head].start)
            cut_after = text.find("\n", self.tokens[head].end, end)
            start = cut_before + 1 if cut_before >= 0 else start
            end = cut_after if cut_after >= 0 else end
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE + ".":
            end -= 1
        return start, end

    def phrase(self, head: int) -> str:
        text = self.doc.text
        line = (text.rfind("\n", 0, self.tokens[head].start) + 1, (text.find("\n", self.tokens[head].end) + 1 or len(text) + 1) - 1)
        sub = [i for i in self.view.subtree(head) if self.tokens[i].dep not in ("relcl", "acl", "appos", "punct")
               and abs(i - head) < 12 and line[0] <= self.tokens[i].start < line[1]] or [head]
        start, end = self.chars(min(sub), max(sub))
        return self.doc.text[start:end] or self.view.word(head)

    def mentions_in(self, start: int, end: int) -> list:
        k = bisect_left(self.mention_starts, start)
        out = []
        while k < len(self.mentions) and self.mentions[k].start < end:
            if self.mentions[k].end <= end:
                out.append(self.mentions[k])
            k += 1
        return out

    # -- holders ---------------------------------------------------------------------------
    def holder_kind(self, head: int) -> str:
        sub = self.view.subtree(head)
        words = {self.view.lower(i) for i in sub}
        named = any((m := self.view.mention_at(i)) is not None and m.label in ("PERSON", "ORG") for i in sub)
        if self.view.lower(head) in cues.GENERIC_HOLDERS or (not named and words & cues.GENERIC_HOLDERS):
            return "unnamed"
        return "named" if named or self.tokens[head].pos == "PROPN" else "unnamed"

    def quote_frame(self, first: int, last: int) -> _Frame | None:
        """The quote that covers most of tokens [first, last], as a frame."""
        start, end = self.tokens[first].start, self.tokens[last].end
        best, best_overlap = None, 0
        for q in self.quotes:
            if q.start >= end:
                break
            overlap = min(end, q.end) - max(start, q.start)
            if overlap > best_overlap:
                best, best_overlap = q, overlap
        if best is None or best_overlap < 0.5 * (end - start) and best_overlap < 0.8 * (best.end - best.start):
            return None
        inner = self.span_tokens(max(start, best.start), min(end, best.end))
        if not inner:
            return None
        name = best.speaker_name or "unnamed source"
        kind = "quoted" if best.speaker_name and best.speaker_start is not None else "unnamed"
        if best.speaker_name and best.speaker_name.split()[0].lower() in cues.GENERIC_HOLDERS:
            kind = "unnamed"
        return _Frame(name, kind, inner.start, inner.stop - 1, best.cue, best.speaker_name)

    def attribution(self, head: int, first: int, last: int) -> _Frame | None:
        """"X said that P" / "according to X, P": the frame of the clause headed by ``head``."""
        v = self.view
        if v.lemma(head) in cues.ATTRIBUTION_VERBS and v.is_verb(head):
            comp = v.kid(head, "ccomp")
            subject = v.kid(head, "nsubj")
            if comp is not None and subject is not None:
                sub = v.subtree(comp)
                return _Frame(self.phrase(subject), self.holder_kind(subject), sub[0], sub[-1], v.word(head))
        subject = v.kid(head, "nsubj")
        if subject is not None and v.lower(subject) in cues.RUMOUR_NOUNS:
            return _Frame(self.phrase(subject), "unnamed", first, last, v.word(head))
        for i in range(first, last + 1):
            if v.lower(i) == "according" and i + 1 <= last and v.lower(i + 1) == "to":
                obj = v.kid(i + 1, "pobj") if v.kid(i + 1, "pobj") is not None else v.kid(i, "pobj")
                if obj is not None:
                    pp = v.subtree(i)
                    rest = [j for j in range(first, last + 1) if not pp[0] <= j <= max(pp[-1], obj)]
                    if rest:
                        return _Frame(self.phrase(obj), self.holder_kind(obj), rest[0], rest[-1], "according to")
        return None

    # -- reading a clause ----------------------------------------------------------------------
    def clause_heads(self, sentence: range) -> list[int]:
        v = self.view
        roots = [i for i in sentence if (self.tokens[i].head == i or self.tokens[i].head not in sentence)
                 and self.tokens[i].pos not in ("PUNCT", "SPACE")]
        heads: list[int] = []
        todo = list(roots)
        while todo:
            head = todo.pop(0)
            heads.append(head)
            # coordinated clauses with a subject of their own, or a modal of their own
            # ("... it still remains and will likely be discussed")
            todo += [c for c in v.kids(head, "conj") if v.is_verb(c) and (
                v.kid(c, "nsubj", "nsubjpass") is not None
                or any(v.lower(a) in cues.FUTURE_AUX | cues.POSSIBLE_AUX for a in v.kids(c, "aux")))]
        return heads

    def clause_tokens(self, head: int, heads: list[int], sentence: range) -> list[int]:
        """The clause of ``head``: its subtree without the other main clauses and their "and"."""
        above = set(self.view.governors(head))
        others = {j for h in heads if h != head and h not in above for j in self.view.subtree(h)}
        own = [i for i in self.view.subtree(head) if i not in others and i in sentence]
        if len(heads) > 1:
            own = [i for i in own if not (self.tokens[i].dep == "cc" and self.tokens[i].head == head and i > head)]
        return own

    def proposition_head(self, first: int, last: int) -> int:
        return next((i for i in range(first, last + 1) if not first <= self.tokens[i].head <= last
                     or self.tokens[i].head == i), first)

    def modality(self, head: int, first: int, last: int, kind: str, question: bool) -> tuple[str, bool, bool, str | None]:
        """(modality, negated, hedged, cue) of the proposition headed by ``head``."""
        v = self.view
        chain = [g for g in v.governors(head) if first <= g <= last] or [head]
        # "it is possible / likely / clear that P": P's verb decides, the adjective may hedge
        expletive = v.kid(head, "expl", "nsubj")
        comp = v.kid(head, "ccomp")
        framing = v.kid(head, "acomp")
        if (comp is not None and expletive is not None and v.lower(expletive) == "it" and framing is not None
                and framing < comp <= last):
            chain = [comp, *chain]
        aux = {v.lower(c) for g in chain for c in v.kids(g, "aux", "auxpass")}
        negated = any(v.lower(c) in cues.NEGATIONS for g in chain for c in v.kids(g, "neg")) or any(
            v.lower(s) in cues.NEGATIVE_SUBJECTS for s in v.kids(head, "nsubj", "nsubjpass")) or any(
            v.lower(c) in ("no", "never") for c in v.kids(head, "det", "advmod")) or any(
            v.lower(d) == "no" for s in v.kids(head, "nsubj", "nsubjpass", "dobj") for d in v.kids(s, "det"))
        # a hedge qualifies the proposition only on its own verbs ("reportedly signed"), not
        # inside a phrase ("entered the clinic, reportedly of her own desire")
        hedge_words = {v.lower(c) for g in chain for c in v.kids(g, "advmod")} & cues.HEDGE_ADVERBS
        frame = next((g for g in v.governors(head) if g != head and (
            v.lemma(g) in cues.PREDICTION_FRAMES or v.lower(g) in cues.PREDICTION_FRAMES)
            and (v.kid(g, "xcomp") is not None or self.tokens[g].dep in ("acomp", "amod"))), None)
        going = any(v.lower(g) == "going" and v.kid(g, "xcomp") is not None for g in chain)
        perfect = "have" in aux or "'ve" in aux or "’ve" in aux
        future = bool(aux & cues.FUTURE_AUX) or going or frame is not None or any(
            v.lemma(g) in cues.PREDICTION_VERBS and v.kid(g, "ccomp", "xcomp") is not None for g in chain)
        possible = bool(aux & cues.POSSIBLE_AUX)
        appears = any(v.lemma(g) in cues.HEDGE_VERBS and v.kid(g, "xcomp") is not None for g in chain)
        believed = any(v.lemma(g) in cues.HEDGE_PASSIVES and v.passive(g) and v.kid(g, "xcomp") is not None for g in chain)
        denial = False
        for g in v.governors(head):  # "denied that P", "denied supplying P"; not "denied it, but P"
            if g != head and v.lemma(g) in cues.DENY_VERBS:
                denial = True
                break
            if self.tokens[g].dep not in ("ccomp", "xcomp", "pcomp", "pobj", "prep", "dobj"):
                break
        if framing is not None and v.lower(framing) in cues.HEDGE_ADJECTIVES:
            hedge_words = hedge_words | {v.lower(framing)}
        hedged = bool(hedge_words) or appears or believed or (possible and perfect)
        cue = next(iter(sorted(hedge_words)), None)
        if question:
            return "question", negated, hedged, "?"
        if (future or possible) and not perfect:
            return "predicted", negated, hedged or possible or bool(hedge_words), cue or next(iter(sorted(aux & (cues.FUTURE_AUX | cues.POSSIBLE_AUX))), None)
        if denial or (negated and kind != "author"):
            return "denied", negated, hedged, "denied" if denial else "not"
        if hedged:
            return "hedged", negated, True, cue or ("appears" if appears else "believed" if believed else "may have")
        if kind != "author":
            return "reported", negated, False, None
        return "asserted", negated, False, None

    def actors(self, first: int, last: int, speaker: str | None, sentence_index: int) -> tuple[str, ...]:
        v = self.view
        start, end = self.tokens[first].start, self.tokens[last].end
        found = [m.text for m in self.mentions_in(start, end) if m.label in _ACTOR_LABELS]
        words = {v.lower(i) for i in range(first, last + 1)}
        if speaker and words & cues.FIRST_PLURAL:
            side = next((r.country for r in self.roles if r.country and _same_person(r.person, speaker)), None)
            found.append(side or speaker)
        if speaker and words & cues.FIRST_SINGULAR:
            found.append(speaker)
        if words & (cues.THIRD_PERSON | cues.THIRD_PLURAL) or not found:
            before = self.mentions_in(self.doc.text.rfind("\n", 0, max(0, start - 400)) + 1, start)
            if words & cues.THIRD_PERSON:
                person = next((m.text for m in reversed(before) if m.label == "PERSON"), None)
                found += [person] if person else []
            if words & cues.THIRD_PLURAL:
                sent_start = self._sentence_start(sentence_index - 1)
                found += [m.text for m in before if m.label in _ACTOR_LABELS and m.start >= sent_start]
        return tuple(dict.fromkeys(found))

    def _sentence_start(self, k: int) -> int:
        sentences = self.analysis_sentences
        return sentences[max(0, k)].start if sentences else 0

    def features(self, first: int, last: int, skip: Sequence[tuple[int, int]] = ()) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Content-word stems (the proposition's head first) and counted quantities of tokens
        [first, last], leaving out the ``skip`` spans (relative clauses read on their own)."""
        v = self.view
        head = self.proposition_head(first, last)
        order = [head] + [i for i in range(first, last + 1) if i != head and not any(a <= i <= b for a, b in skip)]
        content = [i for i in order if (self.tokens[i].pos in _CONTENT_POS or v.lower(i) in cues.ORDINALS)
                   and any(ch.isalnum() for ch in v.word(i))]
        subject = v.kid(head, "nsubj", "nsubjpass")
        if subject is None or v.lower(subject) in cues.CLAIM_NOUNS | cues.THIRD_PERSON | cues.THIRD_PLURAL or any(
                v.lower(d) in ("this", "these", "that", "those", "such") for d in v.kids(subject, "det", "amod")):
            # "... but it remains and will be discussed", "These options will be discussed":
            # what the clause is about was said before it, in the sentence or the one before
            sent = self.tokens[first].sent
            k = first - 1
            while k >= 0 and self.tokens[k].sent >= sent - (1 if self._starts_sentence(first) else 0):
                if self.tokens[k].pos in ("NOUN", "PROPN") and self.tokens[k].ent not in ("DATE", "TIME"):
                    content.append(k)
                k -= 1
        terms = [s for s in stems(v.word(i) for i in content if self.tokens[i].pos != "NUM") if s not in cues.STOP_STEMS]
        numbers = []
        for i in content:
            word = v.lower(i)
            head = self.tokens[i].head
            if self.tokens[i].pos == "NUM" and self.tokens[i].dep == "nummod":
                unit = stems([v.word(head)])[0]
                if unit == "year" and any(v.lower(j) == "old" for j in range(head, min(head + 4, len(self.tokens)))):
                    unit = "age"  # "16-year-old"
                numbers.append(f"{unit}={number_value(v.word(i))}")
            elif self.tokens[i].pos == "NUM" and self.tokens[i].dep in ("attr", "acomp") and v.lemma(head) == "be":
                numbers.append(f"age={number_value(v.word(i))}")  # "X was 15 when ..."
            elif word in cues.ORDINALS and head != i:
                numbers.append(f"{stems([v.word(head)])[0]}={cues.ORDINALS[word]}th")  # "the sixth round"
        return tuple(dict.fromkeys(terms)), tuple(numbers)

    def _starts_sentence(self, first: int) -> bool:
        """Whether nothing but punctuation precedes token ``first`` in its sentence."""
        k = first - 1
        while k >= 0 and self.tokens[k].sent == self.tokens[first].sent:
            if self.tokens[k].pos not in ("PUNCT", "SPACE"):
                return False
            k -= 1
        return True

    def check_worthy(self, first: int, last: int) -> bool:
        v = self.view
        words = [i for i in range(first, last + 1) if any(ch.isalnum() for ch in v.word(i))]
        if not MIN_WORDS <= len(words) <= MAX_WORDS:
            return False
        if not any(v.is_verb(i) and self.tokens[i].tag not in ("VBG", "VBN", "VB") or self.tokens[i].dep == "aux" for i in words):
            return False  # a heading or a fragment: no finite verb
        start, end = self.tokens[first].start, self.tokens[last].end
        labels = {m.label for m in self.mentions_in(start, end)}
        if labels & (_ACTOR_LABELS | _FACT_LABELS):
            return True
        # an unnamed actor still counts when a pronoun points back to one ("they signed ...")
        return any(v.lower(i) in cues.THIRD_PERSON | cues.THIRD_PLURAL | cues.FIRST_PLURAL for i in words)

    # -- the sentence ---------------------------------------------------------------------------
    def read(self, sentences) -> list[Claim]:
        self.analysis_sentences = sentences
        by_sentence: dict[int, list[int]] = {}
        for i, tok in enumerate(self.tokens):
            by_sentence.setdefault(tok.sent, []).append(i)
        claims: list[Claim] = []
        previous: Claim | None = None
        for k, sent in enumerate(sentences):
            tokens = by_sentence.get(k)
            if not tokens:
                continue
            question = self.doc.text[sent.start:sent.end].rstrip(" \"”’)").endswith("?")
            for piece in self.pieces(range(tokens[0], tokens[-1] + 1)):
                found = self.sentence(k, piece, sent, question, previous)
                claims += found
                own = [c for c in found if c.modality != "denied" or c.holder_kind == "author"]
                previous = own[-1] if own else previous
        return claims

    def pieces(self, sentence: range) -> list[range]:
        """The sentence cut at line breaks: the parser glues a heading to the paragraph below."""
        out, first = [], sentence.start
        for i in sentence:
            if "\n" in self.view.word(i) or (i + 1 < len(self.tokens) and "\n" in self.doc.text[self.tokens[i].end:self.tokens[i + 1].start]):
                if first < i:
                    out.append(range(first, i + (0 if "\n" in self.view.word(i) else 1)))
                first = i + 1
        if first < sentence.stop:
            out.append(range(first, sentence.stop))
        return [p for p in out if len(p)]

    def segments(self, first: int, last: int) -> list[tuple[int, int]]:
        """A proposition cut at ";", ":" and "…" where each part is a clause of its own."""
        cuts = [i for i in range(first + 1, last) if self.view.word(i) in (";", ":", "…", "...")]
        if not cuts:
            return [(first, last)]
        bounds = [first, *[c + 1 for c in cuts]]
        ends = [*[c - 1 for c in cuts], last]
        parts = [(a, b) for a, b in zip(bounds, ends) if a <= b]
        if all(any(self.view.is_verb(i) for i in range(a, b + 1)) for a, b in parts):
            return parts
        return [(first, last)]

    def sentence(self, k: int, sentence: range, sent, question: bool, previous: Claim | None) -> list[Claim]:
        v = self.view
        heads = self.clause_heads(sentence)
        out: list[Claim] = []
        denials: list[tuple[int, int]] = []  # (deny verb, its clause head)
        for head in heads:
            clause = self.clause_tokens(head, heads, sentence)
            if not clause:
                continue
            first, last = clause[0], clause[-1]
            deny = self.denial_of_other(head, clause)
            if deny is not None:
                denials.append((deny, head))
                continue
            frame = self.quote_frame(first, last) or self.attribution(head, first, last)
            if frame is None:
                frame = _Frame(self.author, "author", first, last)
            # a relative "a claim X has denied" inside the clause is not part of the proposition
            cut = self.denied_claim_noun(frame.first, frame.last)
            p_first, p_last = frame.first, frame.last
            if cut is not None:
                denials.append((cut[0], head))
                p_last = max(p_first, cut[1] - 1)
                while p_last > p_first and self.tokens[p_last].pos == "PUNCT":
                    p_last -= 1
            for a, b in self.segments(p_first, p_last):
                inner = self.relative_clauses(a, b)
                if self.check_worthy(a, b) or not self.check_worthy_only:
                    out.append(self.claim(frame, a, b, sent, k, question, skip=inner))
                for r_first, r_last in inner:
                    if self.check_worthy(r_first, r_last):
                        out.append(self.claim(frame, r_first, r_last, sent, k, question))
        for deny, head in denials:
            target = next((c for c in out if c.holder_kind != "author" or len(out) == 1), out[0] if out else previous)
            if target is None:
                continue
            subjects = v.kids(deny, "nsubj")  # the nearest: a heading above may hang on the verb too
            subject = max((i for i in subjects if i < deny), default=subjects[0] if subjects else None)
            holder = self.phrase(subject) if subject is not None else "unnamed source"
            kind = self.holder_kind(subject) if subject is not None else "unnamed"
            out.append(Claim(
                document=self.doc.id, start=target.start, end=target.end, text=target.text, holder=holder,
                holder_kind=kind, modality="denied",
                sentence_start=target.sentence_start, sentence_end=target.sentence_end, negated=target.negated,
                cue=v.word(deny), actors=target.actors, terms=target.terms, numbers=target.numbers,
                predicate=target.predicate,
            ))
        return out

    def predicate(self, head: int) -> str | None:
        """The stem of what the proposition says happened: its verb, or the complement of a
        copula or light verb ("is ready" -> readi, "held talks" -> talk)."""
        v = self.view
        word = head
        if stems([v.word(head)])[0] in cues.STOP_STEMS or v.lemma(head) in ("be", "have", "do", "make", "take", "hold"):
            comp = v.kid(head, "acomp", "attr", "dobj", "xcomp")
            word = comp if comp is not None else head
        stem = stems([v.word(word)])[0]
        return None if stem in cues.STOP_STEMS else stem

    def relative_clauses(self, first: int, last: int) -> list[tuple[int, int]]:
        """Relative clauses with a subject of their own ("..., where the two nations are
        expected to sign a treaty"): propositions of their own inside a claim."""
        v = self.view
        out = []
        for i in range(first, last + 1):
            subject = v.kid(i, "nsubj", "nsubjpass")
            # "where the nations will sign", not "which sets ...": a relative pronoun subject
            # leaves the proposition without its actor
            if (self.tokens[i].dep == "relcl" and v.is_verb(i) and subject is not None
                    and self.tokens[subject].tag not in ("WDT", "WP", "WP$") and v.lower(subject) != "that"):
                sub = v.subtree(i)
                if any(self.tokens[j].tag in ("WDT", "WP", "WP$") or v.lower(j) == "that" and self.tokens[j].dep != "mark"
                       for j in sub if self.tokens[j].dep in ("dobj", "pobj", "attr", "nsubj", "nsubjpass")):
                    continue  # "the most that Russia is expected to do": the object is outside
                if sub[0] > first and sub[-1] <= last and len(sub) >= MIN_WORDS:
                    out.append((sub[0], sub[-1]))
        return [r for r in out if not any(o != r and o[0] <= r[0] and r[1] <= o[1] for o in out)]

    def claim(self, frame: _Frame, first: int, last: int, sent, k: int, question: bool,
              skip: Sequence[tuple[int, int]] = ()) -> Claim:
        head = self.proposition_head(first, last)
        modality, negated, hedged, cue = self.modality(head, first, last, frame.kind, question)
        start, end = self.chars(first, last)
        terms, numbers = self.features(first, last, skip)
        return Claim(
            predicate=self.predicate(head),
            document=self.doc.id, start=start, end=end, text=self.doc.text[start:end], holder=frame.holder,
            holder_kind=frame.kind, modality=modality, sentence_start=sent.start, sentence_end=sent.end,
            negated=negated, hedged=hedged, cue=cue or frame.cue, actors=self.actors(first, last, frame.speaker, k),
            terms=terms, numbers=numbers,
        )

    def denial_of_other(self, head: int, clause: list[int]) -> int | None:
        """``head`` when its clause only denies something said elsewhere ("Both sides have
        denied it", "X rejected the claims"), else None."""
        v = self.view
        lemma = v.lemma(head)
        if lemma not in cues.DENY_VERBS | cues.DENY_IF_CLAIM_OBJECT:
            return None
        obj = v.kid(head, "dobj")
        if obj is None or v.lower(obj) not in cues.CLAIM_NOUNS:
            return None
        return head

    def denied_claim_noun(self, first: int, last: int) -> tuple[int, int] | None:
        """"..., a claim X has denied": (the deny verb, the first token of the noun phrase)."""
        v = self.view
        for i in range(first, last + 1):
            if self.tokens[i].dep == "relcl" and v.lemma(i) in cues.DENY_VERBS | cues.DENY_IF_CLAIM_OBJECT:
                noun = self.tokens[i].head
                if v.lower(noun) in cues.CLAIM_NOUNS and first <= noun <= last:
                    phrase = v.subtree(noun)
                    return i, phrase[0]
        return None


def _same_person(a: str, b: str) -> bool:
    return a.split()[-1:] == b.split()[-1:]


def extract(document: Document, analysis: Analysis, quotes: Sequence[Quote], roles: Sequence[Role],
            settings: Settings, check_worthy_only: bool = True) -> list[Claim]:
    """The check-worthy claims of ``document``, in text order (denials after what they deny).

    ``analysis`` carries the refined mentions; ``quotes`` and ``roles`` are what the quote
    and entity stages found in the same document. ``settings`` is accepted for the stage
    signature. ``check_worthy_only=False`` keeps every clause (for comparing a given text).
    """
    if not analysis.tokens:
        return []
    return _Reader(document, analysis, quotes, roles, check_worthy_only).read(analysis.sentences)
