"""The permission bits the fake checks, and Discord's algorithm for a member's permissions in a channel."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_APPLICATION_COMMANDS = 1 << 31
SEND_MESSAGES_IN_THREADS = 1 << 38
PIN_MESSAGES = 1 << 51
ADMINISTRATOR = 1 << 3
ALL = (1 << 53) - 1

# What a member of a fresh guild may do: the usual text-channel permissions, nothing that moderates.
DEFAULT_EVERYONE = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | READ_MESSAGE_HISTORY
    | USE_APPLICATION_COMMANDS
    | SEND_MESSAGES_IN_THREADS
)

# Names tests use with `FakeDiscord.deny_permission`. Since 23 February 2026 pinning needs PIN_MESSAGES and
# MANAGE_MESSAGES alone no longer grants it; "pin" denies both, so a bot checking either sees the refusal.
NAMED = {
    "view": VIEW_CHANNEL,
    "send": SEND_MESSAGES,
    "embed": EMBED_LINKS,
    "pin": PIN_MESSAGES | MANAGE_MESSAGES,
    "manage_messages": MANAGE_MESSAGES,
    "mention_everyone": MENTION_EVERYONE,
}


def named_permission(name: str) -> int:
    try:
        return NAMED[name]
    except KeyError:
        raise ValueError(f"unknown permission name {name!r}; known: {', '.join(sorted(NAMED))}") from None


@dataclass
class Overwrite:
    """A channel permission overwrite for a role (type 0) or a member (type 1)."""

    target_id: int
    type: int
    allow: int = 0
    deny: int = 0

    def to_payload(self) -> dict:
        return {
            "id": str(self.target_id),
            "type": self.type,
            "allow": str(self.allow),
            "deny": str(self.deny),
        }


def base_permissions(
    guild_id: int,
    owner_id: int,
    member_id: int,
    role_permissions: dict[int, int],
    member_roles: Iterable[int],
) -> int:
    """Guild-level permissions: @everyone (the role whose id is the guild's) plus the member's roles."""
    if member_id == owner_id:
        return ALL
    permissions = role_permissions.get(guild_id, 0)
    for role_id in member_roles:
        permissions |= role_permissions.get(role_id, 0)
    return ALL if permissions & ADMINISTRATOR else permissions


def channel_permissions(
    base: int, guild_id: int, member_id: int, member_roles: Iterable[int], overwrites: Iterable[Overwrite]
) -> int:
    """Apply overwrites in Discord's order: @everyone, then the member's roles together, then the member."""
    if base & ADMINISTRATOR:
        return ALL
    by_target = {(o.type, o.target_id): o for o in overwrites}
    permissions = base
    everyone = by_target.get((0, guild_id))
    if everyone:
        permissions = (permissions & ~everyone.deny) | everyone.allow
    allow = deny = 0
    for role_id in member_roles:
        role_overwrite = by_target.get((0, role_id))
        if role_overwrite:
            allow |= role_overwrite.allow
            deny |= role_overwrite.deny
    permissions = (permissions & ~deny) | allow
    member = by_target.get((1, member_id))
    if member:
        permissions = (permissions & ~member.deny) | member.allow
    return permissions
