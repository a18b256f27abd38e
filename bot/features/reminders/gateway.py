"""How the reminder commands reach a channel: post, pin and edit a reminder's card, besides sending its alerts."""

from __future__ import annotations

from typing import Protocol

from bot.features.reminders.scheduler import AlertSender
from bot.storage.reminder_records import Reminder


class ReminderGateway(AlertSender, Protocol):
    """The channel side of reminders: Discord (bot/discord/reminders.py) or the console's simulated server."""

    async def pin_problem(self, channel_id: int) -> str | None:
        """Why the bot cannot post and pin in the channel, or None when it can."""

    async def post_pinned(self, reminder: Reminder) -> int:
        """Post the reminder's card in its channel, pin it, return the message id."""

    async def edit_pinned(self, reminder: Reminder, state: str) -> None:
        """Re-render the pinned card (open, closed, cancelled, disabled)."""

    def channel_label(self, channel_id: int) -> str: ...

    def message_url(self, reminder: Reminder) -> str | None:
        """A link to the pinned message, where messages have links."""
