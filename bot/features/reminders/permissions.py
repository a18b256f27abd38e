"""Who may manage reminders, and whether the bot itself can post and pin in a channel."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

MODERATOR_REFUSAL = (
    "Only moderators can manage reminders: you need the Manage Messages or Pin Messages permission here, "
    "or a moderator role configured for reminders."
)

# What the bot needs in the target channel, with the names Discord shows in its settings.
_BOT_NEEDS = (
    ("view_channel", "View Channel"),
    ("send_messages", "Send Messages"),
    ("embed_links", "Embed Links"),
    ("read_message_history", "Read Message History"),
)


class PermissionFlags(Protocol):
    """The flags read here; discord.Permissions has them all."""

    manage_messages: bool
    pin_messages: bool
    view_channel: bool
    send_messages: bool
    embed_links: bool
    read_message_history: bool


def is_moderator(permissions: PermissionFlags, role_ids: Iterable[int], moderator_role_ids: Iterable[int]) -> bool:
    """Manage Messages or Pin Messages in the channel, or one of the configured moderator roles."""
    if permissions.manage_messages or getattr(permissions, "pin_messages", False):
        return True
    return bool(set(role_ids) & set(moderator_role_ids))


def missing_bot_permissions(permissions: PermissionFlags) -> list[str]:
    """Names of the permissions the bot lacks to post a reminder and pin it; empty when it has them all."""
    missing = [label for flag, label in _BOT_NEEDS if not getattr(permissions, flag, False)]
    # Discord split pinning out of Manage Messages: since February 2026 only Pin Messages lets a bot pin.
    if not getattr(permissions, "pin_messages", False):
        missing.append("Pin Messages")
    return missing


def pin_problem_text(channel_label: str, missing: list[str]) -> str | None:
    if not missing:
        return None
    return (
        f"I can't post and pin the reminder in {channel_label}: I lack {', '.join(missing)} there. "
        "Ask an admin to grant it, or choose another channel."
    )
