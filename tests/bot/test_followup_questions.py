"""Follow-up questions through the front ends: read per channel and user, shown with how they were read."""

from __future__ import annotations

import io

import pytest

from bot.commands.caller import Caller
from bot.commands.spec import Context
from bot.console.app import run_console
from bot.console.responder import ConsoleResponder
from bot.features.ask.commands import answer
from bot.settings import Settings


def context(services, *, user_id: int | None, channel_id: int | None) -> Context:
    caller = Caller("slash", user_id=user_id, guild_id=1 if user_id else None, channel_id=channel_id)
    return Context(services, caller, ConsoleResponder(io.StringIO()), "console")


async def test_a_follow_up_is_asked_with_the_subject_of_the_same_users_last_question(services, fake_kb):
    ann_here = context(services, user_id=10, channel_id=100)
    await answer(ann_here, "When is the letter of intent due?")
    reply = await answer(ann_here, "who do I send it to?")
    assert fake_kb.asked[-1][0] == "who do I send the letter of intent to?"
    assert reply.card.description.startswith("Reading 'it' as the letter of intent: ")

    await answer(context(services, user_id=11, channel_id=100), "who do I send it to?")  # another user
    await answer(context(services, user_id=10, channel_id=200), "who do I send it to?")  # another channel
    assert [q for q, _ in fake_kb.asked[-2:]] == ["who do I send it to?", "who do I send it to?"]


async def test_a_fresh_question_is_asked_as_typed_and_shows_no_reading(services, fake_kb):
    ctx = context(services, user_id=10, channel_id=100)
    await answer(ctx, "When is the letter of intent due?")
    reply = await answer(ctx, "How many countries signed the Artemis Accords?")
    assert fake_kb.asked[-1][0] == "How many countries signed the Artemis Accords?"
    assert not reply.card.description.startswith("Reading")


@pytest.mark.usefixtures("index_dir")
def test_piped_console_answers_who_to_send_the_letter_of_intent_to(index_dir, embedder, tmp_path):
    settings = Settings(_env_file=None, index_dir=index_dir, database_path=tmp_path / "bot.sqlite3")
    out = io.StringIO()
    piped = io.StringIO("/ask When is the letter of intent due?\nwho do I send it to?\n")
    assert run_console(settings, stdin=piped, out=out, embedder=embedder) == 0
    follow_up = out.getvalue().split("who do I send", 1)[1]
    assert "Reading 'it' as the letter of intent" in follow_up
    assert "China National Space Administration" in follow_up


@pytest.mark.usefixtures("index_dir")
def test_piped_console_answers_an_off_topic_question_plainly_after_another(index_dir, embedder, tmp_path):
    settings = Settings(_env_file=None, index_dir=index_dir, database_path=tmp_path / "bot.sqlite3")
    out = io.StringIO()
    piped = io.StringIO(
        "/ask When is the letter of intent due?\nWhat is the capital of France?\nwho do I send it to?\n"
    )
    assert run_console(settings, stdin=piped, out=out, embedder=embedder) == 0
    off_topic, follow_up = out.getvalue().split("What is the capital of France?", 1)[1].split("who do I send", 1)
    assert "The indexed documents don't cover this." in off_topic and "Reading" not in off_topic
    assert "Reading 'it' as the letter of intent" in follow_up
    assert "China National Space Administration" in follow_up
