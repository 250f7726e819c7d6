"""The grammar of English time expressions for :mod:`sitroom.temporal`: words, patterns, calendar.

Each entry of :data:`PATTERNS` is a regular expression over the raw text and a handler that
turns one match into a :class:`Hit` (span, TIMEX type, ISO 8601 value) or rejects it. The
handlers ask a :class:`Context` three things they cannot read from the characters alone:
the *direction* the sentence's tense gives ("met on Friday" looks back, "will meet on
Friday" looks forward), whether a risky candidate has *support* (a time word or preposition
just before it, or spaCy calling it DATE/TIME), and whether the parse *rejects* it (the
number is a count of something, a model or a resolution number).

Value conventions (TimeML's, in ISO 8601 form): ``2024-10-11``, ``2024-10``, ``2024``,
``2024-W41``, ``2024-W41-WE`` (weekend), ``2024-SU`` (seasons SP SU FA WI, northern
hemisphere), ``2024-Q4``, ``2024-H2``, ``199`` (the 1990s), ``18`` (the 19th century),
``2024-10-08T10:00`` / ``2024-10-08TMO`` (morning: MO AF EV NI), intervals
``2024-10-22/2024-10-24``, durations ``P25Y`` ``P2.5Y`` ``PT48H`` and ``PXD`` (an unknown
number of days: "within days", "several years").

Granularity follows the words: "last week" is a week, "earlier this month" the month,
"later this year" the smallest quarter or half that holds the rest of the year (``Q4`` in
October, ``H2`` in August, the year before July), "mid-2011" the year — ISO has no "mid".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from . import casefold

__all__ = ["PATTERNS", "Context", "Hit", "Pattern", "parse_reference", "searched"]

# -- words ---------------------------------------------------------------------------------

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
# The month that stands for a season when choosing its year (winter: its January).
SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty first": 21,
}
UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7, "eighties": 8, "nineties": 9}
# Quantities that say "some number of": the duration's number is X (TimeML).
VAGUE = {"several", "many", "few", "a few", "some", "numerous", "dozens of", "hundreds of", "a number of", "recent"}
# ISO unit letter and multiplier of each duration unit; time-of-day units go after "T".
UNITS: dict[str, tuple[str, float, bool]] = {
    "second": ("S", 1, True), "minute": ("M", 1, True), "hour": ("H", 1, True),
    "day": ("D", 1, False), "night": ("D", 1, False), "week": ("W", 1, False), "fortnight": ("W", 2, False),
    "month": ("M", 1, False), "year": ("Y", 1, False), "decade": ("Y", 10, False),
    "century": ("Y", 100, False), "millennium": ("Y", 1000, False),
}
# Fixed-date holidays (month, day); they count only after a preposition ("before Christmas"),
# not as modifiers ("Christmas sales").
HOLIDAYS = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24), "boxing day": (12, 26),
    "new year's day": (1, 1), "new year's eve": (12, 31), "new year": (1, 1), "halloween": (10, 31),
    "valentine's day": (2, 14),
}
# Nouns that put a number after them (Resolution 2231, Flight 1549, Route 1066): not years.
DESIGNATORS = frozenset("""
resolution resolutions flight flights no no. nos number numbers nr route article articles section
sections paragraph model models type highway road room suite form page pages p. pp. item unit code
order decree law act bill chapter clause platform gate line bus train vol vol. volume issue version
ver v rule case file exhibit table figure fig fig. apartment box street avenue st st. ave channel
region district batch lot squadron regiment division brigade battalion boeing airbus tu su mig il
an yak ka mi t s f a b c patent serial account phone call hotline precinct zone ward plot block
level grade class series mark mk stage phase step camp
""".split())
# Words just before a year, month or season that make it a time expression by themselves.
CUES = frozenset("""
in on since until till by from to during before after through throughout between and of
early late mid around about circa c. last next this that every into for at until as
""".split())

# Words before "the next month" that make it a stretch of time rather than a date.
DURATION_CUES = frozenset("over for within during in throughout through across into".split())

# Words before a number that make it a year even when the parse reads a count.
YEAR_CUES = frozenset("""
in since until till by during from before after circa c. of year fiscal fy early late mid around
""".split())

# -- regular expression pieces ----------------------------------------------------------------


def _cased(words: list[str]) -> str:
    """An alternation matching each word Capitalised or UPPER-CASE (not lower-case: "may")."""
    forms = sorted({f for w in words for f in (w.capitalize(), w.upper())}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(f) for f in forms) + ")"


_FULL_MONTHS = [m for m, n in MONTHS.items() if len(m) > 4 or m == "may" or m in ("june", "july")]
MONTH_FULL = _cased(_FULL_MONTHS)
MONTH_ANY = "(?:" + _cased(_FULL_MONTHS) + "|" + _cased(["sept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]) + r"\.?)"
WEEKDAY = _cased([w for w in WEEKDAYS if len(w) > 4])
WEEKDAY_ANY = "(?:" + WEEKDAY + "|" + _cased([w for w in WEEKDAYS if len(w) <= 4]) + r"\.?)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:\s?(?:st|nd|rd|th))?"
YEAR = r"(?:1[0-9]\d\d|20\d\d)"
B = r"(?<![\w$£€¥#.,/:-])"  # left boundary: no word, currency, decimal or designator touching
E = r"(?![\w%/]|[.,:]\d|\s?-\s?\d|-[A-Za-z])"  # right boundary
_COMMA = r"\s*,?\s*"
DASH = r"\s*(?P<dash>-|–|—|to|through|till|until)\s*"
# Zones written after a clock time, with their offsets when they have one meaning (IST is
# India's or Israel's; ET/PT change with daylight saving: kept without an offset).
ZONES = {
    "UTC": "Z", "GMT": "Z", "Z": "Z", "EST": "-05:00", "EDT": "-04:00", "CST": "-06:00", "CDT": "-05:00",
    "MST": "-07:00", "MDT": "-06:00", "PST": "-08:00", "PDT": "-07:00", "BST": "+01:00", "CET": "+01:00",
    "CEST": "+02:00", "EET": "+02:00", "EEST": "+03:00", "MSK": "+03:00", "HKT": "+08:00", "SGT": "+08:00",
    "JST": "+09:00", "KST": "+09:00", "AEST": "+10:00", "AEDT": "+11:00", "IST": "", "ET": "", "PT": "",
    "CT": "", "AKDT": "-08:00", "AKST": "-09:00", "HST": "-10:00", "WIB": "+07:00", "PKT": "+05:00",
}
ZONE = r"(?:" + "|".join(sorted(ZONES, key=len, reverse=True)) + r")\b"
_NUM_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|a\s+hundred|a|an)"
)
NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + _NUM_WORD + ")"
QUANTITY = (
    r"(?:(?:almost|nearly|about|around|approximately|roughly|some|over|more\s+than|less\s+than|fewer\s+than"
    r"|at\s+least|up\s+to|just|only|another|a\s+further|the\s+(?:past|last|next|coming|first|final))\s+)?"
    r"(?P<num>half\s+an?|" + NUMBER + r"(?:\s+and\s+a\s+half)?|several|many|a\s+few|few|some|numerous|a\s+couple\s+of"
    r"|couple\s+of|a\s+dozen|dozens\s+of|hundreds\s+of|a\s+number\s+of)"
)
UNIT = r"(?P<unit>seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|years?|decades?|centuries|century|millenni(?:um|a))"
PREFIX = (
    r"(?P<mod>(?:early|late|mid|the\s+(?:end|start|beginning|middle|turn|rest|remainder|close)\s+of|"
    r"(?:end|start|beginning|middle)\s+of|(?:earlier|later)\s+in)(?:\s*-\s*|\s+))?"
)


# -- values ---------------------------------------------------------------------------------


def parse_reference(reference: str | None) -> date | None:
    """The document date from ``YYYY-MM-DD`` (a longer ISO timestamp is cut to its date)."""
    if not reference:
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", reference.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def number_value(words: str) -> float | None:
    """3 / 1,000 / 2.5 / "twenty-five" / "two and a half" / "half a" as a number; vague → None."""
    words = re.sub(r"\s+", " ", words.lower().strip())
    half = 0.0
    if words.endswith(" and a half"):
        words, half = words[: -len(" and a half")], 0.5
    if words in ("half a", "half an"):
        return 0.5
    if words in ("a", "an"):
        return 1 + half
    if words == "a dozen":
        return 12 + half
    if words in ("a couple of", "couple of"):
        return 2 + half
    if words == "a hundred":
        return 100 + half
    if re.fullmatch(r"[\d,]+(\.\d+)?", words):
        return float(words.replace(",", "")) + half
    if words in UNITS_WORDS:
        return UNITS_WORDS[words] + half
    parts = re.split(r"[- ]", words)
    if parts[0] in TENS_WORDS and (len(parts) == 1 or (len(parts) == 2 and parts[1] in UNITS_WORDS)):
        return TENS_WORDS[parts[0]] + (UNITS_WORDS[parts[1]] if len(parts) == 2 else 0) + half
    return None


def _fmt(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def duration(n: float | None, unit: str) -> str:
    """ISO 8601 duration of ``n`` ``unit``s (``n`` None: the TimeML X of "several")."""
    letter, factor, is_time = UNITS[unit_key(unit)]
    amount = "X" if n is None else _fmt(n * factor)
    return ("PT" if is_time else "P") + amount + letter


def unit_key(unit: str) -> str:
    unit = unit.lower()
    if unit in ("centuries",):
        return "century"
    if unit.startswith("millenni"):
        return "millennium"
    return unit[:-1] if unit.endswith("s") else unit


def add_months(year: int, month: int, k: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + k
    return index // 12, index % 12 + 1


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def pick_year(ref: date, month: int, direction: str, day: int | None = None) -> int:
    """The year of a month (and day) written without one, as the tense points; "nearest"
    takes the occurrence within half a year (a month exactly six months off stays in the
    reference's year)."""
    year = ref.year
    if day is None:
        ahead = month - ref.month
        if direction == "past":
            return year - 1 if ahead > 0 else year
        if direction == "future":
            return year + 1 if ahead < 0 else year
        return year - 1 if ahead > 6 else year + 1 if ahead < -6 else year
    candidate = safe_date(year, month, min(day, 28) if month == 2 else day) or date(year, month, 1)
    if direction == "past":
        if candidate > ref + timedelta(days=1):
            year -= 1
    elif direction == "future":
        if candidate < ref:
            year += 1
    elif (candidate - ref).days > 183:
        year -= 1
    elif (ref - candidate).days > 183:
        year += 1
    return year


def weekday_date(ref: date, weekday: int, direction: str, explicit: str | None = None) -> date:
    """The date of a weekday near ``ref``: "last"/"next"/"this" first, else the tense's way.

    The reference's own weekday is the reference day itself unless "last"/"next" says
    otherwise: in news, "announced Monday" in Monday's article is that Monday.
    """
    ahead = (weekday - ref.weekday()) % 7
    if explicit in ("next", "coming"):
        return ref + timedelta(days=ahead or 7)
    if explicit in ("last", "past"):
        return ref - timedelta(days=(ref.weekday() - weekday) % 7 or 7)
    if explicit == "this" or ahead == 0:
        return ref + timedelta(days=ahead)
    if direction == "past":
        return ref - timedelta(days=7 - ahead)
    if direction == "future" or ahead <= 3:
        return ref + timedelta(days=ahead)
    return ref - timedelta(days=7 - ahead)


def season_year(ref: date, season: str, relation: str | None, direction: str) -> int:
    month = SEASON_MONTH[season]
    if relation in ("this", "current"):
        return ref.year
    if relation in ("last", "past", "previous"):
        return ref.year if month + 2 < ref.month else ref.year - 1
    if relation in ("next", "coming"):
        return ref.year if month > ref.month else ref.year + 1
    if direction == "past":
        return ref.year if month - 2 <= ref.month else ref.year - 1
    if direction == "future":
        return ref.year if month + 2 >= ref.month else ref.year + 1
    return ref.year


# -- matches to hits ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    """One normalised expression: span, type, value (None: relative without a date), anchored.

    ``needs_day`` marks a time of day waiting for the date it belongs to; ``priority`` breaks
    ties between overlapping hits of equal length (higher wins). A hit of type ``""`` is a
    blocker: it wins its span and is dropped, so that nothing shorter inside it is read
    ("a 56-year-old" holds no duration, "some years ago" no "some years").
    """

    start: int
    end: int
    type: str
    value: str | None
    anchored: bool = False
    needs_day: bool = False
    priority: int = 0
    # (unit, shift, keep the antecedent's grain) from the last date the story named before
    relative_to: tuple[str, int, bool] | None = None
    # (month, day or 0) of a date written without its year: the sentence may name the year
    floating: tuple[int, int] | None = None


@dataclass(slots=True)
class Context:
    """What the handlers may ask about the text besides the characters of the match.

    ``direction(start, end)`` is "past", "future" or "nearest" from the governing verb;
    ``supported(start, end)`` is true when spaCy labelled an overlapping span DATE or TIME;
    ``rejected(start, end)`` is true when the parse reads the words as a count, an amount or
    a name rather than a time.
    """

    text: str
    reference: date | None
    direction: Callable[[int, int], str]
    supported: Callable[[int, int], bool]
    rejected: Callable[[int, int], bool]

    def word_before(self, at: int) -> str:
        match = re.search(r"([\w.'’-]+)[\s,]*$", self.text[max(0, at - 40):at])
        return match[1].lower() if match else ""

    def cued(self, at: int) -> bool:
        """A preposition or time modifier right before ``at`` ("in 1828", "since May")."""
        return self.word_before(at) in CUES

    def after(self, end: int, length: int = 30) -> str:
        return self.text[end:end + length]


Handler = Callable[[re.Match[str], Context], Hit | None]


@dataclass(frozen=True, slots=True)
class Pattern:
    """A regular expression and its handler. ``needs``: lower-case strings of which every
    match contains at least one, with each run of white space written as one space
    ("later", "earlier" for "three days later"); a text with none of them is not searched
    (see :func:`searched`). Empty: always searched."""

    name: str
    regex: re.Pattern[str]
    handle: Handler
    needs: tuple[str, ...] = ()
    # ``regex`` without ``IGNORECASE``, for the lower-cased text (see :meth:`finditer`)
    lowered: re.Pattern[str] | None = None

    def finditer(self, text: str, lower: str | None) -> list[re.Match[str]]:
        """The matches of ``regex`` in ``text``; ``lower`` is ``casefold.lowered(text)``.

        Python's ``re`` folds the case of every character it compares under
        ``IGNORECASE``: the patterns of counts and units ("two and a half years") ran 2.5
        times as fast over the lower-cased text, and the case-insensitive ones took half the
        time of all the patterns. The two find the same spans (``casefold``); each found is
        matched again over ``text`` at its start, so handlers read the text's own letters
        ("USA Today" is a name, "today" is not).
        """
        if self.lowered is None or lower is None:
            return list(self.regex.finditer(text))
        spans = [found.span() for found in self.lowered.finditer(lower)]
        matches = [self.regex.match(text, start) for start, _ in spans]
        if all(m is not None and m.end() == end for m, (_, end) in zip(matches, spans)):
            return matches  # type: ignore[return-value]
        return list(self.regex.finditer(text))  # not seen: casefold's guarantee would have failed


def searched(text: str, lower: str | None = None) -> list[Pattern]:
    """The patterns worth running over ``text``: those whose ``needs`` it contains
    (``lower``: ``casefold.lowered(text)``, when the caller has it).

    Python's ``re`` tries a pattern that begins with a look-behind and an alternation at
    every position of the text; a substring test is one C-level scan. The patterns that
    must contain a rare word ("later", "century", "ago") took most of the time.
    """
    lower = lower if lower is not None else casefold.lowered(text)
    if lower is None:
        return list(PATTERNS)
    lower = " ".join(lower.split())  # each "\s+" of a pattern is one space here
    return [p for p in PATTERNS if not p.needs or any(word in lower for word in p.needs)]


def _g(match: re.Match[str], name: str) -> str:
    """A named group's text, "" when it did not take part (or the pattern has no such group)."""
    if isinstance(match, re.Match) and name not in match.re.groupindex:
        return ""
    return match.group(name) or ""


def _span(match: re.Match[str], group: str | None = None) -> tuple[int, int]:
    return match.span(group) if group else match.span()


def _relative(match: re.Match[str], ctx: Context, type_: str, make: Callable[[date], str | None],
              group: str | None = None, priority: int = 0) -> Hit | None:
    """A hit whose value needs the document date (None without one)."""
    start, end = _span(match, group)
    value = make(ctx.reference) if ctx.reference else None
    if ctx.reference and value is None:
        return None
    return Hit(start, end, type_, value, anchored=True, priority=priority)


def _month_of(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _day_of(word: str) -> int:
    return int(re.match(r"\d+", word)[0])  # type: ignore[index]


def _year_of(match: re.Match[str], ctx: Context) -> tuple[int | None, bool]:
    """A written year, or the one the reference and tense give (then anchored)."""
    if _g(match, "year"):
        return int(match["year"]), False
    return None, True


def _md_value(ctx: Context, match: re.Match[str], month: int, day: int, year: int | None) -> str | None:
    if year is None:
        if not ctx.reference:
            return None
        year = pick_year(ctx.reference, month, ctx.direction(*match.span()), day)
    found = safe_date(year, month, day)
    return found.isoformat() if found else None


def _date_md(match: re.Match[str], ctx: Context) -> Hit | None:
    """October 11th · Oct. 11, 2024 · 11 October 2024 · the 11th of October · Friday, October 11."""
    month, day = _month_of(match["month"]), _day_of(match["day"])
    year, anchored = _year_of(match, ctx)
    if safe_date(year or 2000, month, day) is None:
        return None
    if year is None and not _g(match, "wd") and ctx.rejected(*match.span("day")):
        return None  # "May 5 people" is not a date when the parse says 5 counts people
    value = _md_value(ctx, match, month, day, year)
    if year is None and ctx.reference and value is None:
        return None
    return Hit(*match.span(), "DATE", value, anchored=anchored, priority=3, floating=(month, day) if year is None else None)


def _date_range(match: re.Match[str], ctx: Context) -> Hit | None:
    """October 22-24 · 22-24 October 2024 · October 30 - November 2: an interval."""
    month1 = _month_of(match["month"])
    month2 = _month_of(match["month2"]) if _g(match, "month2") else month1
    if _g(match, "month2") and match["dash"] not in ("-", "–", "—"):
        return None  # two whole dates joined by "to": each is its own expression
    day1, day2 = _day_of(match["day"]), _day_of(match["day2"])
    if (month2, day2) <= (month1, day1) and month2 == month1:
        return None  # "October 24-22" is not a range
    year, anchored = _year_of(match, ctx)
    first = _md_value(ctx, match, month1, day1, year)
    if first is None:
        return Hit(*match.span(), "DATE", None, anchored=True, priority=4) if not ctx.reference else None
    y1 = int(first[:4])
    y2 = y1 + 1 if month2 < month1 else y1
    second = safe_date(y2, month2, day2)
    if second is None:
        return None
    return Hit(*match.span(), "DATE", f"{first}/{second.isoformat()}", anchored=anchored, priority=4)


def _month_year(match: re.Match[str], ctx: Context) -> Hit | None:
    month = _month_of(match["month"])
    return Hit(*match.span(), "DATE", f"{int(match['year']):04d}-{month:02d}", priority=2)


def _month_alone(match: re.Match[str], ctx: Context) -> Hit | None:
    """in October · early May · the end of March — a month without day or year."""
    start = match.start()
    word = match["month"]
    if not _g(match, "mod") and not (ctx.cued(start) or ctx.supported(*match.span("month"))):
        return None
    if word.lower() in ("may", "march") and not (ctx.cued(start) or _g(match, "mod")):
        return None  # "May" the verb, "March" the noun
    if ctx.rejected(*match.span("month")):
        return None  # "April Ryan": spaCy reads a name
    month = _month_of(word)
    hit = _relative(match, ctx, "DATE", lambda ref: f"{pick_year(ref, month, ctx.direction(*match.span()))}-{month:02d}")
    return replace(hit, floating=(month, 0)) if hit else None


def _year(match: re.Match[str], ctx: Context) -> Hit | None:
    """1828 · 2024 · early 2009 · mid-2011 · the end of 2024 · fiscal 2024."""
    year = int(match["year"])
    span = match.span("year")
    mod = _g(match, "mod")
    before = ctx.word_before(match.start())
    if before in DESIGNATORS or re.search(r"[#№]\s*$", ctx.text[max(0, match.start() - 3):match.start()]):
        return None
    after = ctx.after(match.end(), 12).lower()
    if re.match(r"\s*(?:bn|billion|million|m\b|km|kg|mph|people|troops|%)", after):
        return None
    # "closed at 1304", "rose to 1950": index levels and counts after "at"/"to" stay numbers
    cued = bool(mod) or before in YEAR_CUES
    supported = ctx.supported(*span)
    if ctx.rejected(*span) and not cued:
        return None
    if not mod and _LEVEL.search(ctx.text[max(0, match.start() - 30):match.start()]):
        return None
    if year < 1800 and not (cued or supported):
        return None
    if ctx.reference and year > ctx.reference.year + 60:
        return None
    return Hit(*match.span(), "DATE", f"{year:04d}", priority=1)


def _year_range(match: re.Match[str], ctx: Context) -> Hit | None:
    """2014-16 · 2023–2024: an interval of years."""
    first = int(match["year"])
    second_text = match["year2"]
    second = int(second_text) if len(second_text) == 4 else first // 100 * 100 + int(second_text)
    if not first < second <= first + 20:
        return None
    if ctx.word_before(match.start()) in DESIGNATORS:
        return None
    return Hit(*match.span(), "DATE", f"{first}/{second}", priority=2)


def _iso_date(match: re.Match[str], ctx: Context) -> Hit | None:
    found = safe_date(int(match["year"]), int(match["m"]), int(match["d"]))
    if not found:
        return None
    if _g(match, "hh"):
        return Hit(*match.span(), "TIME", f"{found.isoformat()}T{int(match['hh']):02d}:{match['mm']}", priority=5)
    return Hit(*match.span(), "DATE", found.isoformat(), priority=5)


def _numeric_date(match: re.Match[str], ctx: Context) -> Hit | None:
    """7/8/07 (month first, as in US news, unless the first number cannot be a month) · 11.10.2024."""
    a, b, y = int(match["a"]), int(match["b"]), match["y"]
    if match["sep"] == "." and len(y) != 4:
        return None  # "4.3.10" is a version number
    year = int(y) if len(y) == 4 else (2000 + int(y) if int(y) <= (ctx.reference.year % 100 + 10 if ctx.reference else 30) else 1900 + int(y))
    if match["sep"] == "." or a > 12:
        a, b = b, a  # day first: dotted European dates, or 25/12/2024
    found = safe_date(year, a, b)
    return Hit(*match.span(), "DATE", found.isoformat(), priority=5) if found else None


def _decade(match: re.Match[str], ctx: Context) -> Hit | None:
    """the 1990s · the '90s · the nineties → 199."""
    if _g(match, "full"):
        return Hit(*match.span(), "DATE", match["full"][:3], priority=2)
    tens = int(match["two"][0]) if _g(match, "two") else DECADE_WORDS[match["word"].lower()]
    century = 20 if tens <= 1 else 19  # "the '10s" is this century's; "the '60s" the last's
    return Hit(*match.span(), "DATE", f"{century}{tens}", priority=2)


def _century(match: re.Match[str], ctx: Context) -> Hit | None:
    """the 19th century → 18 (ISO: the hundreds of 18xx)."""
    word = match["nth"].lower()
    n = int(re.match(r"\d+", word)[0]) if word[0].isdigit() else ORDINALS.get(word.replace("-", " "), ORDINALS.get(word, 0))  # type: ignore[index]
    if not 1 <= n <= 22:
        return None
    return Hit(*match.span(), "DATE", f"{n - 1:02d}", priority=2)


def _today_like(match: re.Match[str], ctx: Context) -> Hit | None:
    """today · yesterday · tomorrow · tonight · last night · this morning · the day before yesterday."""
    word = re.sub(r"\s+", " ", match["rel"].lower())
    part = _g(match, "part").lower()
    shifts = {"today": 0, "tonight": 0, "this": 0, "yesterday": -1, "last": -1, "tomorrow": 1,
              "the day before yesterday": -2, "the day after tomorrow": 2}
    if word == "last" and part != "night":
        return None
    first = match["rel"]
    if first[0].isupper() and not _sentence_start(ctx.text, match.start()) and (
        re.search(r"[A-Z][\w.&-]*\s+$", ctx.text[max(0, match.start() - 20):match.start()]) or re.match(r"\s+[A-Z]", ctx.after(match.end(), 3))
    ):
        return None  # "USA Today", "the Today show": a name
    if word == "this" and not part:
        return None
    code = "NI" if word == "tonight" else PARTS_OF_DAY.get(part)
    type_ = "TIME" if code else "DATE"

    def make(ref: date) -> str:
        day = (ref + timedelta(days=shifts[word])).isoformat()
        return f"{day}T{code}" if code else day

    return _relative(match, ctx, type_, make, priority=3)


def _sentence_start(text: str, at: int) -> bool:
    """Nothing but opening punctuation between the last sentence end (or line) and ``at``."""
    return bool(re.search(r"(?:^|[.!?:;]\s+|\n)[\s\"'“‘(\[`-]*$", text[max(0, at - 30):at]))


def _weekday(match: re.Match[str], ctx: Context) -> Hit | None:
    """Friday · last Friday · next Tuesday · Friday morning — direction from the tense."""
    before = ctx.word_before(match.start())
    if before in ("good", "black", "holy", "ash", "super", "cyber", "maundy", "easter", "bloody", "man", "girl"):
        return None
    weekday = WEEKDAYS[match["wd"].lower().rstrip(".")]
    relation = _g(match, "rel").lower() or None
    part = PARTS_OF_DAY.get(_g(match, "part").lower())
    direction = ctx.direction(*match.span("wd"))

    def make(ref: date) -> str:
        day = weekday_date(ref, weekday, direction, relation).isoformat()
        return f"{day}T{part}" if part else day

    return _relative(match, ctx, "TIME" if part else "DATE", make, priority=2)


def _this_unit(match: re.Match[str], ctx: Context) -> Hit | None:
    """last week · this month · next year · earlier this month · the end of last year · this weekend."""
    rel = match["rel"].lower()
    unit = match["unit"].lower()
    pre = _g(match, "pre").lower()
    shift = {"this": 0, "current": 0, "last": -1, "next": 1, "coming": 1}[rel]

    def make(ref: date) -> str | None:
        if unit == "week":
            return iso_week(ref + timedelta(weeks=shift))
        if unit == "weekend":
            base = ref + timedelta(weeks=shift)
            if shift == 0 and ref.weekday() < 5 and ctx.direction(*match.span()) == "past":
                base = ref - timedelta(weeks=1)  # "became public this weekend" in Monday's paper
            return iso_week(base) + "-WE"
        if unit == "month":
            year, month = add_months(ref.year, ref.month, shift)
            return f"{year:04d}-{month:02d}"
        if unit == "quarter":
            year, month = add_months(ref.year, ref.month, 3 * shift)
            return f"{year:04d}-Q{quarter_of(month)}"
        if unit == "year":
            if shift == 0 and pre in ("earlier", "later"):
                return _part_of_year(ref, pre)
            return f"{ref.year + shift:04d}"
        if unit == "decade":
            return f"{(ref.year // 10 + shift):03d}"
        if unit == "century":
            return f"{(ref.year // 100 + shift):02d}"
        return None

    return _relative(match, ctx, "DATE", make, priority=3)


def _part_of_year(ref: date, pre: str) -> str:
    """"later this year" / "earlier this year": the smallest quarter or half holding the stretch
    between the reference and the year's end (or start), else the year (TimeML's granularity)."""
    quarter = quarter_of(ref.month)
    if pre == "later":
        if quarter == 4:
            return f"{ref.year}-Q4"
        return f"{ref.year}-H2" if quarter == 3 else f"{ref.year}"
    if quarter == 1:
        return f"{ref.year}-Q1"
    return f"{ref.year}-H1" if quarter == 2 else f"{ref.year}"


def _the_past_unit(match: re.Match[str], ctx: Context) -> Hit | None:
    """the past decade · the next week: a stretch of one unit (TimeML: a duration)."""
    return Hit(*match.span(), "DURATION", duration(1, match["unit"]), priority=2)


def _narrative(match: re.Match[str], ctx: Context) -> Hit | None:
    """the next day · the previous year · that day · the day before: relative to the story's
    last date (resolved in :mod:`sitroom.temporal` against the nearest date named before)."""
    unit = (_g(match, "unit") or _g(match, "unit2") or _g(match, "unit3")).lower()
    which = (_g(match, "which") or _g(match, "that") or _g(match, "dir")).lower()
    if which == "next" and unit not in ("day", "morning", "evening", "night") and (
        not match[0].lower().startswith("the") or ctx.word_before(match.start()) in DURATION_CUES
    ):
        return None  # "over the next month" is a stretch of time; "resigned the next year" a date
    shift = {"previous": -1, "preceding": -1, "before": -1, "following": 1, "next": 1, "after": 1}.get(which, 0)
    part = PARTS_OF_DAY.get(unit)
    return Hit(*match.span(), "TIME" if part else "DATE", None, anchored=True, priority=3,
               relative_to=(f"day:{part}" if part else unit, shift, False))


def _shift(match: re.Match[str], ctx: Context) -> Hit | None:
    """two days later · a year earlier: the story's last date moved (TimeML: a DATE)."""
    num = re.sub(r"\s+", " ", match["num"].lower())
    n = None if num in VAGUE else number_value(num)
    unit = unit_key(match["unit"])
    if n is None or n != int(n) or unit not in ("day", "week", "month", "year"):
        return None  # "a few days later", "two hours later": kept as durations
    sign = 1 if match["dir"].lower() == "later" else -1
    return Hit(*match.span(), "DATE", None, anchored=True, priority=3, relative_to=(unit, sign * int(n), True))


def _the_weekend(match: re.Match[str], ctx: Context) -> Hit | None:
    """(over) the weekend: the one just past in past tense, the coming one otherwise."""
    direction = ctx.direction(*match.span())

    def make(ref: date) -> str:
        if direction == "past" and ref.weekday() < 5:
            return iso_week(ref - timedelta(weeks=1)) + "-WE"
        return iso_week(ref) + "-WE"

    return _relative(match, ctx, "DATE", make, priority=2)


def _season(match: re.Match[str], ctx: Context) -> Hit | None:
    """this summer · last winter · in spring · summer 2024 · the autumn of 1989."""
    word = match["season"].lower()
    code = SEASONS[word]
    relation = _g(match, "rel").lower() or None
    if _g(match, "year"):
        return Hit(*match.span(), "DATE", f"{int(match['year'])}-{code}", priority=2)
    if relation is None and not (ctx.cued(match.start()) or _g(match, "mod")):
        return None
    if word == "fall" and relation is None and not re.search(r"\b(?:in|this|last|next|the)\s*$", ctx.text[max(0, match.start() - 8):match.start()].lower()):
        return None
    if re.match(r"\s+of\b", ctx.after(match.end(), 6)):
        return None  # "the fall of Rome", "the spring of discontent"
    season_at = match.start("season")
    if match["season"][0].isupper() and season_at and not re.search(r"(?:^|[.!?:\n]\s*)\S*\s*$", ctx.text[max(0, season_at - 20):season_at]):
        if re.search(r"[A-Z][\w-]*\s+$", ctx.text[max(0, season_at - 20):season_at]) or re.match(r"\s+[A-Z]", ctx.after(match.end(), 3)):
            return None  # "Arab Spring", "Summer Olympics": a name
    direction = ctx.direction(*match.span())
    return _relative(match, ctx, "DATE", lambda ref: f"{season_year(ref, code, relation, direction)}-{code}", priority=2)


def _quarter(match: re.Match[str], ctx: Context) -> Hit | None:
    """the third quarter (of 2024) · the last quarter · Q3 2024 · the first half of 2024."""
    nth = _g(match, "nth").lower()
    half = _g(match, "unit").lower() == "half"
    if nth in ("last", "final", "latest", "past", "previous") and not _g(match, "year") and not _g(match, "rel"):
        if half:
            return None
        def make_last(ref: date) -> str:
            year, month = add_months(ref.year, ref.month, -3)
            return f"{year}-Q{quarter_of(month)}"
        return _relative(match, ctx, "DATE", make_last, priority=3)
    n = int(nth[0]) if nth[:1].isdigit() else ORDINALS.get(nth, 4 if nth in ("last", "final") else 0)
    if half:
        n = 2 if nth in ("last", "final", "latter") else n
        if n not in (1, 2):
            return None
    elif not 1 <= n <= 4:
        return None
    code = f"H{n}" if half else f"Q{n}"
    if _g(match, "year"):
        return Hit(*match.span(), "DATE", f"{int(match['year'])}-{code}", priority=3)
    rel = _g(match, "rel").lower()
    direction = ctx.direction(*match.span())
    month = (n - 1) * (6 if half else 3) + 1  # the first month: a quarter under way counts as this one

    def make(ref: date) -> str:
        if rel:
            year = ref.year + {"this": 0, "the": 0, "last": -1, "next": 1}[rel]
        else:
            year = pick_year(ref, month, direction)
        return f"{year}-{code}"

    if not rel and (half or not (_g(match, "q") or ctx.supported(*match.span()))):
        return None  # "the second half" of a match, "the first quarter" of a pie
    return _relative(match, ctx, "DATE", make, priority=3)


def _unit_of(match: re.Match[str], ctx: Context) -> Hit | None:
    """the end of the year · the beginning of the month · the rest of the week → the unit itself."""
    rel = (_g(match, "rel") or "this").lower()
    rel = "this" if rel == "the" else rel
    fake = {"rel": rel, "unit": match["unit"]}
    hit = _this_unit(_FakeMatch(match, fake), ctx)  # type: ignore[arg-type]
    return hit


class _FakeMatch:
    """A match whose named groups are overridden (to reuse a handler on another phrasing)."""

    def __init__(self, match: re.Match[str], groups: dict[str, str]) -> None:
        self._match, self._groups = match, groups

    def __getitem__(self, name: str) -> str:
        if name in self._groups:
            return self._groups[name]
        return self._match[name] if name in self._match.re.groupindex else None  # type: ignore[return-value]

    def group(self, name: str) -> str:
        return self[name]

    def span(self, group: str | int = 0) -> tuple[int, int]:
        return self._match.span() if group == 0 or group in self._groups else self._match.span(group)

    def start(self) -> int:
        return self._match.start()

    def end(self) -> int:
        return self._match.end()


def _holiday(match: re.Match[str], ctx: Context) -> Hit | None:
    if not ctx.cued(match.start()) and not _g(match, "year"):
        return None
    month, day = HOLIDAYS[re.sub(r"\s+", " ", match["name"].lower().replace("’", "'"))]
    year, anchored = _year_of(match, ctx)
    return Hit(*match.span(), "DATE", _md_value(ctx, match, month, day, year), anchored=anchored, priority=2)


_AGE = re.compile(r"\s*-?\s*olds?\b|\s+(?:of\s+)?age\b")
# "75 hours of video", "1,000 hours of music": a length of media, a capacity, not a time.
_MEDIA = re.compile(r"\s+of\s+(?:\w+\s+)?(?:video|audio|music|footage|recordings?|content|playback|programming"
                    r"|television|tv|battery|talk\s+time|songs|movies|films|podcasts?)\b", re.I)
# A number reached by a market or a count ("closed at 1304", "rose to 1950") is not a year.
_LEVEL = re.compile(r"\b(?:closed|closing|opened|ended|finished|rose|risen|fell|fallen|dropped|climbed|gained|lost|slipped"
                    r"|jumped|reached|hit|traded|stood|stands|sank|tumbled|plunged|surged|soared|edged|declined|increased"
                    r"|decreased|fell|up|down|level|total|totalled|totaled)\s+(?:at|to|by|of)\s*$", re.I)


def _duration(match: re.Match[str], ctx: Context) -> Hit | None:
    """25 years · three months · two and a half years · a 12-hour flight · several years."""
    after = ctx.after(match.end(), 12)
    if _AGE.match(after) or ctx.word_before(match.start()) in ("aged", "ages", "age"):
        return Hit(*match.span(), "", None, priority=1)  # an age, not a duration: "a 56-year-old"
    if _MEDIA.match(after + ctx.after(match.end() + 12, 20)):
        return Hit(*match.span(), "", None, priority=1)
    num = re.sub(r"\s+", " ", match["num"].lower())
    unit = match["unit"].lower()
    n = None if num in VAGUE else number_value(num)
    if (n is None and num not in VAGUE) or n == 0:
        return None  # "zero-day" flaws are not durations
    hyphenated = "-" in match[0]
    if num in ("a", "an", "one") and unit in ("day", "second", "night") and not hyphenated:
        # "a day when ...", "one day he will": only a duration after a preposition or before "later"
        if not (ctx.word_before(match.start()) in ("for", "in", "within", "than", "after", "over", "about", "nearly", "almost", "just", "only", "took", "takes", "lasted")
                or re.match(r"\s+(?:later|earlier|after|before|long)\b", after)):
            return None
    if unit.startswith("second") and num in ("a", "an") and not hyphenated:
        return None  # "a second flight"
    if re.match(r"\s+(?:when|that|where|in\s+which)\b", after) and num in ("a", "an", "one"):
        return None
    return Hit(*match.span(), "DURATION", duration(n, unit), priority=1)


def _vague_duration(match: re.Match[str], ctx: Context) -> Hit | None:
    """for years · over the years · within days · in the coming weeks · decades-long."""
    unit = match["unit"].lower()
    start = match.start() if match[0].lower().startswith("within") else match.start("core")
    return Hit(start, match.end("core"), "DURATION", duration(None, unit), priority=1)


def _ago(match: re.Match[str], ctx: Context) -> Hit | None:
    """two days ago · 25 years ago · a week ago · in two weeks' time: a date at the unit's grain."""
    num = re.sub(r"\s+", " ", match["num"].lower())
    n = None if num in VAGUE else number_value(num)
    if n is None or n != int(n):
        return Hit(*match.span(), "", None, priority=3)  # "some years ago": no value; blocks "some years"
    sign = -1 if _g(match, "ago") else 1
    unit = unit_key(match["unit"])
    k = int(n) * sign

    def make(ref: date) -> str | None:
        if unit in ("day", "night"):
            return (ref + timedelta(days=k)).isoformat()
        if unit in ("week", "fortnight"):
            return iso_week(ref + timedelta(weeks=k * (2 if unit == "fortnight" else 1)))
        if unit == "month":
            year, month = add_months(ref.year, ref.month, k)
            return f"{year:04d}-{month:02d}"
        if unit == "year":
            return f"{ref.year + k:04d}"
        if unit == "decade":
            return f"{ref.year + 10 * k:04d}"
        if unit == "century":
            return f"{(ref.year + 100 * k) // 100:02d}"
        if unit in ("hour", "minute", "second"):
            return ref.isoformat()
        return None

    return _relative(match, ctx, "DATE", make, priority=3)


def _set(match: re.Match[str], ctx: Context) -> Hit | None:
    """15 a year · twice a week · annually: a recurrence, valued by its period (TimeML)."""
    if _g(match, "adverb"):
        return Hit(*match.span(), "SET", "P1Y", priority=1)
    after = ctx.after(match.end(), 12)
    if re.match(r"\s+(?:ago|later|earlier|before|after|old)\b", after):
        return None
    return Hit(*match.span("set"), "SET", duration(1, match["unit"]), priority=2)


# Words before a bare "10:30" that make it a clock time rather than a score or a ratio.
CLOCK_CUES = frozenset("at by from until till before after around about since to and".split())


def _clock(match: re.Match[str], ctx: Context) -> Hit | None:
    """10 a.m. · 18:00 UTC · 6:40 p.m. (GMT+8) · noon · midnight: a time of day, date filled in later."""
    if _g(match, "word"):
        if not (ctx.cued(match.start()) or ctx.supported(*match.span())):
            return None
        hour, minute = (12, 0) if match["word"].lower() in ("noon", "midday") else (24, 0)
    else:
        hour, minute = int(match["h"]), int(_g(match, "m") or 0)
        ampm = _g(match, "ampm").lower().replace(".", "").replace(" ", "")
        colon = _g(match, "sep").startswith(":")
        if ampm:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ampm.startswith("p") else 0)
        elif _g(match, "oclock"):
            pass
        elif not colon or not (
            _g(match, "tz") or _g(match, "local") or ctx.supported(*match.span()) or ctx.word_before(match.start()) in CLOCK_CUES
            or re.search(r"\d{4}\s*[-–—,]?\s*$", ctx.text[max(0, match.start() - 8):match.start()])
        ):
            return None  # "3:2", "10:30" alone: a score or a ratio until something says time
    return Hit(*match.span(), "TIME", f"T{hour:02d}:{minute:02d}{_zone(match)}", needs_day=True, priority=3)


def _zone(match: re.Match[str]) -> str:
    """The ISO offset of "UTC", "GMT+8", "EST" ("" for zones of several meanings)."""
    zone = ZONES.get(_g(match, "tz").upper(), "")
    offset = _g(match, "off")
    if offset and zone == "Z":
        digits = offset[1:].replace(":", "")
        hours, minutes = (int(digits), 0) if len(digits) <= 2 else (int(digits[:-2]), int(digits[-2:]))
        return f"{offset[0]}{hours:02d}:{minutes:02d}"
    return zone


def _military(match: re.Match[str], ctx: Context) -> Hit | None:
    """1100 hours · 1630 GMT · 2045 local time: a four-digit clock time."""
    if _g(match, "hrs") and ctx.word_before(match.start()) not in CLOCK_CUES:
        return None  # "1100 hours of video" is an amount
    hour, minute = int(match["h"]), int(match["m"])
    return Hit(*match.span(), "TIME", f"T{hour:02d}:{minute:02d}{_zone(match)}", needs_day=True, priority=4)


# -- the pattern table ---------------------------------------------------------------------------

_WD_PREFIX = r"(?:(?P<wd>" + WEEKDAY_ANY + r")" + _COMMA + r")?"
_YEAR_SUFFIX = r"(?:" + _COMMA + r"(?P<year>" + YEAR + r")" + r"(?![\w%/]|[.,:]\d|[-–]\d|-[A-Za-z])" + r")?"
_REL = r"(?P<rel>(?i:this|last|next|past|coming|current|previous))"


def _p(name: str, regex: str, handle: Handler, needs: tuple[str, ...] = ()) -> Pattern:
    return Pattern(name, re.compile(regex), handle, needs)


def _pi(name: str, regex: str, handle: Handler, needs: tuple[str, ...] = ()) -> Pattern:
    """A pattern whose letters match in either case: ``(?i:regex)``, and, when its letters
    are all lower-case ASCII, ``regex`` itself to run over the lower-cased text."""
    letters = re.sub(r"\\.|\(\?P[<=]\w+[>)]", "", regex)  # escapes and group names are not letters to match
    plain = all(c.islower() and c.isascii() for c in letters if c.isalpha())
    return Pattern(name, re.compile("(?i:" + regex + ")"), handle, needs, re.compile(regex) if plain else None)


PATTERNS: tuple[Pattern, ...] = (
    _p("iso_date", B + r"(?P<year>" + YEAR + r")-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[T ](?P<hh>[0-2]\d):(?P<mm>[0-5]\d))?" + r"(?![\w-])", _iso_date),
    _p("numeric_date", B + r"(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>\d{4}|\d{2})(?![\w/.]\d|\w)", _numeric_date),
    _p("range_mdd", B + r"(?P<month>" + MONTH_ANY + r")\s+(?P<day>" + DAY + r")" + DASH + r"(?:(?P<month2>" + MONTH_ANY + r")\s+)?(?P<day2>" + DAY + r")" + E + _YEAR_SUFFIX, _date_range),
    _p("range_ddm", B + r"(?:(?i:the)\s+)?(?P<day>" + DAY + r")(?:\s+(?P<month2>" + MONTH_ANY + r"))?" + DASH + r"(?P<day2>" + DAY + r")(?:\s+(?i:of))?\s+(?P<month>" + MONTH_ANY + r")" + E + _YEAR_SUFFIX, lambda m, c: _date_range(_swap_months(m), c)),
    _p("date_md", B + _WD_PREFIX + r"(?P<month>" + MONTH_ANY + r")\s+(?P<day>" + DAY + r")" + E + _YEAR_SUFFIX, _date_md),
    _p("date_dm", B + _WD_PREFIX + r"(?:(?i:the)\s+)?(?P<day>" + DAY + r")(?:\s+(?i:of))?\s+(?P<month>" + MONTH_ANY + r")" + E + _YEAR_SUFFIX, _date_md),
    _p("month_year", B + PREFIX + r"(?P<month>" + MONTH_ANY + r")" + _COMMA + r"(?:(?i:of)\s+)?(?P<year>" + YEAR + r")" + E, _month_year),
    _p("month", r"(?<![\w-])" + PREFIX + r"(?P<month>" + MONTH_FULL + r")(?![\w-])", _month_alone),
    _p("year_range", B + r"(?P<year>" + YEAR + r")\s?[-–/]\s?(?P<year2>" + YEAR + r"|\d\d)(?![\w%]|[.,]\d|-)", _year_range),
    _p("year", r"(?<![\w$£€¥#.,/:-])" + PREFIX + r"(?:(?i:the\s+year|fiscal(?:\s+year)?|FY)\s*)?(?P<year>" + YEAR + r")(?![\w%/]|[.,]\d|-\w|[-–]\d|\s+(?:hours|hrs|GMT|UTC|local\s+time)\b)", _year),
    _p("decade", r"(?<![\w-])(?:(?i:the)\s+)?(?:(?i:early|mid|late)\s*-?\s*)?(?:(?P<full>1[0-9]\d0|20\d0)'?s|['’](?P<two>\d0)s|(?i:(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)))(?![\w-])", _decade,
       ("0s", "0's", "twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties")),
    _pi("century", r"(?<![\w-])(?:the\s+)?(?:early\s+|late\s+|mid-?)?(?P<nth>\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty[- ]first)[\s-]+century\b", _century, ("century",)),
    _pi("today", r"(?<![\w-])(?P<rel>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow|this|last)(?:\s+(?P<part>morning|afternoon|evening|night))?(?![\w-])", _today_like),
    _p("weekday", r"(?<![\w-])(?:(?P<rel>(?i:last|next|this|coming|past))\s+)?(?P<wd>" + WEEKDAY + r")(?!\w|-\w)(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?", _weekday),
    _pi("this_unit", r"(?<![\w-])(?:(?P<pre>earlier|later|early|late|mid)\s*-?\s*)?" + r"(?<!the\s)(?P<rel>this|last|next|coming|current)\s+(?P<unit>week|weekend|month|quarter|year|decade|century)(?![\w-])", _this_unit),
    _pi("the_past_unit", r"(?<![\w-])the\s+(?:past|last|next|coming)\s+(?P<unit>week|month|year|decade|century)(?![\w-])", _the_past_unit),
    _pi("narrative", r"(?<![\w-])(?:(?:the\s+)?(?P<which>previous|preceding|following|next|same)\s+(?P<unit>day|morning|evening|night|week|month|year)|(?P<that>that)\s+(?P<unit2>day|morning|evening|night|week|month|year)|the\s+(?P<unit3>day|week|month|year)\s+(?P<dir>before|after)(?=\s*(?:[.,;:!?)]|$)))(?![\w-])", _narrative),
    _pi("unit_of", r"(?<![\w-])(?:the\s+)?(?:end|start|beginning|middle|rest|remainder|close|turn)\s+of\s+(?P<rel>the|this|last|next)\s+(?P<unit>week|month|quarter|year|decade|century)(?![\w-])", _unit_of),
    _pi("the_weekend", r"(?<![\w-])the\s+weekend(?![\w-])", _the_weekend),
    _p("season", r"(?<![\w-])" + PREFIX + r"(?:" + _REL + r"\s+)?(?:(?i:the)\s+)?(?P<season>(?i:spring|summer|autumn|fall|winter))(?:" + _COMMA + r"(?:(?i:of)\s+)?(?P<year>" + YEAR + r"))?(?![\w-])", _season, ("spring", "summer", "autumn", "fall", "winter")),
    _p("quarter", r"(?<![\w-])(?:(?i:the)\s+)?(?:(?P<nth>(?i:first|second|third|fourth|final|last|latest|past|previous|latter|[1-4](?:st|nd|rd|th)))\s+(?P<unit>(?i:quarter|half))|(?P<q>Q)(?P<qn>[1-4]))(?:\s+(?i:of)\s+(?:(?P<rel>(?i:the|this|last|next))\s+(?i:year|fiscal\s+year)|(?:(?i:fiscal\s+))?(?P<year>" + YEAR + r"))|\s+(?P<year_b>" + YEAR + r"))?(?![\w-])", lambda m, c: _quarter(_quarter_groups(m), c),
       ("quarter", "half", "q1", "q2", "q3", "q4")),
    _p("holiday", r"(?<![\w-])(?P<name>Christmas(?:\s+(?:Day|Eve))?|Boxing\s+Day|New\s+Year['’]s(?:\s+(?:Day|Eve))|Halloween|Valentine['’]s\s+Day)(?:" + _COMMA + r"(?P<year>" + YEAR + r"))?(?![\w-])", _holiday, ("christmas", "boxing", "new year", "halloween", "valentine")),
    _pi("ago", r"(?<![\w-])" + QUANTITY + r"\s+" + UNIT + r"(?:\s+(?P<ago>ago)|\s+from\s+now|['’]s?\s+time(?=\W)|\s+hence|\s+back(?=\s*[.,;]))(?![\w-])", _ago, ("ago", "from now", "'s time", "' time", "’s time", "’ time", "hence", "back")),
    _pi("in_time", r"(?<![\w-])in\s+(?P<core>" + QUANTITY + r"\s+" + UNIT + r"['’]?\s+time)(?![\w-])", lambda m, c: _ago_core(m, c), ("time",)),
    _pi("shift", r"(?<![\w-])" + QUANTITY + r"\s+" + UNIT + r"\s+(?P<dir>later|earlier)(?!\s+than)(?![\w-])", _shift, ("later", "earlier")),
    _pi("duration", r"(?<![\w-])" + QUANTITY + r"\s*(?:-\s*|\s+)" + UNIT + r"(?![\w])", _duration),
    _pi("vague_duration", r"(?<![\w-])(?:for|over\s+the|within|in\s+the\s+(?:coming|next\s+few|past\s+few|last\s+few)|over\s+the\s+(?:past|last|next)\s+few)\s+(?P<core>(?:(?:coming|next\s+few|past\s+few|last\s+few)\s+)?" + r"(?P<unit>years|months|weeks|days|hours|decades|centuries))(?![\w-])|(?<![\w-])(?P<core2>decades|years|centuries)-long", lambda m, c: _vague_core(m, c)),
    _pi("set", r"(?<![\w-])(?:(?P<num>once|twice|\d+(?:[.,]\d+)?|" + _NUM_WORD + r")(?:\s*(?:%|percent|times|bn|billion|million))?\s+(?P<set>(?:a|an|per)\s+(?P<unit>year|month|week|day|hour|minute|decade))|(?P<set2>(?:every|each|per)\s+(?:(?P<num2>other|\d+|" + _NUM_WORD + r")\s+)?(?P<unit2>years?|months?|weeks?|days?|hours?|minutes?|decades?))|(?P<adverb>annually))(?![\w-])", lambda m, c: _set_groups(m, c)),
    _p("clock", r"(?<![\w:.,/-])(?:(?P<h>[01]?\d|2[0-3])(?:(?P<sep>:\s?|\.)(?P<m>[0-5]\d))?\s*(?:(?P<ampm>(?i:[ap]\.\s?m\.|[ap]m\b|[ap]\.m(?!\w)))|(?P<oclock>o['’]clock))?(?:\s*\(?\s*(?P<tz>" + ZONE + r")(?:\s*(?P<off>[+-]\d{1,2}(?::?\d{2})?))?\s*\)?|\s+(?P<local>(?i:local\s+time)))?|(?P<word>(?i:noon|midday|midnight)))(?![\w:]|\.\d)", _clock),
    _p("military", r"(?<![\w:.,/$£€-])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s*(?:(?P<hrs>(?i:hours|hrs|h)\b)|(?:\(?\s*(?P<tz>" + ZONE + r")(?:\s*(?P<off>[+-]\d{1,2}(?::?\d{2})?))?\s*\)?)|(?P<local>(?i:local\s+time)))", _military),
)


def _swap_months(match: re.Match[str]) -> _FakeMatch:
    """In "30 October - 2 November" the first month is written second: put them in order."""
    if match["month2"]:
        return _FakeMatch(match, {"month": match["month2"], "month2": match["month"]})
    return _FakeMatch(match, {})


def _quarter_groups(match: re.Match[str]) -> _FakeMatch:
    groups: dict[str, str] = {}
    if match["q"]:
        groups = {"nth": match["qn"], "unit": "quarter"}
    if match["year_b"] and not match["year"]:
        groups["year"] = match["year_b"]
    return _FakeMatch(match, groups)


def _ago_core(match: re.Match[str], ctx: Context) -> Hit | None:
    hit = _ago(match, ctx)
    return Hit(*match.span("core"), hit.type, hit.value, hit.anchored, priority=hit.priority) if hit else None


def _vague_core(match: re.Match[str], ctx: Context) -> Hit | None:
    if match["core2"]:
        return Hit(*match.span("core2"), "DURATION", duration(None, match["core2"]), priority=1)
    return _vague_duration(match, ctx)


def _set_groups(match: re.Match[str], ctx: Context) -> Hit | None:
    if match["set2"]:
        unit = match["unit2"]
        num = (match["num2"] or "").lower()
        if unit.endswith("s") and not num:
            return None  # "every years" is not English; "each days" neither
        n = 2.0 if num == "other" else (number_value(num) if num else 1.0)
        if n is None:
            return None
        return Hit(*match.span("set2"), "SET", duration(n, unit), priority=2)
    return _set(match, ctx)
