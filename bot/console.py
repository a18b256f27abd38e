"""`python -m bot console`: a terminal chat through the same command handlers as Discord, no token needed.

Type a question (or `/ask <question>`), `/sources`, `/help`, any other registered command, or `/quit`. Reads
until end of input, so it also works piped: `echo "/ask when is the deadline" | python -m bot console`.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path
from typing import TextIO

from bot.command_layer import CommandContext, Reply, Services, load_command_modules, ordered_commands
from bot.cooldown import Cooldown
from bot.database import Database, DatabaseError
from bot.feedback_store import Asker, FeedbackStore
from bot.handlers import handle_ask
from bot.knowledge import KnowledgeBaseHolder, load_knowledge_base
from bot.reminders.console_setup import console_reminders
from bot.rendering import PLAIN_STYLE, card_to_text
from bot.settings import Settings
from index.embedding import EmbeddingModelError
from index.errors import IndexError_

PROMPT = "> "
QUIT_COMMANDS = {"quit", "exit"}


class ConsoleResponder:
    """Prints replies as plain text: the card's title, answer, numbered citations and footer."""

    style = PLAIN_STYLE

    def __init__(self, out: TextIO, picture_dir: Path | None = None) -> None:
        self.out = out
        self.picture_dir = picture_dir

    async def acknowledge(self, *, private: bool) -> None:
        return None

    async def send(self, reply: Reply) -> None:
        parts = [reply.text] if reply.text else []
        if reply.card is not None:
            parts.append(card_to_text(reply.card))
        if reply.image is not None and self.picture_dir is not None:
            # A terminal shows no pictures: save it where the user can open it.
            self.picture_dir.mkdir(parents=True, exist_ok=True)
            path = self.picture_dir / reply.image.filename
            path.write_bytes(reply.image.data)
            parts.append(f"(picture saved to {path})")
        self.out.write("\n\n".join(parts) + "\n\n")
        self.out.flush()


async def dispatch(line: str, ctx: CommandContext) -> bool:
    """Run one line of input; False when the user asked to quit."""
    line = line.strip()
    if not line:
        return True
    if not line.startswith("/"):
        await handle_ask(ctx, line)
        return True
    name, _, argument = line[1:].partition(" ")
    name = name.lower()
    if name in QUIT_COMMANDS:
        return False
    command = load_command_modules().get(name)
    if command is None:
        known = ", ".join(f"/{c.name}" for c in ordered_commands())
        await ctx.responder.send(Reply(text=f"Unknown command /{name}. Commands: {known}, /quit."))
        return True
    await command.run(ctx, argument.strip())
    return True


async def chat(services: Services, stdin: TextIO, out: TextIO, *, prompt: str = PROMPT) -> None:
    """The read-eval-print loop; the console user is the local maintainer."""
    ctx = CommandContext(
        services=services,
        responder=ConsoleResponder(out, picture_dir=services.settings.database_path.parent / "pictures"),
        asker=Asker(source="console"),
        is_maintainer=True,
    )
    loop = asyncio.get_running_loop()
    while True:
        out.write(prompt)
        out.flush()
        line = await loop.run_in_executor(None, stdin.readline)
        if not line:  # end of input
            out.write("\n")
            break
        if not await dispatch(line, ctx):
            break


async def _run(settings: Settings, stdin: TextIO, out: TextIO, embedder=None) -> None:
    kb = await asyncio.to_thread(load_knowledge_base, settings, embedder)
    knowledge = KnowledgeBaseHolder(kb, workers=settings.answer_workers)
    try:
        async with Database(settings.database_path) as database:
            services = Services(
                settings=settings,
                knowledge=knowledge,
                feedback=FeedbackStore(database),
                # One person at a keyboard (or a pipe) is not a flood: no cooldown.
                cooldown=Cooldown(1, 0.0),
            )
            # Reminders post to a simulated server whose channels print here; they last for the session.
            async with console_reminders(settings, knowledge, out) as reminders:
                services.reminders = reminders
                await chat(services, stdin, out)
    finally:
        knowledge.close()


def run_console(settings: Settings, *, stdin: TextIO | None = None, out: TextIO | None = None, embedder=None) -> int:
    """Chat until end of input or /quit; `embedder` reuses an already loaded model (tests)."""
    # Our own progress lines (such as building the index) on stderr; libraries only when something is wrong.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("bot").setLevel(settings.log_level.upper())
    out = out or sys.stdout
    out.write("ILRS / Chang'e-8 proposal bot: type a question, /help for commands, /quit to leave.\n")
    out.flush()
    try:
        asyncio.run(_run(settings, stdin or sys.stdin, out, embedder))
    except (IndexError_, EmbeddingModelError, DatabaseError) as exc:
        print(f"Cannot start: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        out.write("\n")
    return 0
