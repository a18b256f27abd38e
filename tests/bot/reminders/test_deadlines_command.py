"""/deadlines on the real article's extracted dates."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.command_layer import COMMAND_MODULES, COMMANDS, load_command_modules
from bot.reminders.deadlines_command import handle_deadlines, render_deadlines
from bot.rendering import DISCORD_STYLE, EMBED_TOTAL_LIMIT, PLAIN_STYLE, card_to_text
from index.chunking import chunk_document
from index.deadlines import extract_records
from index.documents import load_document

ARTICLE = Path(__file__).resolve().parents[3] / "docs" / "proposal-article.md"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def records():
    return extract_records(chunk_document(load_document(ARTICLE, "proposal-article.md")))


def test_upcoming_undated_and_past_dates_each_in_their_section_with_quotes(records):
    card = render_deadlines(records, NOW, PLAIN_STYLE)
    sections = {field.name: field.value for field in card.fields}
    assert list(sections) == ["Upcoming", "Year not stated in the source", "Recently past"]
    assert "2026 is this year" in sections["Upcoming"] and "the 2030s are upcoming" in sections["Upcoming"]
    assert "December 31 — the source does not state the year" in sections["Year not stated in the source"]
    assert "letter of intent" in sections["Year not stated in the source"]
    assert "September 2024 is in the past" in sections["Recently past"]
    assert "No upcoming deadline with a stated year" in card.description
    assert card.total_length() <= EMBED_TOTAL_LIMIT
    assert "As of 2026-11-25 UTC" in card_to_text(card)


def test_a_stated_upcoming_deadline_is_named_first():
    from index.schema import Chunk

    text = "Applications must be submitted by March 15, 2027."
    records = extract_records([Chunk("c", "calls.md", "Calls", "Body", 0, text, (text,), url="https://example.org")])
    card = render_deadlines(records, NOW, DISCORD_STYLE)
    assert card.description.startswith("Next deadline: Applications (deadline): March 15, 2027 is upcoming")
    assert "(https://example.org)" in card.fields[0].value


def test_no_dates_is_said_plainly():
    assert render_deadlines([], NOW, PLAIN_STYLE).description == "The indexed sources state no dates."


async def test_the_command_is_registered_for_the_console_and_help():
    assert "bot.reminders.deadlines_command" in COMMAND_MODULES
    load_command_modules()
    assert COMMANDS["deadlines"].run is handle_deadlines
