"""Timeline helpers: date ranges, datelines, merging and date inference on hand-made records."""

from __future__ import annotations

import pytest

from sitroom.timeline import MentionInfo, Placed, _dateline, day_range, infer_dates, merge
from sitroom.types import EventMention


def _at(text: str, word: str, nth: int = 0) -> MentionInfo:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return MentionInfo("d", start, start + len(word), word, "e", "GPE")


def test_datelines_are_not_actors():
    text = "MOSCOW – On Friday the leaders met.\nPARIS (AFP) - Talks ended.\nThey met in MOSCOW – briefly."
    assert _dateline(text, _at(text, "MOSCOW"))
    assert _dateline(text, _at(text, "PARIS"))
    assert not _dateline(text, _at(text, "MOSCOW", 1))


@pytest.mark.parametrize("value, days", [("2024-10-11", 1), ("2024-10", 31), ("2024-10-22/2024-10-24", 3), ("2024-SU", None)])
def test_day_range(value, days):
    span = day_range(value)
    assert (span[1] - span[0]).days + 1 == days if days else span is None


def _event(doc: str, start: int, status: str = "occurred") -> EventMention:
    return EventMention(doc, start, start + 30, "met", start, start + 3, "CONSULT", status)


def test_merge_by_actors_and_date_then_infer_an_undated_report():
    names = {"a": "Alice Ames", "b": "Bob Berg", "x": "Geneva"}
    placed = [
        Placed(_event("dated", 0), "2024-03-01", frozenset({"a", "b"}), "x"),
        Placed(_event("other", 0), "2024-03-01", frozenset({"a"}), None),
        Placed(_event("undated", 0), None, frozenset({"a", "b"}), None, weekday=4),  # "on Friday"
        Placed(_event("dated", 100, "planned"), "2024-05-01", frozenset({"a", "b"}), "x"),
    ]
    events, of_mention = merge(placed, names)
    meeting = of_mention[("dated", 0)]
    assert of_mention[("other", 0)] == meeting
    assert of_mention[("undated", 0)] == meeting, "2024-03-01 is a Friday: the only dated fit"
    assert of_mention[("dated", 100)] != meeting, "another date is another event"
    (inferred,) = infer_dates({"undated"}, placed, events, of_mention, dated={"dated", "other"})
    assert inferred.value == "2024-03-01" and inferred.earliest == "2024-03-01" and inferred.evidence


def test_weekday_that_does_not_fit_keeps_mentions_apart():
    names = {"a": "Alice Ames"}
    placed = [
        Placed(_event("dated", 0), "2024-03-01", frozenset({"a"}), None),
        Placed(_event("undated", 0), None, frozenset({"a"}), None, weekday=0),  # "on Monday"
    ]
    _, of_mention = merge(placed, names)
    assert of_mention[("dated", 0)] != of_mention[("undated", 0)]
