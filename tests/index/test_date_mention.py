"""A date found in a text: the days it covers, and where it stands relative to today."""

from __future__ import annotations

from datetime import date

import pytest

from index.date_mention import DateMention

TODAY = date(2026, 11, 25)


def mention(text: str, precision, year, month=None, day=None, **kwargs) -> DateMention:
    return DateMention(text, 0, len(text), precision, year, month, day, **kwargs)


@pytest.mark.parametrize(
    ("found", "first", "last"),
    [
        (mention("2026", "year", 2026), date(2026, 1, 1), date(2026, 12, 31)),
        (mention("September 2024", "month", 2024, 9), date(2024, 9, 1), date(2024, 9, 30)),
        (mention("February 2024", "month", 2024, 2), date(2024, 2, 1), date(2024, 2, 29)),
        (mention("the 2030s", "decade", 2030), date(2030, 1, 1), date(2039, 12, 31)),
        (mention("December 31, 2024", "day", 2024, 12, 31), date(2024, 12, 31), date(2024, 12, 31)),
    ],
)
def test_span_covers_the_precision(found, first, last):
    assert found.span() == (first, last)


@pytest.mark.parametrize(
    ("found", "status", "description"),
    [
        (mention("September 2024", "month", 2024, 9), "past", "September 2024 is in the past"),
        (mention("December 2025", "month", 2025, 12), "past", "December 2025 is in the past"),
        (mention("2030", "year", 2030), "upcoming", "2030 is upcoming"),
        (mention("the 2030s", "decade", 2030), "upcoming", "the 2030s are upcoming"),
        (mention("2030s", "decade", 2030), "upcoming", "the 2030s are upcoming"),
        (mention("2026", "year", 2026), "current", "2026 is this year"),
        (mention("November 2026", "month", 2026, 11), "current", "November 2026 is this month"),
        (mention("Nov 25 2026", "day", 2026, 11, 25), "current", "November 25, 2026 is today"),
        (mention("26 November 2026", "day", 2026, 11, 26), "upcoming", "November 26, 2026 is upcoming"),
        (mention("the 2020s", "decade", 2020), "current", "the 2020s are this decade"),
    ],
)
def test_status_and_description_relative_to_today(found, status, description):
    assert found.status(TODAY) == status
    assert found.describe(TODAY) == description


def test_a_missing_year_is_never_invented_and_an_inferred_one_is_said():
    assert mention("December 31", "day", None, 12, 31).describe(TODAY) == (
        "December 31 — the source does not state the year"
    )
    assumed = mention("December 31", "day", 2023, 12, 31, year_inferred=True)
    assert assumed.describe(TODAY) == (
        "December 31, 2023 (year assumed from the document's publication date) is in the past"
    )
