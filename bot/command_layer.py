"""The command layer shared by Discord and the console: handlers talk to a `Responder`, never to discord.py.

A feature adds a command in three steps:
  1. write `async def handle_x(ctx: CommandContext, argument: str) -> None`, replying via `ctx.responder`;
  2. `register(Command(name="x", usage="/x <…>", description="…", run=handle_x))` at import of its module;
  3. append that module to `COMMAND_MODULES` (the console loads them; /help lists them) and, for Discord,
     add an app command in a cog under bot/exts/ that builds a `CommandContext` and awaits the same handler.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from bot.feedback_store import Asker
from bot.rendering import Card, Style

if TYPE_CHECKING:
    from bot.cooldown import Cooldown
    from bot.feedback_store import FeedbackStore
    from bot.knowledge import KnowledgeBaseHolder
    from bot.reminders.console_setup import ConsoleReminders
    from bot.settings import Settings


@dataclass(frozen=True)
class Reply:
    """One message back to the user: a card (embed), a short text, or both."""

    card: Card | None = None
    text: str = ""
    private: bool = False  # only the asker sees it (ephemeral on Discord; best effort elsewhere)
    feedback_id: int | None = None  # logged question id: the reply gets 👍/👎 buttons
    image: Image | None = None  # a picture shown with the card (Discord: an attachment; console: a file)


@dataclass(frozen=True)
class Image:
    filename: str  # e.g. "timeline.png"
    data: bytes


class Responder(Protocol):
    """Where replies go: a Discord interaction, a Discord message, or the terminal."""

    style: Style

    async def acknowledge(self, *, private: bool) -> None:
        """Tell the user we are working on it (Discord: defer within the 3-second window)."""

    async def send(self, reply: Reply) -> None: ...


@dataclass
class Services:
    """Everything handlers use, built once by the Discord client or the console."""

    settings: Settings
    knowledge: KnowledgeBaseHolder
    feedback: FeedbackStore
    cooldown: Cooldown
    now: Callable[[], datetime | None] = lambda: None  # the knowledge base's "now"; None means the real clock
    reminders: ConsoleReminders | None = None  # the console's simulated reminders; Discord uses its cog instead


@dataclass
class CommandContext:
    services: Services
    responder: Responder
    asker: Asker
    is_maintainer: bool = False


Handler = Callable[[CommandContext, str], Awaitable[None]]


@dataclass(frozen=True)
class Command:
    name: str  # without the slash
    usage: str  # as /help shows it
    description: str
    run: Handler  # the console entry point: receives the text after the command name
    maintainers_only: bool = False


COMMANDS: dict[str, Command] = {}

# Modules that register commands when imported, in /help order.
COMMAND_MODULES: list[str] = [
    "bot.handlers",
    "bot.reminders.commands",
    "bot.reindex_command",
    "bot.reminders.deadlines_command",
]


def register(command: Command) -> Command:
    if command.name in COMMANDS and COMMANDS[command.name] is not command:
        raise ValueError(f"command /{command.name} is already registered")
    COMMANDS[command.name] = command
    return command


def load_command_modules() -> dict[str, Command]:
    for module in COMMAND_MODULES:
        importlib.import_module(module)
    return COMMANDS


def ordered_commands() -> list[Command]:
    """Every command, in `COMMAND_MODULES` order (then registration order), whatever was imported first."""
    load_command_modules()

    def position(command: Command) -> int:
        module = getattr(command.run, "__module__", "")
        return COMMAND_MODULES.index(module) if module in COMMAND_MODULES else len(COMMAND_MODULES)

    return sorted(COMMANDS.values(), key=position)
