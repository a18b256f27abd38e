"""Upcoming, past and next deadlines relative to a day."""

from __future__ import annotations

from datetime import date, datetime

from index.deadlines.extraction import extract_records
from index.deadlines.queries import next_deadline, past, upcoming
from tests.index.deadlines.article import make_chunk


def test_upcoming_and_past_relative_to_now(records, now):
    assert [r.date.text for r in upcoming(records, now)] == ["2026", "2030", "the 2030s"]
    assert [r.date.text for r in past(records, now)] == ["September 2024", "December 2025"]
    # The article's only deadline has no year, so there is no next deadline with a date to give.
    assert next_deadline(records, now) is None
    assert [r.date.text for r in past(records, datetime(2031, 1, 1))][-1] == "2030"


def test_next_deadline_is_the_soonest_open_one():
    chunk = make_chunk(
        "Proposals must be submitted by 15 March 2027. "
        "Letters of intent are due on December 31, 2026. "
        "Applications closed on June 1, 2026. "
        "The review will take place in 2026."
    )
    records = extract_records([chunk])
    assert [r.kind for r in records] == ["deadline", "deadline", "deadline", "milestone"]
    assert next_deadline(records, date(2026, 11, 25)).date.text == "December 31, 2026"
    assert next_deadline(records, date(2027, 1, 1)).date.text == "15 March 2027"
    assert next_deadline(records, date(2027, 3, 16)) is None
