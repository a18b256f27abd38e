"""A document's date: from its file name (full dates and year-months, with their precision) and from front matter."""

import pytest

from index.loaders import load_document
from index.loaders.published import file_name_date, iso_date


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("press-release-2026-07-16-entry-into-force.txt", "2026-07-16"),
        ("email-sample-office-2026-11-20.txt", "2026-11-20"),
        ("briefing-2026-09.pdf", "2026-09"),  # a year-month keeps its precision: that month, no invented day
        ("notice-2026-11-revised-deadlines.txt", "2026-11"),
        ("minutes_2026_03_04.md", "2026-03-04"),
        ("report.2026.10.html", "2026-10"),
        ("2026-05-06 notes.txt", "2026-05-06"),
        ("archive/2019/briefing-2026-09.pdf", "2026-09"),  # the file's own name, not its folders
        ("notice-2026-11-on-2026-11-revised.txt", "2026-11"),  # the same date twice
    ],
)
def test_a_file_name_gives_a_date(name, expected):
    assert file_name_date(name) == expected


@pytest.mark.parametrize(
    "name",
    [
        "summer-school-2027.html",  # a bare year is as often what the document is about
        "conference-2026-programme.pdf",
        "relay-bulletin-2026-q3.txt",  # a quarter, not a month
        "guide-for-applicants-round-3.pdf",
        "ce8-ao-01.txt",
        "briefing-2026-13.pdf",  # no thirteenth month
        "notice-2026-02-30.txt",  # no 30 February
        "notice-2026-00.txt",
        "report-0999-05.txt",  # out of the years dates are read in
        "spec-v2026-09.pdf",  # a version: a letter touches the number
        "release-2026.10.1.txt",  # a version: another number follows
        "windows-2026-09-2027.txt",  # a range or an identifier, not a month
        "log-2026-09_03.txt",  # separators that do not agree
        "id-20260716.txt",  # a bare number may be an identifier
        "minutes-2026-09-and-2026-10.txt",  # two dates that differ: no guess between them
        "archive/2026-09/briefing.pdf",
    ],
)
def test_what_is_not_a_date_in_a_file_name(name):
    assert file_name_date(name) is None


def test_the_file_name_dates_a_text_that_states_no_date(write):
    path = write("notice-2026-11-revised-figures.txt", "REVISED FIGURES\n\nThe rover drives 12 km a day.\n")
    assert load_document(path, path.name).published == "2026-11"


def test_a_date_the_text_states_comes_before_the_file_name(write):
    path = write("notice-2026-11-call-extension.txt", "CALL EXTENSION\n\nPublished on 15 September 2026\n\nText.\n")
    assert load_document(path, path.name).published == "2026-09-15"


def test_front_matter_comes_before_the_file_name(write):
    path = write("news-2026-06-call.md", "---\npublished: 2026-06-15\n---\n# Call\n\nThe call opens.\n")
    assert load_document(path, path.name).published == "2026-06-15"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2026-09", "2026-09"), ("September 2026", "2026-09"), ("3 May 2026", "2026-05-03"), ("2026-09-04", "2026-09-04")],
)
def test_front_matter_may_date_a_document_to_its_month(value, expected):
    assert iso_date(value) == expected


@pytest.mark.parametrize("value", ["2026-13", "0999-09", "sometime in 2026", "2026"])
def test_what_front_matter_does_not_date(value):
    with pytest.raises(ValueError, match="is not a date"):
        iso_date(value)


def test_a_month_in_front_matter_dates_the_document_and_its_chunks(write):
    path = write("news.md", "---\npublished: 2026-09\n---\n# Call\n\nThe call opens.\n")
    assert load_document(path, path.name).published == "2026-09"
