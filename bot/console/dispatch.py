"""The console front end generated from the declarations: `/name [subcommand] option:value …` runs a command;
an action that needs confirmation waits for `/name confirm` (or `/name abort`)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import replace

from bot.commands.registry import DECLARATIONS
from bot.commands.spec import (
    EVERY_RIGHT,
    Caller,
    Command,
    Confirmation,
    Context,
    Declaration,
    Group,
    Reply,
    Responder,
    UserError,
    describe,
    execute,
    notice,
    settle,
)
from bot.console.options import parse_options, usage
from bot.services import Services

log = logging.getLogger(__name__)

QUIT_COMMANDS = ("quit", "exit")
FAILURE = "Sorry, that command failed; it has been logged."
LOCAL_USER = Caller(source="console", rights=EVERY_RIGHT)  # the person at the keyboard runs the bot


def _no_channels(name: str) -> int:
    raise UserError("This console session has no channels.")


def _confirms(declaration: Declaration) -> bool:
    """Whether the command (or one in the group) waits for `/name confirm`."""
    if isinstance(declaration, Command):
        return declaration.confirms
    return any(c.confirms for c in declaration.commands)


class Console:
    def __init__(
        self,
        services: Services,
        responder: Responder,
        *,
        declarations: Iterable[Declaration] = DECLARATIONS,
        caller: Caller = LOCAL_USER,
        channel_id: Callable[[str], int] = _no_channels,  # a channel's id from its typed name
    ) -> None:
        self.services = services
        self.responder = responder
        self.caller = caller
        self.channel_id = channel_id
        self.table: dict[str, Declaration] = {}
        for declaration in declarations:  # the console has no messages to run actions on
            if isinstance(declaration, Group):
                commands = tuple(c.on("console") for c in declaration.commands if "console" in c.front_ends)
                self.table[declaration.name] = replace(declaration, commands=commands)
            elif isinstance(declaration, Command) and "console" in declaration.front_ends:
                self.table[declaration.name] = declaration.on("console")
        self.pending: tuple[str, Confirmation] | None = None

    def help_entries(self) -> list[tuple[str, str]]:
        entries = []
        for name, declaration in self.table.items():
            if isinstance(declaration, Command):
                entries.append((usage(name, declaration), describe(declaration)))
            else:
                entries += [(usage(f"{name} {c.name}", c), describe(c)) for c in declaration.commands]
            if _confirms(declaration):
                entries.append((f"/{name} confirm", f"Carry out what the last /{name} command showed."))
                entries.append((f"/{name} abort", "Discard it; nothing is changed."))
        entries.append(("/quit", "Leave (end of input does too)."))
        return entries

    async def handle(self, line: str) -> bool:
        """Run one line of input; False when the user asked to quit."""
        line = line.strip()
        if not line:
            return True
        if not line.startswith("/"):
            await self.run("ask", self.table["ask"], line)  # a plain line is a question
            return True
        name, _, rest = line[1:].partition(" ")
        name = name.lower()
        if name in QUIT_COMMANDS:
            return False
        declaration = self.table.get(name)
        if declaration is None:
            known = ", ".join(f"/{known}" for known in [*self.table, "quit"])
            await self.responder.send(Reply(text=f"Unknown command /{name}. Commands: {known}."))
        elif isinstance(declaration, Command):
            word = rest.strip().lower()
            if word in ("confirm", "abort") and declaration.confirms:
                await self._settle(name, confirm=word == "confirm")
            else:
                await self.run(name, declaration, rest)
        else:
            await self._subcommand(declaration, rest.strip())
        return True

    async def _subcommand(self, group: Group, text: str) -> None:
        word, _, rest = text.partition(" ")
        word = word.lower()
        if word in ("confirm", "abort") and _confirms(group):
            await self._settle(group.name, confirm=word == "confirm")
            return
        command = next((c for c in group.commands if c.name == word), None)
        if command is None and group.default and (":" in word or "=" in word):
            command, rest = next(c for c in group.commands if c.name == group.default), text
        if command is None:
            usages = " | ".join(usage(f"{group.name} {c.name}", c) for c in group.commands)
            await self.responder.send(notice(f"Usage: {usages}"))
            return
        await self.run(group.name, command, rest, path=f"{group.name} {command.name}")

    async def run(self, root: str, command: Command, text: str, *, path: str | None = None) -> None:
        ctx = Context(self.services, self.caller, self.responder, self)
        try:
            result = await execute(command, ctx, lambda: parse_options(command, path or root, text, self.channel_id))
        except Exception:
            log.exception("/%s failed", path or root)
            result = notice(FAILURE)
        if isinstance(result, Confirmation):
            self.pending = (root, result)
            hint = f"Type /{root} confirm to {result.action}, /{root} abort not to."
            result = notice(f"{result.preview}\n{hint}")
        if result is not None:
            await self.responder.send(result)

    async def _settle(self, root: str, *, confirm: bool) -> None:
        pending = self.pending[1] if self.pending and self.pending[0] == root else None
        if pending is not None:
            self.pending = None
        if not confirm:
            outcome = "Discarded; nothing was changed."
        elif pending is None:
            outcome = "Nothing is waiting for confirmation."
        else:
            outcome = await settle(pending, self.responder.style)
        await self.responder.send(notice(outcome))
