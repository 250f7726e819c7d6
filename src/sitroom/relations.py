"""Stage 10, relations: the actor graph — who cooperates with whom, who is in conflict.

Every pair of actors that share an event (``Event.actors``) is an edge; so is a pair that a
claim names together when the claim's wording is itself cooperative or hostile
("cooperation between A and B is growing", "A filed a lawsuit against B"). Each event or
claim gives the pair one *intensity* on the Goldstein scale and a weight; the edge's
``score`` is the weighted mean of its intensities, from -10 (most hostile) to +10 (most
cooperative).

The scale
---------
Goldstein (1992, "A Conflict-Cooperation Scale for WEIS Events Data", *Journal of Conflict
Resolution* 36:369-385) gave each kind of event a weight from -10 to +10; CAMEO (Schrodt,
*CAMEO Conflict and Mediation Event Observations Codebook* 1.1b3) carries those weights
over to its codes, and GDELT's ``CAMEO.goldsteinscale.txt`` lists them per code. sitroom's
events are typed in PLOVER; :data:`~sitroom.event_lexicon.CAMEO_ROOT` places each PLOVER
type under a CAMEO root, and :data:`GOLDSTEIN` takes that root's weight::

    AGREE 03 +4.0    CONSULT 04 +1.0   SUPPORT 05 +3.5   COOPERATE 06 +6.0   AID 07 +7.0
    CONCEDE 08 +5.0  RETREAT 08 +5.0   INVESTIGATE 09 -2.0  DEMAND 10 -5.0  DISAPPROVE 11 -2.0
    REJECT 12 -4.0   THREATEN 13 -7.0*  PROTEST 14 -6.5  MOBILIZE 15 -7.2   SANCTION 16 -8.0*
    COERCE 17 -7.0   ASSAULT 18 -9.0   FIGHT 19 -10.0

(*) Two types cover only the hard end of their CAMEO root and take the weight of the codes
they stand for rather than the root's: SANCTION is PLOVER's embargoes, sanctions and
broken relations (CAMEO 161-166, weighed -4.0 to -8.0), not the whole of root 16 "reduce
relations" (-4.0), so it takes the hard end, -8.0; THREATEN as sitroom reads it ("threaten",
"warn", "ultimatum") is mostly the threats of force and ultimatums of CAMEO 136-139 (-7.0)
rather than the root's -6.0.

Weights
-------
- An event counts by its status: occurred 1, planned 0.75 (an arranged meeting already
  says the two deal with each other), predicted 0.5, hypothetical 0.25 ("could supply"),
  denied 0 (a denied act is no evidence of the act; the denial itself is a claim).
- A pair in an event of ``n`` actors gets ``1/(n-1)`` of the event's weight: a summit of ten
  says less about any two of them than a meeting of two.
- A claim counts half as much as an event (:data:`CLAIM_WEIGHT`: its wording is read from
  one word, the event from a parsed trigger with its arguments), and again by modality:
  asserted and reported 1, hedged and predicted 0.5, denied, negated and questions 0. A claim
  in a sentence that already gave the pair an event is not counted twice.

An edge is ``cooperation`` when its score is positive, ``conflict`` when negative, and
``mixed`` when the weaker side holds at least :data:`MIXED_SHARE` of the weighted
intensity (both signs substantial), whatever the mean.

Who is an actor: people, organisations, countries and groups (entity types PERSON, ORG,
GPE, NORP). A city named as an actor stands for its country when the corpus knows that
country ("Moscow said" is Russia speaking); a compound of two countries ("Russian-Iranian
relations", "US-Israeli") stands for both. A person and the country of an office they hold
("president of Russia") are one side, not two, so that pair is no edge. In a claim, an
actor named only after "in"/"at" ("met in Geneva, Switzerland") is a place, not a party.

:func:`compute` is the stage; :func:`graph` turns relations into a ``networkx`` graph and
:func:`to_graphml` writes it as GraphML.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
import snowballstemmer

from .event_lexicon import CAMEO_ROOT, NOUNS, VERBS
from .gazetteer import country_of, country_of_place
from .types import Claim, Entity, Event, Relation

__all__ = ["GOLDSTEIN", "ACTOR_TYPES", "compute", "intensity", "claim_intensity", "graph", "to_graphml"]

# Goldstein weight of each CAMEO root (GDELT's CAMEO.goldsteinscale.txt, root lines).
_ROOT_GOLDSTEIN: dict[str, float] = {
    "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0, "08": 5.0, "09": -2.0, "10": -5.0,
    "11": -2.0, "12": -4.0, "13": -6.0, "14": -6.5, "15": -7.2, "16": -4.0, "17": -7.0, "18": -9.0,
    "19": -10.0,
}
# PLOVER type -> intensity: the root's weight, except the two types that stand for the hard
# end of their root (see the module docstring).
GOLDSTEIN: dict[str, float] = {t: _ROOT_GOLDSTEIN[root] for t, root in CAMEO_ROOT.items()} | {
    "SANCTION": -8.0, "THREATEN": -7.0,
}

ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})

STATUS_WEIGHT: dict[str, float] = {"occurred": 1.0, "planned": 0.75, "predicted": 0.5, "hypothetical": 0.25, "denied": 0.0}
MODALITY_WEIGHT: dict[str, float] = {"asserted": 1.0, "reported": 1.0, "hedged": 0.5, "predicted": 0.5,
                                     "denied": 0.0, "question": 0.0}
CLAIM_WEIGHT = 0.5
# The weaker sign's share of the weighted intensity from which an edge is "mixed": one
# hostile act against two cooperative ones of the same strength is a mixed relation, one
# against five is a cooperative one with a blemish.
MIXED_SHARE = 1 / 3
# A claim naming more actors than this is a panorama ("Russia, Iran, Israel, the US and
# Syria differ on ..."), not a statement about any two of them.
MAX_CLAIM_ACTORS = 4

# Lexicon words left out when reading a claim's wording from single stems: as the head or a
# content word of a check-worthy sentence they mostly mean something else ("relations are
# close", "in March", "a fine line", "free trade", "the mass of", "security concerns",
# "the question is", "back in 2020", "a sentence").
_POLYSEMOUS = frozenset(
    "close fine free march mass concern question back charge search sentence target hit ease review "
    "bar jam seal hang crack object alert exercise drill reform release strike rally block ban".split()
)

_STEMMER = snowballstemmer.stemmer("english")
# A name right after "in"/"at" (or after "in Gaza, " — a list of places) names a place.
_LOCATIVE = re.compile(r"\b(?i:in|at|near|outside|inside)\s+(?i:the\s+)?(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*,\s+)*$")


def _stem_types() -> dict[str, str]:
    """Stem -> PLOVER type of the lexicon's trigger words, stemmed as claims' stems are."""
    table: dict[str, str] = {}
    for lexicon in (VERBS, NOUNS):  # verbs first: a claim's predicate is mostly its verb
        for lemma, (kind, _) in lexicon.items():
            if lemma not in _POLYSEMOUS:
                table.setdefault(_STEMMER.stemWord(lemma), kind)
    return table


_STEM_TYPES = _stem_types()


def intensity(event_type: str) -> float | None:
    """The Goldstein intensity of a PLOVER event type, or None for a type off the scale."""
    return GOLDSTEIN.get(event_type)


def claim_intensity(claim: Claim) -> float | None:
    """How cooperative or hostile a claim's wording is: its predicate's event type when the
    lexicon knows it, else the mean of its typed content words when they all lean one way;
    None when it says neither (or both)."""
    if claim.predicate and claim.predicate in _STEM_TYPES:
        return GOLDSTEIN[_STEM_TYPES[claim.predicate]]
    values = [GOLDSTEIN[_STEM_TYPES[t]] for t in dict.fromkeys(claim.terms) if t in _STEM_TYPES]
    if not values or (min(values) < 0 < max(values)):
        return None
    return sum(values) / len(values)


def _claim_weight(claim: Claim) -> float:
    if claim.negated:
        return 0.0  # "did not provide": no evidence of the act, and no evidence of its opposite
    return CLAIM_WEIGHT * MODALITY_WEIGHT.get(claim.modality, 0.0) * (0.5 if claim.hedged else 1.0)


def _key(name: str) -> str:
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
    return re.sub(r"['’]s$", "", name).lower()


_COMPOUND = re.compile(r"\s*[-–—/]\s*")


@dataclass
class _Actors:
    """Which entity ids count as actors, how names map to them, and who belongs to whom."""

    canonical: dict[str, tuple[str, ...]]                      # entity id -> the actor ids it stands for
    by_name: dict[str, set[tuple[str, ...]]]                   # name key -> what each entity so named stands for
    offices: dict[str, frozenset[str]] = field(default_factory=dict)  # person id -> country names

    @classmethod
    def of(cls, entities: Sequence[Entity]) -> "_Actors":
        actors = [e for e in entities if e.type in ACTOR_TYPES]
        countries = {e.name: e.id for e in actors if e.type == "GPE" and country_of(e.name) == e.name}
        country_ids = set(countries.values())
        canonical: dict[str, tuple[str, ...]] = {}
        for e in actors:
            parts = _COMPOUND.split(e.name.strip())
            if len(parts) >= 2 and not country_of(e.name) and all(country_of(part) for part in parts):
                # "Russian-Iranian", "US-Israeli": not one actor but the pair it relates
                found = tuple(dict.fromkeys(countries.get(country_of(part) or "", "") for part in parts))
                canonical[e.id] = found if all(found) and len(found) >= 2 else ()
            elif e.type == "GPE" and e.id not in country_ids and (home := country_of_place(e.name)) in countries:
                canonical[e.id] = (countries[home],)  # a city acting is its country acting ("Moscow said")
            else:
                canonical[e.id] = (e.id,)
        by_name: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for e in actors:
            for name in (e.name, *e.aliases):
                by_name[_key(name)].add(canonical[e.id])
        offices = {}
        for e in actors:
            if e.type == "PERSON" and e.roles:
                offices[e.id] = frozenset(r.rsplit(" of ", 1)[1] for r in e.roles if " of " in r)
        return cls(canonical, by_name, offices)

    def of_event(self, actor_ids: Iterable[str]) -> list[str]:
        return list(dict.fromkeys(a for eid in actor_ids for a in self.canonical.get(eid, ())))

    def resolve(self, name: str) -> tuple[str, ...]:
        ids = self.by_name.get(_key(name), set())
        return next(iter(ids)) if len(ids) == 1 else ()  # an ambiguous name is no one

    def one_side(self, a: str, b: str, names: Mapping[str, str]) -> bool:
        """Whether ``a`` and ``b`` are a person and the country of their office."""
        return names.get(b, "") in self.offices.get(a, ()) or names.get(a, "") in self.offices.get(b, ())


@dataclass
class _Edge:
    weighted: float = 0.0   # sum of weight * intensity
    weight: float = 0.0
    positive: float = 0.0   # sum of weight * intensity over cooperative items
    negative: float = 0.0   # sum of weight * |intensity| over hostile items
    events: set[str] = field(default_factory=set)
    claims: set[str] = field(default_factory=set)
    evidence: set[tuple[str, int, int]] = field(default_factory=set)

    def add(self, weight: float, value: float) -> None:
        self.weighted += weight * value
        self.weight += weight
        if value > 0:
            self.positive += weight * value
        else:
            self.negative += weight * -value

    def relation(self, source: str, target: str) -> Relation:
        score = self.weighted / self.weight
        strong, weak = max(self.positive, self.negative), min(self.positive, self.negative)
        if weak and weak >= MIXED_SHARE * (strong + weak):
            kind = "mixed"
        else:
            kind = "cooperation" if score > 0 else "conflict"
        return Relation(source, target, kind, round(score, 2), tuple(sorted(self.evidence)),
                        events=len(self.events), claims=len(self.claims))


def _occurrences(name: str, text: str) -> list[int]:
    """Where a non-empty ``name`` starts in ``text``, non-overlapping, left to right (what
    ``re.finditer(re.escape(name), text)`` finds, without compiling a pattern per name:
    thousands of names overflow ``re``'s cache of compiled patterns)."""
    found: list[int] = []
    at = text.find(name) if name else -1
    while at >= 0:
        found.append(at)
        at = text.find(name, at + len(name))
    return found


def _claim_actors(claim: Claim, actors: _Actors) -> list[str]:
    """The distinct actors a claim names, leaving out those named only as a place ("in
    Geneva", "in Gaza, Lebanon")."""
    found: list[str] = []
    for name in claim.actors:
        ids = [a for a in actors.resolve(name) if a not in found]
        if not ids:
            continue
        at = _occurrences(name, claim.text)
        if at and all(_LOCATIVE.search(claim.text[max(0, i - 60):i]) for i in at):
            continue
        found.extend(ids)
    return found


def compute(events: Iterable[Event], claims: Iterable[Claim], entities: Sequence[Entity]) -> list[Relation]:
    """The actor graph's edges from the stored events and claims, strongest first."""
    actors = _Actors.of(entities)
    names = {e.id: e.name for e in entities}
    edges: dict[tuple[str, str], _Edge] = defaultdict(_Edge)
    event_spans: dict[tuple[str, str, str], list[tuple[int, int]]] = defaultdict(list)  # (a, b, document)

    def pairs(ids: Iterable[str]) -> list[tuple[str, str]]:
        return [(a, b) for a, b in combinations(sorted(set(ids)), 2) if not actors.one_side(a, b, names)]

    for event in sorted(events, key=lambda e: e.id):  # one order, one sum, whatever the store's row order
        value, weight = GOLDSTEIN.get(event.type), STATUS_WEIGHT.get(event.status, 0.0)
        ids = actors.of_event(event.actors)
        if value is None or not weight or len(set(ids)) < 2:
            continue
        share = weight / (len(set(ids)) - 1)
        for pair in pairs(ids):
            edge = edges[pair]
            edge.add(share, value)
            edge.events.add(event.id)
            edge.evidence.update(event.evidence)
            for doc, start, end in event.evidence:
                event_spans[(*pair, doc)].append((start, end))

    counted: set[tuple[str, str, str, int]] = set()  # (source, target, document, sentence start)
    for claim in sorted(claims, key=lambda c: (c.document, c.start, c.id)):
        weight = _claim_weight(claim)
        value = claim_intensity(claim) if weight else None
        if value is None:
            continue
        ids = _claim_actors(claim, actors)
        if not 2 <= len(ids) <= MAX_CLAIM_ACTORS:
            continue
        share = weight / (len(ids) - 1)
        for pair in pairs(ids):
            sentence = (*pair, claim.document, claim.sentence_start)
            if sentence in counted:
                continue  # one sentence, one say: its relative clauses are not more claims
            if any(s <= claim.start < e for s, e in event_spans.get((*pair, claim.document), ())):
                continue  # the sentence already gave this pair an event
            counted.add(sentence)
            edge = edges[pair]
            edge.add(share, value)
            edge.claims.add(claim.id)
            edge.evidence.add((claim.document, claim.start, claim.end))

    relations = [edge.relation(a, b) for (a, b), edge in edges.items() if edge.weight > 0]
    relations.sort(key=lambda r: (-(r.events + r.claims), -abs(r.score), r.source, r.target))
    return relations


def graph(relations: Iterable[Relation], entities: Sequence[Entity]) -> nx.Graph:
    """The actor graph: nodes are entities (attributes ``name``, ``type``), edges relations
    (``kind``, ``score``, ``events``, ``claims``, ``weight`` = events + claims, and
    ``evidence`` as a JSON list of [document, start, end])."""
    by_id = {e.id: e for e in entities}
    g = nx.Graph()
    for r in relations:
        for node in (r.source, r.target):
            if node not in g:
                entity = by_id.get(node)
                g.add_node(node, name=entity.name if entity else node, type=entity.type if entity else "")
        g.add_edge(r.source, r.target, kind=r.kind, score=float(r.score), events=r.events, claims=r.claims,
                   weight=r.events + r.claims, evidence=json.dumps([list(e) for e in r.evidence], ensure_ascii=False))
    return g


# Characters XML 1.0 cannot hold at all; article text may carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def to_graphml(g: nx.Graph) -> str:
    """The graph as GraphML text (attribute values made XML-safe; escaping is networkx's)."""
    clean = nx.Graph()
    clean.add_nodes_from((_NOT_XML.sub("", str(n)), {k: _NOT_XML.sub("", v) if isinstance(v, str) else v
                                                      for k, v in data.items()}) for n, data in g.nodes(data=True))
    clean.add_edges_from((_NOT_XML.sub("", str(a)), _NOT_XML.sub("", str(b)), data) for a, b, data in g.edges(data=True))
    return "\n".join(nx.generate_graphml(clean)) + "\n"
