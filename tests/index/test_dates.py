"""Dates found in sentences: spans, precision, years never invented, status relative to today."""

from __future__ import annotations

from datetime import date

import pytest

from index.date_mention import DateMention
from index.dates import find_dates

TODAY = date(2026, 11, 25)


def only(text: str, **kwargs) -> DateMention:
    mentions = find_dates(text, **kwargs)
    assert len(mentions) == 1, mentions
    return mentions[0]


@pytest.mark.parametrize(
    ("text", "span", "precision", "year", "month", "day"),
    [
        ("have until December 31 to submit", "December 31", "day", None, 12, 31),
        ("no later than 31 December.", "31 December", "day", None, 12, 31),
        ("due Dec. 31, 2024 at noon", "Dec. 31, 2024", "day", 2024, 12, 31),
        ("due December 31, 2024.", "December 31, 2024", "day", 2024, 12, 31),
        ("on 31 December 2024.", "31 December 2024", "day", 2024, 12, 31),
        ("on the 3rd of March, 2025", "3rd of March, 2025", "day", 2025, 3, 3),
        ("on Sept. 5th, 2025", "Sept. 5th, 2025", "day", 2025, 9, 5),
        ("made in September 2024, marking", "September 2024", "month", 2024, 9, None),
        ("by December 2025.", "December 2025", "month", 2025, 12, None),
        ("the Chang’e-7 mission in 2026.", "2026", "year", 2026, None, None),
        ("a major space power by 2030 and", "2030", "year", 2030, None, None),
        ("built in the 2030s.", "the 2030s", "decade", 2030, None, None),
        ("launch in the mid-2020s", "the mid-2020s", "decade", 2020, None, None),
        ("since the 1990’s", "the 1990’s", "decade", 1990, None, None),
        ("released 2024-09-01 for", "2024-09-01", "day", 2024, 9, 1),
        ("by December, all", "December", "month", None, 12, None),
    ],
)
def test_finds_the_date_with_its_precision(text, span, precision, year, month, day):
    mention = only(text)
    assert mention.text == span
    assert text[mention.start : mention.end] == span
    assert (mention.precision, mention.year, mention.month, mention.day) == (precision, year, month, day)
    assert mention.year_inferred is False


@pytest.mark.parametrize(
    "text",
    [
        "the Chang’e-8 mission",
        "the Chang'e-7 lander",
        "the Artemis Accords with 29 countries",
        "Apollo 11 landed",
        "see page 2019 of the report",
        "see p. 2020",
        "it costs $2030",
        "2,030 people",
        "a ratio of 2030.5",
        "2030 satellites",
        "the year 1899 and the year 2200",
        "In September 29 countries signed",  # "September" is a date, but 29 is a count, not its day
        "they may 5 times try",
        "at 10:2030",
        "Model 2030 rover",
        "it flies on a Long March 5 rocket",  # a month after a capitalised word in mid-sentence is a name
    ],
)
def test_numbers_that_are_not_dates_are_not_dates(text):
    found = [(m.text, m.day) for m in find_dates(text)]
    assert all(day is None for _, day in found), found
    assert all(not any(ch.isdigit() for ch in span) for span, _ in found), found


def test_a_name_opening_a_sentence_is_a_name_when_the_text_uses_it_inside_one():
    text = "Long March 10 and Long March 10A compared. Payload fairing; Long March 10: 5.2 m"
    assert find_dates(text) == []


def test_a_month_opening_a_sentence_stays_a_date_when_no_name_holds_it():
    assert [m.text for m in find_dates("On March 10 the call opens. It flies on Long March 5.")] == ["March 10"]
    assert [m.text for m in find_dates("Friday March 5 is the day; see you Friday March 5.")] == ["March 5"] * 2


def test_a_month_after_a_time_word_is_a_date_even_when_a_count_follows():
    mention = only("In September 29 countries signed")
    assert (mention.text, mention.precision, mention.month, mention.day) == ("September", "month", 9, None)


@pytest.mark.parametrize("text", ["On March 5 it launched.", "Published Friday March 5.", "due on March 5"])
def test_a_month_after_a_sentence_start_or_a_weekday_is_a_date(text):
    assert only(text).text == "March 5"


def test_every_date_of_a_sentence_in_order():
    text = "By 2030 China aims to be a space power, and the ILRS follows in the 2030s; 2024–2025 was busy."
    assert [m.text for m in find_dates(text)] == ["2030", "the 2030s", "2024", "2025"]


def test_the_longest_reading_wins():
    mentions = find_dates("due December 31, 2024")
    assert [m.text for m in mentions] == ["December 31, 2024"]


def test_an_impossible_day_is_not_a_day():
    assert all(m.precision != "day" for m in find_dates("on February 30, 2024 and 2024-02-30"))
    assert [m.text for m in find_dates("on February 29")] == ["February 29"]  # exists in leap years


def test_the_missing_year_stays_missing():
    mention = only("until December 31 to submit")
    assert mention.span() is None
    assert mention.status(TODAY) == "unknown"
    assert mention.describe(TODAY) == "December 31 — the source does not state the year"


def test_the_missing_year_comes_from_the_publication_date_when_given():
    mention = only("until December 31 to submit", published=date(2023, 10, 5))
    assert (mention.year, mention.year_inferred) == (2023, True)
    assert mention.span() == (date(2023, 12, 31), date(2023, 12, 31))
    assert "publication date" in mention.describe(TODAY)
    assert mention.describe(TODAY).endswith("is in the past")


def test_a_stated_year_is_not_replaced_by_the_publication_date():
    mention = only("in September 2024", published=date(2023, 1, 1))
    assert (mention.year, mention.year_inferred) == (2024, False)


def test_text_without_dates():
    assert find_dates("") == []
    assert find_dates("China has secured participation from Russia and Venezuela.") == []


def test_a_name_opening_a_quote_is_told_by_the_passage_it_was_quoted_from():
    passage = "The crew flies on Long March 10 from Wenchang. Long March 10 is the crewed version."
    assert [m.text for m in find_dates("Long March 10 is the crewed version.")] == ["March 10"]
    assert find_dates("Long March 10 is the crewed version.", context=passage) == []
    assert [m.text for m in find_dates("March 10 is the launch day.", context=passage)] == ["March 10"]


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("open from 10 September – 25 October 2027", [2027, 2027]),
        ("from 3 May to 5 June 2028", [2028, 2028]),
        ("between 20 December and 10 January 2028", [2027, 2028]),
        ("on 10 September, and on 25 October 2027", [2026, 2027]),  # two dates, not a range: the document's year
    ],
)
def test_the_start_of_a_range_takes_the_year_of_its_end(text, years):
    mentions = find_dates(text, published=date(2026, 5, 1))
    assert [m.year for m in mentions] == years
