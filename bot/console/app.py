"""`python -m bot console`: the console front end's composition root, a terminal chat; no token needed.

Type a question (or `/ask <question>`), `/sources`, `/help`, any other command, or `/quit`. Reads until end of
input, so it also works piped: `echo "/ask when is the deadline" | python -m bot console`.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import TextIO

from bot.commands.spec import EVERY_RIGHT, Caller
from bot.console.dispatch import Console
from bot.console.reminders import channel_finder, simulated_reminders
from bot.console.responder import ConsoleResponder
from bot.entry_point import cannot_start
from bot.features.ask.cooldown import Cooldown
from bot.features.privacy.service import PrivacyService
from bot.knowledge import KnowledgeBaseHolder, load_knowledge_base
from bot.services import Services
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.questions import QuestionLog
from bot.storage.taught_answers import TaughtAnswers
from index.errors import ActionableError

PROMPT = "> "


async def chat(console: Console, stdin: TextIO, out: TextIO, *, prompt: str = PROMPT) -> None:
    """The read-eval-print loop."""
    loop = asyncio.get_running_loop()
    while True:
        out.write(prompt)
        out.flush()
        line = await loop.run_in_executor(None, stdin.readline)
        if not line:  # end of input
            out.write("\n")
            break
        if not await console.handle(line):
            break


async def _run(settings: Settings, stdin: TextIO, out: TextIO, embedder=None) -> None:
    kb = await asyncio.to_thread(load_knowledge_base, settings, embedder)
    knowledge = KnowledgeBaseHolder(kb, workers=settings.knowledge.answer_workers)
    database_path = settings.storage.database_path
    try:
        async with Database(settings.storage.url) as database:
            # One person at a keyboard (or a pipe) is not a flood: no cooldown.
            services = Services(
                settings, knowledge, QuestionLog(database), Cooldown(1, 0.0), taught=TaughtAnswers(database)
            )
            services.privacy = PrivacyService.over(database, settings.privacy)
            async with services.privacy.scheduled(), simulated_reminders(services, out) as server:
                console = Console(
                    services,
                    ConsoleResponder(out, files_dir=database_path.parent / "console-files"),
                    caller=Caller(source="console", guild_id=server.guild_id, rights=EVERY_RIGHT),
                    channel_id=channel_finder(server),
                )
                await chat(console, stdin, out)
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
    except ActionableError as exc:  # the index, the model, the database
        return cannot_start(exc)
    except KeyboardInterrupt:
        out.write("\n")
    return 0
