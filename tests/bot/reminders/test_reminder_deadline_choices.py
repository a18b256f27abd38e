"""Extracted deadlines of the real article offered as reminders (autocomplete of /remind add)."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.features.reminders.deadline_choices import deadline_choices, find_choice
from index.chunking import chunk_document
from index.deadlines.extraction import extract_records
from index.loaders import load_document

ARTICLE = Path(__file__).resolve().parents[3] / "docs" / "proposal-article.md"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def records():
    return extract_records(chunk_document(load_document(ARTICLE, "proposal-article.md")))


def test_the_letter_of_intent_deadline_is_offered_at_its_next_occurrence(records):
    [choice] = deadline_choices(records, NOW)
    assert choice.day == date(2026, 12, 31)
    assert choice.kind == "deadline"
    assert "year not stated" in choice.label and "December 31" in choice.label
    assert "letter of intent" in choice.source.quote
    assert choice.source.quote in " ".join(
        c.text for c in chunk_document(load_document(ARTICLE, "proposal-article.md"))
    )
    assert find_choice(records, NOW, choice.record_id) == choice


def test_past_months_and_year_only_dates_are_not_offered(records):
    labels = " ".join(choice.label for choice in deadline_choices(records, NOW))
    assert "September 2024" not in labels and "December 2025" not in labels and "2030" not in labels


def test_the_query_filters_and_the_next_year_is_used_after_the_day_passed(records):
    assert deadline_choices(records, NOW, "letter") == deadline_choices(records, NOW)
    assert deadline_choices(records, NOW, "no such words") == []
    [choice] = deadline_choices(records, datetime(2027, 1, 2, tzinfo=UTC))
    assert choice.day == date(2027, 12, 31)
