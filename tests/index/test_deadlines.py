"""Deadline records from the real article: every dated statement, its precision, kind, what and quote."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import frontmatter
import pytest

from index.chunking import METADATA_SECTION
from index.dates import find_dates
from index.deadlines import (
    DeadlineRecord,
    classify,
    describe_what,
    extract_records,
    next_deadline,
    past,
    published_date,
    read_records,
    undated,
    upcoming,
    write_records,
)
from index.schema import Chunk
from index.sentences import split_sentences

ARTICLE = Path(__file__).resolve().parents[2] / "docs" / "proposal-article.md"
ARTICLE_PATH = "proposal-article.md"


def article_chunks() -> list[Chunk]:
    """One chunk per paragraph of the article, its sentences split by pysbd, as the index would hold them."""
    post = frontmatter.loads(ARTICLE.read_text(encoding="utf-8"))
    paragraphs = [p.strip() for p in post.content.split("\n\n") if p.strip()]
    return [
        Chunk(
            id=f"chunk-{number}",
            doc_path=ARTICLE_PATH,
            title=str(post.metadata["title"]),
            section=f"Paragraph {number}",
            position=number - 1,
            text=paragraph,
            sentences=tuple(split_sentences(paragraph)),
        )
        for number, paragraph in enumerate(paragraphs, start=1)
    ]


def make_chunk(text: str, *, doc_path: str = "notes.md", section: str = "Notes", chunk_id: str = "c1") -> Chunk:
    return Chunk(
        id=chunk_id,
        doc_path=doc_path,
        title="Notes",
        section=section,
        position=0,
        text=text,
        sentences=tuple(split_sentences(text)),
    )


@pytest.fixture(scope="module")
def records() -> list[DeadlineRecord]:
    return extract_records(article_chunks())


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


def test_json_round_trip(records, tmp_path):
    for record in records:
        assert DeadlineRecord.from_json(json.loads(json.dumps(record.to_json()))) == record
    path = tmp_path / "deadlines.json"
    write_records(path, records)
    assert read_records(path) == records


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "unreadable"),
        ('{"version": 99, "records": []}', "not a version 1"),
        ('{"version": 1, "records": {}}', "not a list"),
        ('{"version": 1, "records": [{"id": "x"}]}', "malformed deadline record"),
    ],
)
def test_an_unusable_file_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "deadlines.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_records(path)


def test_a_record_with_an_unknown_kind_is_rejected(records):
    data = records[0].to_json() | {"kind": "rumour"}
    with pytest.raises(ValueError, match="unknown kind"):
        DeadlineRecord.from_json(data)


def first_mention(sentence: str):
    mentions = find_dates(sentence)
    return sentence, mentions[0], mentions[1:]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Letters of intent must be sent no later than 31 March 2025.", "deadline"),
        ("The deadline is June 30, 2025.", "deadline"),
        ("Papers are due on 1 May 2025.", "deadline"),
        ("Registration closes in October 2025.", "deadline"),
        ("Teams have until 2027 to apply.", "deadline"),
        ("The station will operate until 2040.", "milestone"),
        ("China aims to land astronauts on the moon by 2030.", "milestone"),
        ("The results will be announced in March 2025.", "milestone"),
        ("Chang’e-6 returned samples in 2024.", "milestone"),
    ],
)
def test_classify(sentence, kind):
    assert classify(*first_mention(sentence)) == kind


def test_each_date_of_a_sentence_is_classified_by_its_own_clause():
    sentence = "Letters must be submitted by 1 March 2025, and the results will be announced in June 2025."
    deadline, announcement = find_dates(sentence)
    assert classify(sentence, deadline, [announcement]) == "deadline"
    assert classify(sentence, announcement, [deadline]) == "milestone"
    assert describe_what(sentence, announcement, [deadline]) == "results"


@pytest.mark.parametrize(
    ("sentence", "what"),
    [
        (
            "Teams have until 1 June 2025 to register their payloads with the agency.",
            "register their payloads with the agency",
        ),
        ("The ILRS basic model is expected to be completed by 2035.", "ILRS basic model"),
        ("The station will operate until 2040.", "station"),
        ("China plans to launch Chang’e-6 in 2024.", "launch Chang’e-6"),
        ("Agencies signed the charter of the lunar station in April 2021.", "charter of the lunar station"),
        (
            "In 2019, Chang’e-4 landed on the far side of the moon.",
            "Chang’e-4 landed on the far side of the moon",
        ),
        ("Results will be announced in early 2025.", "Results"),
    ],
)
def test_describe_what(sentence, what):
    assert describe_what(*first_mention(sentence)) == what


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-10-05", date(2023, 10, 5)),
        ("2023-10-05T08:30:00Z", date(2023, 10, 5)),
        (date(2023, 10, 5), date(2023, 10, 5)),
        (datetime(2023, 10, 5, 8, 30), date(2023, 10, 5)),
        ("October 2023", None),
        ("", None),
        (None, None),
    ],
)
def test_published_date(value, expected):
    assert published_date(value) == expected
