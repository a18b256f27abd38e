"""Help forums and taught answers through the local Discord stand-in: a post is answered once in its thread, also
after a restart, and "Solved" applies the forum's tag; a moderator's answer added to the knowledge base answers the
next question, and a non-moderator is refused."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from pathlib import Path

import pytest
from e2e_support import STEP_TIMEOUT, serving_fake
from pydantic import SecretStr

from bot.discord.client import IlrsBot
from bot.discord.runner import apply_api_base_url
from bot.knowledge import KnowledgeBaseHolder
from bot.settings import Settings, load_settings
from bot.storage.database import Database

pytestmark = pytest.mark.asyncio(loop_scope="session")

DOCS_DIR = Path(__file__).resolve().parents[2] / "docs"
TAGS = ("Solved", "Still need help", "Needs human")


@contextlib.asynccontextmanager
async def running_bot(fake, settings: Settings, kb):
    """The real bot connected to the fake until the block ends."""
    knowledge = KnowledgeBaseHolder(kb, workers=2)
    async with (
        Database(settings.storage.url) as database,
        IlrsBot(settings=settings, knowledge=knowledge, database=database) as bot,
    ):
        task = asyncio.create_task(bot.start(fake.token))
        try:
            await asyncio.wait_for(bot.wait_until_ready(), STEP_TIMEOUT)
            yield bot
        finally:
            await asyncio.wait_for(bot.close(), STEP_TIMEOUT)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(task, STEP_TIMEOUT)
            knowledge.close()


def bot_settings(fake, index_dir: Path, workdir: Path, **settings) -> Settings:
    """Settings for a bot on the fake, with its own copies of the docs and the index (teaching rebuilds them)."""
    shutil.copytree(DOCS_DIR, workdir / "docs")
    shutil.copytree(index_dir, workdir / "index")
    loaded = load_settings(
        discord_token=SecretStr(fake.token),
        discord_api_base_url=fake.api_base,
        dev_guild_id=fake.guild_id,
        docs_dir=workdir / "docs",
        index_dir=workdir / "index",
        database_path=workdir / "bot.sqlite3",
        **settings,
    )
    apply_api_base_url(loaded)
    return loaded


def bot_messages(fake, thread_id: int) -> list[dict]:
    """What the bot posted in the thread for everyone (not the private replies to button clicks)."""
    posted = fake.messages_in(thread_id)
    return [m for m in posted if int(m["author"]["id"]) == fake.bot_user.id and not fake.is_ephemeral(m)]


async def test_a_forum_post_is_answered_once_in_its_thread_also_after_a_restart(kb, index_dir, tmp_path):
    async with serving_fake(channels=("general",)) as fake:
        forum = fake.world.add_forum("help", TAGS)
        # A post's text reaches the bot only with the Message Content intent.
        settings = bot_settings(fake, index_dir, tmp_path, forum_channel_ids=(forum.id,), message_content_intent=True)
        async with running_bot(fake, settings, kb):
            post = await fake.create_forum_post(
                "Letter of intent", "When is the letter of intent due?", forum="help", author="alice"
            )
            thread_id = int(post["id"])
            prompt = await fake.wait_until(
                lambda: next((m for m in bot_messages(fake, thread_id) if m["content"].startswith("Did this")), None),
                timeout=STEP_TIMEOUT,
                what="the answer in the post's thread",
            )
            answer = bot_messages(fake, thread_id)[0]
            assert "letter of intent" in answer["embeds"][0]["description"].lower()
            await fake.replay_thread_create(thread_id)  # the same event again
            await asyncio.sleep(0.5)
            assert len(bot_messages(fake, thread_id)) == 2

            click = await fake.click_button(prompt, label="Solved", user="alice")
            thanks = await fake.wait_for_answer(click, STEP_TIMEOUT)
            assert thanks["content"] == "Marked as “Solved”." and fake.is_ephemeral(thanks)
            assert fake.thread_tags(thread_id) == ["Solved"]

        async with running_bot(fake, settings, kb):  # a restart: the post is not answered again
            await fake.replay_thread_create(thread_id)
            await asyncio.sleep(0.5)
            assert len(bot_messages(fake, thread_id)) == 2


async def test_a_moderators_answer_added_to_the_knowledge_base_answers_the_next_question(kb, index_dir, tmp_path):
    async with serving_fake(channels=("general",)) as fake:
        settings = bot_settings(fake, index_dir, tmp_path)
        async with running_bot(fake, settings, kb):
            question = await fake.send_message("Which mascot does the ILRS use at its outreach events?")
            answer = await fake.send_message(
                "The ILRS outreach mascot is a jade rabbit robot named Tuanzi.", author="moderator", reply_to=question
            )
            refused = await fake.dispatch_message_command("Add to knowledge base", answer, user="bob")
            assert "Only moderators can teach the bot" in (await fake.wait_for_answer(refused, STEP_TIMEOUT))["content"]

            menu = await fake.dispatch_message_command("Add to knowledge base", answer, user="moderator")
            preview = await fake.wait_for_answer(menu, STEP_TIMEOUT)
            assert "Question: Which mascot does the ILRS use at its outreach events?" in preview["content"]
            click = await fake.click_button(preview, user="moderator", label="Confirm")
            outcome = await fake.wait_until(
                lambda: (m := fake.answer_of(click)) and m["content"].startswith("Added") and m,
                timeout=120,
                what="the entry added and the index rebuilt",
            )
            assert "The index was rebuilt and is serving it" in outcome["content"]

            asked = await fake.dispatch_slash("ask", {"question": "What is the ILRS outreach mascot called?"})
            reply = await fake.wait_for_answer(asked, STEP_TIMEOUT)
            assert "Tuanzi" in reply["embeds"][0]["description"]
            cited = " ".join(field["name"] for field in reply["embeds"][0]["fields"])
            assert "Answers approved by the community moderators" in cited
