"""Help forums: each new post answered once in its thread (restarts included), tags from the buttons and refusals."""

from __future__ import annotations

from unittest.mock import create_autospec

import discord

from bot.discord.client import IlrsBot
from bot.discord.forums import ForumStateButton, answer_forum_post, forum_problems, forum_question
from bot.knowledge import KnowledgeBaseHolder
from index.schema import Answer
from tests.bot.conftest import BOT_ID, GUILD_ID, USER_ID, bot_user, make_interaction, make_member, make_message

FORUM_ID, THREAD_ID = 400000000000000005, 400000000000000006


def tag(name: str):
    made = create_autospec(discord.ForumTag, instance=True, spec_set=True)
    made.name = name
    return made


def forum_post(*, title="When are letters due?", body="I need the date.", owner_id=USER_ID, author=None, tags=()):
    forum = create_autospec(discord.ForumChannel, instance=True, spec_set=True)
    forum.id, forum.name = FORUM_ID, "help"
    forum.available_tags = [tag(name) for name in tags]
    thread = create_autospec(discord.Thread, instance=True, spec_set=True)
    thread.id, thread.name, thread.parent_id, thread.owner_id = THREAD_ID, title, FORUM_ID, owner_id
    thread.parent = forum
    thread.guild = create_autospec(discord.Guild, instance=True, spec_set=True)
    thread.guild.id = GUILD_ID
    thread.applied_tags = []
    thread.starter_message = make_message(body, author=author or make_member(owner_id), message_id=THREAD_ID)
    return thread


def sent_texts(thread) -> list[str]:
    return [call.args[0] if call.args else call.kwargs.get("content") or "" for call in thread.send.await_args_list]


def test_a_post_is_read_as_its_title_and_body():
    assert forum_question("When are letters due?", "I need the date.") == "When are letters due? I need the date."
    assert forum_question("Letter deadline", "when is it?") == "Letter deadline. when is it?"
    assert forum_question("When are letters due?", "  ") == "When are letters due?"


async def test_a_new_post_is_answered_once_in_its_thread_even_after_a_restart(discord_bot, settings, fake_kb):
    settings.discord.forum_channel_ids = (FORUM_ID,)
    thread = forum_post()
    assert await answer_forum_post(discord_bot, thread)
    assert fake_kb.asked[0][0] == "When are letters due? I need the date."
    first = thread.send.await_args_list[0].kwargs
    assert "December 31" in first["embed"].description
    buttons = thread.send.await_args_list[-1].kwargs["view"].children
    assert [b.item.label for b in buttons] == ["Solved", "Still need help"]

    assert not await answer_forum_post(discord_bot, thread)  # the same event again
    restarted = IlrsBot(settings=settings, knowledge=KnowledgeBaseHolder(fake_kb), database=discord_bot.database)
    restarted._connection.user = bot_user()
    assert not await answer_forum_post(restarted, thread)
    assert len(fake_kb.asked) == 1 and thread.send.await_count == 2


async def test_posts_elsewhere_and_by_bots_are_ignored(discord_bot, settings, fake_kb):
    settings.discord.forum_channel_ids = (FORUM_ID,)
    assert not await answer_forum_post(discord_bot, forum_post(owner_id=BOT_ID))
    other_bot = make_member(77)
    other_bot.bot = True
    assert not await answer_forum_post(discord_bot, forum_post(author=other_bot))
    settings.discord.forum_channel_ids = ()
    assert not await answer_forum_post(discord_bot, forum_post())
    assert fake_kb.asked == []


async def test_a_refusal_says_so_and_applies_the_needs_human_tag(discord_bot, settings, fake_kb):
    settings.discord.forum_channel_ids = (FORUM_ID,)
    fake_kb.respond = lambda q: Answer(q, "The sources do not say.", True)
    thread = forum_post(tags=("Solved", "Needs human"))
    assert await answer_forum_post(discord_bot, thread)
    assert "tagged it for a human" in " ".join(sent_texts(thread))
    (applied,) = thread.edit.await_args.kwargs["applied_tags"]
    assert applied.name == "Needs human"


async def test_solved_applies_the_tag_for_the_poster_only(discord_bot, settings):
    thread = forum_post(tags=("Solved", "Still need help", "Needs human"))
    thread.applied_tags = [thread.parent.available_tags[2]]
    stranger = make_interaction(make_member(55), client=discord_bot)
    stranger.channel, stranger.permissions = thread, discord.Permissions.none()
    await ForumStateButton("solved", THREAD_ID).callback(stranger)
    assert "Only the person who opened this post" in stranger.response.send_message.await_args.args[0]
    thread.edit.assert_not_awaited()

    poster = make_interaction(make_member(USER_ID), client=discord_bot)
    poster.channel, poster.permissions = thread, discord.Permissions.none()
    await ForumStateButton("solved", THREAD_ID).callback(poster)
    assert [t.name for t in thread.edit.await_args.kwargs["applied_tags"]] == ["Solved"]  # needs-human removed
    assert poster.response.send_message.await_args.args[0] == "Marked as “Solved”."


async def test_start_up_names_a_missing_tag_or_a_channel_that_is_not_a_forum(discord_bot, settings):
    settings.discord.forum_channel_ids = (FORUM_ID, 12345)
    forum = forum_post(tags=("Solved",)).parent
    discord_bot.get_channel = lambda channel_id: forum if channel_id == FORUM_ID else None
    assert forum_problems(discord_bot) == [
        "forum #help has no tag 'Still need help', 'Needs human': it won't be applied",
        "FORUM_CHANNEL_IDS: 12345 is not a forum channel the bot can see",
    ]
