"""Comparing two claims: the same proposition, a contradiction, or something else.

A claim is compared by what it is about, not by how it is worded: its content-word stems
weighted by how rare they are among the corpus's claims (IDF), the actors it names
(pronouns resolved, demonyms read as countries), the quantities it counts, and — for pairs
the words leave undecided — MiniLM sentence embeddings. Two claims state the *same*
proposition when their words (or, failing that, their embeddings) agree enough and their
actors do not conflict; they *contradict* when they are about the same thing and one says
it is false (negated or denied) while the other says it is true, or they count the same
thing differently ("killed 7" against "killed 12").

No entailment model ships in any installable package (see DEPENDENCIES.md), so the
decision is this rule over features a library gives (snowball stems, MiniLM); its
thresholds were chosen on ``eval/claim-pairs/dev.jsonl`` and are measured on the held-out
half by ``sitroom eval claim-pairs``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import sparse

from ..gazetteer import country_of_place
from .cues import ANTONYMS, NEGATING_PREFIXES
from ..types import Claim
from . import actor_key, stems

# Chosen on eval/claim-pairs/dev.jsonl (grid search for macro-F1; `sitroom eval claim-pairs`
# reports the held-out half): two claims are one proposition when their words agree this
# much, or — between EMBED_FROM and LEXICAL_SAME, for the same act by the same actors —
# when 0.4 x words + 0.6 x MiniLM cosine reaches COMBINED_SAME; they are about the same
# thing (so may contradict) from RELATED. Embeddings cost 9 ms a claim here: asking them
# only about these pairs keeps the build near spaCy's speed at a cost of 0.01 macro-F1.
LEXICAL_SAME = 0.34
RELATED = 0.20
EMBED_FROM = 0.24
COMBINED_SAME = 0.44
EMBED_WEIGHT = 0.6


@dataclass(frozen=True, slots=True)
class Features:
    """What comparison needs of one claim."""

    id: str
    document: str
    terms: frozenset[str]
    actors: frozenset[str]
    numbers: Mapping[str, str]
    negative: bool
    text: str
    predicate: str | None = None
    holder: str | None = None  # who the claim is attributed to (actor key), None for an author
    opposites: frozenset[str] = frozenset()  # stems whose presence in another claim contradicts this one


def features(claim: Claim, claim_id: str | None = None) -> Features:
    numbers: dict[str, str] = {}
    for item in claim.numbers:
        noun, _, value = item.partition("=")
        numbers.setdefault(noun, value)
    # a capital or city stands for its country too ("Moscow sent ..." is Russia acting)
    countries = {country.lower() for a in claim.actors if (country := country_of_place(a))}
    terms = frozenset(claim.terms) | countries
    return Features(
        id=claim_id or claim.id, document=claim.document, terms=terms, opposites=_opposites_of(terms),
        actors=frozenset(actor_key(a) for a in claim.actors) | countries, numbers=numbers,
        negative=claim.negated or claim.modality == "denied", text=claim.text, predicate=claim.predicate,
        holder=None if claim.holder_kind == "author" else actor_key(claim.holder),
    )


class Idf:
    """Inverse document frequency of stems over a set of claims (smoothed)."""

    def __init__(self, claims: Iterable[Features]) -> None:
        counts: Counter[str] = Counter()
        n = 0
        for c in claims:
            counts.update(c.terms | c.actors)
            n += 1
        self.n = max(n, 1)
        self.counts = counts
        self.unseen = math.log(1 + self.n) + 1.0
        self.weights = {t: math.log((1 + self.n) / (1 + k)) + 1.0 for t, k in counts.items()}
        self._totals: dict[frozenset[str], float] = {}

    def __call__(self, term: str) -> float:
        return self.weights.get(term, self.unseen)

    def total(self, terms: Iterable[str]) -> float:
        weights, unseen = self.weights, self.unseen
        return sum(weights.get(t, unseen) for t in terms)

    def coverage(self, words: frozenset[str], wanted: frozenset[str]) -> float:
        """The IDF-weighted share of ``wanted`` found in ``words`` (all of nothing: 1)."""
        weight = self.total(wanted)
        return self.total(wanted & words) / weight if weight else 1.0

    def set_total(self, terms: frozenset[str]) -> float:
        """``total`` of one claim's own terms, remembered: each claim is compared many times."""
        found = self._totals.get(terms)
        if found is None:
            found = self._totals[terms] = self.total(terms)
        return found


def lexical(a: Features, b: Features, idf: Idf) -> float:
    """IDF-weighted agreement of two claims' stems, 0..1: the mean of Dice and the overlap
    coefficient, so a short claim inside a longer one still counts."""
    wa, wb = a.terms, b.terms
    if not wa or not wb:
        return 0.0
    shared = idf.total(wa & wb)
    sa, sb = idf.set_total(wa), idf.set_total(wb)
    dice = 2 * shared / (sa + sb)
    overlap = shared / min(sa, sb)
    return (dice + overlap) / 2


def actors_conflict(a: Features, b: Features) -> bool:
    """Both name actors and share none: about different parties."""
    return bool(a.actors) and bool(b.actors) and not (a.actors & b.actors)


def _unit(noun: str) -> str:
    return {"%": "percent"}.get(noun, noun.rstrip("s"))


def numbers_conflict(a: Features, b: Features) -> bool:
    """The same thing counted differently ("7 people" against "12 people", "46 KOs"
    against "47 KO's")."""
    theirs = {_unit(noun): value for noun, value in b.numbers.items()}
    return any(theirs.get(_unit(noun)) not in (None, value) for noun, value in a.numbers.items())


_OPPOSITES: dict[str, frozenset[str]] = {}
for _a, _b in ANTONYMS:
    (_sa,), (_sb,) = stems([_a]), stems([_b])
    _OPPOSITES[_sa] = _OPPOSITES.get(_sa, frozenset()) | {_sb}
    _OPPOSITES[_sb] = _OPPOSITES.get(_sb, frozenset()) | {_sa}


@lru_cache(maxsize=1 << 16)
def _opposites_of_term(t: str) -> frozenset[str]:
    out = set(_OPPOSITES.get(t, frozenset()))
    if len(t) > 3:
        out.update(prefix + t for prefix in NEGATING_PREFIXES)
    for prefix in NEGATING_PREFIXES:
        if t.startswith(prefix) and len(t) - len(prefix) > 3:
            out.add(t[len(prefix):])
    return frozenset(out)


def _opposites_of(terms: frozenset[str]) -> frozenset[str]:
    """The stems that say the opposite of one of ``terms``: listed antonyms, and the word
    with or without a negating prefix ("armed" / "unarmed")."""
    out: set[str] = set()
    for t in terms:
        out |= _opposites_of_term(t)
    return frozenset(out - terms)


def opposite_words(a: Features, b: Features) -> bool:
    """One claim says what the other's opposite says ("death" / "life", "armed" / "unarmed"),
    and neither holds both words."""
    return bool(a.opposites & (b.terms - a.terms))


def conflict(a: Features, b: Features) -> bool:
    """Polarity, counts or opposite words set the two apart."""
    return a.negative != b.negative or numbers_conflict(a, b) or opposite_words(a, b)


def cosine(va: np.ndarray | None, vb: np.ndarray | None) -> float | None:
    if va is None or vb is None:
        return None
    return float(va @ vb)


def relation(a: Features, b: Features, idf: Idf, cos: float | None = None, words: float | None = None) -> str:
    """"same", "contradicting" or "different" for one pair; ``cos`` is their embedding
    cosine when known (only asked for pairs :func:`undecided` names), ``words`` their
    :func:`lexical` agreement when the caller has it."""
    if words is None:
        words = lexical(a, b, idf)
    close = (cos is not None and words >= EMBED_FROM and same_act(a, b)
             and (1 - EMBED_WEIGHT) * words + EMBED_WEIGHT * cos >= COMBINED_SAME)
    related = words >= RELATED or close
    if related and conflict(a, b):
        return "contradicting"
    same = words >= LEXICAL_SAME or close
    return "same" if same and not actors_conflict(a, b) else "different"


def same_act(a: Features, b: Features) -> bool:
    """The same act ("signed" / "will sign") by actors in common (or unnamed): the pairs
    whose wording the embeddings are asked to judge."""
    return (a.predicate is not None and a.predicate == b.predicate
            and (bool(a.actors & b.actors) or not (a.actors and b.actors)))


def undecided(a: Features, b: Features, idf: Idf, words: float | None = None) -> bool:
    """Whether the embeddings could change :func:`relation` for this pair (``words`` as
    in :func:`relation`)."""
    return same_act(a, b) and EMBED_FROM <= (lexical(a, b, idf) if words is None else words) < LEXICAL_SAME


def candidates(claims: Sequence[Features], idf: Idf, max_postings: int = 40) -> set[tuple[int, int]]:
    """Pairs of claims worth comparing: those sharing at least two stems that are rare in the
    corpus (in at most ``max_postings`` claims), from different documents — or from one
    when one of them denies (an article quoting a claim and its denial). An inverted index
    with a fixed cap, so the work grows with the corpus, not with its square."""
    index: dict[str, list[int]] = {}
    for k, c in enumerate(claims):
        for term in c.terms | c.actors:
            index.setdefault(term, []).append(k)
    rows: list[int] = []
    lengths: list[int] = []  # the claims of each rare stem: a column of the matrix below
    for members in index.values():
        if len(members) <= max_postings:
            rows += members
            lengths.append(len(members))
    if not rows:
        return set()
    # The shared rare stems of every pair at once, as a product of the sparse claim-by-stem
    # matrix with itself (SciPy): counting them pair by pair in Python took 0.7 s on the
    # 22,000 claims of 2,000 articles.
    columns = np.repeat(np.arange(len(lengths)), lengths)
    incidence = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (np.array(rows), columns)),
                                  shape=(len(claims), len(lengths)))
    shared = sparse.triu(incidence @ incidence.T, k=1).tocoo()
    twice = shared.data >= 2
    a, b = shared.row[twice], shared.col[twice]
    document = np.unique([c.document for c in claims], return_inverse=True)[1]
    negative = np.array([c.negative for c in claims], dtype=bool)
    wanted = (document[a] != document[b]) | negative[a] | negative[b]
    return set(zip(a[wanted].tolist(), b[wanted].tolist()))
