"""How reminders reach a channel: send alerts (and how that fails), post, pin and edit a reminder's card."""

from __future__ import annotations

from typing import Protocol

from bot.storage.reminder_records import Alert, Reminder


class TargetGone(Exception):
    """The channel or pinned message a reminder posts to no longer exists (or the bot lost access to it)."""


class ChannelGone(TargetGone):
    pass


class MessageGone(TargetGone):
    pass


class HistoryUnreadable(Exception):
    """The bot may not read the channel's message history, so it cannot tell whether an alert went out."""


class AlertSender(Protocol):
    """What the scheduler needs from Discord (or from the console's simulated channel)."""

    async def send_alert(self, reminder: Reminder, alert: Alert, nonce: str, *, late: bool) -> int:
        """Post the alert (linking the pinned message and the source) with `nonce`; return the message id."""

    async def find_sent(self, reminder: Reminder, alert: Alert) -> int | None:
        """The id of a message already posted for this alert, if the channel shows one; HistoryUnreadable when
        the bot may not read the channel's history (checked with its real permissions)."""

    async def edit_closed(self, reminder: Reminder) -> None:
        """Edit the pinned message to say the deadline has passed."""

    async def unpin(self, reminder: Reminder) -> None:
        """Unpin the reminder's pinned message."""

    async def notify_moderator(self, reminder: Reminder, text: str) -> None:
        """Tell the moderator who made the reminder something went wrong with it."""


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
