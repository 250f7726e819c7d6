"""Stage 5, time: every temporal expression of a document, normalised to ISO 8601.

``extract(document, analysis, reference, settings)`` returns :class:`~sitroom.types.TimeExpr`
records in text order. ``reference`` is the document's publication date (``YYYY-MM-DD``,
normally ``Document.published``, inferred or not); relative expressions are resolved
against it:

* dates ``2024-10-11``, months ``2024-10``, years ``1828``, seasons ``2024-SU``, ISO weeks
  ``2024-W40`` ("last week"), weekends ``2024-W41-WE``, quarters ``2024-Q4``, halves
  ``2024-H1``, decades ``199``, centuries ``18``; elliptical ranges ("22-24 October",
  "October 22-24", "2014-16") give one interval ``2024-10-22/2024-10-24``. A range whose two
  ends are whole expressions ("from 2009 to 2011", "between May 1 and May 3") gives its two
  ends as two dates, as TimeML annotates them.
* times ``2024-10-08T10:00`` (with ``Z``/``+08:00`` when a zone is written) on the nearest
  day named in the same sentence, else the reference day; parts of day ``2024-10-11TMO``.
* durations ``P25Y``, ``P3M``, ``P2W``, ``PT48H``, ``P2.5Y``; vague ones ``PXY`` ("several
  years", "for years", "decades-long") and ``PXD`` ("within days" — a bound on how soon,
  kept as a duration rather than guessed into an interval). "25 years ago" is a date
  (``1999``), "25 years" a duration, "a 25-year-old" nothing.
* sets (recurrences) by their period: "15 a year", "twice a week", "every day", "annually".

**Direction.** A weekday, a month or a day-month without a year points back or forward as
the tense of the verb governing it says (from ``Analysis.tokens``): past (VBD, have/had +
VBN) looks back, future (will/shall, modals, "to"-infinitives under a present verb,
present progressive plans) looks forward, anything else takes the nearest occurrence. In
Tuesday 2024-10-08's article "will meet on Friday" is 2024-10-11 and "met on Friday"
2024-10-04; a weekday equal to the reference's own is the reference day ("announced
Tuesday" in Tuesday's article), unless "last"/"next" says otherwise.

**The story's own dates.** "The next day", "the following month", "that day", "a year
later" are resolved against the last date the document named before them at a fine enough
grain (``2023-10-07`` → "a year later" ``2024-10-07``), else against the reference; a day or
month written without its year takes the year of a date written with one in the same
sentence ("filed on April 30, 2009, and emerged on June 10" → ``2009-06-10``); a clock time
takes the nearest day named in its sentence. "Two years and seven months" is one
``P2Y7M``.

**No reference.** Absolute expressions and durations keep their values; relative ones
(weekdays, "last week", "October 11th") are still returned, with ``value=None`` and
``anchored=True``, so a reader sees the expression and a later date inference can resolve
it.

Candidates come from the patterns of :mod:`sitroom.temporal_rules`; spaCy's DATE/TIME
mentions (``Analysis.mentions``) let risky ones through (a bare month, a bare year before
1800, a clock time without a preposition) and the parse rejects numbers that count things.
Overlapping candidates: the longest wins. Not tagged on purpose: "now", "currently",
"recently" (no calendar value), ages ("aged 56"), designators ("Resolution 2231", "S-400",
"Flight 1549"), ordinals ("300th anniversary").

Measured on MEANTIME by :mod:`sitroom.evaluate.timex` (``python -m sitroom.evaluate.timex``)
— re-run it after changing a rule.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from calendar import monthrange
from dataclasses import replace
from datetime import date, timedelta

from . import casefold
from .config import Settings
from .parse import token_lists
from .temporal_rules import Context, Hit, add_months, iso_week, parse_reference, searched
from .types import Analysis, Document, TimeExpr, Token

__all__ = ["extract", "normalise"]

# Entity labels under which a number or a month name is not a time ("April Ryan", "Windows
# 2000", "2000 people" as CARDINAL).
_NOT_TIME_ENTS = frozenset({"PERSON", "CARDINAL", "MONEY", "QUANTITY", "PERCENT", "LAW", "PRODUCT", "ORDINAL", "GPE", "NORP"})
_TIME_NOUNS = frozenset("years year months month weeks week days day hours hour minutes decades centuries".split())
_FUTURE_AUX = frozenset({"will", "'ll", "ll", "shall", "wo", "’ll"})
_PRESENT_BE = frozenset({"is", "are", "am", "'s", "'re", "'m", "’s", "’re", "be"})
# Verbs whose object is a date they point to, whatever their own tense: "had been planned
# for October 22-24", "was postponed until May" — the date is the plan's, not the past's.
_PLAN_VERBS = frozenset("""
planned scheduled set slated due expected postponed delayed pushed moved rescheduled arranged
fixed timed earmarked supposed deferred brought
""".split())
_COMPARISON = frozenset({"as", "like", "unlike", "than"})
# How far up the parse to look for the verb that governs an expression.
MAX_CLIMB = 8


class _Parse:
    """The tokens of one document, with lookups by character offset and children by head."""

    def __init__(self, text: str, analysis: Analysis) -> None:
        self.text = text
        self.tokens: tuple[Token, ...] = analysis.tokens
        self.starts = [t.start for t in self.tokens]
        lists = token_lists(text, self.tokens)
        self.children, self.lowers = lists.children, lists.lowers
        self.time_spans = sorted((m.start, m.end) for m in analysis.mentions if m.label in ("DATE", "TIME"))
        self.sentences = [(s.start, s.end) for s in analysis.sentences]

    def inside(self, start: int, end: int) -> range:
        first = bisect_right(self.starts, start) - 1
        if first < 0 or self.tokens[first].end <= start:
            first += 1
        last = bisect_left(self.starts, end)
        return range(max(first, 0), last)

    def word(self, i: int) -> str:
        return self.lowers[i]

    # -- what the handlers ask -------------------------------------------------------------

    def supported(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.time_spans)

    def rejected(self, start: int, end: int) -> bool:
        """The first token is a count ("2000 people"), an amount or a name, not a time."""
        span = self.inside(start, end)
        if not span:
            return False
        token = self.tokens[span[0]]
        if token.ent in _NOT_TIME_ENTS:
            return True
        head = self.tokens[token.head]
        return token.dep == "nummod" and head.tag == "NNS" and self.word(token.head) not in _TIME_NOUNS

    def direction(self, start: int, end: int) -> str:
        """"past", "future" or "nearest", from the verb that governs [start, end)."""
        span = self.inside(start, end)
        if not span:
            return "nearest"
        inner = set(span)
        top = next((i for i in span if self.tokens[i].head not in inner or self.tokens[i].head == i), span[0])
        verb = self._governing_verb(top, inner)
        return self._verb_direction(verb, 0) if verb is not None else "nearest"

    def _governing_verb(self, i: int, skip: set[int]) -> int | None:
        """The first verb above token ``i``; None when there is none or a comparison ("as in
        April", "like last year") stands between: its tense is not the expression's."""
        for _ in range(MAX_CLIMB):
            token = self.tokens[i]
            if i not in skip and (token.pos in ("VERB", "AUX") or token.tag == "MD"):
                return i
            if i not in skip and self.word(i) in _COMPARISON:
                return None
            if token.head == i:
                return None
            i = token.head
        return None

    def _verb_direction(self, v: int, depth: int) -> str:
        """The way the verb ``v`` points in time, from its tag and its auxiliaries."""
        token = self.tokens[v]
        aux = [c for c in self.children[v] if self.tokens[c].dep in ("aux", "auxpass")]
        words = [self.word(c) for c in aux]
        tags = [self.tokens[c].tag for c in aux]
        if token.tag == "MD":
            return "future"
        if self.word(v) in _PLAN_VERBS:
            return "nearest"
        if token.tag == "VBN" and any(w in ("have", "has", "had", "'ve", "’ve", "having") for w in words):
            return "past"  # "has met", "is known to have approved"
        if any(w in _FUTURE_AUX for w in words):
            return "future"
        if "MD" in tags:
            return "past" if "have" in words else "future"  # "could meet" / "could have met"
        if "TO" in tags or (token.tag == "VB" and token.dep == "xcomp"):
            # "plans to meet on Friday", "is set to begin on Wednesday": forward from a
            # present; from a past ("agreed to meet") the meeting may be past or future.
            parent = self._governing_verb(token.head, {v}) if token.head != v else None
            if parent is None or depth > 3:
                return "future"
            return "nearest" if self._verb_direction(parent, depth + 1) == "past" else "future"
        if token.tag == "VBD":
            return "past"
        if "VBD" in tags:
            return "past"  # was held, had met, did meet, was meeting
        if token.tag == "VBN":
            # "is expected on Friday" looks both ways; a bare participle ("the talks held on
            # Friday") reports
            return "nearest" if any(w in _PRESENT_BE for w in words) else "past"
        if token.tag == "VBG":
            if any(w in _PRESENT_BE for w in words):
                return "future"  # present progressive plans: "is meeting on Friday"
            if not words and token.head != v and depth <= 3:
                parent = self._governing_verb(token.head, {v})
                return self._verb_direction(parent, depth + 1) if parent is not None else "nearest"
            return "nearest"
        return "nearest"


def _overlap_free(hits: list[Hit]) -> list[Hit]:
    """Longest first (then priority, then earliest); a hit overlapping a kept one is dropped."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), -h.priority, h.start)):
        if all(hit.end <= k.start or k.end <= hit.start for k in kept):
            kept.append(hit)
    return sorted((h for h in kept if h.type), key=lambda h: (h.start, h.end))


_DAY_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}(?=$|T)")


def _with_days(hits: list[Hit], sentences: list[tuple[int, int]], reference: date | None) -> list[Hit]:
    """Give each clock time the day nearest it in its sentence, else the reference day."""
    out: list[Hit] = []
    for hit in hits:
        if not hit.needs_day:
            out.append(hit)
            continue
        lo, hi = next(((s, e) for s, e in sentences if s <= hit.start < e), (hit.start, hit.end))
        days = [h for h in hits if h is not hit and lo <= h.start < hi and h.value and _DAY_VALUE.match(h.value)
                and "/" not in h.value]
        assert hit.value is not None
        if days:
            day = min(days, key=lambda h: min(abs(h.start - hit.end), abs(hit.start - h.end)))
            value, anchored = day.value[:10] + hit.value, day.anchored  # type: ignore[index]
        elif reference:
            value, anchored = reference.isoformat() + hit.value, True
        else:
            value, anchored = hit.value, False
        out.append(Hit(hit.start, hit.end, hit.type, value, anchored, False, hit.priority))
    return out


def _trimmed(text: str, hit: Hit) -> Hit:
    """The hit without edge spaces or a closing bracket it does not open ("1300 GMT )")."""
    start, end = hit.start, hit.end
    while True:
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if end > start and text[end - 1] == ")" and "(" not in text[start:end]:
            end -= 1
            continue
        break
    return hit if (start, end) == (hit.start, hit.end) else replace(hit, start=start, end=end)


_GRAIN = {"day": re.compile(r"\d{4}-\d{2}-\d{2}$"), "week": re.compile(r"\d{4}-W\d{2}$|\d{4}-\d{2}-\d{2}$"),
          "month": re.compile(r"\d{4}-\d{2}(?:-\d{2})?$"), "year": re.compile(r"\d{4}(?:-.*)?$")}


def _shifted(value: str, unit: str, shift: int, keep: bool) -> str | None:
    """``value`` (a date the story named) moved by ``shift`` ``unit``s, at the unit's grain
    (``keep``: at the value's own grain — "a year earlier" than 2008-Q3 is 2007-Q3)."""
    if keep and unit == "year":
        return f"{int(value[:4]) + shift:04d}{value[4:]}"
    if keep and unit == "month" and len(value) == 10:
        year, month = add_months(int(value[:4]), int(value[5:7]), shift)
        return date(year, month, min(int(value[8:10]), monthrange(year, month)[1])).isoformat()
    if unit == "day":
        day = date.fromisoformat(value[:10])
        return (day + timedelta(days=shift)).isoformat()
    if unit == "week":
        if "W" in value:
            year, week = int(value[:4]), int(value[6:8])
            day = date.fromisocalendar(year, week, 1)
        else:
            day = date.fromisoformat(value[:10])
        return iso_week(day + timedelta(weeks=shift))
    if unit == "month":
        year, month = add_months(int(value[:4]), int(value[5:7]), shift)
        return f"{year:04d}-{month:02d}"
    return f"{int(value[:4]) + shift:04d}"


def _with_antecedents(hits: list[Hit], reference: date | None) -> list[Hit]:
    """Resolve "the next day", "the previous year", "that day" against the nearest date named
    before them at a fine enough grain (the reference date when none is)."""
    out: list[Hit] = []
    for hit in hits:
        if hit.relative_to is None:
            out.append(hit)
            continue
        unit, shift, keep = hit.relative_to
        unit, _, part = unit.partition(":")
        grain = _GRAIN[unit]
        before = [h for h in out if h.value and h.relative_to is None and h.type == "DATE" and "/" not in h.value
                  and grain.match(h.value)]
        if before:
            base, anchored = before[-1].value, before[-1].anchored
        elif reference:
            base, anchored = reference.isoformat(), True
        else:
            out.append(replace(hit, relative_to=None))
            continue
        value = _shifted(base, unit, shift, keep)  # type: ignore[arg-type]
        if value and part:
            value += f"T{part}"
        out.append(replace(hit, value=value, anchored=anchored, relative_to=None))
    return out


_EXPLICIT_YEAR = re.compile(r"(\d{4})-\d{2}(?:-\d{2})?$")


def _with_story_years(hits: list[Hit], sentences: list[tuple[int, int]]) -> list[Hit]:
    """A day or month written without a year takes the year of a date written with one in
    the same sentence ("filed on April 30, 2009, and emerged on June 10"), the nearest
    before it first; otherwise it keeps the year the reference and tense gave it."""
    out: list[Hit] = []
    for hit in hits:
        if hit.floating is None:
            out.append(hit)
            continue
        lo, hi = next(((s, e) for s, e in sentences if s <= hit.start < e), (hit.start, hit.end))
        explicit = [h for h in hits if h is not hit and lo <= h.start < hi and not h.anchored and h.value
                    and h.type == "DATE" and _EXPLICIT_YEAR.match(h.value)]
        if explicit:
            before = [h for h in explicit if h.end <= hit.start]
            source = before[-1] if before else explicit[0]
            month, day = hit.floating
            year = int(source.value[:4])  # type: ignore[index]
            found = date(year, month, day).isoformat() if day and _valid(year, month, day) else f"{year:04d}-{month:02d}"
            hit = replace(hit, value=found, anchored=False)
        out.append(replace(hit, floating=None))
    return out


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


# Duration parts in the order ISO writes them; weeks join a compound as seven days.
_PARTS = re.compile(r"P(?:(?P<Y>[\d.]+)Y)?(?:(?P<M>[\d.]+)M)?(?:(?P<W>[\d.]+)W)?(?:(?P<D>[\d.]+)D)?"
                    r"(?:T(?:(?P<H>[\d.]+)H)?(?:(?P<TM>[\d.]+)M)?(?:(?P<S>[\d.]+)S)?)?$")
_ORDER = ("Y", "M", "W", "D", "H", "TM", "S")
_JOINER = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)")


def _duration_parts(value: str | None) -> dict[str, str] | None:
    match = _PARTS.match(value or "")
    if not match or value in ("P", "PT"):
        return None
    return {k: v for k, v in match.groupdict().items() if v}


def _compound_durations(text: str, hits: list[Hit]) -> list[Hit]:
    """"two years and seven months" → one P2Y7M; "12 minutes, 31 seconds" → PT12M31S."""
    out: list[Hit] = []
    for hit in hits:
        last = out[-1] if out else None
        first_parts = _duration_parts(last.value) if last and last.type == "DURATION" else None
        parts = _duration_parts(hit.value) if hit.type == "DURATION" else None
        if (last is not None and first_parts and parts and len(parts) == 1
                and _JOINER.fullmatch(text[last.end:hit.start])
                and max(_ORDER.index(k) for k in first_parts) < _ORDER.index(next(iter(parts)))):
            merged = {**first_parts, **parts}
            if "W" in merged and len(merged) > 1:
                merged["D"] = f"{float(merged.pop('W')) * 7 + float(merged.get('D', 0)):g}"
            date_part = "".join(merged[k] + k for k in ("Y", "M", "D") if k in merged)
            time_part = "".join(merged[k] + k[-1] for k in ("H", "TM", "S") if k in merged)
            value = "P" + date_part + ("T" + time_part if time_part else "")
            out[-1] = replace(last, end=hit.end, value=value)
            continue
        out.append(hit)
    return out


def _hits(text: str, ctx: Context) -> list[Hit]:
    found: list[Hit] = []
    lower = casefold.lowered(text)
    for pattern in searched(text, lower):
        for match in pattern.finditer(text, lower):
            hit = pattern.handle(match, ctx)
            if hit is not None and hit.end > hit.start:
                found.append(_trimmed(text, hit))
    return _compound_durations(text, _overlap_free(found))


def extract(document: Document, analysis: Analysis, reference: str | None, settings: Settings) -> list[TimeExpr]:
    """The time expressions of ``document``, in text order, normalised against ``reference``.

    ``analysis`` is the language stage's output for ``document`` (tokens for tense,
    DATE/TIME mentions as support); ``reference`` is the publication date ``YYYY-MM-DD``
    (``None``: relative expressions get ``value=None``); ``settings`` is taken for the
    stage signature (no setting changes these rules yet).
    """
    del settings
    text = document.text
    ref = parse_reference(reference)
    parse = _Parse(text, analysis)
    ctx = Context(text, ref, parse.direction, parse.supported, parse.rejected)
    hits = _with_days(_with_antecedents(_with_story_years(_hits(text, ctx), parse.sentences), ref), parse.sentences, ref)
    return [
        TimeExpr(document.id, h.start, h.end, text[h.start:h.end], h.value, h.type, h.anchored)
        for h in hits
    ]


def normalise(phrase: str, reference: str | None, direction: str = "nearest") -> tuple[str | None, str] | None:
    """(value, type) of a phrase already known to be a time expression, or None.

    No parse: the tense is ``direction`` ("past", "future", "nearest") and risky readings
    (a bare month, a bare year) are accepted since the caller vouches for the phrase. The
    longest expression found in the phrase wins. Used to score normalisation on gold spans.
    """
    ref = parse_reference(reference)
    ctx = Context(phrase, ref, lambda s, e: direction, lambda s, e: True, lambda s, e: False)
    sentence = [(0, len(phrase))]
    hits = _with_days(_with_antecedents(_with_story_years(_hits(phrase, ctx), sentence), ref), sentence, ref)
    if not hits:
        return None
    best = max(hits, key=lambda h: h.end - h.start)
    return best.value, best.type
