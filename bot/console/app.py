"""`python -m bot console`: the console front end's composition root, a terminal chat; no token needed.

Type a question (or `/ask <question>`), `/sources`, `/help`, any other command, or `/quit`. Reads until end of
input, so it also works piped: `echo "/ask when is the deadline" | python -m bot console`.

The prompt is shown as soon as the knowledge base is loaded; the database and the command handlers
(`bot.console.session`) open behind it, and a line typed meanwhile waits for them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import threading
from typing import TYPE_CHECKING, Protocol, TextIO

from bot.entry_point import cannot_start
from bot.knowledge import KnowledgeBaseHolder, load_knowledge_base
from bot.settings import Settings
from index.errors import ActionableError

if TYPE_CHECKING:
    from bot.console.dispatch import Console

PROMPT = "> "


class LineHandler(Protocol):
    async def handle(self, line: str) -> bool:
        """Run one line of input; False when the user asked to quit."""
        ...


async def read_line(stdin: TextIO) -> str:
    """The next line of input ('' at its end), read on a daemon thread: a console stopped while it waits for input
    (its database could not be opened) exits at once instead of when the user next presses Enter."""
    loop = asyncio.get_running_loop()
    line: asyncio.Future[str] = loop.create_future()

    def settle(result: str | None, error: BaseException | None) -> None:
        if not line.done():  # nobody waits for a line the chat stopped waiting for
            line.set_exception(error) if error is not None else line.set_result(result or "")

    def read() -> None:
        result, error = None, None
        try:
            result = stdin.readline()
        except Exception as exc:  # an unreadable input ends the chat with its error
            error = exc
        with contextlib.suppress(RuntimeError):  # the loop has closed: the console is gone
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=read, name="console-input", daemon=True).start()
    return await line


async def chat(console: LineHandler, stdin: TextIO, out: TextIO, *, prompt: str = PROMPT) -> None:
    """The read-eval-print loop."""
    while True:
        out.write(prompt)
        out.flush()
        line = await read_line(stdin)
        if not line:  # end of input
            out.write("\n")
            break
        if not await console.handle(line):
            break


class OpeningConsole:
    """The console while its database opens (`opening`): a line typed meanwhile waits for it, then runs."""

    opening: asyncio.Task[Console]

    async def handle(self, line: str) -> bool:
        console = await asyncio.shield(self.opening)  # a line given up on leaves the opening running
        return await console.handle(line)


async def _open_console(
    session: contextlib.AsyncExitStack, settings: Settings, knowledge: KnowledgeBaseHolder, out: TextIO
) -> Console:
    from bot.console.session import console_session

    return await session.enter_async_context(console_session(settings, knowledge, out))


async def _run(settings: Settings, stdin: TextIO, out: TextIO, embedder=None) -> None:
    kb = await asyncio.to_thread(load_knowledge_base, settings, embedder)
    knowledge = KnowledgeBaseHolder(kb, workers=settings.knowledge.answer_workers)
    try:
        async with contextlib.AsyncExitStack() as session:
            console = OpeningConsole()
            # Tasks start in the order they are made: the prompt is shown, then the database starts opening.
            chatting = asyncio.create_task(chat(console, stdin, out), name="console-chat")
            opening = asyncio.create_task(_open_console(session, settings, knowledge, out), name="console-open")
            console.opening = opening
            try:
                await asyncio.wait((chatting, opening), return_when=asyncio.FIRST_EXCEPTION)
                if opening.done() and not opening.cancelled() and opening.exception() is not None:
                    raise opening.exception()  # the database cannot be opened: said at once, not at the next line
                await chatting
                await opening  # input ended before the database was open: close it once it is
            finally:
                for task in (chatting, opening):
                    task.cancel()  # nothing when it has finished
                await asyncio.gather(chatting, opening, return_exceptions=True)
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
