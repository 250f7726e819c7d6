"""Claims grouped across documents into propositions: corroborated, single-source, disputed.

Candidate pairs come from an inverted index of rare stems (:func:`compare.candidates`), so
the corpus is never compared pair by pair; each candidate is judged by
:func:`compare.relation`, and the embeddings are asked only about the pairs the words
leave undecided. Claims on one span of one document (one holder reporting it, another
denying it) are one proposition. Groups are the connected components of "same" and
"contradicting" pairs.

A group's *summary* is the claim stated by the most independent sources on the majority
side; claims on that side support it, claims of the other polarity dispute it. Sources are
independent by origin: an outlet counts once (its syndicated copies are never analysed),
and what several outlets attribute to one named source ("citing TASS", a quoted
minister) counts once for that source.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

import numpy as np
from scipy.cluster.hierarchy import DisjointSet

from ..types import Claim, ClaimCluster
from . import actor_key
from .compare import LEXICAL_SAME, Features, Idf, candidates, features, lexical, relation, undecided

# The stance an outlet takes, strongest first: what it states itself or reports outweighs a
# denial it quotes (an article that reports a claim and the denial of it "reports" it).
_STANCE_ORDER = ("asserts", "reports", "hedges", "denies")
_STANCE_OF = {"asserted": "asserts", "reported": "reports", "hedged": "hedges", "predicted": "hedges",
              "question": "hedges", "denied": "denies"}

# Without the words of a restatement, a contradicting claim needs embeddings this close.
CONTRADICTION_COSINE = 0.7

VectorsFor = Callable[[Sequence[Claim]], Mapping[str, np.ndarray]]


def origin(claim: Claim, outlet: str) -> str:
    """Who a claim ultimately comes from: a named holder, else the outlet that states it."""
    if claim.holder_kind in ("quoted", "named"):
        return "holder:" + actor_key(claim.holder)
    return "outlet:" + outlet


def stance(claim: Claim, negative_side: bool) -> str:
    """asserts / reports / hedges / denies, towards a proposition of the given polarity."""
    negative = claim.negated or claim.modality == "denied"
    if negative != negative_side:
        return "denies"
    return _STANCE_OF[claim.modality] if claim.modality != "denied" else "asserts"


def _cluster_id(members: Sequence[str]) -> str:
    return "cl-" + hashlib.sha1("|".join(sorted(members)).encode()).hexdigest()[:12]


def group(claims: Sequence[Claim], outlets: Mapping[str, str], vectors_for: VectorsFor | None = None,
          known: Mapping[str, Features] | None = None) -> tuple[list[ClaimCluster], dict[str, str]]:
    """Clusters over ``claims``, and each claim id's cluster id.

    ``outlets`` maps a document id to its outlet key (the outlet's name, or the document id
    when it has none); ``vectors_for`` gives unit embeddings of the claims asked; ``known``
    the claims' features where the caller has computed them already.
    """
    known = known or {}
    feats = [known.get(c.id) or features(c) for c in claims]
    idf = Idf(feats)
    sets = DisjointSet(range(len(claims)))
    by_span: dict[tuple[str, int, int], int] = {}
    for k, c in enumerate(claims):
        first = by_span.setdefault((c.document, c.start, c.end), k)
        sets.merge(first, k)
    pairs = sorted(candidates(feats, idf))
    agreement = [lexical(feats[i], feats[j], idf) for i, j in pairs]  # each pair's words, once
    asked = [(i, j) for (i, j), words in zip(pairs, agreement) if undecided(feats[i], feats[j], idf, words)]
    vectors: Mapping[str, np.ndarray] = {}
    if asked and vectors_for is not None:
        needed = sorted({k for pair in asked for k in pair})
        vectors = vectors_for([claims[k] for k in needed])
    ids = [f.id for f in feats]
    links: dict[str, list[tuple[float, int, int]]] = {"same": [], "contradicting": [], "different": []}
    for (i, j), words in zip(pairs, agreement):
        cos = None
        if ids[i] in vectors and ids[j] in vectors:
            cos = float(vectors[ids[i]] @ vectors[ids[j]])
        found = relation(feats[i], feats[j], idf, cos, words)
        # a claim joins a proposition it contradicts only when it is as close to it as a
        # restatement would be: "about the same thing" is too loose to dispute a cluster
        if found == "contradicting" and words < LEXICAL_SAME and (cos is None or cos < CONTRADICTION_COSINE):
            found = "different"
        links[found].append((words, i, j))
    # propositions first, then the claims that contradict them
    _link(sets, links["same"], links["same"])
    _link(sets, links["contradicting"], links["same"] + links["contradicting"])
    clusters: list[ClaimCluster] = []
    of_claim: dict[str, str] = {}
    for subset in sets.subsets():
        members = sorted(subset)
        cluster = _summarise([claims[k] for k in members], [feats[k] for k in members], outlets, idf)
        clusters.append(cluster)
        for k in members:
            of_claim[claims[k].id] = cluster.id
    clusters.sort(key=lambda c: c.id)
    return clusters, of_claim


def _link(sets: DisjointSet, links: list[tuple[float, int, int]], known: list[tuple[float, int, int]]) -> None:
    """Merge along ``links``, strongest first, two groups only when at least half of the
    pairs between them are ``known`` links: one loose link never chains two propositions."""
    linked = {(i, j) for _, i, j in known}
    for _, i, j in sorted(links, key=lambda x: (-x[0], x[1], x[2])):
        if sets.connected(i, j):
            continue
        a, b = sets.subset(i), sets.subset(j)
        joined = sum((min(x, y), max(x, y)) in linked for x in a for y in b)
        if joined * 2 >= len(a) * len(b):
            sets.merge(i, j)


def _central(side: Sequence[Claim], members: Sequence[Claim], feats_of: Mapping[str, Features], idf: Idf) -> Claim:
    """The claim of ``side`` that best stands for the group: the closest in words to all the
    group's other claims (those disputing it too), stated outright where possible."""
    # Closeness is summed over the whole group for each candidate (quadratic in a large
    # group), so only for the claims that can win: the outright ones when there are any.
    outright = [c for c in side if c.modality == "asserted"] or list(side)
    if len(outright) == 1:
        return outright[0]

    def score(c: Claim) -> tuple:
        closeness = sum(lexical(feats_of[c.id], feats_of[o.id], idf) for o in members if o is not c)
        return (-round(closeness, 6), len(c.text))
    return min(outright, key=score)


def _summarise(members: Sequence[Claim], feats: Sequence[Features], outlets: Mapping[str, str], idf: Idf,
               ) -> ClaimCluster:
    feats_of = {f.id: f for f in feats}
    sides: dict[bool, list[Claim]] = defaultdict(list)
    for c, f in zip(members, feats):
        sides[f.negative].append(c)

    def weight(side: list[Claim]) -> tuple[int, int]:
        return len({origin(c, outlets.get(c.document, c.document)) for c in side}), len(side)

    negative_side = max(sides, key=lambda s: (weight(sides[s]), not s))
    supporting = sides[negative_side]
    disputing = sides.get(not negative_side, [])
    origins = {origin(c, outlets.get(c.document, c.document)) for c in supporting}
    against = {origin(c, outlets.get(c.document, c.document)) for c in disputing}
    if disputing and against - origins:
        status = "disputed"
    elif len(origins) >= 2:
        status = "corroborated"
    else:
        status = "single-source"
    summary = _central(supporting, members, feats_of, idf)
    stances: dict[str, str] = {}
    for c in members:
        outlet = outlets.get(c.document, c.document)
        found = stance(c, negative_side)
        if outlet not in stances or _STANCE_ORDER.index(found) < _STANCE_ORDER.index(stances[outlet]):
            stances[outlet] = found
    return ClaimCluster(
        id=_cluster_id([c.id for c in members]), summary=summary.text, status=status,
        supporting=tuple(c.id for c in supporting), disputing=tuple(c.id for c in disputing),
        origins=len(origins), stances=tuple(sorted(stances.items())),
    )
