"""Time expressions scored on MEANTIME's TIMEX3 gold, sitroom next to dateparser.

Gold. The TIMEX3 spans of each article's fully annotated part (``MeantimeDoc.annotated_end``,
see ``meantime.py``), except the one marked ``functionInDocument="CREATION_TIME"`` — the
dateline that *is* the reference date. A prediction overlapping that dateline is neither
right nor wrong (both systems see the whole text and would find it); two articles have no
CREATION_TIME and tag the dateline as an ordinary DATE, which then counts like any other.
The reference date is the article's ``creation_time`` (its date part).

Metrics. Predictions starting inside the annotated part are paired one-to-one with gold
spans, largest overlap (IoU) first:

* ``span_p/r/f1`` — overlapping spans (``span_exact_f1``: identical spans);
* ``value_p/r/f1`` — overlapping spans whose values are equal after :func:`canonical`;
  pairs are formed among those only, so a right value is never lost to a wrong neighbour;
* ``type_accuracy`` — share of span pairs with the same TIMEX3 type;
* ``gold_span_value_accuracy`` — each gold span's text normalised alone (no context, the
  reference given): a comparison of normalisation without detection.

Equivalences (:func:`canonical`), all format, never meaning: upper case; a midnight time
``T00:00`` and zero seconds dropped (``2005-05-07T00:00`` = ``2005-05-07``); trailing
unknown components dropped (``2011-06-XX`` = ``2011-06``); ``+00:00`` = ``Z``; durations
compared by amount within the calendar units (``P2.5Y`` = ``P2Y6M`` = ``P30M``), the day
units (``P2W`` = ``P14D``) and the clock units (``PT1.5H`` = ``PT90M``) — days are not
converted to hours or months; a malformed duration with its unit before its number (one
gold value reads ``PM6`` for "the next six months") is read as ``P6M``. Intervals compare
end by end.

Peer: dateparser 1.x, ``search.search_dates`` over each whole article (its own detection)
with ``RELATIVE_BASE`` = the reference date and ``languages=["en"]`` (the texts are English;
language detection only slows it), each result mapped back to its span in the text, type
DATE, and valued at the grain dateparser reports for it (``DateDataParser.get_date_data``'s
``period``: ``2009``, ``2024-10``, ``2024-W40``, ``2024-10-11``, with the clock time when it
has one) — fairer than cutting every full datetime to ``YYYY-MM-DD``, which would make
"October" ``2024-10-08``. On gold spans, ``get_date_data`` with the same settings. A third row, ``dp+spacy``, gives
dateparser the candidates sitroom starts from (spaCy's DATE/TIME mentions) to ``parse``.

Run ``python -m sitroom.evaluate.timex [meantime_dir]`` for the table and the errors.
"""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..config import DEFAULT_SETTINGS
from ..language import analyse
from ..temporal import extract, normalise
from ..types import Analysis, Document
from .meantime import MeantimeDoc, Timex, read
from .scoring import PRF, Score, one_to_one, table

__all__ = ["DocResult", "Predicted", "canonical", "dateparser_on_mentions", "dateparser_times", "evaluate", "score",
           "sitroom_times", "table"]


@dataclass(frozen=True, slots=True)
class Predicted:
    """One system's expression: span, TIMEX3 type, value (None: found but not valued)."""

    start: int
    end: int
    type: str
    value: str | None


@dataclass(frozen=True, slots=True)
class DocResult:
    """One article's value errors: gold missed (text, gold value, value predicted on it) and
    predictions wrong (text, value)."""

    name: str
    gold: int
    missed: tuple[tuple[str, str, str | None], ...]
    spurious: tuple[tuple[str, str | None], ...]


# -- values ----------------------------------------------------------------------------------

_DURATION = re.compile(r"P(?:(?P<Y>[\d.]+|X)Y)?(?:(?P<M>[\d.]+|X)M)?(?:(?P<W>[\d.]+|X)W)?(?:(?P<D>[\d.]+|X)D)?"
                       r"(?:T(?:(?P<H>[\d.]+|X)H)?(?:(?P<TM>[\d.]+|X)M)?(?:(?P<S>[\d.]+|X)S)?)?")


def _duration(value: str) -> str:
    value = re.sub(r"^P(T?)([YMWDHS])(\d+(?:\.\d+)?)$", r"P\1\3\2", value)  # malformed "PM6": P6M
    match = _DURATION.fullmatch(value)
    if not match or "X" in value or value in ("P", "PT"):
        return value
    amount = {k: float(v) if v else 0.0 for k, v in match.groupdict().items()}
    months = amount["Y"] * 12 + amount["M"]
    days = amount["W"] * 7 + amount["D"]
    seconds = amount["H"] * 3600 + amount["TM"] * 60 + amount["S"]
    return f"P{months:g}M{days:g}DT{seconds:g}S"


def _point(value: str) -> str:
    value = value.replace("+00:00", "Z")
    value = re.sub(r"T00:00(?::00)?$", "", value)
    value = re.sub(r"(T\d\d:\d\d):00(?=$|Z|[+-])", r"\1", value)
    while value.endswith("-XX"):
        value = value[:-3]
    return value


def canonical(value: str | None) -> str | None:
    """A value with format-only differences removed (see the module docstring)."""
    if value is None:
        return None
    value = value.strip().upper()
    if value.startswith("P"):
        return _duration(value)
    return "/".join(_point(part) for part in value.split("/"))


# -- systems -------------------------------------------------------------------------------------


def _documents(docs: Sequence[MeantimeDoc]) -> list[Document]:
    return [Document(id=d.name, path="", source_key="", content_hash="", format="text", text=d.text) for d in docs]


def _analyses(docs: Sequence[MeantimeDoc]) -> list[Analysis]:
    return list(analyse(_documents(docs), DEFAULT_SETTINGS))


def sitroom_times(docs: Sequence[MeantimeDoc], analyses: Sequence[Analysis] | None = None) -> list[list[Predicted]]:
    """sitroom's ``temporal.extract`` on each article, after the language stage."""
    analyses = analyses if analyses is not None else _analyses(docs)
    out = []
    for doc, document, analysis in zip(docs, _documents(docs), analyses, strict=True):
        times = extract(document, analysis, doc.creation_time, DEFAULT_SETTINGS)
        out.append([Predicted(t.start, t.end, t.type, t.value) for t in times])
    return out


def dateparser_on_mentions(docs: Sequence[MeantimeDoc], analyses: Sequence[Analysis]) -> list[list[Predicted]]:
    """dateparser's ``parse`` on the spans spaCy labels DATE or TIME — sitroom's own
    candidates — so that detection is shared and only normalisation differs."""
    out = []
    for doc, analysis in zip(docs, analyses, strict=True):
        predicted = []
        for mention in analysis.mentions:
            if mention.label in ("DATE", "TIME"):
                value = _dateparser_value(mention.text, doc.creation_time)
                if value is not None:
                    predicted.append(Predicted(mention.start, mention.end, "DATE", value))
        out.append(predicted)
    return out


def _relative_base(reference: str | None) -> datetime | None:
    return datetime.strptime(reference[:10], "%Y-%m-%d") if reference else None


def _dateparser_settings(reference: str | None) -> dict[str, object]:
    base = _relative_base(reference)
    return {"RELATIVE_BASE": base} if base else {}


def _dateparser_format(moment: datetime, period: str | None) -> str:
    """A dateparser result at the grain dateparser gives it (its ``period``)."""
    if period == "year":
        return moment.strftime("%Y")
    if period == "month":
        return moment.strftime("%Y-%m")
    if period == "week":
        year, week, _ = moment.isocalendar()
        return f"{year}-W{week:02d}"
    if moment.hour or moment.minute:
        return moment.strftime("%Y-%m-%dT%H:%M") + ("Z" if moment.utcoffset() is not None and not moment.utcoffset() else "")
    return moment.strftime("%Y-%m-%d")


def _dateparser_period(text: str, reference: str | None) -> str | None:
    from dateparser.date import DateDataParser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = DateDataParser(languages=["en"], settings=_dateparser_settings(reference)).get_date_data(text)
    return data.period if data and data.date_obj else None


def dateparser_times(docs: Sequence[MeantimeDoc]) -> list[list[Predicted]]:
    """dateparser's ``search_dates`` on each article, results mapped back to spans."""
    from dateparser.search import search_dates

    out: list[list[Predicted]] = []
    for doc in docs:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                found = search_dates(doc.text, languages=["en"], settings=_dateparser_settings(doc.creation_time)) or []
            except Exception:  # noqa: BLE001 - a peer failure on one article scores as nothing found
                found = []
        predicted, cursor = [], 0
        for surface, moment in found:
            at = doc.text.find(surface, cursor)
            if at == -1:
                at = doc.text.find(surface)
            if at == -1:
                continue
            cursor = at + len(surface)
            period = _dateparser_period(surface, doc.creation_time)
            predicted.append(Predicted(at, at + len(surface), "DATE", _dateparser_format(moment, period)))
        out.append(predicted)
    return out


def _dateparser_value(text: str, reference: str | None) -> str | None:
    from dateparser.date import DateDataParser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = DateDataParser(languages=["en"], settings=_dateparser_settings(reference)).get_date_data(text)
    return _dateparser_format(data.date_obj, data.period) if data and data.date_obj else None


def _sitroom_value(text: str, reference: str | None) -> str | None:
    found = normalise(text, reference)
    return found[0] if found else None


# -- scoring ---------------------------------------------------------------------------------------


def _gold(doc: MeantimeDoc) -> tuple[list[Timex], list[Timex]]:
    """(scored gold, creation-time datelines) of the annotated part."""
    inside = [t for t in doc.timexes if t.start < doc.annotated_end]
    return [t for t in inside if not t.creation_time], [t for t in inside if t.creation_time]


def _overlaps(a: Timex | Predicted, b: Timex | Predicted) -> bool:
    return a.start < b.end and b.start < a.end


def _iou(a: Timex | Predicted, b: Timex | Predicted) -> float:
    return (min(a.end, b.end) - max(a.start, b.start)) / (max(a.end, b.end) - min(a.start, b.start))


def _pair(gold: Sequence[Timex], predicted: Sequence[Predicted], same_value: bool) -> list[tuple[int, int]]:
    """One-to-one (gold, prediction) index pairs among overlapping spans, best IoU first."""
    return one_to_one(
        (_iou(g, p), i, j)
        for i, g in enumerate(gold)
        for j, p in enumerate(predicted)
        if _overlaps(g, p) and (not same_value or (p.value is not None and canonical(p.value) == canonical(g.value)))
    )


def score(docs: Sequence[MeantimeDoc], predictions: Sequence[list[Predicted]],
          gold_span_value: Callable[[str, str | None], str | None] | None = None) -> tuple[dict[str, float], list[DocResult]]:
    """Metrics and per-article value errors of one system's predictions (one list per doc)."""
    span, exact, value = PRF(), PRF(), PRF()
    typed = typed_right = 0
    on_gold = on_gold_right = 0
    results = []
    for doc, raw in zip(docs, predictions, strict=True):
        gold, datelines = _gold(doc)
        predicted = [p for p in raw if p.start < doc.annotated_end and not any(_overlaps(p, d) for d in datelines)]
        span_pairs = _pair(gold, predicted, same_value=False)
        span += PRF(tp=len(span_pairs), fp=len(predicted) - len(span_pairs), fn=len(gold) - len(span_pairs))
        exact_hits = sum(1 for i, j in span_pairs if (gold[i].start, gold[i].end) == (predicted[j].start, predicted[j].end))
        exact += PRF(tp=exact_hits, fp=len(predicted) - exact_hits, fn=len(gold) - exact_hits)
        typed += len(span_pairs)
        typed_right += sum(1 for i, j in span_pairs if gold[i].type == predicted[j].type)
        value_pairs = _pair(gold, predicted, same_value=True)
        value += PRF(tp=len(value_pairs), fp=len(predicted) - len(value_pairs), fn=len(gold) - len(value_pairs))
        if gold_span_value is not None:
            for g in gold:
                on_gold += 1
                on_gold_right += canonical(gold_span_value(doc.text[g.start:g.end], doc.creation_time)) == canonical(g.value)
        matched_gold = {i for i, _ in value_pairs}
        matched_pred = {j for _, j in value_pairs}
        by_span = dict(span_pairs)
        results.append(DocResult(
            name=doc.name,
            gold=len(gold),
            missed=tuple(
                (doc.text[g.start:g.end], g.value, predicted[by_span[i]].value if i in by_span else None)
                for i, g in enumerate(gold) if i not in matched_gold
            ),
            spurious=tuple((doc.text[p.start:p.end], p.value) for j, p in enumerate(predicted) if j not in matched_pred),
        ))
    metrics = {
        "span_p": span.precision, "span_r": span.recall, "span_f1": span.f1, "span_exact_f1": exact.f1,
        "value_p": value.precision, "value_r": value.recall, "value_f1": value.f1,
        "type_accuracy": typed_right / typed if typed else 0.0,
    }
    if gold_span_value is not None:
        metrics["gold_span_value_accuracy"] = on_gold_right / on_gold if on_gold else 0.0
    return metrics, results


def evaluate(data_dir: Path) -> tuple[list[Score], dict[str, list[DocResult]]]:
    """Score sitroom and dateparser on MEANTIME's TIMEX3 gold; ours first, the peer second.

    A third row, ``dp+spacy``, is dateparser normalising sitroom's candidates (spaCy's
    DATE/TIME mentions) instead of finding its own.

    ``data_dir`` is the MEANTIME folder (``shared/data/meantime``) or any folder below it.
    """
    docs = list(read(data_dir))
    analyses = _analyses(docs)
    systems: tuple[tuple[str, list[list[Predicted]], Callable[[str, str | None], str | None]], ...] = (
        ("sitroom", sitroom_times(docs, analyses), _sitroom_value),
        ("dateparser", dateparser_times(docs), _dateparser_value),
        ("dp+spacy", dateparser_on_mentions(docs, analyses), _dateparser_value),
    )
    scores: list[Score] = []
    details: dict[str, list[DocResult]] = {}
    for system, predictions, on_gold in systems:
        metrics, results = score(docs, predictions, on_gold)
        scores.append(Score(system, metrics))
        details[system] = results
    return scores, details


def main(argv: list[str]) -> int:
    data_dir = Path(argv[0]) if argv else Path(__file__).resolve().parents[4] / "shared" / "data" / "meantime"
    scores, details = evaluate(data_dir)
    print(table(scores))
    for system in ("sitroom",):
        print(f"\n{system}: value errors")
        for result in details[system]:
            for text, gold, got in result.missed:
                print(f"  missed   {result.name[:28]:<28} {text!r:<40} gold {gold:<14} got {got}")
            for text, got in result.spurious:
                print(f"  spurious {result.name[:28]:<28} {text!r:<40} got {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
