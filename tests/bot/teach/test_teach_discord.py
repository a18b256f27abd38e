""" "Add to knowledge base" on Discord: moderators only, previewed, confirmed, then answered on the next question."""

from __future__ import annotations

from unittest.mock import create_autospec

import discord
import pytest

from bot.discord.app_commands import PromptModal
from bot.discord.client import IlrsBot
from bot.discord.confirm import ConfirmView
from bot.features.teach.commands import REFUSAL
from bot.knowledge import KnowledgeBaseHolder
from bot.storage.database import Database
from index.knowledge_base import KnowledgeBase
from tests.bot.conftest import bot_user, make_interaction, make_member, make_message, run_slash, sent_kwargs
from tests.bot.teach.conftest import ANSWER, PARAPHRASE, QUESTION

MODERATOR_ID = 4242


@pytest.fixture
async def teach_bot(teach_settings, embedder):
    holder = KnowledgeBaseHolder(KnowledgeBase.load(teach_settings.knowledge.index_dir, embedder))
    async with Database(teach_settings.storage.url) as database:
        client = IlrsBot(settings=teach_settings, knowledge=holder, database=database)
        client._connection.user = bot_user()
        client.register_commands()
        yield client
    holder.close()


def menu(client):
    return client.tree.get_command("Add to knowledge base", type=discord.AppCommandType.message)


def interaction_by(client, permissions: discord.Permissions, user_id: int = MODERATOR_ID):
    interaction = make_interaction(make_member(user_id), client=client)
    interaction.permissions = permissions
    interaction.user.display_name = "Mod Maria"
    return interaction


def moderator_answer():
    reference = create_autospec(discord.MessageReference, instance=True, spec_set=True)
    reference.message_id = 10
    reference.resolved = make_message(QUESTION, message_id=10)
    answer = make_message(ANSWER, author=make_member(MODERATOR_ID), reference=reference, message_id=11)
    answer.jump_url = "https://discord.com/channels/1/2/11"
    return answer


async def test_a_non_moderator_is_refused_and_nothing_is_written(teach_bot, teach_settings):
    interaction = interaction_by(teach_bot, discord.Permissions.none(), user_id=7)
    await menu(teach_bot).callback(interaction, moderator_answer())
    kwargs = sent_kwargs(interaction.response.send_message)
    assert kwargs["content"] == REFUSAL and kwargs["ephemeral"] is True
    assert not (teach_settings.knowledge.docs_dir / "community-answers.md").exists()


async def test_a_moderators_answer_is_taught_and_answers_the_next_question(teach_bot, teach_settings):
    interaction = interaction_by(teach_bot, discord.Permissions(manage_messages=True))
    await menu(teach_bot).callback(interaction, moderator_answer())
    kwargs = sent_kwargs(interaction.response.send_message)
    assert kwargs["ephemeral"] is True and isinstance(kwargs["view"], ConfirmView)
    assert f"Question: {QUESTION}" in kwargs["content"] and "Approved by: Mod Maria" in kwargs["content"]

    click = interaction_by(teach_bot, discord.Permissions(manage_messages=True))
    await kwargs["view"].confirm.callback(click)
    outcome = click.edit_original_response.await_args.kwargs["content"]
    assert outcome.startswith("Added entry #1 to community-answers.md. The index was rebuilt")
    curated = (teach_settings.knowledge.docs_dir / "community-answers.md").read_text()
    assert "approved by Mod Maria" in curated and "from https://discord.com/channels/1/2/11" in curated

    asker = make_interaction(make_member(99), client=teach_bot)
    await run_slash(teach_bot, "ask", asker, question=PARAPHRASE)
    embed = sent_kwargs(asker.followup.send)["embed"]
    assert "grey tortoise called Basalt" in embed.description
    assert any("Answers approved by the community moderators" in field.name for field in embed.fields)


async def test_an_answer_that_replies_to_nothing_asks_for_its_question_in_a_form(teach_bot):
    interaction = interaction_by(teach_bot, discord.Permissions(manage_messages=True))
    answer = make_message(ANSWER, author=make_member(MODERATOR_ID), message_id=12)
    answer.jump_url = "https://discord.com/channels/1/2/12"
    await menu(teach_bot).callback(interaction, answer)
    interaction.response.send_message.assert_not_awaited()
    form = interaction.response.send_modal.await_args.args[0]
    assert isinstance(form, PromptModal) and form.text.max_length == 300

    form.text._value = QUESTION  # what Discord sends back on submit
    submitted = interaction_by(teach_bot, discord.Permissions(manage_messages=True))
    await form.on_submit(submitted)
    kwargs = sent_kwargs(submitted.response.send_message)
    assert isinstance(kwargs["view"], ConfirmView) and f"Question: {QUESTION}" in kwargs["content"]
