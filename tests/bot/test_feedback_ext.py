"""👍/👎 buttons, and /stats as Discord registers it."""

from __future__ import annotations

import re

import discord
import pytest

from bot.commands.spec import Caller, Context
from bot.discord.app_commands import caller_from
from bot.discord.feedback_buttons import FeedbackButton, WhyDownModal, feedback_view
from bot.features.stats.commands import STATS
from index.schema import Answer
from tests.bot.conftest import USER_ID, logged_rows, make_interaction, make_member, run_slash, sent_kwargs
from tests.storage_backends import BACKENDS

MAINTAINER_ROLE = 444

# Votes and the question log, on SQLite and on PostgreSQL.
pytestmark = pytest.mark.parametrize("bot_database_url", BACKENDS, indirect=True)


async def log_one(discord_bot, *, abstained: bool = False, question: str = "When is the deadline?") -> int:
    answer = Answer(question, "Not in the sources." if abstained else "December 31 [1].", abstained)
    return await discord_bot.services.feedback.log_question(answer, Caller("slash", USER_ID))


async def test_buttons_carry_the_vote_and_question_id_and_parse_back(discord_bot):
    view = feedback_view(42)
    assert view.timeout is None  # persistent
    up, down = view.children
    assert (up.custom_id, down.custom_id) == ("ilrs:feedback:up:42", "ilrs:feedback:down:42")
    match = re.fullmatch(FeedbackButton.__discord_ui_compiled_template__, down.custom_id)
    item = await FeedbackButton.from_custom_id(make_interaction(), down.item, match)
    assert (item.vote, item.question_id) == ("down", 42)


async def test_clicking_a_button_records_the_vote_and_thanks_privately(discord_bot):
    question_id = await log_one(discord_bot)
    voter = make_member(USER_ID + 1)
    interaction = make_interaction(voter, client=discord_bot)
    await FeedbackButton("up", question_id).callback(interaction)
    kwargs = sent_kwargs(interaction.response.send_message)
    assert kwargs["ephemeral"] is True
    assert interaction.response.send_message.await_args.args[0].startswith("Thanks")
    # Changing the vote replaces it.
    await FeedbackButton("down", question_id).callback(make_interaction(voter, client=discord_bot))
    row = (await logged_rows(discord_bot.database))[0]
    assert (row["upvotes"], row["downvotes"]) == (0, 1)


async def test_a_thumbs_down_asks_why_and_the_reason_is_stored_with_the_vote(discord_bot):
    question_id = await log_one(discord_bot)
    voter = make_member(USER_ID + 1)
    click = make_interaction(voter, client=discord_bot)
    await FeedbackButton("down", question_id).callback(click)
    click.response.send_message.assert_not_awaited()
    modal = click.response.send_modal.await_args.args[0]
    assert isinstance(modal, WhyDownModal)
    assert [o.value for o in modal.reason.options] == ["wrong", "outdated", "not_asked", "other"]
    assert modal.note.max_length == 200 and not modal.note.required

    modal.reason._values = ["outdated"]  # what Discord sends back on submit
    modal.note._value = "The   deadline moved\nto March."
    submit = make_interaction(voter, client=discord_bot)
    await modal.on_submit(submit)
    assert submit.response.send_message.await_args.args[0] == "Thanks, the maintainers will look at it."
    row = (await logged_rows(discord_bot.database))[0]
    assert row["downvote_reasons"] == ["Outdated: The deadline moved to March."]
    stats = await discord_bot.services.feedback.stats()
    assert stats.downvote_reasons == (("Outdated", 1),)
    assert stats.downvote_notes == ((question_id, "Outdated", "The deadline moved to March."),)


async def test_a_reason_without_a_thumbs_down_is_not_stored(discord_bot):
    question_id = await log_one(discord_bot)
    modal = WhyDownModal(question_id)
    modal.reason._values = ["wrong"]
    submit = make_interaction(make_member(USER_ID + 2), client=discord_bot)
    await modal.on_submit(submit)
    assert "no longer recorded" in submit.response.send_message.await_args.args[0]
    assert (await logged_rows(discord_bot.database))[0]["downvote_reasons"] == []


async def test_vote_on_an_unknown_answer_is_explained(discord_bot):
    interaction = make_interaction(client=discord_bot)
    await FeedbackButton("up", 999).callback(interaction)
    assert "no longer in the log" in interaction.response.send_message.await_args.args[0]


async def test_maintainer_is_an_administrator_or_holds_the_role(discord_bot):
    async def is_maintainer(member, role_id) -> bool:
        discord_bot.settings.discord.maintainer_role_id = role_id
        ctx = Context(discord_bot.services, caller_from(make_interaction(member)), None, None)
        return await STATS.access.check(ctx) is None

    assert await is_maintainer(make_member(administrator=True), None)
    assert await is_maintainer(make_member(role_ids=(1, MAINTAINER_ROLE)), MAINTAINER_ROLE)
    assert not await is_maintainer(make_member(role_ids=(1,)), MAINTAINER_ROLE)
    assert not await is_maintainer(make_member(role_ids=(MAINTAINER_ROLE,)), None)


async def test_stats_is_refused_to_other_members(discord_bot):
    discord_bot.settings.discord.maintainer_role_id = MAINTAINER_ROLE
    interaction = make_interaction(make_member(role_ids=(1,)))
    await run_slash(discord_bot, "stats", interaction)
    kwargs = sent_kwargs(interaction.response.send_message)
    assert kwargs["ephemeral"] is True and "Only maintainers" in kwargs["content"]


@pytest.mark.parametrize("member", [make_member(role_ids=(MAINTAINER_ROLE,)), make_member(administrator=True)])
async def test_stats_shows_counts_and_unanswered_questions_to_maintainers(discord_bot, member):
    discord_bot.settings.discord.maintainer_role_id = MAINTAINER_ROLE
    answered = await log_one(discord_bot)
    await log_one(discord_bot, abstained=True, question="Who won the @everyone match?")
    await discord_bot.services.feedback.record_vote(answered, 7, -1)
    interaction = make_interaction(member)
    await run_slash(discord_bot, "stats", interaction, days=30)
    interaction.response.defer.assert_awaited_once_with(ephemeral=True, thinking=True)
    kwargs = sent_kwargs(interaction.followup.send)
    assert kwargs["ephemeral"] is True
    embed: discord.Embed = kwargs["embed"]
    assert "**2** questions" in embed.description and "**1** unanswered (50%)" in embed.description
    assert "👎 1" in embed.description
    unanswered = embed.fields[0]
    assert unanswered.name == "Recently unanswered" and "Who won the @\u200beveryone match?" in unanswered.value
    assert "When is the deadline?" in embed.fields[1].value
