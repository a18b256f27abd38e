"""/ask as Discord registers it, mentions and replies, with Discord objects autospecced from discord.py."""

from __future__ import annotations

import logging
import re
from unittest.mock import create_autospec

import aiohttp
import discord
import pytest

from bot.discord.mentions import answer_mention
from bot.features.ask.commands import FAILURE_MESSAGE
from index.errors import IndexMissingError, QuestionError
from index.schema import Answer
from tests.bot.conftest import (
    BOT_ID,
    USER_ID,
    bot_user,
    logged_rows,
    make_channel,
    make_interaction,
    make_member,
    make_message,
    run_slash,
    sent_kwargs,
)


@pytest.fixture
def cog(discord_bot):
    return discord_bot


async def ask(client, interaction, question, **options):
    await run_slash(client, "ask", interaction, question=question, **options)


def assert_no_pings(kwargs: dict) -> None:
    mentions = kwargs["allowed_mentions"]
    assert isinstance(mentions, discord.AllowedMentions)
    assert mentions.to_dict() == discord.AllowedMentions.none().to_dict()


def feedback_ids(view: discord.ui.View) -> list[str]:
    return [item.custom_id for item in view.children]


async def test_public_answer_is_deferred_then_sent_as_an_embed_with_feedback_buttons(cog, fake_kb, bot_database):
    interaction = make_interaction()
    await ask(cog, interaction, "  When is the   deadline? ")
    interaction.response.defer.assert_awaited_once_with(ephemeral=False, thinking=True)
    kwargs = sent_kwargs(interaction.followup.send)
    assert kwargs["ephemeral"] is False
    assert_no_pings(kwargs)
    embed = kwargs["embed"]
    assert embed.title == "When is the deadline?"
    assert "December 31 \\[1\\]" in embed.description
    assert embed.fields[0].name.startswith("[1] ")
    assert embed.footer.text.startswith("Index abc123")
    assert [q for q, _ in fake_kb.asked] == ["When is the deadline?"]
    rows = await logged_rows(bot_database)
    assert len(rows) == 1 and rows[0]["source"] == "slash" and rows[0]["user_id"] == USER_ID
    assert feedback_ids(kwargs["view"]) == [
        f"ilrs:feedback:up:{rows[0]['id']}",
        f"ilrs:feedback:down:{rows[0]['id']}",
    ]


async def test_private_option_makes_the_whole_exchange_ephemeral(cog):
    interaction = make_interaction()
    await ask(cog, interaction, "When is the deadline?", private=True)
    interaction.response.defer.assert_awaited_once_with(ephemeral=True, thinking=True)
    assert sent_kwargs(interaction.followup.send)["ephemeral"] is True


async def test_mentions_and_markdown_in_a_question_cannot_ping_or_format(cog):
    interaction = make_interaction()
    question = "@everyone <@&123456789012345678> <@123456789012345678> **urgent** when is the deadline? @here"
    await ask(cog, interaction, question)
    kwargs = sent_kwargs(interaction.followup.send)
    assert_no_pings(kwargs)
    assert "content" not in kwargs  # nothing outside the embed
    title = kwargs["embed"].title
    assert "@everyone" not in title and "@here" not in title and "<@&" not in title and "<@1" not in title
    assert "\\*\\*urgent\\*\\*" in title
    assert cog.allowed_mentions.to_dict() == discord.AllowedMentions.none().to_dict()


async def test_too_long_question_gets_a_private_notice_and_nothing_else(cog, fake_kb, bot_database):
    interaction = make_interaction()
    await ask(cog, interaction, "why " * 60)
    kwargs = sent_kwargs(interaction.response.send_message)
    assert kwargs["ephemeral"] is True
    assert "239 characters long; please keep it under 200" in kwargs["content"]
    interaction.response.defer.assert_not_awaited()
    assert fake_kb.asked == [] and await logged_rows(bot_database) == []
    # Bad input did not use up the user's cooldown.
    for _ in range(3):
        await ask(cog, make_interaction(), "When?")
    assert len(fake_kb.asked) == 3


async def test_empty_question_is_refused_with_an_example(cog, fake_kb):
    interaction = make_interaction()
    await ask(cog, interaction, "   ")
    assert "Please ask a question" in sent_kwargs(interaction.response.send_message)["content"]
    assert fake_kb.asked == []


async def test_cooldown_refuses_a_fourth_question_per_user_with_the_wait(cog, fake_kb):
    for _ in range(3):
        await ask(cog, make_interaction(), "When is the deadline?")
    interaction = make_interaction()
    await ask(cog, interaction, "And now?")
    kwargs = sent_kwargs(interaction.response.send_message)
    assert kwargs["ephemeral"] is True and "please wait 30 s" in kwargs["content"]
    assert len(fake_kb.asked) == 3
    other_user = make_interaction(make_member(USER_ID + 1))
    await ask(cog, other_user, "When is the deadline?")
    assert len(fake_kb.asked) == 4


async def test_abstention_is_shown_and_logged(cog, fake_kb, bot_database):
    fake_kb.respond = lambda q: Answer(q, "The sources do not say.", True, suggestions=("Article — Paragraph 2",))
    interaction = make_interaction()
    await ask(cog, interaction, "Who won the 1998 World Cup?")
    embed = sent_kwargs(interaction.followup.send)["embed"]
    assert embed.colour == discord.Colour.orange()
    assert "Closest sections" in embed.description and not embed.fields
    rows = await logged_rows(bot_database)
    assert rows[0]["abstained"] is True and rows[0]["answer"] == "The sources do not say."


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (RuntimeError("model exploded"), FAILURE_MESSAGE),
        (QuestionError("the question is empty"), "I can't take that question: the question is empty"),
        (IndexMissingError("no index"), "The knowledge base is unavailable right now"),
    ],
)
async def test_failures_are_reported_to_the_user(cog, fake_kb, bot_database, caplog, error, expected):
    def fail(question):
        raise error

    fake_kb.respond = fail
    interaction = make_interaction()
    with caplog.at_level(logging.ERROR, logger="bot.features.ask.commands"):
        await ask(cog, interaction, "When is the deadline?")
    interaction.response.defer.assert_awaited_once()
    assert sent_kwargs(interaction.followup.send)["content"].startswith(expected)
    assert await logged_rows(bot_database) == []
    if type(error) is RuntimeError:
        assert "answering a question of 21 characters failed" in caplog.text
        assert "When is the deadline?" not in caplog.text  # log lines hold no user content


async def test_answer_still_sent_when_the_log_fails(cog, bot_database, caplog):
    await bot_database.close()
    interaction = make_interaction()
    with caplog.at_level(logging.ERROR, logger="bot.features.ask.commands"):
        await ask(cog, interaction, "When is the deadline?")
    kwargs = sent_kwargs(interaction.followup.send)
    assert kwargs["embed"].title == "When is the deadline?" and "view" not in kwargs
    assert "could not log the question" in caplog.text


# --- mentions and replies ---------------------------------------------------------------------------------


async def test_mention_is_answered_in_the_same_channel_without_pinging(cog, fake_kb, bot_database):
    message = make_message(f"<@{BOT_ID}> when is the deadline?", mentions=[bot_user()])
    await answer_mention(cog, message)
    kwargs = sent_kwargs(message.reply)
    assert kwargs["mention_author"] is False
    assert_no_pings(kwargs)
    assert kwargs["embed"].title == "when is the deadline?"
    assert len(kwargs["view"].children) == 2
    assert [q for q, _ in fake_kb.asked] == ["when is the deadline?"]
    assert (await logged_rows(bot_database))[0]["source"] == "mention"


async def test_reply_to_an_answer_is_answered_even_without_a_ping(cog, fake_kb, bot_database):
    answer_message = create_autospec(discord.Message, instance=True, spec_set=True)
    answer_message.author = bot_user()
    answer_message.embeds = [discord.Embed(title="When is the deadline?")]
    reference = create_autospec(discord.MessageReference, instance=True, spec_set=True)
    reference.resolved = answer_message
    message = make_message("and who can take part?", reference=reference)
    await answer_mention(cog, message)
    assert sent_kwargs(message.reply)["embed"].title == "and who can take part?"
    assert (await logged_rows(bot_database))[0]["source"] == "reply"


async def test_reply_without_text_is_ignored_when_discord_withholds_content(cog, fake_kb):
    answer_message = create_autospec(discord.Message, instance=True, spec_set=True)
    answer_message.author = bot_user()
    answer_message.embeds = [discord.Embed(title="x")]
    reference = create_autospec(discord.MessageReference, instance=True, spec_set=True)
    reference.resolved = answer_message
    message = make_message("", reference=reference)
    await answer_mention(cog, message)
    message.reply.assert_not_awaited()


async def test_bare_mention_gets_a_hint_that_tidies_itself(cog, fake_kb):
    message = make_message(f"<@{BOT_ID}>", mentions=[bot_user()])
    await answer_mention(cog, message)
    kwargs = sent_kwargs(message.reply)
    assert "/ask" in kwargs["content"] and kwargs["delete_after"] > 0
    assert fake_kb.asked == []


@pytest.mark.parametrize(
    "case",
    ["from a bot", "not addressed", "channel not allowed", "reply to a user"],
)
async def test_messages_not_for_the_bot_are_ignored(cog, fake_kb, case):
    cog.settings.discord.mention_channel_ids = (555,)
    content = f"<@{BOT_ID}> when is the deadline?"
    mentions = [bot_user()]
    channel = make_channel(555)
    author = make_member()
    reference = None
    if case == "from a bot":
        author.bot = True
    elif case == "not addressed":
        content, mentions = "when is the deadline?", []
    elif case == "channel not allowed":
        channel = make_channel(556)
    else:
        content, mentions = "when is it?", []
        other = create_autospec(discord.Message, instance=True, spec_set=True)
        other.author = make_member(USER_ID + 5)
        other.embeds = [discord.Embed(title="x")]
        reference = create_autospec(discord.MessageReference, instance=True, spec_set=True)
        reference.resolved = other
    message = make_message(content, author=author, mentions=mentions, channel=channel, reference=reference)
    await answer_mention(cog, message)
    message.reply.assert_not_awaited()
    assert fake_kb.asked == []


async def test_threads_of_allowed_channels_are_answered(cog, fake_kb):
    cog.settings.discord.mention_channel_ids = (555,)
    message = make_message(
        f"<@{BOT_ID}> when is the deadline?",
        mentions=[bot_user()],
        channel=make_channel(777, thread_parent=555),
    )
    await answer_mention(cog, message)
    message.reply.assert_awaited_once()


async def test_missing_send_permission_is_logged_not_raised(cog, caplog):
    message = make_message(f"<@{BOT_ID}> when is the deadline?", mentions=[bot_user()])
    response = create_autospec(aiohttp.ClientResponse, instance=True, spec_set=True)
    response.status, response.reason = 403, "Forbidden"
    message.reply.side_effect = discord.Forbidden(response, "Missing Permissions")
    with caplog.at_level(logging.WARNING, logger="bot.discord.responders"):
        await answer_mention(cog, message)
    assert "no permission to reply" in caplog.text


# --- with the real knowledge base --------------------------------------------------------------------------


@pytest.fixture
async def real_bot(settings, kb, bot_database, now):
    from bot.discord.client import IlrsBot
    from bot.knowledge import KnowledgeBaseHolder

    holder = KnowledgeBaseHolder(kb)
    client = IlrsBot(settings=settings, knowledge=holder, database=bot_database)
    client.services.now = lambda: now
    yield client
    holder.close()


async def test_real_index_answer_cites_a_verbatim_sentence_of_the_article(real_bot):
    from pathlib import Path

    article = (Path(__file__).resolve().parents[2] / "docs" / "proposal-article.md").read_text(encoding="utf-8")
    interaction = make_interaction()
    await ask(real_bot, interaction, "When is the deadline to submit a letter of intent?")
    embed = sent_kwargs(interaction.followup.send)["embed"]
    assert "December 31" in embed.description
    quote = re.search(r"“(.+)”", embed.fields[0].value).group(1)
    assert discord.utils.remove_markdown(quote) in article or quote in article


async def test_real_index_sources_lists_the_article(real_bot):
    interaction = make_interaction()
    await run_slash(real_bot, "sources", interaction)
    embed = sent_kwargs(interaction.response.send_message)["embed"]
    assert "proposal-article.md" in embed.fields[0].value
    assert embed.footer.text == f"Index {real_bot.knowledge.current.manifest.version}"
