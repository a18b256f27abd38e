"""The fake's Discord state (one guild: channels, roles, members, messages, commands) and its payloads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from . import permissions as perms
from .ids import SnowflakeFactory
from .permissions import Overwrite

TEXT_CHANNEL, PUBLIC_THREAD, FORUM_CHANNEL = 0, 11, 15
DEFAULT_MESSAGE, CHANNEL_PINNED_MESSAGE, REPLY, CHAT_INPUT_COMMAND = 0, 6, 19, 20
EPHEMERAL, LOADING = 1 << 6, 1 << 7
USER_MENTION = re.compile(r"<@!?(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")


def iso_now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass
class User:
    id: int
    username: str
    bot: bool = False

    def to_payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "global_name": None if self.bot else self.username.title(),
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
            "flags": 0,
        }


@dataclass
class Role:
    id: int
    name: str
    permissions: int
    position: int = 0
    managed: bool = False

    def to_payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "color": 0,
            "colors": {"primary_color": 0},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": self.managed,
            "mentionable": False,
            "flags": 0,
        }


@dataclass
class Member:
    user: User
    roles: list[int] = field(default_factory=list)
    joined_at: str = field(default_factory=iso_now)

    def to_payload(self, *, with_user: bool = True, permissions: int | None = None) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "roles": [str(r) for r in self.roles],
            "nick": None,
            "avatar": None,
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if with_user:
            payload["user"] = self.user.to_payload()
        if permissions is not None:
            payload["permissions"] = str(permissions)
        return payload


@dataclass
class Channel:
    id: int
    name: str
    position: int
    overwrites: list[Overwrite] = field(default_factory=list)
    message_ids: list[int] = field(default_factory=list)
    pinned_ids: list[int] = field(default_factory=list)
    last_message_id: int | None = None
    recent_nonces: dict[str, tuple[int, float]] = field(default_factory=dict)  # nonce -> (message id, when)
    guild_id: int | None = None  # another server of the bot's (World.add_guild); None: the main one
    kind: int = TEXT_CHANNEL  # or FORUM_CHANNEL, or PUBLIC_THREAD (a forum post)
    parent_id: int | None = None  # a thread's forum
    owner_id: int | None = None  # who opened the thread
    available_tags: list[dict[str, Any]] = field(default_factory=list)  # a forum's tags
    applied_tags: list[int] = field(default_factory=list)  # a forum post's tags

    def to_payload(self, guild_id: int) -> dict[str, Any]:
        payload = {
            "id": str(self.id),
            "type": self.kind,
            "guild_id": str(guild_id),
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [o.to_payload() for o in self.overwrites],
            "topic": None,
            "nsfw": False,
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "rate_limit_per_user": 0,
            "last_message_id": str(self.last_message_id) if self.last_message_id else None,
            "flags": 0,
        }
        if self.kind == FORUM_CHANNEL:
            payload |= {
                "available_tags": self.available_tags,
                "default_reaction_emoji": None,
                "default_sort_order": None,
                "default_forum_layout": 0,
                "default_thread_rate_limit_per_user": 0,
            }
        elif self.kind == PUBLIC_THREAD:
            payload |= {
                "owner_id": str(self.owner_id),
                "applied_tags": [str(tag) for tag in self.applied_tags],
                "message_count": len(self.message_ids),
                "member_count": 1,
                "thread_metadata": {
                    "archived": False,
                    "auto_archive_duration": 1440,
                    "archive_timestamp": iso_now(),
                    "locked": False,
                },
            }
            del payload["permission_overwrites"], payload["position"]
        return payload


@dataclass
class Interaction:
    """An interaction the fake dispatched (slash command or button click) and what the bot did with it."""

    id: int
    token: str
    application_id: int
    channel_id: int
    user_id: int
    command_name: str
    dispatched_at: float
    acknowledged_at: float | None = None
    response_type: int | None = None
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)
    ephemeral: bool = False
    type: int = 2  # APPLICATION_COMMAND; 3 is MESSAGE_COMPONENT
    source_message_id: int | None = None  # the message whose button was clicked
    edits: int = 0  # edits of the source message through this interaction


class World:
    """One guild as Discord would describe it to a bot, with a few named users and channels tests refer to."""

    def __init__(
        self, ids: SnowflakeFactory, *, channels: tuple[str, ...], users: tuple[str, ...], bot_name: str
    ) -> None:
        self.ids = ids
        self.guild_id = ids.next()
        self.application_id = ids.next()
        self.bot_user = User(self.application_id, bot_name, bot=True)  # a bot's user id is its application's id
        self.owner = User(ids.next(), "guild-owner")
        self.users: dict[int, User] = {u.id: u for u in (self.bot_user, self.owner)}
        everyone = Role(self.guild_id, "@everyone", perms.DEFAULT_EVERYONE)
        moderators = Role(
            ids.next(),
            "Moderators",
            perms.DEFAULT_EVERYONE | perms.MANAGE_MESSAGES | perms.PIN_MESSAGES | perms.MENTION_EVERYONE,
            position=1,
        )
        bot_role = Role(ids.next(), bot_name, perms.DEFAULT_EVERYONE | perms.PIN_MESSAGES, position=2, managed=True)
        self.roles: dict[int, Role] = {r.id: r for r in (everyone, moderators, bot_role)}
        self.moderator_role_id = moderators.id
        self.members: dict[int, Member] = {
            self.bot_user.id: Member(self.bot_user, [bot_role.id]),
            self.owner.id: Member(self.owner),
        }
        for name in users:
            user = User(ids.next(), name)
            self.users[user.id] = user
            roles = [moderators.id] if name.startswith("mod") else []
            self.members[user.id] = Member(user, roles)
        self.channels: dict[int, Channel] = {}
        for position, name in enumerate(channels):
            channel = Channel(ids.next(), name, position)
            self.channels[channel.id] = channel
        self.messages: dict[int, dict[str, Any]] = {}
        self.extra_guilds: dict[int, str] = {}  # more servers the bot is in (id -> name), for sharding
        self.commands: dict[int, dict[str, Any]] = {}  # global and guild commands, by id
        self.interactions: dict[str, Interaction] = {}  # by token
        self.interactions_by_id: dict[int, Interaction] = {}

    # -- lookups by name or id ---
    def user(self, ref: str | int | User) -> User:
        if isinstance(ref, User):
            return ref
        for user in self.users.values():
            if ref in (user.id, user.username, str(user.id)):
                return user
        raise KeyError(f"no user {ref!r}; known: {[u.username for u in self.users.values()]}")

    def channel(self, ref: str | int | Channel) -> Channel:
        if isinstance(ref, Channel):
            return ref
        for channel in self.channels.values():
            if ref in (channel.id, channel.name, str(channel.id)):
                return channel
        raise KeyError(f"no channel {ref!r}; known: {[c.name for c in self.channels.values()]}")

    def find_channel(self, channel_id: int) -> Channel | None:
        return self.channels.get(channel_id)

    # -- more servers, for sharded bots ---
    def add_guild(self, name: str, channel_name: str = "general") -> tuple[int, int]:
        """Another server with the main one's roles and members and one text channel; (guild id, channel id).

        Each new server's id is a millisecond apart from the last, so `(id >> 22) % shard_count` spreads them
        over the shards as Discord's ids do.
        """
        guild_id = self.ids.next() + ((len(self.extra_guilds) + 1) << 22)
        self.extra_guilds[guild_id] = name
        channel = Channel(self.ids.next(), channel_name, 0, guild_id=guild_id)
        self.channels[channel.id] = channel
        return guild_id, channel.id

    def add_forum(self, name: str, tags: tuple[str, ...] = ()) -> Channel:
        """A forum channel in the main server with these tags."""
        forum = Channel(self.ids.next(), name, len(self.channels), kind=FORUM_CHANNEL)
        forum.available_tags = [
            {"id": str(self.ids.next()), "name": tag, "moderated": False, "emoji_id": None, "emoji_name": None}
            for tag in tags
        ]
        self.channels[forum.id] = forum
        return forum

    def add_thread(self, forum: Channel, title: str, owner: User) -> Channel:
        thread = Channel(self.ids.next(), title, 0, kind=PUBLIC_THREAD, parent_id=forum.id, owner_id=owner.id)
        self.channels[thread.id] = thread
        return thread

    def guild_ids(self) -> list[int]:
        return [self.guild_id, *self.extra_guilds]

    def guild_of(self, channel: Channel) -> int:
        return channel.guild_id or self.guild_id

    # -- permissions ---
    def permissions_in(self, user_id: int, channel_id: int) -> int:
        member = self.members[user_id]
        role_permissions = {r.id: r.permissions for r in self.roles.values()}
        base = perms.base_permissions(self.guild_id, self.owner.id, user_id, role_permissions, member.roles)
        channel = self.channels[channel_id]
        if channel.kind == PUBLIC_THREAD:
            channel = self.channels[channel.parent_id]  # a thread has its parent's permissions
        return perms.channel_permissions(base, self.guild_id, user_id, member.roles, channel.overwrites)

    def deny(self, channel_id: int, user_id: int, bits: int) -> None:
        channel = self.channels[channel_id]
        for overwrite in channel.overwrites:
            if overwrite.type == 1 and overwrite.target_id == user_id:
                overwrite.deny |= bits
                overwrite.allow &= ~bits
                return
        channel.overwrites.append(Overwrite(user_id, 1, deny=bits))

    # -- payloads ---
    def guild_payload(self, guild_id: int | None = None) -> dict[str, Any]:
        guild_id = guild_id or self.guild_id
        roles = [r.to_payload() for r in self.roles.values()]
        for role in roles:  # @everyone's id is its server's id
            if role["id"] == str(self.guild_id):
                role["id"] = str(guild_id)
        return {
            "id": str(guild_id),
            "name": self.extra_guilds.get(guild_id, "ILRS test guild"),
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "owner_id": str(self.owner.id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "roles": roles,
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "application_id": None,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "vanity_url_code": None,
            "description": None,
            "banner": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "public_updates_channel_id": None,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "safety_alerts_channel_id": None,
            "max_members": 500000,
            "max_video_channel_users": 25,
            # GUILD_CREATE extras
            "joined_at": iso_now(),
            "large": False,
            "unavailable": False,
            "member_count": len(self.members),
            "members": [m.to_payload() for m in self.members.values()],
            "channels": [
                c.to_payload(guild_id)
                for c in self.channels.values()
                if self.guild_of(c) == guild_id and c.kind != PUBLIC_THREAD
            ],
            "threads": [
                c.to_payload(guild_id)
                for c in self.channels.values()
                if self.guild_of(c) == guild_id and c.kind == PUBLIC_THREAD
            ],
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "lazy": True,
        }

    def application_payload(self) -> dict[str, Any]:
        return {
            "id": str(self.application_id),
            "name": self.bot_user.username,
            "icon": None,
            "description": "Answers questions about the ILRS proposal",
            "rpc_origins": [],
            "bot_public": False,
            "bot_require_code_grant": False,
            "bot": self.bot_user.to_payload(),
            "terms_of_service_url": None,
            "privacy_policy_url": None,
            "owner": self.owner.to_payload(),
            "verify_key": "0" * 64,
            "team": None,
            "guild_id": None,
            "flags": (1 << 19) | (1 << 15),  # GATEWAY_MESSAGE_CONTENT_LIMITED, GATEWAY_GUILD_MEMBERS_LIMITED
            "interactions_endpoint_url": None,
            "approximate_guild_count": 1,
            "tags": [],
            "redirect_uris": [],
            "install_params": None,
            "integration_types_config": {"0": {}},
        }

    def user_mentions(
        self, content: str, allowed: dict[str, Any] | None, author_id: int, channel_id: int
    ) -> tuple[list[User], bool]:
        """Who a message really pings: mentions in the content, filtered by allowed_mentions."""
        parse = {"users", "roles", "everyone"} if allowed is None else set(allowed.get("parse", []))
        allowed_ids = {int(x) for x in (allowed or {}).get("users", [])}
        mentioned: list[User] = []
        for match in USER_MENTION.finditer(content or ""):
            user_id = int(match.group(1))
            if user_id in self.users and ("users" in parse or user_id in allowed_ids):
                user = self.users[user_id]
                if user not in mentioned:
                    mentioned.append(user)
        everyone = (
            "everyone" in parse
            and ("@everyone" in (content or "") or "@here" in (content or ""))
            and bool(self.permissions_in(author_id, channel_id) & perms.MENTION_EVERYONE)
        )
        return mentioned, everyone

    def make_message(
        self,
        channel_id: int,
        author: User,
        payload: dict[str, Any],
        *,
        message_type: int = DEFAULT_MESSAGE,
        interaction: Interaction | None = None,
        flags: int = 0,
    ) -> dict[str, Any]:
        """A message object as Discord returns it, built from a (validated) create payload."""
        content = payload.get("content") or ""
        mentions, everyone = self.user_mentions(content, payload.get("allowed_mentions"), author.id, channel_id)
        message_id = self.ids.next()
        message: dict[str, Any] = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "guild_id": str(self.guild_id),
            "author": author.to_payload(),
            "content": content,
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "tts": bool(payload.get("tts", False)),
            "mention_everyone": everyone,
            "mentions": [self._mention_payload(u) for u in mentions],
            "mention_roles": [m for m in ROLE_MENTION.findall(content)],
            "attachments": [],
            "embeds": _with_embed_types(payload.get("embeds") or []),
            "reactions": [],
            "pinned": False,
            "type": message_type,
            "flags": (payload.get("flags") or 0) | flags,
            "components": payload.get("components") or [],
            "allowed_mentions": payload.get("allowed_mentions"),
        }
        if author.id in self.members:
            message["member"] = self.members[author.id].to_payload(with_user=False)
        if interaction is not None:
            invoker = self.users[interaction.user_id]
            message["webhook_id"] = str(interaction.application_id)
            message["application_id"] = str(interaction.application_id)
            message["interaction_metadata"] = {
                "id": str(interaction.id),
                "type": interaction.type,
                "user": invoker.to_payload(),
                "name": interaction.command_name,
                "authorizing_integration_owners": {"0": str(self.guild_id)},
            }
        reference = payload.get("message_reference")
        if reference:
            message["message_reference"] = {
                "type": 0,
                "message_id": str(reference["message_id"]),
                "channel_id": str(channel_id),
                "guild_id": str(self.guild_id),
            }
            message["referenced_message"] = self.messages.get(int(reference["message_id"]))
        return message

    def _mention_payload(self, user: User) -> dict[str, Any]:
        payload = user.to_payload()
        if user.id in self.members:
            payload["member"] = self.members[user.id].to_payload(with_user=False)
        return payload

    def store(self, message: dict[str, Any]) -> None:
        message_id, channel_id = int(message["id"]), int(message["channel_id"])
        self.messages[message_id] = message
        channel = self.channels[channel_id]
        if message_id not in channel.message_ids:
            channel.message_ids.append(message_id)
        channel.last_message_id = message_id


def _with_embed_types(embeds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Discord echoes embeds back with `type: rich` filled in."""
    return [{"type": "rich", **embed} for embed in embeds]
