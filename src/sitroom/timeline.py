"""Events across documents, and dates for documents that give none.

Per document, the events stage reports event mentions (one per sentence) and the time
stage dated expressions. Here, across documents:

* each mention gets a date (a day, a month or an interval written in its sentence), its
  actors as entity ids, and a place (a place entity after "in"/"at" in its sentence);
* mentions are merged into events: the same kind of act, at least one actor in common,
  and no conflict of date or place. Mentions with a date found in their own sentence
  anchor events; an undated mention joins an event only when exactly one fits it;
* an undated document is dated after the events it reports as done and before those it
  reports as coming, from dated documents' reports of the same events.

Blocking is by event type and actor, never all pairs of mentions.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .gazetteer import same_place
from .types import DateInference, Event, EventMention, TimeExpr

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_INTERVAL = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})$")
_LOCATIVE = re.compile(r"\b(?:in|at|near|outside|inside)\s+(?:the\s+)?$", re.I)
PLACE_TYPES = {"GPE", "LOC", "FAC"}


@dataclass(frozen=True, slots=True)
class MentionInfo:
    """A stored entity mention, as the timeline needs it."""

    document: str
    start: int
    end: int
    text: str
    entity: str | None
    type: str | None  # the entity's type


@dataclass(frozen=True, slots=True)
class Placed:
    """An event mention with its date, actors and place resolved.

    ``weekday`` (0 = Monday) is kept when the sentence names only a weekday that could not
    be dated ("met on Friday" in an undated article): it still narrows which event it is.
    """

    mention: EventMention
    date: str | None
    actors: frozenset[str]
    location: str | None  # entity id
    weekday: int | None = None


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ACTOR_TYPES = {"PERSON", "ORG", "NORP", "GPE"}


def day_range(value: str | None) -> tuple[date, date] | None:
    """The days an ISO value covers: a day, a month or an interval of days."""
    if not value:
        return None
    try:
        if _DAY.match(value):
            d = date.fromisoformat(value)
            return d, d
        if _MONTH.match(value):
            first = date.fromisoformat(value + "-01")
            last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            return first, last
        interval = _INTERVAL.match(value)
        if interval:
            return date.fromisoformat(interval[1]), date.fromisoformat(interval[2])
    except ValueError:
        return None
    return None


def _compatible(a: str | None, b: str | None) -> bool:
    ra, rb = day_range(a), day_range(b)
    if ra is None or rb is None:
        return True
    return ra[0] <= rb[1] and rb[0] <= ra[1]


_DATELINE_TAIL = re.compile(r"^[\s,]*(?:\([A-Za-z .]+\)\s*)?[–—-]")


def _dateline(text: str, mention: MentionInfo) -> bool:
    """A wire dateline ("MOSCOW –", "PARIS (AFP) -") opening a paragraph: where the story
    was filed, not an actor or the place of the event."""
    if not mention.text.isupper():  # first: the line's start is a scan back through the text
        return False
    line_start = text.rfind("\n", 0, mention.start) + 1
    return not text[line_start:mention.start].strip() and bool(_DATELINE_TAIL.match(text[mention.end:mention.end + 20]))


def place(mentions: Sequence[EventMention], times: Mapping[str, Sequence[TimeExpr]],
          entity_mentions: Mapping[str, Sequence[MentionInfo]], texts: Mapping[str, str]) -> list[Placed]:
    """Resolve each event mention's date, actors and place from its own sentence."""
    placed = []
    for m in mentions:
        in_sentence = [t for t in times.get(m.document, ()) if m.start <= t.start < m.end and t.type == "DATE" and day_range(t.value)]
        # The expression nearest the trigger dates the event.
        in_sentence.sort(key=lambda t: abs(t.start - m.trigger_start))
        when = in_sentence[0].value if in_sentence else None
        weekday = None
        if when is None:
            undated = [t for t in times.get(m.document, ()) if m.start <= t.start < m.end and t.value is None]
            named = [d for t in undated for d, name in enumerate(_WEEKDAYS) if name in t.text.lower()]
            weekday = named[0] if len(set(named)) == 1 else None
        text = texts.get(m.document, "")
        ents = [e for e in entity_mentions.get(m.document, ())
                if m.start <= e.start < m.end and e.entity and not _dateline(text, e)]
        actors = set()
        for actor in (*m.source, *m.target):
            for e in ents:
                if e.type not in PLACE_TYPES or actor.strip() == e.text.strip():
                    if e.text in actor or actor in e.text:
                        actors.add(e.entity)
        people = {e.entity for e in ents if e.type in {"PERSON", "ORG"}}
        if not actors & people and people and (m.source or m.target):
            # The parse named no person or body (a dateline taken for the subject, say):
            # the people and bodies the sentence names are the actors.
            actors |= people
        where = None
        for e in ents:
            if e.type in PLACE_TYPES and _LOCATIVE.search(text[max(m.start, e.start - 12):e.start]) and e.entity not in actors:
                where = e.entity
                break
        placed.append(Placed(m, when, frozenset(a for a in actors if a != where), where, weekday))
    return placed


def _top(counter: Counter) -> object:
    """The most common key; ties broken by the key itself, so runs agree whatever the order."""
    return min(counter, key=lambda k: (-counter[k], str(k)))


def _event_id(members: Sequence[Placed]) -> str:
    first = min((p.mention.document, p.mention.start) for p in members)
    return hashlib.sha256(f"{first[0]}:{first[1]}".encode()).hexdigest()[:12]


def merge(placed: Sequence[Placed], names: Mapping[str, str]) -> tuple[list[Event], dict[tuple[str, int], str]]:
    """Merge event mentions into events; return them and (document, start) -> event id."""
    clusters: list[list[Placed]] = []
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)  # (kind, actor) -> cluster indexes

    def kind(p: Placed) -> str:
        return p.mention.action or p.mention.type

    def fits(cluster: list[Placed], p: Placed) -> bool:
        dates = [c.date for c in cluster if c.date]
        places = [c.location for c in cluster if c.location]
        if not all(_compatible(d, p.date) for d in dates):
            return False
        if p.weekday is not None and any(_DAY.match(d) and date.fromisoformat(d).weekday() != p.weekday for d in dates):
            return False
        return not p.location or all(same_place(names.get(x, x), names.get(p.location, p.location)) for x in places)

    def candidates(p: Placed) -> list[int]:
        found = {i for a in p.actors for i in by_key.get((kind(p), a), ())}
        # Same kind of act, same day, same place: one event even if the parses named
        # different actors.
        if p.date and _DAY.match(p.date) and p.location:
            found |= set(by_key.get((kind(p), f"@{p.date}"), ()))
        return sorted(i for i in found if fits(clusters[i], p))

    def add(i: int | None, p: Placed) -> None:
        if i is None:
            clusters.append([p])
            i = len(clusters) - 1
        else:
            clusters[i].append(p)
        keys = [*p.actors, *([f"@{p.date}"] if p.date and _DAY.match(p.date) and p.location else [])]
        for a in keys:
            if i not in by_key[(kind(p), a)]:
                by_key[(kind(p), a)].append(i)

    with_actors = [p for p in placed if p.actors]
    # Dated mentions anchor events; undated ones join only an unambiguous event, a dated
    # one first (on the weekday they name, when they name one).
    for p in sorted(with_actors, key=lambda p: (p.date is None, p.mention.document, p.mention.start)):
        fitting = candidates(p)
        dated = [i for i in fitting if any(c.date and _DAY.match(c.date) for c in clusters[i])]
        if p.date is not None:
            add(dated[0] if dated else (fitting[0] if fitting else None), p)
        elif len(dated) == 1:
            add(dated[0], p)
        else:
            add(fitting[0] if len(fitting) == 1 else None, p)
    events, of_mention = [], {}
    for members in clusters:
        eid = _event_id(members)
        dates = Counter(p.date for p in members if p.date)
        # The most precise of the most reported dates.
        when = max(dates, key=lambda d: (dates[d], len(d) if _DAY.match(d) or _INTERVAL.match(d) else 0)) if dates else None
        places = Counter(p.location for p in members if p.location)
        statuses = Counter(p.mention.status for p in members)
        status = "occurred" if statuses["occurred"] else _top(statuses)
        actors = Counter(a for p in members for a in p.actors)
        kinds = Counter(p.mention.action or p.mention.type for p in members)
        types = Counter(p.mention.type for p in members)
        triggers = Counter(p.mention.trigger.lower() for p in members)
        where = _top(places) if places else None
        actor_ids = tuple(sorted(actors, key=lambda a: (-actors[a], a)))
        summary = " – ".join(filter(None, [
            ", ".join(names.get(a, a) for a in actor_ids[:4]),
            f"{_top(kinds)} ({_top(triggers)})",
            f"in {names.get(where, where)}" if where else None,
            when,
        ]))
        events.append(Event(
            id=eid, type=_top(kinds) if kinds else _top(types), summary=summary,
            actors=actor_ids, location=names.get(where, where) if where else None, date=when, status=status,
            documents=tuple(sorted({p.mention.document for p in members})),
            evidence=tuple(sorted((p.mention.document, p.mention.start, p.mention.end) for p in members)),
            cameo=next((p.mention.cameo for p in members if p.mention.cameo), None),
        ))
        for p in members:
            of_mention[(p.mention.document, p.mention.start)] = eid
    events.sort(key=lambda e: (day_range(e.date)[0] if day_range(e.date) else date.max, -len(e.documents), e.id))
    return events, of_mention


def infer_dates(undated: Iterable[str], placed: Sequence[Placed], events: Sequence[Event],
                of_mention: Mapping[tuple[str, int], str], dated: set[str]) -> list[DateInference]:
    """Date each undated document from the events it shares with dated documents."""
    by_id = {e.id: e for e in events}
    # Only what dated documents say fixes an event's date.
    reported_date: dict[str, Counter[str]] = defaultdict(Counter)
    for p in placed:
        eid = of_mention.get((p.mention.document, p.mention.start))
        if eid and p.date and p.mention.document in dated and day_range(p.date):
            reported_date[eid][p.date] += 1
    of_document: dict[str, list[Placed]] = defaultdict(list)
    for p in placed:
        of_document[p.mention.document].append(p)
    result = []
    for doc in sorted(set(undated)):
        earliest: date | None = None
        latest: date | None = None
        evidence: list[str] = []
        for p in of_document.get(doc, ()):
            eid = of_mention.get((doc, p.mention.start))
            if not eid or not reported_date.get(eid):
                continue
            value = _top(reported_date[eid])
            span = day_range(value)
            if span is None:
                continue
            event = by_id[eid]
            if p.mention.status == "occurred" and (earliest is None or span[1] > earliest):
                earliest = span[1]
                evidence.append(f"after {value}: reports as done '{p.mention.trigger}' — {event.summary}")
            elif p.mention.status in {"planned", "predicted"} and (latest is None or span[0] < latest):
                latest = span[0]
                evidence.append(f"before {value}: reports as coming '{p.mention.trigger}' — {event.summary}")
        if earliest is None and latest is None:
            continue
        if earliest is not None and latest is not None and latest < earliest:
            latest = None  # contradictory: trust what it reports as done
        value = earliest or latest
        result.append(DateInference(
            doc, value.isoformat(), earliest.isoformat() if earliest else None,
            latest.isoformat() if latest else None, tuple(dict.fromkeys(evidence)),
        ))
    return result
