"""Stage 9, forecasts: predictions of earlier documents scored against what later ones report.

A forecast is a *predicted* claim ("will likely discuss", "might be delayed", "won't be a
game-changer") of a document with a date. Its **due window** is the date a time expression
of its sentence gives when that lies after the document's date, else the date of the event
its sentence reports (when the timeline dated it), else the document's date plus the
horizon (``Settings.forecast_horizon_days``).

It is **resolved** against the claims of documents dated after it (inferred dates count)
and no later than the window's end plus the horizon, compared like claims across outlets
(:mod:`sitroom.claims.compare`): a later claim that states the same proposition as having
happened *confirms* it; one of the other polarity about the same thing *contradicts* it; one
about the same actors and much of the same matter, or a hedged report of it, *partly
confirms* it. Confirming and contradicting need the same act (the forecast's predicate
among the later claim's words: "will sign" against "signed"), or embeddings very close. The outcome is confirmed, contradicted, partly confirmed — in that order when
several passages disagree, confirmed winning only with more confirming than contradicting
sources — or not reported, with the deciding passages kept as evidence.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta

import numpy as np

from .claims import stems
from .claims.compare import EMBED_FROM, LEXICAL_SAME, Features, Idf, features, lexical, relation, same_act
from .claims.cues import TALK_VERBS
from .config import Settings
from .timeline import day_range
from .types import Claim, Forecast, TimeExpr

# A partial confirmation: the same act and some of the matter, or the same proposition
# worded with another act.
MATTER_PARTLY = 0.2
# Worded differently but the same act: confirmation without the same verb needs this much.
CONFIRM_COSINE = 0.80
# The share (IDF-weighted) of the forecast's matter a confirming or contradicting claim names.
MATTER_COVERED = 0.5
# Words in more later claims than this are too common to propose candidates by.
MAX_POSTINGS = 400
_REPORTS = frozenset({"asserted", "reported", "hedged"})

_TALK = frozenset(stems(TALK_VERBS))

VectorsFor = Callable[[Sequence[Claim]], Mapping[str, np.ndarray]]


def due_window(claim: Claim, written: date, times: Sequence[TimeExpr], event_dates: Sequence[str | None],
               horizon: int) -> tuple[date, date]:
    """The days a forecast is about (see the module docstring)."""
    for t in times:
        if claim.sentence_start <= t.start < claim.sentence_end and t.type == "DATE":
            found = day_range(t.value)
            if found and found[1] >= written:
                return max(found[0], written), found[1]
    for value in event_dates:
        found = day_range(value)
        if found and found[1] >= written:
            return max(found[0], written), found[1]
    return written, written + timedelta(days=horizon)


def _iso(window: tuple[date, date]) -> str:
    a, b = window
    return a.isoformat() if a == b else f"{a.isoformat()}/{b.isoformat()}"


def resolve(claims: Sequence[Claim], dates: Mapping[str, date], times: Mapping[str, Sequence[TimeExpr]],
            event_dates: Mapping[tuple[str, int], Sequence[str | None]], settings: Settings,
            vectors_for: VectorsFor | None = None, known: Mapping[str, Features] | None = None) -> list[Forecast]:
    """Every forecast among ``claims`` with its outcome.

    ``dates`` gives each document's date (published or inferred); ``times`` each document's
    time expressions; ``event_dates`` the dates of the events reported by a sentence, keyed
    by (document, sentence start); ``known`` the claims' features where already computed.
    """
    known = known or {}
    feats = {c.id: known.get(c.id) or features(c) for c in claims}
    idf = Idf(feats.values())
    # later claims that state what happened, indexed by their rarer words: a forecast is
    # compared only with claims sharing two of them, never with the whole corpus
    pool = [c for c in claims if c.modality in _REPORTS and c.document in dates]
    index: dict[str, list[int]] = defaultdict(list)
    for k, c in enumerate(pool):
        for term in feats[c.id].terms | feats[c.id].actors:
            index[term].append(k)
    forecasts: list[Forecast] = []
    pending: list[tuple[Claim, tuple[date, date], list[Claim]]] = []
    for claim in claims:
        if claim.modality != "predicted" or claim.document not in dates:
            continue
        written = dates[claim.document]
        window = due_window(claim, written, times.get(claim.document, ()),
                            event_dates.get((claim.document, claim.sentence_start), ()), settings.forecast_horizon_days)
        until = window[1] + timedelta(days=settings.forecast_horizon_days)
        f = feats[claim.id]
        shared: Counter[int] = Counter(k for term in f.terms | f.actors if len(index.get(term, ())) <= MAX_POSTINGS
                                       for k in index.get(term, ()))
        later = [pool[k] for k, n in sorted(shared.items()) if n >= 2 and pool[k].document != claim.document
                 and written < dates[pool[k].document] <= until]
        pending.append((claim, window, later))
    vectors: Mapping[str, np.ndarray] = {}
    if vectors_for is not None:
        # only the claims of pairs whose verdict a cosine can change are embedded
        asked: dict[str, Claim] = {}
        for claim, _, later in pending:
            for x in later:
                if _cosine_counts(feats[claim.id], feats[x.id], idf):
                    asked[claim.id] = claim
                    asked[x.id] = x
        vectors = vectors_for(list(asked.values())) if asked else {}
    for claim, window, later in pending:
        evidence = [e for c in later if (e := _judge(feats[claim.id], feats[c.id], c, idf, vectors))]
        forecasts.append(Forecast(
            id="fc-" + claim.id, claim=claim.id, document=claim.document, text=claim.text, start=claim.start,
            end=claim.end, holder=claim.holder, due=_iso(window), outcome=_outcome(evidence),
            evidence=tuple(evidence),
        ))
    return forecasts


def _cosine_counts(f: Features, e: Features, idf: Idf) -> bool:
    """Whether :func:`_judge` reads the embedding cosine of this pair: in :func:`relation`
    for the same act at ``EMBED_FROM`` or more, and for a confirmation worded with another
    act, which needs the words alone to say "same" (``LEXICAL_SAME``)."""
    words = lexical(f, e, idf)
    return words >= LEXICAL_SAME or (words >= EMBED_FROM and same_act(f, e))


def _judge(f: Features, e: Features, evidence: Claim, idf: Idf, vectors: Mapping[str, np.ndarray],
           ) -> tuple[str, str, int, int, str] | None:
    cos = float(vectors[f.id] @ vectors[e.id]) if f.id in vectors and e.id in vectors else None
    found = relation(f, e, idf, cos)
    shared_actors = bool(f.actors & e.actors) or not (f.actors and e.actors)
    # what was foreseen must be what is reported: the same act ("will sign" / "signed"),
    # not only the same matter
    act_matches = f.predicate is not None and (f.predicate == e.predicate or f.predicate in e.terms or (
        f.predicate in _TALK and (e.predicate in _TALK or evidence.holder_kind == "quoted" or bool(e.terms & _TALK))))
    # ... and about the same matter: most of what the forecast names besides its actors and
    # its verb ("will discuss *the border dispute*") is in the later claim
    matter = f.terms - f.actors - {f.predicate}
    theirs = e.terms - e.actors - {e.predicate}
    shared = matter & e.terms
    weight = sum(idf(t) for t in matter)
    covered = sum(idf(t) for t in shared) / weight if weight else 1.0
    # of the shorter of the two: a later claim may name part of what a long forecast names
    part = sum(idf(t) for t in shared) / min(weight, sum(idf(t) for t in theirs) or weight) if weight else 1.0
    if found == "contradicting" and evidence.modality != "hedged" and act_matches and covered >= MATTER_COVERED:
        kind = "contradicts"
    elif (found == "same" and evidence.modality != "hedged" and covered >= MATTER_COVERED
          and (act_matches or (cos is not None and cos >= CONFIRM_COSINE))):
        kind = "confirms"
    elif shared_actors and f.negative == e.negative and (
            (found == "same" and covered >= MATTER_COVERED) or (act_matches and len(shared) >= 2 and part >= MATTER_PARTLY)):
        kind = "partly confirms"
    else:
        return None
    return (evidence.id, evidence.document, evidence.start, evidence.end, kind)


def _outcome(evidence: Sequence[tuple[str, str, int, int, str]]) -> str:
    confirming = {doc for _, doc, _, _, kind in evidence if kind == "confirms"}
    contradicting = {doc for _, doc, _, _, kind in evidence if kind == "contradicts"}
    if confirming and len(confirming) > len(contradicting):
        return "confirmed"
    if contradicting:
        return "contradicted"
    if any(kind == "partly confirms" for *_, kind in evidence):
        return "partly confirmed"
    return "not reported"
