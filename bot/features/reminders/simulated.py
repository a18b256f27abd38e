"""An in-memory server for the console (and tests): channels that take posts and pins like Discord's.

It behaves like Discord where reminders depend on it: a message sent with a nonce already used in that channel
within `nonce_window` is not posted twice (Discord's `enforce_nonce`), deleted channels and messages are gone,
and pinning needs the permission.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.features.reminders.gateway import ChannelGone, HistoryUnreadable, MessageGone
from bot.features.reminders.messages import CLOSED, alert_card, alert_marker, pinned_card
from bot.rendering.cards import Card
from bot.rendering.output import card_to_text
from bot.rendering.styles import PLAIN_STYLE, Style
from bot.storage.reminder_records import Alert, Reminder


@dataclass
class SimulatedMessage:
    id: int
    channel_id: int
    card: Card
    content: str = ""
    nonce: str | None = None
    pinned: bool = False
    posted_at: datetime | None = None

    @property
    def text(self) -> str:
        """As the console shows it: the ping, if any, then the card."""
        return f"{self.content}\n{card_to_text(self.card)}" if self.content else card_to_text(self.card)


@dataclass
class SimulatedChannel:
    id: int
    name: str
    can_pin: bool = True
    messages: list[SimulatedMessage] = field(default_factory=list)


class SimulatedServer:
    """One server's channels in memory; implements the scheduler's `AlertSender` and the service's gateway."""

    def __init__(
        self,
        clock: Callable[[], datetime],
        *,
        guild_id: int = 1,
        style: Style = PLAIN_STYLE,
        nonce_window: timedelta = timedelta(minutes=5),
        on_post: Callable[[SimulatedMessage], None] | None = None,
    ) -> None:
        self.clock = clock
        self.guild_id = guild_id
        self.style = style
        self.nonce_window = nonce_window
        self.on_post = on_post
        self.channels: dict[int, SimulatedChannel] = {}
        self.notifications: list[tuple[int, str]] = []  # (moderator id, text) as direct messages
        self.history_visible = True  # False: find_sent cannot look (only the nonce protects, for a while)
        self._ids = itertools.count(1000)

    # -- the simulated world ---------------------------------------------------------------------------------

    def add_channel(self, channel_id: int, name: str, *, can_pin: bool = True) -> SimulatedChannel:
        self.channels[channel_id] = SimulatedChannel(channel_id, name, can_pin)
        return self.channels[channel_id]

    def delete_channel(self, channel_id: int) -> None:
        self.channels.pop(channel_id, None)

    def delete_message(self, message_id: int) -> None:
        for channel in self.channels.values():
            channel.messages = [message for message in channel.messages if message.id != message_id]

    def messages(self, channel_id: int) -> list[SimulatedMessage]:
        return list(self.channels[channel_id].messages)

    def find_channel(self, name_or_id: str) -> SimulatedChannel | None:
        cleaned = name_or_id.strip().lstrip("#")
        for channel in self.channels.values():
            if cleaned in (channel.name, str(channel.id)):
                return channel
        return None

    def _channel(self, channel_id: int) -> SimulatedChannel:
        channel = self.channels.get(channel_id)
        if channel is None:
            raise ChannelGone(f"channel {channel_id} no longer exists")
        return channel

    def _message(self, channel_id: int, message_id: int | None) -> SimulatedMessage:
        for message in self._channel(channel_id).messages:
            if message.id == message_id:
                return message
        raise MessageGone(f"message {message_id} no longer exists")

    def post(self, channel_id: int, card: Card, *, content: str = "", nonce: str | None = None) -> int:
        channel = self._channel(channel_id)
        now = self.clock()
        if nonce is not None:
            for message in channel.messages:
                recent = message.posted_at is not None and now - message.posted_at <= self.nonce_window
                if message.nonce == nonce and recent:
                    return message.id  # de-duplicated, as Discord does with enforce_nonce
        message = SimulatedMessage(next(self._ids), channel_id, card, content, nonce, posted_at=now)
        channel.messages.append(message)
        if self.on_post is not None:
            self.on_post(message)
        return message.id

    # -- gateway used when adding, editing and cancelling ----------------------------------------------------

    async def pin_problem(self, channel_id: int) -> str | None:
        channel = self.channels.get(channel_id)
        if channel is None:
            return f"channel {channel_id} does not exist"
        if not channel.can_pin:
            return f"I lack the Pin Messages permission in #{channel.name}"
        return None

    async def post_pinned(self, reminder: Reminder) -> int:
        message_id = self.post(reminder.channel_id, pinned_card(reminder, self.style))
        self._message(reminder.channel_id, message_id).pinned = True
        return message_id

    async def edit_pinned(self, reminder: Reminder, state: str) -> None:
        message = self._message(reminder.channel_id, reminder.pinned_message_id)
        message.card = pinned_card(reminder, self.style, state=state)

    def channel_label(self, channel_id: int) -> str:
        channel = self.channels.get(channel_id)
        return f"#{channel.name}" if channel else f"#{channel_id}"

    def message_url(self, reminder: Reminder) -> str | None:
        return None  # simulated messages have no links

    # -- AlertSender -----------------------------------------------------------------------------------------

    async def send_alert(self, reminder: Reminder, alert: Alert, nonce: str, *, late: bool) -> int:
        self._message(reminder.channel_id, reminder.pinned_message_id)  # MessageGone if the pin was deleted
        content = f"@role:{reminder.mention_role_id}" if reminder.mention_role_id else ""
        card = alert_card(reminder, alert, self.style, late=late, guild_id=self.guild_id)
        return self.post(reminder.channel_id, card, content=content, nonce=nonce)

    async def find_sent(self, reminder: Reminder, alert: Alert) -> int | None:
        channel = self._channel(reminder.channel_id)
        if not self.history_visible:
            raise HistoryUnreadable(f"I can't read the message history of #{channel.name}")
        marker = alert_marker(reminder.id, alert.id)
        return next((message.id for message in channel.messages if message.card.footer == marker), None)

    async def edit_closed(self, reminder: Reminder) -> None:
        await self.edit_pinned(reminder, CLOSED)

    async def unpin(self, reminder: Reminder) -> None:
        self._message(reminder.channel_id, reminder.pinned_message_id).pinned = False

    async def notify_moderator(self, reminder: Reminder, text: str) -> None:
        self.notifications.append((reminder.created_by, text))
