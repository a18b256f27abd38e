"""Who runs a command, where, and with which permissions."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rights:
    """The caller's permissions where the command runs."""

    administrator: bool = False
    manage_guild: bool = False
    manage_messages: bool = False
    pin_messages: bool = False


EVERY_RIGHT = Rights(administrator=True, manage_guild=True, manage_messages=True, pin_messages=True)


@dataclass(frozen=True)
class Caller:
    """Who runs a command, and where: ids are None in the console and in direct messages."""

    source: str  # "slash", "mention", "reply", "button", "console"…
    user_id: int | None = None
    guild_id: int | None = None
    channel_id: int | None = None
    role_ids: tuple[int, ...] = ()
    rights: Rights = Rights()
    name: str = ""  # as the front end shows the caller (a display name); empty in the console
