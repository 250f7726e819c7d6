"""Named-entity mentions scored on MEANTIME, sitroom next to raw spaCy.

Gold. The named mentions of the fully annotated part of each article (sentences 0–5, see
``meantime.py``): ``syntactic_type`` NAM and PRE.NAM. PRE.NAM marks a name used as a
pre-modifier ("Boeing" in "the Boeing-Air Force deal", "US" in "US Air Force tanker
bid", "German" in "German magazine"); these are names an NER should find, so they count.
Extents follow MEANTIME: a NAM mention is the whole noun phrase around the name
("Chief executive Thomas Enders", "the United States Air Force"), so exact-span scores
are low by construction and span *overlap* + type is the headline.

Don't-care gold. Two kinds of gold mention neither reward nor punish a system: mentions
the cross-document layer added without a ``syntactic_type`` (they may or may not be names;
"Boeing Launch Systems", "jets"), and, in the typed scores, names whose entity type is
unknown (no ``REFERS_TO`` to an ENTITY). A prediction that matches no scored gold
mention but matches (same span rule, any type) a don't-care mention is not a false
positive; a don't-care mention left unmatched is not a false negative.

Labels. spaCy's OntoNotes labels are mapped onto MEANTIME's types with ``LABELS``, chosen
from where spaCy's labels fall on the gold of the 60 articles: PERSON→PER;
ORG→ORG; GPE, LOC, FAC→LOC (airports are LOC in MEANTIME); NORP→LOC (MEANTIME types
nationality pre-modifiers "German", "Irish" as the country, LOC); PRODUCT, WORK_OF_ART,
LAW→PRO (MEANTIME's PRO covers artefacts, software, services and publications — "the
Congressional Record", "Gizmodo"). MONEY is not mapped: FIN has no named mentions in
MEANTIME (amounts are VALUE markables; FIN mentions are nominal: "the price", "a # 13
billion contract"). EVENT, DATE, TIME, CARDINAL, ORDINAL, QUANTITY, PERCENT, LANGUAGE are
not entity mentions here and are dropped before scoring. Known cost: spaCy tags aircraft
model numbers ("737", "787") CARDINAL, which are PRO names in MEANTIME.

Scores. Predictions and gold are paired one-to-one, best overlap (IoU) first: (a)
``exact_typed`` same span and type, (b) ``overlap_typed`` overlapping spans and same type,
(c) ``exact_span`` same span, type ignored, plus ``overlap_span`` (overlap, type ignored)
and per-type F1 for (a) and P/R/F1 for (b). Systems see the whole article; only spans
starting inside the annotated part are scored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..config import DEFAULT_SETTINGS
from ..entities import refine
from ..language import analyse, load
from ..types import Document
from .meantime import MeantimeDoc, read
from .scoring import PRF, Score, one_to_one

__all__ = ["LABELS", "MODES", "NAME_TYPES", "TYPES", "DocResult", "Predict", "evaluate", "score", "sitroom_mentions", "spacy_entities"]

Predict = Callable[[str], list[tuple[int, int, str]]]

LABELS: dict[str, str] = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "LOC",
    "PRODUCT": "PRO",
    "WEAPON": "PRO",  # sitroom's own label: weapon systems are products in MEANTIME's scheme
    "WORK_OF_ART": "PRO",
    "LAW": "PRO",
}
NAME_TYPES = frozenset({"NAM", "PRE.NAM"})
TYPES = ("PER", "ORG", "LOC", "PRO")  # FIN and MIX have no named mentions in MEANTIME

# (span rule, typed?) for each mode
MODES: dict[str, tuple[str, bool]] = {
    "exact_typed": ("exact", True),
    "overlap_typed": ("overlap", True),
    "exact_span": ("exact", False),
    "overlap_span": ("overlap", False),
}


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    type: str | None


@dataclass(frozen=True, slots=True)
class DocResult:
    """One article under ``overlap_typed``: gold names missed and predictions counted wrong."""

    name: str
    gold: int
    missed: tuple[tuple[str, str | None], ...]
    spurious: tuple[tuple[str, str], ...]


def sitroom_mentions(text: str) -> list[tuple[int, int, str]]:
    """The mentions sitroom stores for ``text``: the language stage refined by ``entities``."""
    document = Document(id="meantime", path="", source_key="", content_hash="", format="text", text=text)
    analysis = next(analyse([document], DEFAULT_SETTINGS))
    mentions, _ = refine(text, analysis.mentions)
    return [(m.start, m.end, m.label) for m in mentions if m.label != "ROLE"]


def spacy_entities(text: str) -> list[tuple[int, int, str]]:
    """spaCy's own ``doc.ents`` from the model sitroom loads: the peer."""
    nlp = load(DEFAULT_SETTINGS.spacy_model, DEFAULT_SETTINGS.spacy_fallback_model)
    return [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]


def _hits(rule: str, a: _Span, b: _Span) -> bool:
    if rule == "exact":
        return a.start == b.start and a.end == b.end
    return a.start < b.end and b.start < a.end


def _iou(a: _Span, b: _Span) -> float:
    inter = min(a.end, b.end) - max(a.start, b.start)
    return inter / (max(a.end, b.end) - min(a.start, b.start))


def _pair(gold: Sequence[_Span], predicted: Sequence[_Span], rule: str, typed: bool) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, prediction index), greedily by best IoU."""
    candidates = [
        (_iou(g, p), i, j)
        for i, g in enumerate(gold)
        for j, p in enumerate(predicted)
        if _hits(rule, g, p) and (not typed or g.type == p.type)
    ]
    return one_to_one(candidates)


def _gold(doc: MeantimeDoc) -> tuple[list[_Span], list[_Span]]:
    """(named mentions, don't-care mentions) inside the fully annotated part."""
    names: list[_Span] = []
    unknown: list[_Span] = []
    for m in doc.entity_mentions:
        if m.start >= doc.annotated_end:
            continue
        if m.syntactic_type in NAME_TYPES:
            names.append(_Span(m.start, m.end, m.type))
        elif m.syntactic_type is None:
            unknown.append(_Span(m.start, m.end, m.type))
    return names, unknown


def _predicted(doc: MeantimeDoc, raw: list[tuple[int, int, str]]) -> list[_Span]:
    return sorted(
        {_Span(s, e, LABELS[label]) for s, e, label in raw if label in LABELS and s < doc.annotated_end},
        key=lambda p: (p.start, p.end, p.type or ""),
    )


def score(docs: Sequence[MeantimeDoc], predictions: Sequence[list[tuple[int, int, str]]]) -> tuple[dict[str, float], list[DocResult]]:
    """Metrics and per-article errors of one system's ``predictions`` (one list per doc)."""
    totals = {mode: PRF() for mode in MODES}
    by_type = {(mode, t): PRF() for mode in ("exact_typed", "overlap_typed") for t in TYPES}
    results: list[DocResult] = []
    for doc, raw in zip(docs, predictions, strict=True):
        names, unknown = _gold(doc)
        predicted = _predicted(doc, raw)
        for mode, (rule, typed) in MODES.items():
            gold = [g for g in names if g.type is not None] if typed else names
            excused = unknown + [g for g in names if g.type is None] if typed else unknown
            pairs = _pair(gold, predicted, rule, typed)
            matched_gold = {i for i, _ in pairs}
            matched_pred = {j for _, j in pairs}
            spurious = [
                j for j, p in enumerate(predicted)
                if j not in matched_pred and not any(_hits(rule, g, p) for g in excused)
            ]
            missed = [i for i in range(len(gold)) if i not in matched_gold]
            totals[mode] += PRF(tp=len(pairs), fp=len(spurious), fn=len(missed))
            if typed:
                for i, _ in pairs:
                    by_type.setdefault((mode, gold[i].type or ""), PRF()).tp += 1
                for i in missed:
                    by_type.setdefault((mode, gold[i].type or ""), PRF()).fn += 1
                for j in spurious:
                    by_type.setdefault((mode, predicted[j].type or ""), PRF()).fp += 1
            if mode == "overlap_typed":
                results.append(DocResult(
                    name=doc.name,
                    gold=len(gold),
                    missed=tuple((doc.text[gold[i].start:gold[i].end], gold[i].type) for i in missed),
                    spurious=tuple((doc.text[predicted[j].start:predicted[j].end], predicted[j].type or "") for j in spurious),
                ))
    metrics: dict[str, float] = {}
    for mode, prf in totals.items():
        metrics[f"{mode}_p"], metrics[f"{mode}_r"], metrics[f"{mode}_f1"] = prf.precision, prf.recall, prf.f1
    for (mode, t), prf in by_type.items():
        if mode == "overlap_typed":
            metrics[f"{mode}_p_{t}"], metrics[f"{mode}_r_{t}"] = prf.precision, prf.recall
        metrics[f"{mode}_f1_{t}"] = prf.f1
    return metrics, results


def evaluate(data_dir: Path, predict: Predict | None = None) -> tuple[list[Score], dict[str, list[DocResult]]]:
    """Score ``predict`` (sitroom's mentions by default) and raw spaCy on MEANTIME; ours first.

    ``data_dir`` is the MEANTIME folder (``shared/data/meantime``) or any folder below it.
    """
    docs = list(read(data_dir))
    systems: list[tuple[str, Predict]] = [("sitroom", predict or sitroom_mentions), ("spacy-raw", spacy_entities)]
    scores: list[Score] = []
    details: dict[str, list[DocResult]] = {}
    for system, run in systems:
        metrics, results = score(docs, [run(doc.text) for doc in docs])
        scores.append(Score(system, metrics))
        details[system] = results
    return scores, details
