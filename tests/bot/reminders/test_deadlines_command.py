"""/deadlines on the real article's extracted dates."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.commands.registry import DECLARATIONS
from bot.features.deadlines.commands import DEADLINES, render_deadlines, show_deadlines
from bot.rendering.cards import EMBED_TOTAL_LIMIT
from bot.rendering.output import card_to_text
from bot.rendering.styles import DISCORD_STYLE, PLAIN_STYLE
from index.chunking import chunk_document
from index.deadlines.extraction import extract_records
from index.loaders import load_document
from tests.bot.discord_markdown import shown_text

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
    shown = shown_text(card.description)
    assert shown.startswith("Next deadline: Applications (deadline): March 15, 2027 is upcoming")
    assert "(https://example.org)" in card.fields[0].value
    # An exact day becomes a Discord timestamp, shown in each reader's own language and time zone.
    stamp = int(datetime(2027, 3, 15, 12, tzinfo=UTC).timestamp())
    assert f"<t:{stamp}:D> (<t:{stamp}:R>)" in card.fields[0].value
    assert "Monday 15 March 2027" in render_deadlines(records, NOW, PLAIN_STYLE).fields[0].value


def test_no_dates_is_said_plainly():
    assert render_deadlines([], NOW, PLAIN_STYLE).description == "The indexed sources state no dates."


def test_the_command_is_declared_for_both_front_ends():
    assert DEADLINES in DECLARATIONS and DEADLINES.run is show_deadlines
    assert DEADLINES.front_ends == {"discord", "console"}


async def test_the_reply_carries_a_timeline_picture_drawn_off_the_loop(records):
    from types import SimpleNamespace

    from bot.commands.spec import Caller, Context
    from bot.discord.responders import message_kwargs

    sent = []

    class Recorder:
        style = DISCORD_STYLE

        async def acknowledge(self, *, private):
            sent.append("ack")

        async def send(self, reply):
            sent.append(reply)

    knowledge = SimpleNamespace(current=SimpleNamespace(deadlines=records))
    services = SimpleNamespace(knowledge=knowledge, now=lambda: NOW)
    reply = await show_deadlines(Context(services, Caller("test"), Recorder(), front_end=None))
    assert sent[0] == "ack"
    assert reply.file.filename == "timeline.png" and reply.file.data.startswith(b"\x89PNG\r\n\x1a\n")
    kwargs = message_kwargs(reply)
    assert kwargs["file"].filename == "timeline.png"
    assert kwargs["embed"].image.url == "attachment://timeline.png"
