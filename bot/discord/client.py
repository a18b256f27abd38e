"""The Discord front end's composition root: a commands.Bot handed its dependencies, with the application
commands generated from the declarations, the mention listener, the 👍/👎 buttons and the reminder alerts."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Sequence
from datetime import timedelta

import discord
import yarl
from discord import app_commands
from discord.ext import commands
from discord.gateway import DiscordWebSocket

from bot.background import stop
from bot.commands.registry import DECLARATIONS
from bot.commands.spec import Declaration
from bot.discord.app_commands import AppCommandBuilder, DiscordFrontEnd
from bot.discord.feedback_buttons import FeedbackButton
from bot.discord.forums import ForumStateButton, answer_forum_post, forum_problems
from bot.discord.mentions import answer_mention
from bot.discord.reminders import DiscordReminderGateway
from bot.discord.servers import watch_servers
from bot.features.ask.cooldown import Cooldown
from bot.features.reminders.wiring import build_reminders
from bot.knowledge import KnowledgeBaseHolder
from bot.services import Services
from bot.settings import Settings
from bot.shared_index import SharedIndex
from bot.storage.database import Database
from bot.storage.forum_posts import ForumPosts

log = logging.getLogger(__name__)

FAILURE_MESSAGE = "Sorry, that command failed. It has been logged; please try again in a moment."


class ReportingTree(app_commands.CommandTree):
    """Tells the user when a slash command fails instead of going silent, and logs the error."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError, /) -> None:
        if isinstance(error, app_commands.CheckFailure):
            message = str(error) or "You can't use this command here."
        else:
            log.error("slash command %s failed", getattr(interaction.command, "name", "?"), exc_info=error)
            message = FAILURE_MESSAGE
        await send_ephemeral(interaction, message)


async def send_ephemeral(interaction: discord.Interaction, text: str) -> None:
    """A short private message to the user, whether or not the interaction was already answered."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())
        else:
            await interaction.response.send_message(
                text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
            )
    except discord.HTTPException:
        log.warning("could not report an error to the user", exc_info=True)


def required_permissions() -> discord.Permissions:
    """What the invite asks for: read and answer in channels and threads, embeds, and pinning (reminders)."""
    return discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        embed_links=True,
        read_message_history=True,
        pin_messages=True,  # its own permission, no longer part of Manage Messages
    )


def invite_url(application_id: int) -> str:
    return discord.utils.oauth_url(
        application_id, permissions=required_permissions(), scopes=("bot", "applications.commands")
    )


def build_intents(settings: Settings) -> discord.Intents:
    intents = discord.Intents.default()  # guilds + guild messages: enough for slash commands and mentions
    # Privileged and optional: Discord sends the text of mentions and DMs without it; only replies that do
    # not ping the bot need it.
    intents.message_content = settings.discord.message_content_intent
    return intents


def shard_options(settings: Settings) -> dict[str, object]:
    """SHARD_COUNT and SHARD_IDS for discord.py; none set: every shard Discord recommends, in this process."""
    options: dict[str, object] = {}
    if settings.discord.shard_count is not None:
        options["shard_count"] = settings.discord.shard_count
    if settings.discord.shard_ids:
        options["shard_ids"] = list(settings.discord.shard_ids)
    return options


def process_name(settings: Settings) -> str:
    """This process among all sharing the database: its host and shards, so a restart keeps the name."""
    shards = ",".join(str(shard) for shard in settings.discord.shard_ids) or "all"
    return f"{socket.gethostname()}:shards={shards}"


class IlrsBot(commands.AutoShardedBot):
    """Open with `async with IlrsBot(...) as bot: await bot.start(token)`."""

    def __init__(
        self,
        *,
        settings: Settings,
        knowledge: KnowledgeBaseHolder,
        database: Database,
        declarations: Sequence[Declaration] = DECLARATIONS,
        cooldown: Cooldown | None = None,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,  # unused: the bot has no prefix commands (see on_message)
            intents=build_intents(settings),
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            tree_cls=ReportingTree,
            **shard_options(settings),
        )
        self.settings = settings
        self.knowledge = knowledge
        self.database = database
        self.declarations = tuple(declarations)
        cooldown = cooldown or Cooldown(settings.ask.cooldown_questions, settings.ask.cooldown_seconds)
        self.services = Services.over(database, settings, knowledge, cooldown)
        self.forum_posts = ForumPosts(database)
        owner = process_name(settings)  # this process, as alert leases and index generations name it
        watch_servers(self, self.services.privacy)
        self.services.reminders, self.reminder_scheduler = build_reminders(
            database, DiscordReminderGateway(self), settings.reminders, knowledge, owner=owner
        )
        # Several processes on one PostgreSQL serve one index generation; the embedded SQLite default has one.
        self.shared_index = (
            SharedIndex(
                database,
                knowledge,
                settings.knowledge.index_dir,
                owner=owner,
                check_every=timedelta(seconds=settings.knowledge.index_check_seconds),
            )
            if database.dialect == "postgresql"
            else None
        )
        self.front_end = DiscordFrontEnd(self.tree)
        self._tasks: list[asyncio.Task] = []

    async def setup_hook(self) -> None:
        if self.settings.discord.api_base_url:
            # discord.py's Client dials its built-in gateway address; with another API base (a test stand-in),
            # ask that API where its gateway is, as sharded clients do.
            _, gateway_url, _ = await self.http.get_bot_gateway()
            DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
        self.register_commands()
        self.add_dynamic_items(FeedbackButton, ForumStateButton)
        self._tasks.append(asyncio.create_task(self._send_reminders(), name="reminder-scheduler"))
        self._tasks.append(asyncio.create_task(self.services.privacy.run_forever(), name="retention"))
        if self.shared_index is not None:
            try:
                await self.shared_index.sync()  # serve the published generation before the first question
            except Exception:  # the follower below keeps trying; meanwhile this process serves its own index
                log.exception("could not load the published index generation")
            self._tasks.append(asyncio.create_task(self.shared_index.run_forever(), name="index-generations"))
        guild_id = self.settings.discord.dev_guild_id
        if guild_id:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)  # guild commands appear at once; global ones take up to an hour
            synced = await self.tree.sync(guild=guild)
            log.info("Synced %d commands to dev guild %s", len(synced), guild_id)
        else:
            synced = await self.tree.sync()
            log.info("Synced %d global commands", len(synced))

    def register_commands(self) -> None:
        """Add the application commands generated from the declarations to the tree (synced separately)."""
        for command in AppCommandBuilder(self.services, self.front_end).build(self.declarations):
            self.tree.add_command(command)

    async def _send_reminders(self) -> None:
        await self.wait_until_ready()
        await self.reminder_scheduler.run_forever()

    async def close(self) -> None:
        for task in self._tasks:
            await stop(task)
        self._tasks.clear()
        await super().close()

    async def on_ready(self) -> None:
        log.info("Connected as %s to %d servers on shards %s", self.user, len(self.guilds), sorted(self.shards))
        if self.application_id:
            log.info("Invite URL: %s", invite_url(self.application_id))
        for problem in forum_problems(self):
            log.warning("%s", problem)

    async def on_thread_create(self, thread: discord.Thread, /) -> None:
        await answer_forum_post(self, thread)

    async def on_message(self, message: discord.Message, /) -> None:
        # No prefix commands: only questions that mention the bot or reply to its answers.
        await answer_mention(self, message)
