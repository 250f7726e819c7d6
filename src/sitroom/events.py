"""Stage 7, events: who did what to whom in each sentence, typed in PLOVER, with a status.

Each sentence's parse is read from its root down, the way a CAMEO coder reads a sentence:

* a **reporting verb** ("said", "announced") is transparent: the event is in what was said;
* a verb that **frames** another event gives the type, and the framed act is kept as
  ``action``: "threatened to ban" is THREATEN, "demanded that X withdraw" DEMAND, "refused to
  meet" REJECT, "accused X of" DISAPPROVE, "agreed / offered / promised to X" AGREE — or
  THREATEN when X is hostile ("vowed to fight") — and "denied X-ing" is X with status denied.
  Appeals ("urged", "called on") are DEMAND, except appeals to support someone (SUPPORT)
  or to unite against someone (DISAPPROVE), as CAMEO codes them;
* a **modal** does the same on the event's own verb: "will / would meet" is AGREE (PLOVER
  codes the stated intent), "will expel" THREATEN, "will not accept" REJECT, "X said Y must
  withdraw" DEMAND by X of Y;
* otherwise the event is the verb's own: a trigger lemma ("met", "shelled"), a verb read
  with its object ("lifted the curfew" CONCEDE, "lifted sanctions" RETREAT, "withdrew its
  ambassador" SANCTION, "withdrew troops" RETREAT), a light verb's object ("staged
  protests", "imposed sanctions", "held talks") or, failing those, the nearest event below
  it (a complement, object, coordinated verb or prepositional object).

When the root yields nothing, the shallowest trigger of the sentence is used. Attacks by a
military are FIGHT (CAMEO 19), by others ASSAULT (18); protesters' violence is a riot.

The **status** comes from the clauses that govern the event: negation, "no", "denied"
(denied); "if", "unless", "could", "might", an unreported "would" (hypothetical); "is
expected to", "likely", "may" (predicted); "will", "plans to", "is scheduled to", "is to", a
reported "would" (planned); else occurred. A framing verb is itself the act ("threatened",
"offered"), so what lies below it does not change the status.

**Actors**: the source is the subject of the event's verb (the agent of a passive), looking
up through reporting verbs past pronouns ("Syria says it will ..." -> Syria); the target is
the framed clause's subject ("demanded that the US ..."), the object, or the object of
"against", "on", "with", "to", "from" ... Each is named by the entity mention covering its
head word, else by the noun and its modifiers ("Israeli soldiers").

``extract`` gives each sentence's main event; ``extract_all`` adds the events of coordinated
main clauses ("met in Geneva and signed an agreement"). A sentence with no trigger gives no
event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from . import event_lexicon as lex
from .config import Settings
from .parse import TokenView
from .types import Analysis, Document, EventMention, EventStatus, Mention

__all__ = ["extract", "extract_all", "main_events"]

_COMPLEMENTS = ("xcomp", "ccomp")
# Left dependents kept in an actor's phrase ("Israeli soldiers", "Poland's parliament").
_MODIFIERS = frozenset({"compound", "amod", "poss", "case", "nmod", "npadvmod", "hyph"})
_NOT_ACTORS = ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY")
_ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "ROLE")
_FRAMING = lex.APPEAL_VERBS | lex.THREAT_VERBS | lex.DEMAND_VERBS | lex.REFUSAL_VERBS | lex.DENY_VERBS

Trigger = tuple[str, str | None, int, int]  # (type, mode, first token, last token)
# Multi-word triggers by first word, longest first.
_PHRASES_BY_FIRST: dict[str, list[tuple[tuple[str, ...], tuple[str, str | None]]]] = {}
for _words, _reading in sorted(lex.PHRASES.items(), key=lambda kv: -len(kv[0])):
    _PHRASES_BY_FIRST.setdefault(_words[0], []).append((_words, _reading))
_PHRASE_FIRSTS = frozenset(_PHRASES_BY_FIRST)


@lru_cache(maxsize=65536)
def _forms(word: str) -> frozenset[str]:
    """A word's lower case and candidate lemmas: what a multi-word trigger's word may match."""
    return frozenset((word.lower(), *lex.lemma_candidates(word)))


@dataclass(slots=True)
class _Reading:
    """What one clause says happened, before it becomes an ``EventMention``."""

    type: str
    mode: str | None
    first: int          # trigger tokens [first, last]
    last: int
    pred: int           # the token whose dependents are the event's arguments
    top: int            # the framing verb (threatened, demanded) or ``pred``
    action: str | None = None
    consumed: set[str] = field(default_factory=set)  # modal cues already spent on the type
    denied: bool = False


class _Parse(TokenView):
    """Token views of one document's analysis, with the multi-word triggers of each sentence."""

    def __init__(self, text: str, analysis: Analysis, mentions: Iterable[Mention]) -> None:
        super().__init__(text, analysis, mentions)
        self.phrases: dict[int, tuple[int, int, str, str | None]] = {}

    def find_phrases(self, sentence: range) -> None:
        """Mark multi-word triggers ("hunger strike", "opened fire", "sit-in") in one sentence."""
        words = [j for j in sentence if self.word(j) not in ("-", "‐", "–")]  # "sit - in" reads "sit in"
        forms = [_forms(self.word(j)) for j in words]
        for k in range(len(words)):
            firsts = forms[k] & _PHRASE_FIRSTS  # most words start no phrase
            if not firsts:
                continue
            matches = [(phrase, reading) for first in sorted(firsts) for phrase, reading in _PHRASES_BY_FIRST[first]
                       if k + len(phrase) <= len(words) and all(w in forms[k + n] for n, w in enumerate(phrase))]
            if matches:  # the longest phrase wins; sorting keeps the choice the same on every run
                phrase, (kind, mode) = max(matches, key=lambda m: (len(m[0]), m[0]))
                span = words[k:k + len(phrase)]
                for j in range(span[0], span[-1] + 1):
                    self.phrases.setdefault(j, (span[0], span[-1], kind, mode))


# -- what a word names ----------------------------------------------------------------------------
# Each word's first class in ``CLASS_ORDER``: the class of a phrase is the first any of its
# words belongs to, so the least rank among its words.
_CLASS_RANK: dict[str, int] = {
    word: min(rank for rank, name in enumerate(lex.CLASS_ORDER) if word in lex.NOUN_CLASSES[name])
    for words in lex.NOUN_CLASSES.values() for word in words
}


def _noun_class(p: _Parse, i: int) -> str | None:
    """The object class of a noun phrase (lexicon ``NOUN_CLASSES``), modifiers included."""
    words = [p.lemma(c) for c in p.kids(i, "compound", "amod")] + [p.lemma(i)]
    if i in p.phrases:
        words += [p.lemma(j) for j in range(p.phrases[i][0], p.phrases[i][1] + 1)]
    ranks = [rank for w in words if (rank := _CLASS_RANK.get(w)) is not None]
    if ranks:
        return lex.CLASS_ORDER[min(ranks)]
    of = p.pobjs(i, "of")  # "the deployment of peacekeeping troops", "a batch of prisoners"
    return _noun_class(p, of[0]) if of and of[0] != i else None


def _noun_reading(p: _Parse, i: int, depth: int = 0) -> Trigger | None:
    """The event a noun names: itself, a phrase it is in, or (for "effort", "operation" ...)
    its modifier or its "of" object."""
    if i in p.phrases:
        first, last, kind, mode = p.phrases[i]
        return kind, mode, first, last
    if p.lemma(i) == "call" and not (p.pobjs(i, "for") or p.kids(i, "acl")):
        return None  # a phone call, not a call for something
    if p.is_noun(i) and p.lemma(i) in lex.NOUNS:
        kind, mode = lex.NOUNS[p.lemma(i)]
        if p.lemma(i) == "strike" and any(p.lemma(c) in lex.STRIKE_MODIFIERS
                                          for c in p.kids(i, "compound", "amod", "nmod")):
            kind, mode = "FIGHT", "heavy-weapons"
        return kind, mode, i, i
    if depth < 2 and p.is_noun(i) and p.lemma(i) in lex.GENERIC_EVENT_NOUNS:
        for c in p.kids(i, "compound", "amod"):
            if p.lemma(c) in lex.NOUNS:
                kind, mode = lex.NOUNS[p.lemma(c)]
                return kind, mode, min(c, i), max(c, i)
    if depth < 2 and p.is_noun(i):
        for obj in p.pobjs(i, "of"):
            found = _noun_reading(p, obj, depth + 1)
            if found:
                return found
    return None


def _object(p: _Parse, v: int) -> int | None:
    obj = p.kid(v, "dobj", "obj")
    return p.kid(v, "nsubjpass") if obj is None and p.passive(v) else obj


def _lexical(p: _Parse, v: int) -> Trigger | None:
    """The event one word names, read with its object, phrase, particle or light-verb object."""
    if not p.is_verb(v):
        return _noun_reading(p, v)
    lemma, obj = p.lemma(v), _object(p, v)
    if obj is not None:
        cls = _noun_class(p, obj)
        for verbs, name, (kind, mode) in lex.FRAMES:
            if name == cls and lemma in verbs:
                return kind, mode, min(v, obj), max(v, obj)
    if v in p.phrases and p.phrases[v][0] == v:
        first, last, kind, mode = p.phrases[v]
        outs = p.pobjs(v, "of", "from") + [o for c in p.kids(v, "prt", "prep") for o in p.pobjs(c, "of", "from")]
        if lemma in ("pull", "walk") and any(_noun_class(p, o) in ("talks", "accords") for o in outs):
            return "SANCTION", "relations", first, last  # "pulled out of the talks" (CAMEO 164)
        return kind, mode, first, last
    if lemma == "withdraw" and any(_noun_class(p, o) in ("talks", "accords") for o in p.pobjs(v, "from")):
        return "SANCTION", "relations", v, v
    for c in p.kids(v, "prt", "prep"):
        if (lemma, p.lower(c)) in lex.PHRASES:
            kind, mode = lex.PHRASES[(lemma, p.lower(c))]
            return kind, mode, min(v, c), max(v, c)
    if obj is not None and (lemma in lex.LIGHT_VERBS or lemma in lex.REPORT_VERBS):
        found = _noun_reading(p, obj)
        clause = p.kid(obj, "acl", "relcl")
        if found is None and clause is not None and p.lemma(clause) in lex.DEMAND_VERBS | set(lex.VERBS):
            found = _lexical(p, clause)  # "issued a declaration demanding ..."
        if found:
            kind, mode, first, last = found
            return kind, mode, min(v, first), max(v, last)
    if lemma in lex.VERBS:
        kind, mode = lex.VERBS[lemma]
        if lemma == "protest" and _official(p, p.kid(v, "nsubj")):
            kind, mode = "DISAPPROVE", None
        return kind, mode, v, v
    return None


def _official(p: _Parse, subject: int | None) -> bool:
    """A government-like subject: its "protest" is a complaint, not a street protest."""
    if subject is None:
        return False
    mention = p.mention_at(subject)
    return (mention is not None and mention.label in ("GPE", "ORG", "PERSON")) or p.lemma(subject) in lex.OFFICIAL_NOUNS


def _military(p: _Parse, v: int) -> bool:
    agent = p.kid(v, "agent")
    subject = p.kid(agent, "pobj") if agent is not None else p.kid(v, "nsubj")
    return subject is not None and any(p.lemma(c) in lex.MILITARY_NOUNS for c in p.subtree(subject))


def _joint(p: _Parse, i: int) -> bool:
    """Several parties do it: "joint", "with X", "X and Y" as the subject."""
    for h in p.governors(i)[:4]:
        if any(p.lower(c) in ("joint", "combined", "bilateral", "together") for c in p.kids(h, "amod", "advmod")):
            return True
        if p.pobjs(h, "with"):
            return True
        subject = p.kid(h, "nsubj")
        if subject is not None and (p.kids(subject, "conj") or any(
                p.kids(c, "conj") for c in p.kids(subject, "amod", "compound"))):
            return True
    return False


def _refine(p: _Parse, v: int, found: Trigger) -> tuple[str, str | None]:
    """Adjust a trigger's type by who does it (CAMEO's distinctions between 145, 18, 19, 07, 15)."""
    kind, mode, _, last = found
    subject = p.subject_lemma(v)
    if kind == "ASSAULT" and mode in (None, "explosives", "firearms") and _military(p, v):
        kind = "FIGHT"
    if kind == "FIGHT" and mode == "firearms" and subject in lex.IRREGULAR_ATTACKERS:
        kind = "ASSAULT"
    if kind in ("ASSAULT", "FIGHT") and p.is_verb(v) and subject in lex.PROTESTER_NOUNS:
        kind, mode = "PROTEST", "riot-spon"
    if kind == "MOBILIZE" and _noun_class(p, (_object(p, v) or v) if p.is_verb(v) else v) == "monitors":
        kind, mode = "AID", "peacekeeping"  # sending peacekeepers is aid (CAMEO 074)
    if kind == "COOPERATE" and p.lemma(last) in lex.EXERCISE_NOUNS and not (_joint(p, last) or _joint(p, v)):
        kind, mode = "MOBILIZE", "troops"
    return kind, mode


# -- framing and modality ------------------------------------------------------------------------
def _complement(p: _Parse, v: int, preps: bool = False) -> int | None:
    """The clause a verb frames: its complement, an infinitive, or ("called on X to", "warned
    of") a preposition's object when ``preps``."""
    comp = p.kid(v, *_COMPLEMENTS)
    if comp is None:
        # "have sworn to fight": the small model often hangs an infinitive as a purpose clause.
        comp = next((c for c in p.kids(v, "advcl") if any(p.lower(a) == "to" for a in p.kids(c, "aux"))), None)
    if comp is None and preps:
        comp = next((o for prep in p.kids(v, "prep") if (o := p.kid(prep, "pcomp", "pobj")) is not None), None)
    if comp is None:
        comp = p.kid(p.kid(v, "acomp"), "xcomp")  # "is willing to ..."
    return comp


def _aux(p: _Parse, v: int) -> set[str]:
    return {p.lower(c) for c in p.kids(v, "aux", "auxpass")}


def _negated(p: _Parse, v: int) -> bool:
    return any(p.lower(c) in lex.NEGATIONS for c in p.kids(v, "neg")) or any(
        p.lower(c) in ("no", "never") for c in p.kids(v, "det", "advmod"))


def _reporter(p: _Parse, v: int) -> int | None:
    """The nearest reporting verb above ``v`` ("said" in "X said Y must go")."""
    return next((g for g in p.governors(v)[1:] if p.lemma(g) in lex.REPORT_VERBS), None)


def _wrap(kind: str, v: int, inner: _Reading | None, comp: int | None = None) -> _Reading:
    """A framing verb's reading; the framed clause (``inner`` or ``comp``) holds the target."""
    if inner is None:
        return _Reading(kind, None, v, v, comp if comp is not None else v, v)
    return _Reading(kind, None, v, v, inner.pred, v, action=inner.action or inner.type)


def _intent_type(inner: _Reading | None, lemma: str) -> str:
    """An intent to do ``inner``: AGREE when cooperative, THREATEN when hostile (CAMEO 03 / 13)."""
    if inner is None or inner.type in lex.COOPERATIVE or inner.type == "INVESTIGATE":
        return "AGREE"
    if inner.type in lex.MATERIAL_CONFLICT | {"THREATEN"}:
        return "MOBILIZE" if lemma == "prepare" and inner.type in ("ASSAULT", "FIGHT") else "THREATEN"
    return inner.type


def _with_modals(p: _Parse, v: int, r: _Reading) -> _Reading:
    """PLOVER's reading of the modal on the event's own verb ``v``."""
    aux = _aux(p, v)
    future = bool(aux & lex.FUTURE_AUX) or ("would" in aux and _reporter(p, v) is not None)
    if _negated(p, v) and r.type in lex.COOPERATIVE and (future or r.type == "AGREE" or aux & {"would", "can", "could", "ca"}):
        return replace(r, type="REJECT", action=r.type, consumed={"neg", "future"})
    if aux & lex.OBLIGATION_AUX or any(p.lemma(g) == "have" and p.kid(g, "xcomp") == v for g in p.governors(v)[1:2]):
        return replace(r, type="DEMAND", action=r.type, consumed={"must"}, pred=v, top=_reporter(p, v) or r.top)
    if r.type not in lex.VERBAL_CONFLICT and any(
            p.lower(m) == "unless" for c in p.kids(v, "advcl") for m in p.kids(c, "mark")):
        return replace(r, type="THREATEN", action=r.type)  # an ultimatum
    if future or "would" in aux:
        if r.type in lex.COOPERATIVE and r.type != "AGREE":
            return replace(r, type="AGREE", action=r.type)
        if r.type in lex.MATERIAL_CONFLICT:
            return replace(r, type="THREATEN", action=r.type)
    return r


_NOT_FRAMING = _Reading("", None, -1, -1, -1, -1)  # what _framed says of a verb that frames nothing


def _framed(p: _Parse, v: int, own: Trigger | None, comp: int | None, depth: int) -> _Reading | None:
    """The reading of a framing verb ``v`` (None: it frames no event); ``_NOT_FRAMING`` when
    ``v`` is not a framing verb at all."""
    lemma = p.lemma(v)

    def inner() -> _Reading | None:
        return _read(p, comp, depth + 1) if comp is not None else None

    obj = _object(p, v)
    if lemma in lex.REPORT_VERBS and (own is None or lemma in ("say", "tell", "claim", "think", "believe")):
        return inner()
    if lemma in lex.DENY_VERBS or lemma == "fail":
        found = inner() or (_first_in(p, p.subtree(obj)) if obj is not None else None)
        if obj is not None and found is None and (_noun_class(p, obj) in ("proposals", "rights") or p.lemma(obj) in (
                "request", "entry", "access", "visa", "permission")):
            return _wrap("REJECT", v, None)  # "denied the request", "denied entry"
        return replace(found, top=v, denied=True) if found else None
    if lemma in lex.THREAT_VERBS:
        return _wrap("THREATEN", v, inner(), comp)
    if lemma == "charge" and (p.passive(v) or p.subject_lemma(v) in lex.LEGAL_ACTORS):
        return _with_modals(p, v, _Reading("COERCE", "arrest", v, v, v, v))
    if lemma in lex.ACCUSE_VERBS:
        return _wrap("DISAPPROVE", v, None)
    if lemma in lex.AGREE_VERBS:
        to = p.pobjs(v, "to")
        if (lemma == "accept" and obj is not None and p.lemma(obj) in lex.DEMAND_NOUNS) or (
                to and p.lemma(to[0]) in lex.DEMAND_NOUNS):
            return _with_modals(p, v, _wrap("CONCEDE", v, None))
        return _with_modals(p, v, _wrap("AGREE", v, inner(), comp))
    particle = own is not None and own[2] == v and own[3] > v  # "turn down", "call for"
    if lemma in lex.REFUSAL_VERBS or (particle and own is not None and own[0] == "REJECT"):
        return _wrap("REJECT", v, inner(), comp)
    if lemma in lex.DEMAND_VERBS:
        return _wrap("DEMAND", v, inner(), comp)
    appeal = particle and own is not None and own[0] == "DEMAND"
    if appeal or (lemma in lex.APPEAL_VERBS and comp is not None):
        found = inner()
        if found is not None and found.type == "SUPPORT":
            return replace(found, top=v)  # rally support on behalf of (CAMEO 053)
        if comp is not None and ((found is not None and found.type == "DISAPPROVE") or any(
                p.lower(c) == "against" for c in p.subtree(comp) if p.dep(c) == "prep")):
            return _Reading("DISAPPROVE", None, v, v, comp, v)  # rally opposition against (113)
        return _wrap("DEMAND", v, found, comp)
    clause = p.kid(obj, "acl", "xcomp", "relcl")
    if obj is not None and clause is not None and p.lemma(obj) in lex.INTENT_NOUNS and (
            lemma in lex.LIGHT_VERBS or lemma in lex.REPORT_VERBS):
        found = _read(p, clause, depth + 1)  # "expressed its readiness to allow ..."
        return _with_modals(p, v, _wrap(_intent_type(found, ""), v, found))
    intent = lemma in lex.INTENT_VERBS or (lemma in lex.INTENT_ADJECTIVES and p.tokens[v].pos == "ADJ")
    if intent and comp is not None:
        found = inner()
        return _with_modals(p, v, _wrap(_intent_type(found, lemma), v, found))
    if lemma in lex.SEEK_VERBS and obj is not None:
        return _wrap("DEMAND", v, _read(p, obj, depth + 1))  # "sought the extradition of"
    if lemma in ("offer", "promise", "pledge") and obj is not None:
        found = _read(p, obj, depth + 1)  # "offered aid", "pledged $1 billion" (CAMEO 03)
        if found is None or found.type != "SUPPORT":
            return _with_modals(p, v, _wrap(_intent_type(found, lemma), v, found))
    if lemma in ("schedule", "slate", "due") and comp is not None:
        found = inner()
        return _with_modals(p, comp, found) if found else None
    acomp = p.kid(v, "acomp")
    if own is None and acomp is not None and p.lemma(acomp) in lex.INTENT_ADJECTIVES:
        xcomp = p.kid(acomp, "xcomp")
        found = _read(p, xcomp, depth + 1) if xcomp is not None else None
        if found is not None or p.lemma(acomp) in ("willing", "ready"):
            return _wrap(_intent_type(found, "prepare" if p.lemma(acomp) == "prepared" else ""), v, found)
    return _NOT_FRAMING


def _read(p: _Parse, v: int, depth: int = 0) -> _Reading | None:
    """The event clause ``v`` reports, looking through framing verbs into complements."""
    if depth > 6:
        return None
    lemma, own = p.lemma(v), _lexical(p, v)
    verbal = p.is_verb(v) or p.tokens[v].pos == "ADJ"
    comp = _complement(p, v, lemma in _FRAMING) if verbal else None
    if verbal:
        framed = _framed(p, v, own, comp, depth)
        if framed is not _NOT_FRAMING:
            return framed
    if own is not None:
        kind, mode = _refine(p, v, own)
        reading = _Reading(kind, mode, own[2], own[3], v, v)
        return _with_modals(p, v, reading) if p.is_verb(v) else reading
    if p.is_verb(v):
        if lemma in lex.ARRIVAL_VERBS | lex.DEPARTURE_VERBS:
            cls = _noun_class(p, subject) if (subject := p.kid(v, "nsubj", "nsubjpass")) is not None else None
            if cls in ("monitors", "troops"):
                kind, mode = ("AID", "peacekeeping") if cls == "monitors" else ("MOBILIZE", "troops")
                if lemma in lex.DEPARTURE_VERBS:
                    kind, mode = ("SANCTION", "expel") if cls == "monitors" else ("RETREAT", "withdraw")
                return _with_modals(p, v, _Reading(kind, mode, v, v, v, v))
        if _aux(p, v) & lex.OBLIGATION_AUX and p.kid(v, "nsubj") is not None and _reporter(p, v) is not None:
            return _Reading("DEMAND", None, v, v, v, _reporter(p, v) or v, consumed={"must"})
        if lemma in lex.ALLOW_VERBS:
            obj = _object(p, v) or p.kid(comp, "nsubj")
            if obj is not None and _noun_class(p, obj) == "monitors":
                return _Reading("RETREAT", "access", v, v, v, v)  # allow international involvement (086)
            found = _read(p, comp, depth + 1) if comp is not None else None
            return _with_modals(p, v, found if found is not None and found.type in ("AID", "RETREAT")
                                else _Reading("CONCEDE", None, v, v, v, v))
    if lemma in lex.TRANSPARENT_VERBS or lemma in lex.PREDICTION_WORDS or lemma == "be":
        found = _read(p, comp, depth + 1) if comp is not None else None
        if found is not None:
            return _with_modals(p, v, found) if lemma == "be" else found
    return _below(p, v, depth)


def _below(p: _Parse, v: int, depth: int) -> _Reading | None:
    """The nearest event under ``v``: a complement, an object, a coordinated verb, an argument's
    prepositional object ("return to talks"); the verb's modals apply to it."""
    for deps in (_COMPLEMENTS, ("dobj", "nsubjpass", "attr"), ("conj",), ("prep", "pobj", "pcomp")):
        for c in p.kids(v, *deps):
            if p.dep(c) == "prep":
                if depth > 0 and p.lower(c) not in lex.ARGUMENT_PREPS:
                    continue  # "as a counter to sanctions", "despite the war": circumstances
                c = p.kid(c, "pobj", "pcomp") or c
            found = _read(p, c, depth + 1)
            if found is not None:
                return _with_modals(p, v, found) if p.is_verb(v) and found.top != v and deps != ("conj",) else found
    return None


def _first_in(p: _Parse, tokens: list[int]) -> _Reading | None:
    """The shallowest trigger among ``tokens`` (verbs before nouns at equal depth)."""
    best: tuple[int, int, int] | None = None
    for i in tokens:
        if p.lemma(i) in lex.REPORT_VERBS or _lexical(p, i) is None:
            continue
        if p.dep(i) in ("compound", "amod") and i not in p.phrases and p.tokens[i].tag not in ("VBG", "VBN"):
            continue  # a modifier ("attack drones", "sanctions regime") names no event of its own
        key = (len(p.governors(i)), 0 if p.is_verb(i) else 1, i)
        best = min(best, key) if best else key
    return _read(p, best[2], 5) if best else None


# -- actors ---------------------------------------------------------------------------------------
def _phrase(p: _Parse, head: int) -> tuple[int, int] | None:
    """Character span of the actor named at ``head``: its mention, or the noun and modifiers."""
    if p.lower(head) in lex.QUANTITY_HEADS or p.tokens[head].ent == "CARDINAL":
        of = p.pobjs(head, "of")
        if of:
            return _phrase(p, of[0])
    if p.lower(head) in lex.PRONOUNS or p.tokens[head].pos in ("PRON", "DET", "NUM", "VERB", "AUX"):
        return None
    mention = p.mention_at(head)
    if mention is not None and p.tokens[head].pos == "PROPN":
        return mention.start, mention.end
    left, stack = head, [c for c in p.children[head] if c < head and p.dep(c) in _MODIFIERS]
    while stack:
        c = stack.pop()
        left = min(left, c)
        stack.extend(k for k in p.children[c] if k < c and p.dep(k) in _MODIFIERS | {"det"})
    while left < head and p.dep(left) in ("det", "punct", "cc", "nummod", "quantmod", "predet"):
        left += 1
    start, end = p.tokens[left].start, p.tokens[head].end
    if mention is not None:
        start, end = min(start, mention.start), max(end, mention.end)
    for obj in p.pobjs(head, "of")[:1]:  # "inspectors of the IAEA", "president of Armenia"
        if p.tokens[obj].pos == "PROPN" or p.mention_at(obj):
            span = _phrase(p, obj)
            end = max(end, span[1]) if span else end
    return start, end


def _actors(p: _Parse, head: int | None) -> tuple[str, ...]:
    if head is None:
        return ()
    spans = (_phrase(p, h) for h in [head] + p.kids(head, "conj"))
    return tuple(dict.fromkeys(p.text[s:e].strip() for s, e in (span for span in spans if span)))


def _is_actor(p: _Parse, i: int) -> bool:
    if p.tokens[i].ent in _NOT_ACTORS:
        return False
    mention = p.mention_at(i)
    if mention is not None and mention.label in _ACTOR_LABELS:
        return True
    return p.tokens[i].pos == "PROPN" or p.lemma(i) in lex.PEOPLE_NOUNS or any(
        (m := p.mention_at(c)) is not None and m.label in _ACTOR_LABELS for c in p.kids(i, "compound", "amod", "poss"))


def _source(p: _Parse, r: _Reading) -> tuple[int | None, int | None]:
    """(source head, subject of the framed clause when it is not the source)."""
    start = r.pred if r.top == r.pred else r.top
    inner = (p.kid(r.pred, "nsubj") or p.kid(r.pred, "nsubjpass")) if r.top != r.pred else None
    for g in p.governors(start):
        agent = p.kid(g, "agent")
        subject = p.kid(agent, "pobj") if agent is not None else p.kid(g, "nsubj", "csubj")
        if subject is None and g != start and agent is None:
            subject = p.kid(g, "nsubjpass")  # "the leaders are expected / scheduled to meet"
        if subject is not None and r.first <= subject <= r.last:
            subject = None  # "the talks are likely to resume": the event is not its own actor
        if subject is not None and p.lower(subject) not in lex.PRONOUNS and p.tokens[subject].pos != "PRON":
            return subject, inner if inner != subject else None
        if subject is None and g != r.pred and p.dep(g) not in _COMPLEMENTS + ("conj", "advcl", "relcl", "acl"):
            break
    return None, inner


def _target(p: _Parse, r: _Reading, source: int | None, inner_subject: int | None) -> int | None:
    candidates = [inner_subject] if inner_subject is not None else []
    for v in dict.fromkeys((r.pred, r.top, r.first, r.last)):
        deps = ("nsubjpass", "dobj", "dative") if p.passive(v) else ("dobj", "dative")
        candidates += [c for c in p.kids(v, *deps) if not r.first <= c <= r.last]
    for v in dict.fromkeys((r.pred, r.last, r.first, r.top)):
        heads = [v] + p.kids(v, "dobj")
        for name in lex.TARGET_PREPS:
            if name in ("in", "at") and r.type == "CONSULT":
                continue  # where leaders meet is not whom they meet
            candidates += [o for h in heads for o in p.pobjs(h, name)]
    candidates = [c for c in candidates if c != source and (source is None or c not in p.kids(source, "conj"))]
    for c in candidates:
        if _is_actor(p, c):
            return c
    # "a camp for refugees", "an admission by Moscow", "part of a program for Bosnia": one level in
    for c in candidates:
        for obj in p.pobjs(c, "for", "of", "by", "in", "to", "against", "from"):
            if obj != source and _is_actor(p, obj):
                return obj
    # no actor: the thing acted on ("attacked a police station", "demolished homes")
    patient = p.kid(r.pred, "nsubjpass") if p.passive(r.pred) else p.kid(r.pred, "dobj")
    if patient is not None and patient != source and not r.first <= patient <= r.last and p.is_noun(patient):
        return patient
    return None


# -- status -------------------------------------------------------------------------------------
def _status(p: _Parse, r: _Reading) -> EventStatus:
    chain = p.governors(r.top)
    if r.denied or any(p.lemma(g) in lex.DENY_VERBS for g in chain[1:]):
        return "denied"
    if "neg" not in r.consumed:
        for g in chain:
            if _negated(p, g):
                return "denied"
            if g != r.top and p.is_verb(g) and (p.lemma(g) in lex.REPORT_VERBS or p.dep(g) not in
                                                _COMPLEMENTS + ("conj", "prep", "pobj", "dobj", "advcl")):
                break
    if any(p.lower(c) == "no" for i in range(r.first, r.last + 1) for c in p.kids(i, "det")):
        return "denied"  # "no clashes were reported"
    future_spent = "future" in r.consumed
    for k, g in enumerate(chain):
        marks = {p.lower(m) for m in p.kids(g, "mark")}
        if marks & {"if", "unless", "whether"} and p.dep(g) in ("advcl", "ccomp", "conj", "ROOT"):
            return "hypothetical"
        aux = _aux(p, g)
        reported = _reporter(p, g) is not None
        if aux & {"could", "might"} or ("would" in aux and not future_spent and not reported):
            return "hypothetical"
        if aux & lex.PREDICTED_AUX or p.lemma(g) in lex.PREDICTION_WORDS or any(
                p.lemma(c) in lex.PREDICTION_WORDS for c in p.kids(g, "advmod", "acomp")):
            return "predicted"
        if not future_spent and (aux & lex.FUTURE_AUX or ("would" in aux and reported)):
            return "planned"
        if p.lemma(g) in lex.PLAN_WORDS | {"schedule", "slate", "due"} and (k > 0 or p.is_verb(g)):
            return "planned"
        if p.lemma(g) == "be" and any(p.lower(a) == "to" for c in p.kids(g, "xcomp") for a in p.kids(c, "aux")):
            return "planned"  # "is to meet", "is to be held"
        if g != r.top and p.lemma(g) in lex.REPORT_VERBS:
            break  # the reporter's own clause does not qualify the event
    for g in chain:
        for c in p.kids(g, "advcl"):
            if {p.lower(m) for m in p.kids(c, "mark")} & {"if", "unless"} and _aux(p, g) & {"would", "could"}:
                return "hypothetical"
    return "occurred"


# -- the stage ------------------------------------------------------------------------------------
def _sentence_events(p: _Parse, document: Document, sentence: range, start: int, end: int) -> list[EventMention]:
    p.find_phrases(sentence)
    root = next((i for i in sentence if p.tokens[i].head == i or p.tokens[i].head not in sentence), None)
    if root is None:
        return []
    main = _read(p, root) or _first_in(p, list(sentence))
    if main is None:
        return []
    readings = [main]
    for c in p.kids(root, "conj"):
        if p.is_verb(c) and not main.first <= c <= main.last:
            extra = _read(p, c, 1)
            if extra is not None and all(extra.first != r.first for r in readings):  # one event per trigger
                readings.append(extra)
    events = []
    for r in readings:
        source, inner_subject = _source(p, r)
        target = _target(p, r, source, inner_subject)
        t_start, t_end = p.tokens[r.first].start, p.tokens[r.last].end
        events.append(EventMention(
            document=document.id, start=start, end=end, trigger=p.text[t_start:t_end],
            trigger_start=t_start, trigger_end=t_end, type=r.type, status=_status(p, r),
            cameo=lex.CAMEO_ROOT.get(r.type), mode=r.mode, action=r.action if r.action != r.type else None,
            source=_actors(p, source), target=_actors(p, target),
        ))
    return events


def extract(document: Document, analysis: Analysis, settings: Settings) -> list[EventMention]:
    """The main event of each sentence of ``document`` that reports one, in text order.

    ``analysis`` is the language stage's output with the mentions ``entities.refine``
    corrected (actors are named by those mentions). ``settings`` is accepted for the stage
    signature; the rules have no tunable settings yet. One event per sentence, so
    ``(document, start)`` identifies it; :func:`extract_all` adds coordinated clauses.
    """
    return main_events(extract_all(document, analysis, settings))


def extract_all(document: Document, analysis: Analysis, settings: Settings) -> list[EventMention]:
    """Every event of every sentence, main event first, then those of coordinated main
    clauses ("met in Geneva and signed an agreement"); ``(document, start, trigger_start)``
    identifies each."""
    p = _Parse(document.text, analysis, analysis.mentions)
    by_sentence: dict[int, list[int]] = {}
    for i, tok in enumerate(analysis.tokens):
        by_sentence.setdefault(tok.sent, []).append(i)
    events: list[EventMention] = []
    for k, sentence in enumerate(analysis.sentences):
        tokens = by_sentence.get(k)
        if tokens:
            events += _sentence_events(p, document, range(tokens[0], tokens[-1] + 1), sentence.start, sentence.end)
    return events


def main_events(events: Iterable[EventMention]) -> list[EventMention]:
    """The main event of each sentence: the first one ``extract`` gives for it."""
    seen: set[tuple[str, int]] = set()
    out = []
    for event in events:
        if (event.document, event.start) not in seen:
            seen.add((event.document, event.start))
            out.append(event)
    return out
