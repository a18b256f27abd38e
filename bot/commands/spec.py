"""Command declarations: each command's name, options, who may run it and its handler, declared once.

The Discord front end (bot/discord/app_commands.py) and the console (bot/console/dispatch.py) are generated from
these. A handler is front-end agnostic: `async def run(ctx: Context, **options) -> Reply | Confirmation | None`,
with the options already parsed to their kind (a channel is its id, a role a `RoleRef`). Input the user can fix
is raised as `UserError` and shown to them privately; nothing is changed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal, Protocol

from bot.commands.caller import EVERY_RIGHT, Caller, Rights  # noqa: F401 - re-exported for handlers
from bot.commands.errors import UserError
from bot.rendering.cards import Card
from bot.rendering.styles import Style

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

Kind = Literal["text", "integer", "boolean", "channel", "role"]
FrontEndName = Literal["discord", "console"]
EVERYWHERE: frozenset[FrontEndName] = frozenset({"discord", "console"})


@dataclass(frozen=True)
class Choice:
    name: str  # what the user sees
    value: str | int

    @classmethod
    def numbered(cls, entries: Iterable[tuple[int, str]], typed: str) -> list[Choice]:
        """Suggestions for a numbered entry (a reminder, a taught answer): `#id text` where it holds what was typed."""
        needle = typed.strip().lstrip("#").casefold()
        labelled = ((f"#{number} {text}", number) for number, text in entries)
        return [cls(label, number) for label, number in labelled if needle in label.casefold()]


@dataclass(frozen=True)
class Option:
    name: str
    description: str
    kind: Kind = "text"
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    min_value: int | None = None
    max_value: int | None = None
    max_length: int | None = None
    # Suggestions while typing (Discord's autocomplete); the handler must accept any typed value too.
    autocomplete: Callable[[Context, str], Awaitable[Sequence[Choice]]] | None = None
    front_ends: frozenset[FrontEndName] = EVERYWHERE


@dataclass(frozen=True)
class Access:
    """Who may run a command, checked every time it runs (so a role change applies at once)."""

    check: Callable[[Context], Awaitable[str | None]]  # the refusal to show, or None when allowed
    who: str  # for /help, e.g. "maintainers only"


@dataclass(frozen=True)
class Command:
    name: str
    description: str  # one line, at most 100 characters (Discord's limit)
    run: Callable[..., Awaitable[Reply | Confirmation | None]]
    options: tuple[Option, ...] = ()
    access: Access | None = None
    confirms: bool = False  # returns a Confirmation: nothing changes until the user confirms
    details: str = ""  # what /help adds to the description
    guild_only: bool = False
    front_ends: frozenset[FrontEndName] = EVERYWHERE

    def on(self, front_end: FrontEndName) -> Command:
        """The command as `front_end` offers it, with only the options it has there."""
        return replace(self, options=tuple(option for option in self.options if front_end in option.front_ends))


@dataclass(frozen=True)
class Group:
    """Subcommands under one name (`/remind add`, `/remind list`…)."""

    name: str
    description: str
    commands: tuple[Command, ...]
    guild_only: bool = False
    # Discord shows the group only to members with these permissions (e.g. "manage_messages"); the run-time check
    # is each command's `access`.
    shown_to: tuple[str, ...] = ()
    # The console runs this subcommand when options follow the group's name directly (`/teach question:…`).
    default: str | None = None


@dataclass(frozen=True)
class MessageRef:
    """A message a `MessageAction` runs on."""

    id: int
    channel_id: int
    guild_id: int | None
    author_id: int
    content: str
    url: str
    replied_to: str | None = None  # the text of the message it replies to, when it is a reply


@dataclass(frozen=True)
class MessageAction:
    """A command run on a message: on Discord, in the message's Apps menu (the console has no messages)."""

    name: str  # as the menu shows it, e.g. "Add to knowledge base"
    description: str  # for /help
    run: Callable[[Context, MessageRef], Awaitable[Reply | Confirmation | Prompt | None]]  # run(ctx, message=…)
    access: Access | None = None
    confirms: bool = False
    details: str = ""
    guild_only: bool = False


Declaration = Command | Group | MessageAction


@dataclass(frozen=True)
class Attachment:
    filename: str  # e.g. "timeline.png"; a picture (.png) is shown inside the reply's card
    data: bytes


@dataclass(frozen=True)
class Reply:
    """One message back to the user: a card (embed), a short text, or both."""

    card: Card | None = None
    text: str = ""
    private: bool = False  # only the user sees it (ephemeral on Discord)
    feedback_id: int | None = None  # logged question id: the reply gets 👍/👎 buttons
    file: Attachment | None = None  # Discord: attached to the message; console: saved, and its path shown


def notice(text: str) -> Reply:
    """A short private message."""
    return Reply(text=text, private=True)


@dataclass(frozen=True)
class Confirmation:
    """An action shown to the user first; `apply` runs only once they confirm (and returns the outcome)."""

    preview: str
    action: str  # what confirming does, e.g. "save it"
    apply: Callable[[], Awaitable[str]]


@dataclass(frozen=True)
class Prompt:
    """One line of text asked of the user first (Discord: a form); `then` runs with what they typed."""

    title: str  # the form's title
    label: str  # the field's label
    max_length: int
    then: Callable[[str], Awaitable[Reply | Confirmation]]


@dataclass(frozen=True)
class RoleRef:
    id: int
    assignable: bool = True  # False for @everyone and roles managed by an integration


class Responder(Protocol):
    """Where replies go: a Discord interaction, a Discord message, or the terminal."""

    style: Style

    async def acknowledge(self, *, private: bool) -> None:
        """Tell the user the answer is coming (Discord: defer within its 3-second window)."""

    async def send(self, reply: Reply) -> None: ...


class FrontEnd(Protocol):
    def help_entries(self) -> list[tuple[str, str]]:
        """(usage, description) for every command this front end offers, in order."""


@dataclass
class Context:
    services: Services
    caller: Caller
    responder: Responder
    front_end: FrontEnd

    @property
    def style(self) -> Style:
        return self.responder.style

    async def acknowledge(self, *, private: bool) -> None:
        await self.responder.acknowledge(private=private)


async def execute(
    command: Command | MessageAction, ctx: Context, options: Callable[[], dict[str, Any]]
) -> Reply | Confirmation | Prompt | None:
    """Check who may run the command, then read its options and run it; a refusal, or input the user can fix,
    comes back as a private notice."""
    try:
        if command.access is not None and (refusal := await command.access.check(ctx)):
            return notice(refusal)
        return await command.run(ctx, **options())
    except UserError as error:
        return notice(ctx.style.escape(str(error)))  # it may quote what the user typed


async def settle(confirmation: Confirmation, style: Style) -> str:
    """Carry out a confirmed action: its outcome, the user's fixable error, or (logged) that it failed."""
    try:
        return await confirmation.apply()
    except UserError as error:
        return style.escape(str(error))  # it may quote what the user typed
    except Exception:
        log.exception("a confirmed action failed")
        return "Sorry, that failed; it has been logged. Check the current state before trying again."


def option_usage(name: str, label: str, required: bool, choices: Sequence[str] = (), flag: bool = False) -> str:
    """`name:<text>` for a required option, `[name:<text>]` for an optional one; `[name:True]` for a flag."""
    if choices:
        shown = f"{name}:{'|'.join(choices)}"
    elif flag and not required:
        shown = f"{name}:True"
    else:
        shown = f"{name}:<{label}>"
    return shown if required else f"[{shown}]"


def describe(command: Command | MessageAction) -> str:
    """The /help text of a command: its description, details, and who may use it."""
    text = command.description.rstrip(".") + "."
    if command.details:
        text += " " + command.details
    if command.access is not None:
        text += f" ({command.access.who})"
    return text
