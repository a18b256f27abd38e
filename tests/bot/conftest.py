"""Helpers for the bot's tests: a small stand-in knowledge base and Discord objects mocked from real types."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from unittest.mock import create_autospec

import discord
import pytest

from bot.features.ask.cooldown import Cooldown
from bot.knowledge import KnowledgeBaseHolder
from bot.services import Services
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.engine import resolve_url
from bot.storage.questions import QuestionLog
from index.schema import Answer, Citation

BOT_ID = 900000000000000001
USER_ID = 100000000000000002
GUILD_ID = 200000000000000003
CHANNEL_ID = 300000000000000004


def citation(number: int = 1, **changes) -> Citation:
    values = dict(
        number=number,
        source="proposal-article.md",
        title="China’s Lunar Mission Collaboration Proposal",
        section="Paragraph 6",
        quote="Interested parties have until December 31 to submit a letter of intent to the CNSA.",
        chunk_id=f"chunk-{number}",
        url="https://example.org/article",
    )
    values.update(changes)
    return Citation(**values)


class WordsEncoder:
    """A stand-in for the embedding model: one axis per word (hashed), so questions sharing words are close."""

    def encode(self, texts: list[str]):
        import numpy as np

        vectors = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                vectors[row, sum(map(ord, word.strip("?.,!"))) % 64] += 1.0
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


@dataclass
class FakeKnowledgeBase:
    """Answers every question with `respond(question)`; records what it was asked."""

    respond: Callable[[str], Answer] | None = None
    asked: list[tuple[str, datetime | None]] = field(default_factory=list)
    deadlines: tuple = ()
    chunks: tuple = ()
    embedder: WordsEncoder = field(default_factory=WordsEncoder)

    def ask(self, question: str, *, now: datetime | None = None, focus=None) -> Answer:
        self.asked.append((question, now))
        if self.respond is not None:
            return self.respond(question)
        return Answer(
            question=question,
            text="Letters of intent are due by December 31 [1].",
            abstained=False,
            citations=(citation(1),),
            latency_ms=12.0,
            index_version="abc123",
        )

    def search(self, query: str, k: int = 5) -> list:
        return []  # no passages: follow-ups are read from the question's words alone


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(
        _env_file=None,
        index_dir=tmp_path / "index",
        database_path=tmp_path / "bot.sqlite3",
        ask_cooldown_questions=3,
        ask_cooldown_seconds=30,
        max_question_chars=200,
    )


@pytest.fixture
def fake_kb() -> FakeKnowledgeBase:
    return FakeKnowledgeBase()


@pytest.fixture
async def bot_database(bot_database_url):
    """The bot's database: SQLite, or each backend in turn where a module asks (tests/storage_backends.py)."""
    async with Database(resolve_url(bot_database_url, None)) as database:
        yield database


def stopped_cooldown(settings) -> Cooldown:
    """The configured cooldown on a stopped clock: the waits it reports don't depend on how busy the machine is."""
    return Cooldown(settings.ask.cooldown_questions, settings.ask.cooldown_seconds, clock=lambda: 1000.0)


@pytest.fixture
async def services(settings, fake_kb, bot_database):
    holder = KnowledgeBaseHolder(fake_kb)
    yield Services(
        settings=settings,
        knowledge=holder,
        feedback=QuestionLog(bot_database),
        cooldown=stopped_cooldown(settings),
    )
    holder.close()


def make_member(user_id: int = USER_ID, *, administrator: bool = False, role_ids: tuple[int, ...] = ()):
    member = create_autospec(discord.Member, instance=True, spec_set=True)
    member.id = user_id
    member.bot = False
    member.guild_permissions = discord.Permissions(administrator=administrator)
    roles = []
    for role_id in role_ids:
        role = create_autospec(discord.Role, instance=True, spec_set=True)
        role.id = role_id
        roles.append(role)
    member.roles = roles
    return member


def make_interaction(user=None, *, client=None):
    """An Interaction whose response and follow-up webhook are autospecced from discord.py's classes."""
    interaction = create_autospec(discord.Interaction, instance=True, spec_set=True)
    interaction.response = create_autospec(discord.InteractionResponse, instance=True, spec_set=True)
    interaction.response.is_done.return_value = False
    interaction.followup = create_autospec(discord.Webhook, instance=True, spec_set=True)
    interaction.user = user or make_member()
    interaction.guild_id = GUILD_ID
    interaction.channel_id = CHANNEL_ID
    if client is not None:
        interaction.client = client
    return interaction


def make_channel(channel_id: int = CHANNEL_ID, *, thread_parent: int | None = None):
    if thread_parent is None:
        channel = create_autospec(discord.TextChannel, instance=True, spec_set=True)
    else:
        channel = create_autospec(discord.Thread, instance=True, spec_set=True)
        channel.parent_id = thread_parent
    channel.id = channel_id
    return channel


def make_message(content: str, *, author=None, mentions=(), channel=None, reference=None, message_id: int = 1):
    message = create_autospec(discord.Message, instance=True, spec_set=True)
    message.id = message_id
    message.content = content
    message.author = author or make_member()
    message.mentions = list(mentions)
    message.channel = channel or make_channel()
    message.guild = create_autospec(discord.Guild, instance=True, spec_set=True)
    message.guild.id = GUILD_ID
    message.reference = reference
    message.embeds = []
    return message


def bot_user():
    user = create_autospec(discord.ClientUser, instance=True, spec_set=True)
    user.id = BOT_ID
    user.bot = True
    return user


def sent_kwargs(mock_send) -> dict:
    """The keyword arguments of the one call made to an autospecced send/reply coroutine."""
    assert mock_send.await_count == 1, mock_send.await_args_list
    return mock_send.await_args.kwargs


@pytest.fixture
async def discord_bot(settings, fake_kb, bot_database):
    """The real client class, never connected; its user set as if it had logged in."""
    from bot.discord.client import IlrsBot

    holder = KnowledgeBaseHolder(fake_kb)
    client = IlrsBot(settings=settings, knowledge=holder, database=bot_database, cooldown=stopped_cooldown(settings))
    async with client:  # sets up what background tasks wait on (wait_until_ready), and closes them after
        client._connection.user = bot_user()
        yield client
    holder.close()


def slash_command(client, path: str):
    """The application command generated from the declaration at `path` ("ask", "remind add"), as the client
    registers it."""
    if not client.tree.get_commands():
        client.register_commands()
    name, _, sub = path.partition(" ")
    command = client.tree.get_command(name)
    return command.get_command(sub) if sub else command


async def run_slash(client, path: str, interaction, **options) -> None:
    await slash_command(client, path).callback(interaction, **options)


async def logged_rows(database) -> list[dict]:
    from bot.storage.questions import export_rows

    return await database.run(export_rows)
