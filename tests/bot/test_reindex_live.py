"""/reindex in the running bot: maintainers only, off the event loop, swapped in while questions keep flowing."""

from __future__ import annotations

import asyncio
import io

import pytest

from bot.commands.spec import EVERY_RIGHT, Caller
from bot.console.dispatch import Console
from bot.console.responder import ConsoleResponder
from bot.discord.client import IlrsBot
from bot.features.ask.cooldown import Cooldown
from bot.features.reindex.commands import format_result
from bot.knowledge import KnowledgeBaseHolder
from bot.rendering.styles import DISCORD_STYLE
from bot.services import Services
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.questions import QuestionLog
from index.build_report import BuildReport
from index.knowledge_base import KnowledgeBase
from index.reindex import DRY_RUN, PUBLISHED, ReindexResult
from tests.bot.conftest import bot_user, make_interaction, make_member, run_slash, sent_kwargs, slash_command
from tests.bot.discord_markdown import shown_text
from tests.index.reindex_support import ALPHA, ALPHA_WITHOUT_REACTOR, published_build, served_corpus_settings

MAINTAINER_ROLE = 555

QUESTIONS = (
    "What powers the Alpha station?",
    "How many astronauts live on the Alpha station?",
    "What does the Beta rover explore?",
    "Where will the Gamma lander touch down?",
    "What is the next deadline?",
)


@pytest.fixture
def live_settings(tmp_path, embedder, database_url) -> Settings:
    return served_corpus_settings(tmp_path, embedder, database_url=database_url, maintainer_role_id=MAINTAINER_ROLE)


@pytest.fixture
def holder(live_settings, embedder):
    holder = KnowledgeBaseHolder(KnowledgeBase.load(live_settings.knowledge.index_dir, embedder), workers=2)
    yield holder
    holder.close()


@pytest.fixture
async def live_bot(live_settings, holder):
    async with Database(live_settings.storage.url) as database:
        client = IlrsBot(settings=live_settings, knowledge=holder, database=database)
        client._connection.user = bot_user()
        yield client


def console(settings, holder, database, out, *, maintainer: bool = True) -> Console:
    services = Services(settings, holder, QuestionLog(database), Cooldown(1, 0.0))
    caller = Caller("console", rights=EVERY_RIGHT) if maintainer else Caller("console")
    return Console(services, ConsoleResponder(out), caller=caller)


def edit_corpus(settings) -> None:
    """A change that gives some chunks new ids and removes others: old and new answers are told apart."""
    docs = settings.knowledge.docs_dir
    (docs / "alpha.md").write_text(ALPHA.replace("six astronauts", "eight astronauts"), encoding="utf-8")
    (docs / "gamma.txt").unlink()


async def test_questions_during_a_live_reindex_come_wholly_from_one_index(live_settings, holder, now):
    old = holder.current
    edit_corpus(live_settings)
    reindexing = asyncio.Event()
    answers = []

    async def keep_asking() -> None:
        await reindexing.wait()
        while reindexing.is_set():
            for question in QUESTIONS:
                answers.append(await holder.ask(question, now=now))
        for question in QUESTIONS:  # and once more after the swap
            answers.append(await holder.ask(question, now=now))

    async def reindex_now():
        reindexing.set()
        try:
            return await holder.reindex(live_settings)
        finally:
            reindexing.clear()

    outcomes = await asyncio.gather(reindex_now(), keep_asking(), keep_asking(), return_exceptions=True)

    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    result, new = outcomes[0], holder.current
    assert result.status == PUBLISHED, result.summary()
    assert new is result.kb and new.version != old.version
    chunk_ids = {old.version: {c.id for c in old.chunks}, new.version: {c.id for c in new.chunks}}
    assert chunk_ids[old.version] != chunk_ids[new.version]
    by_version = {old.version: 0, new.version: 0}
    for answer in answers:
        assert answer.index_version in chunk_ids, answer
        # Every citation of an answer comes from the index the answer says it came from.
        assert {c.chunk_id for c in answer.citations} <= chunk_ids[answer.index_version], answer
        by_version[answer.index_version] += 1
    assert by_version[old.version] >= 1 and by_version[new.version] >= len(QUESTIONS)
    assert "eight astronauts" in (await holder.ask(QUESTIONS[1], now=now)).text
    assert "changed 1" in result.summary() and "removed 1" in result.summary()


async def test_a_member_without_the_role_is_refused_when_the_command_runs(live_bot, live_settings, holder):
    serving = published_build(live_settings.knowledge.index_dir)
    interaction = make_interaction(make_member(role_ids=(1,)), client=live_bot)
    edit_corpus(live_settings)

    await run_slash(live_bot, "reindex", interaction)

    kwargs = sent_kwargs(interaction.response.send_message)
    assert kwargs["ephemeral"] is True and "Only maintainers" in kwargs["content"]
    interaction.response.defer.assert_not_awaited()
    assert published_build(live_settings.knowledge.index_dir) == serving


async def test_a_maintainer_dry_run_lists_the_changes_privately(live_bot, live_settings, holder):
    before = holder.current
    edit_corpus(live_settings)
    interaction = make_interaction(make_member(role_ids=(MAINTAINER_ROLE,)), client=live_bot)

    await run_slash(live_bot, "reindex", interaction, mode="dry-run")

    interaction.response.defer.assert_awaited_once_with(ephemeral=True, thinking=True)
    kwargs = sent_kwargs(interaction.followup.send)
    assert kwargs["ephemeral"] is True
    assert "would rebuild" in kwargs["content"] and "alpha.md" in kwargs["content"] and "gamma.txt" in kwargs["content"]
    assert holder.current is before


async def test_an_administrator_reindexes_and_the_bot_swaps(live_bot, live_settings, holder, now):
    before = holder.current
    edit_corpus(live_settings)
    interaction = make_interaction(make_member(administrator=True), client=live_bot)

    await run_slash(live_bot, "reindex", interaction)

    content = sent_kwargs(interaction.followup.send)["content"]
    assert "changed 1" in content and "removed 1" in content and "passed" in content
    assert holder.current is not before
    assert published_build(live_settings.knowledge.index_dir).endswith(holder.current.version)
    answer = await holder.ask("Where will the Gamma lander touch down?", now=now)
    assert all(c.source != "gamma.txt" for c in answer.citations)


async def test_a_failed_reindex_keeps_the_old_index_and_says_why(live_bot, live_settings, holder):
    before = holder.current
    for path in live_settings.knowledge.docs_dir.iterdir():
        path.unlink()
    live_settings.knowledge.docs_dir.rmdir()
    interaction = make_interaction(make_member(administrator=True), client=live_bot)

    await run_slash(live_bot, "reindex", interaction)

    content = sent_kwargs(interaction.followup.send)["content"]
    assert "reindex failed" in content and "does not exist" in content and "still serving" in content
    assert holder.current is before


async def test_a_regressing_index_is_refused_unless_forced(live_bot, live_settings, holder):
    before = holder.current
    (live_settings.knowledge.docs_dir / "alpha.md").write_text(ALPHA_WITHOUT_REACTOR, encoding="utf-8")

    refused = make_interaction(make_member(administrator=True), client=live_bot)
    await run_slash(live_bot, "reindex", refused)
    content = shown_text(sent_kwargs(refused.followup.send)["content"])
    assert "Not published" in content and "regressed [power]" in content
    assert holder.current is before

    forced = make_interaction(make_member(administrator=True), client=live_bot)
    await run_slash(live_bot, "reindex", forced, force=True)
    assert "not checked (forced)" in shown_text(sent_kwargs(forced.followup.send)["content"])
    assert holder.current is not before


async def test_discord_registers_the_command_with_its_options(live_bot):
    command = slash_command(live_bot, "reindex")
    assert command is not None and command.guild_only
    mode = next(p for p in command.parameters if p.name == "mode")
    assert [c.value for c in mode.choices] == ["run", "dry-run"]
    assert [p.name for p in command.parameters] == ["mode", "force"]


async def test_the_console_runs_reindex_and_rejects_unknown_options(live_settings, holder):
    (live_settings.knowledge.docs_dir / "delta.md").write_text(
        "The Delta orbiter relays far-side signals.", encoding="utf-8"
    )
    out = io.StringIO()
    async with Database(live_settings.storage.url) as database:
        chat = console(live_settings, holder, database, out)
        await chat.handle("/reindex dry-run")
        assert "+ delta.md" in out.getvalue()
        await chat.handle("/reindex sideways")
        assert "mode is one of run, dry-run, not 'sideways'" in out.getvalue()
        before = holder.current
        await chat.handle("/reindex")
        assert holder.current is not before and "documents added 1" in out.getvalue()
        await console(live_settings, holder, database, out, maintainer=False).handle("/reindex")
        assert "Only maintainers" in out.getvalue()


def test_a_long_summary_is_cut_and_escaped():
    added = [f"notes/part_{n:02d}.md" for n in range(40)]
    report = BuildReport(index_dir=None, version="abc", changed=True, documents_added=added, dry_run=True)
    text = format_result(ReindexResult(DRY_RUN, report), DISCORD_STYLE, max_lines=10)
    lines = text.splitlines()
    assert len(lines) == 10 and lines[-1] == "… and 32 more lines"
    assert lines[1].endswith(r"notes/part\_00.md")  # underscores would turn into italics on Discord
