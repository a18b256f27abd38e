"""Deadline records from the real article: every dated statement, its precision, kind, what and quote."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from index.chunking import METADATA_SECTION
from index.date_mention import MonthDate
from index.deadlines.extraction import extract_records, published_date
from index.deadlines.queries import undated
from tests.index.deadlines.article import ARTICLE, ARTICLE_PATH, article_chunks, make_chunk


def test_every_dated_statement_of_the_article_with_its_precision(records):
    found = [(r.date.text, r.date.precision, r.date.year, r.date.month, r.date.day) for r in records]
    assert found == [
        ("2030", "year", 2030, None, None),
        ("the 2030s", "decade", 2030, None, None),
        ("2026", "year", 2026, None, None),
        ("December 2025", "month", 2025, 12, None),
        ("December 31", "day", None, 12, 31),
        ("September 2024", "month", 2024, 9, None),
    ]


def test_what_each_date_is_for_and_whether_it_is_a_deadline(records):
    assert [(r.date.text, r.kind, r.what) for r in records] == [
        ("2030", "milestone", "China’s ambition to become a major space power"),
        (
            "the 2030s",
            "milestone",
            "construction of the Beijing-led International Lunar Research Station (ILRS)",
        ),
        ("2026", "milestone", "Chang’e-7 mission"),
        (
            "December 2025",
            "milestone",
            "NASA’s Artemis program to put U.S. astronauts back on the lunar surface",
        ),
        (
            "December 31",
            "deadline",
            "submit a letter of intent to the China National Space Administration (CNSA)",
        ),
        ("September 2024", "milestone", "final selection of proposals"),
    ]


def test_each_record_cites_the_verbatim_sentence(records):
    article = ARTICLE.read_text(encoding="utf-8")
    chunks = {c.id: c for c in article_chunks()}
    for record in records:
        assert record.quote in article
        assert record.quote in chunks[record.chunk_id].sentences
        assert record.quote[record.date.start : record.date.end] == record.date.text
        assert (record.source, record.title) == (ARTICLE_PATH, chunks[record.chunk_id].title)
    deadline = next(r for r in records if r.kind == "deadline")
    assert deadline.quote.startswith("As the deadlines for these lunar missions approach")
    assert deadline.section == "Paragraph 6"
    citation = deadline.citation(1)
    assert (citation.number, citation.quote, citation.chunk_id) == (1, deadline.quote, deadline.chunk_id)


def test_the_year_the_article_omits_stays_unknown(records):
    (undated_record,) = undated(records)
    assert undated_record.date.text == "December 31"
    assert undated_record.date.year is None
    assert undated_record.status(date(2026, 11, 25)) == "unknown"


def test_the_missing_year_comes_from_the_publication_date_only_when_given():
    records = extract_records(article_chunks(), {ARTICLE_PATH: "2023-10-05"})
    december = next(r for r in records if r.date.text == "December 31")
    assert (december.date.year, december.date.year_inferred) == (2023, True)
    assert undated(records) == []
    assert all(not r.date.year_inferred for r in records if r is not december)


def test_ids_are_stable_unique_and_a_repeated_sentence_gives_one_record():
    sentence = "The final selection of proposals will be made in September 2024."
    first = extract_records([make_chunk(sentence, chunk_id="a")])
    overlapping = extract_records([make_chunk(sentence, chunk_id="a"), make_chunk(sentence, chunk_id="b")])
    assert [r.id for r in first] == [r.id for r in overlapping]
    other_document = extract_records([make_chunk(sentence, doc_path="other.md")])
    assert other_document[0].id != first[0].id


def test_the_metadata_chunk_is_not_a_statement_of_the_source():
    chunk = make_chunk("“Notes” was published on 2023-10-05.", section=METADATA_SECTION)
    assert extract_records([chunk]) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-10-05", date(2023, 10, 5)),
        ("2023-10-05T08:30:00Z", date(2023, 10, 5)),
        (date(2023, 10, 5), date(2023, 10, 5)),
        (datetime(2023, 10, 5, 8, 30), date(2023, 10, 5)),
        ("October 2023", None),
        ("2026-09", date(2026, 9, 15)),  # a month: its middle day
        ("2026-13", None),
        ("", None),
        (None, None),
    ],
)
def test_published_date(value, expected):
    assert published_date(value) == expected


def test_a_month_dated_document_keeps_its_precision():
    month = published_date("2026-09")
    assert isinstance(month, MonthDate) and month.isoformat() == "2026-09" and str(month) == "2026-09"
    assert date(2026, 9, 1) < month < date(2026, 9, 30)
    assert (month - date(2026, 8, 31)).days == 15
