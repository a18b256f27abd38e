"""`FakeDiscord`: a loopback-only stand-in for Discord's HTTP API and gateway, with helpers for tests."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import math
import secrets
import socket
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import web

from . import errors
from . import permissions as perms
from .gateway import (
    GUILD_MESSAGES_INTENT,
    GUILDS_INTENT,
    INVALID_SESSION,
    RECONNECT,
    Gateway,
    GatewayFrame,
    close_all,
)
from .ids import SnowflakeFactory
from .rest import ATTACHMENTS, JSON_BODY, TOKEN_ROUTES, RestApi, register
from .world import CHANNEL_PINNED_MESSAGE, EPHEMERAL, LOADING, REPLY, Interaction, User, World

API_PREFIX = "/api/v10"
LOOPBACK = "127.0.0.1"
T = TypeVar("T")

# Application command option types (https://discord.com/developers/docs/interactions/application-commands)
SUB_COMMAND, SUB_COMMAND_GROUP, STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER = range(1, 11)


@dataclass
class RecordedRequest:
    """A REST call the bot made and the answer; `route` like "POST /channels/{channel_id}/messages"."""

    method: str
    path: str
    route: str | None
    params: dict[str, str]
    query: dict[str, str]
    headers: dict[str, str]
    json: Any
    status: int = 0
    response: Any = None
    early_retry: bool = False
    at: float = field(default_factory=time.monotonic)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass
class _RateLimit:
    retry_after: float
    is_global: bool


class FakeDiscord:
    """Start with `async with FakeDiscord() as fake:`; point discord.py at `fake.api_base` (Route.BASE)."""

    def __init__(
        self,
        *,
        token: str | None = None,
        channels: tuple[str, ...] = ("general", "off-topic"),
        users: tuple[str, ...] = ("alice", "bob", "moderator"),
        bot_name: str = "ILRS Bot",
        heartbeat_interval_ms: int = 41_250,
        interaction_ack_timeout: float = 3.0,
    ) -> None:
        self.token = token or f"fake.{secrets.token_urlsafe(24)}"
        self.world = World(SnowflakeFactory(), channels=channels, users=users, bot_name=bot_name)
        self.interaction_ack_timeout = interaction_ack_timeout
        self.requests: list[RecordedRequest] = []
        self.gateway_log: list[GatewayFrame] = []
        self.gateway = Gateway(self, heartbeat_interval_ms)
        self._pending_limits: dict[str, list[_RateLimit]] = {}
        self._blocked_until: dict[str, float] = {}
        self._changed = asyncio.Event()
        self._background: set[asyncio.Task[Any]] = set()
        self._runner: web.AppRunner | None = None
        self._socket: socket.socket | None = None
        self.port = 0
        self._app = web.Application(middlewares=[self._middleware])
        self._app.router.add_get("/gateway", self.gateway.handle)
        self._app.router.add_get("/gateway-resume", self.gateway.handle)
        self._app.router.add_get("/gateway-unconfigured", self._refuse_unconfigured_gateway)
        self.unconfigured_gateway_hits = 0
        register(self._app, RestApi(self), API_PREFIX)
        self.routes = {
            self._route_key(r.method, r.resource.canonical)
            for r in self._app.router.routes()
            if r.resource is not None and r.resource.canonical.startswith(API_PREFIX)
        }

    # -- lifecycle ---
    async def start(self) -> FakeDiscord:
        # Bind the socket ourselves: loopback only, a free port chosen by the OS.
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind((LOOPBACK, 0))
        self.port = self._socket.getsockname()[1]
        self._runner = web.AppRunner(self._app, handle_signals=False, access_log=None)
        await self._runner.setup()
        await web.SockSite(self._runner, self._socket).start()
        return self

    async def stop(self) -> None:
        await close_all(self.gateway)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def api_base(self) -> str:
        """What discord.py's `Route.BASE` (and the bot's `discord_api_base_url` setting) should be."""
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://{LOOPBACK}:{self.port}/gateway"

    @property
    def unconfigured_gateway_url(self) -> str:
        """Where tests send discord.py's built-in gateway URL: refused, and counted, by the fake."""
        return f"ws://{LOOPBACK}:{self.port}/gateway-unconfigured"

    async def _refuse_unconfigured_gateway(self, request: web.Request) -> web.StreamResponse:
        self.unconfigured_gateway_hits += 1
        self.notify()
        body = {"message": "not the gateway URL from GET /gateway/bot", "code": 0}
        return web.json_response(body, status=404)

    @property
    def resume_gateway_url(self) -> str:
        return f"ws://{LOOPBACK}:{self.port}/gateway-resume"

    # -- the world, for tests ---
    @property
    def application_id(self) -> int:
        return self.world.application_id

    @property
    def guild_id(self) -> int:
        return self.world.guild_id

    @property
    def bot_user(self) -> User:
        return self.world.bot_user

    def user(self, ref: str | int) -> User:
        return self.world.user(ref)

    def channel_id(self, ref: str | int) -> int:
        return self.world.channel(ref).id

    def mention(self, ref: str | int) -> str:
        return f"<@{self.world.user(ref).id}>"

    def messages_in(self, channel: str | int) -> list[dict[str, Any]]:
        return [self.world.messages[i] for i in self.world.channel(channel).message_ids]

    def pinned_in(self, channel: str | int) -> list[dict[str, Any]]:
        return [self.world.messages[i] for i in self.world.channel(channel).pinned_ids]

    def commands(self, *, guild: bool | None = None) -> list[dict[str, Any]]:
        """Synced commands: global (guild=False), guild (True) or both (None)."""
        found = list(self.world.commands.values())
        if guild is not None:
            found = [c for c in found if ("guild_id" in c) == guild]
        return found

    @property
    def connected(self) -> bool:
        return self.gateway.current is not None and self.gateway.current.connection is not None

    @property
    def unhandled_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.route is None]

    # -- test controls ---
    def rate_limit_next(self, route: str, retry_after: float, *, is_global: bool = False) -> None:
        """Answer the next call to `route` ("POST /channels/{channel_id}/messages") with a 429."""
        if route not in self.routes:
            raise ValueError(f"unknown route {route!r}; the fake serves: {sorted(self.routes)}")
        self._pending_limits.setdefault(route, []).append(_RateLimit(retry_after, is_global))

    def deny_permission(self, channel: str | int, permission: str, *, user: str | int | None = None) -> None:
        """Deny the bot (or `user`) a permission ("pin", "send", "embed", "view"…) in a channel."""
        target = self.world.user(user).id if user is not None else self.world.bot_user.id
        self.world.deny(self.world.channel(channel).id, target, perms.named_permission(permission))
        if self.gateway.current is not None:
            channel_payload = self.world.channel(channel).to_payload(self.world.guild_id)
            # Keep a reference: the loop only holds tasks weakly.
            task = asyncio.get_running_loop().create_task(
                self.dispatch("CHANNEL_UPDATE", channel_payload, intent=GUILDS_INTENT)
            )
            self._background.add(task)
            task.add_done_callback(self._background.discard)

    async def drop_connection(self, code: int | None = None) -> None:
        """Cut the gateway connection (abruptly by default) — the bot should RESUME its session."""
        await self.gateway.drop(code)

    async def request_reconnect(self) -> None:
        """Send opcode 7 RECONNECT, as Discord does before moving a session."""
        await self.gateway.send_op(RECONNECT, None)

    async def invalidate_session(self, *, resumable: bool = False) -> None:
        await self.gateway.send_op(INVALID_SESSION, resumable)

    def set_heartbeat_acks(self, enabled: bool) -> None:
        self.gateway.ack_heartbeats = enabled

    # -- driving the bot ---
    async def dispatch(self, event: str, data: dict[str, Any], *, intent: int | None = None) -> bool:
        """Send a gateway event if a session exists (queued for replay while the bot is disconnected)."""
        if self.gateway.current is None:
            return False
        sent = await self.gateway.dispatch(event, data, intent=intent)
        self.notify()
        return sent

    async def send_message(
        self,
        content: str,
        *,
        author: str | int = "alice",
        channel: str | int = "general",
        mentions: tuple[str | int, ...] | list[str | int] = (),
        reply_to: dict[str, Any] | None = None,
        ping_reply: bool = True,
    ) -> dict[str, Any]:
        """A user posts in a channel; `mentions` (names or ids, "bot" for the bot) are put in the content.

        With `reply_to`, the post replies to that message and, if `ping_reply`, pings its author (as the
        Discord client does by default).
        """
        await self._require_session("send a message")
        world = self.world
        author_user = world.user(author)
        channel_id = world.channel(channel).id
        tokens = [self.mention(world.bot_user.id if ref == "bot" else ref) for ref in mentions]
        missing = [t for t in tokens if t not in content]
        payload: dict[str, Any] = {"content": " ".join([*missing, content]) if missing else content}
        if reply_to is not None:
            payload["message_reference"] = {"message_id": reply_to["id"]}
        message = world.make_message(channel_id, author_user, payload, message_type=REPLY if reply_to else 0)
        if (
            reply_to is not None
            and ping_reply
            and all(m["id"] != reply_to["author"]["id"] for m in message["mentions"])
        ):
            message["mentions"].append(world._mention_payload(world.user(int(reply_to["author"]["id"]))))
        world.store(message)
        event = message
        bot_mentioned = any(int(m["id"]) == world.bot_user.id for m in message["mentions"])
        if not self.gateway.message_content_allowed and not bot_mentioned:
            # Without the privileged MESSAGE_CONTENT intent, Discord blanks messages not mentioning the bot.
            event = {**message, "content": "", "embeds": [], "attachments": [], "components": []}
        await self.dispatch("MESSAGE_CREATE", event, intent=GUILD_MESSAGES_INTENT)
        return message

    async def dispatch_message_command(self, name: str, message: dict[str, Any], *, user: str | int = "alice"):
        """A user picks an entry of a message's Apps menu (a synced message command) on `message`."""
        await self._require_session("dispatch an interaction")
        world = self.world
        invoker = world.user(user)
        command = next(
            (c for c in world.commands.values() if c["name"] == name and c.get("type") == 3),
            None,
        )
        if command is None:
            raise LookupError(f"no message command {name!r} is synced")
        current = world.messages[int(message["id"])]
        channel_id = int(current["channel_id"])
        user_permissions = world.permissions_in(invoker.id, channel_id)
        required = command.get("default_member_permissions")
        if required is not None and int(required) & ~user_permissions and not user_permissions & perms.ADMINISTRATOR:
            raise PermissionError(f"Discord would not show {name!r} to {invoker.username}")
        resolved = dict(current)
        if current.get("message_reference"):  # Discord resolves the message it replies to
            replied = world.messages.get(int(current["message_reference"]["message_id"]))
            resolved["referenced_message"] = replied
        data = {
            "id": command["id"],
            "name": name,
            "type": 3,
            "target_id": current["id"],
            "resolved": {"messages": {current["id"]: resolved}},
        }
        interaction = Interaction(
            id=world.ids.next(),
            token=_interaction_token(),
            application_id=world.application_id,
            channel_id=channel_id,
            user_id=invoker.id,
            command_name=name,
            dispatched_at=time.monotonic(),
        )
        return await self._dispatch_interaction(interaction, data)

    async def create_forum_post(
        self, title: str, body: str, *, forum: str | int = "help", author: str | int = "alice"
    ) -> dict[str, Any]:
        """A user opens a post in a forum: its thread, and the first message (whose id is the thread's)."""
        await self._require_session("create a forum post")
        world = self.world
        owner = world.user(author)
        thread = world.add_thread(world.channel(forum), title, owner)
        starter = world.make_message(thread.id, owner, {"content": body})
        starter["id"] = str(thread.id)
        world.store(starter)
        await self.replay_thread_create(thread.id)
        event = starter if self.gateway.message_content_allowed else {**starter, "content": ""}
        await self.dispatch("MESSAGE_CREATE", event, intent=GUILD_MESSAGES_INTENT)
        return world.channels[thread.id].to_payload(world.guild_id)

    async def replay_thread_create(self, thread_id: int) -> None:
        """THREAD_CREATE for the post (Discord may send an event again, e.g. after a reconnect)."""
        thread = self.world.channels[thread_id]
        await self.dispatch("THREAD_CREATE", {**thread.to_payload(self.world.guild_id), "newly_created": True})

    def thread_tags(self, thread_id: int) -> list[str]:
        """The names of the tags applied to a forum post."""
        thread = self.world.channels[thread_id]
        names = {int(t["id"]): t["name"] for t in self.world.channels[thread.parent_id].available_tags}
        return [names[tag] for tag in thread.applied_tags]

    async def dispatch_slash(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: str | int = "alice",
        channel: str | int = "general",
        locale: str = "en-US",
    ) -> Interaction:
        """A user runs a synced slash command; `name` may include subcommands ("remind add").

        Refuses what Discord's client would not let the user send: an unsynced command, unknown or missing
        options, a wrong type, a value outside the choices, or a command the user lacks permission for.
        """
        await self._require_session("dispatch an interaction")
        world = self.world
        invoker = world.user(user)
        channel_obj = world.channel(channel)
        path = name.split()
        command = self._find_command(path[0])
        schema = command
        nested: list[dict[str, Any]] = []
        for sub in path[1:]:
            schema = next(
                (
                    o
                    for o in schema.get("options") or []
                    if o["name"] == sub and o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)
                ),
                None,
            )
            if schema is None:
                raise LookupError(f"/{path[0]} has no subcommand {sub!r}")
            nested.append(schema)
        if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in schema.get("options") or []):
            raise LookupError(f"/{name} needs a subcommand")
        user_permissions = world.permissions_in(invoker.id, channel_obj.id)
        required = command.get("default_member_permissions")
        if required is not None and int(required) & ~user_permissions and not user_permissions & perms.ADMINISTRATOR:
            raise PermissionError(f"Discord would not show /{path[0]} to {invoker.username}")
        resolved: dict[str, dict[str, Any]] = {}
        leaf_options = self._build_options(schema, dict(options or {}), resolved)
        for sub in reversed(nested):
            leaf_options = [{"name": sub["name"], "type": sub["type"], "options": leaf_options}]
        data: dict[str, Any] = {"id": command["id"], "name": command["name"], "type": command.get("type", 1)}
        if leaf_options:
            data["options"] = leaf_options
        if resolved:
            data["resolved"] = resolved
        if "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        return await self._dispatch_interaction(
            Interaction(
                id=world.ids.next(),
                token=_interaction_token(),
                application_id=world.application_id,
                channel_id=channel_obj.id,
                user_id=invoker.id,
                command_name=name,
                dispatched_at=time.monotonic(),
            ),
            data,
            locale=locale,
        )

    async def click_button(
        self,
        message: dict[str, Any],
        *,
        user: str | int = "alice",
        label: str | None = None,
        emoji: str | None = None,
        custom_id: str | None = None,
    ) -> Interaction:
        """A user clicks a button (chosen by label, emoji and/or custom_id prefix) on a message the bot sent.

        Refuses what Discord would not allow: a missing, disabled or link button, a deleted message, or
        someone else's ephemeral message.
        """
        await self._require_session("dispatch an interaction")
        world = self.world
        current = world.messages.get(int(message["id"]))
        if current is None:
            raise LookupError("the message was deleted")
        invoker = world.user(user)
        metadata = current.get("interaction_metadata")
        if current["flags"] & EPHEMERAL and metadata and metadata["user"]["id"] != str(invoker.id):
            raise PermissionError(f"{invoker.username} cannot see someone else's ephemeral message")
        buttons = [c for row in current.get("components") or [] for c in row.get("components") or []]
        button = next(
            (
                b
                for b in buttons
                if b.get("type") == 2
                and (label is None or b.get("label") == label)
                and (emoji is None or (b.get("emoji") or {}).get("name") == emoji)
                and (custom_id is None or str(b.get("custom_id", "")).startswith(custom_id))
            ),
            None,
        )
        if button is None:
            raise LookupError(f"no such button on the message; it has: {buttons}")
        if button.get("disabled") or button.get("style") == 5 or "custom_id" not in button:
            raise PermissionError("the Discord client does not send clicks for that button")
        return await self._dispatch_interaction(
            Interaction(
                id=world.ids.next(),
                token=_interaction_token(),
                application_id=world.application_id,
                channel_id=int(current["channel_id"]),
                user_id=invoker.id,
                command_name=(metadata or {}).get("name", ""),
                dispatched_at=time.monotonic(),
                type=3,
                source_message_id=int(current["id"]),
            ),
            {"custom_id": button["custom_id"], "component_type": 2},
            message=current,
        )

    async def _dispatch_interaction(
        self,
        interaction: Interaction,
        data: dict[str, Any],
        *,
        locale: str = "en-US",
        message: dict[str, Any] | None = None,
    ) -> Interaction:
        world = self.world
        world.interactions[interaction.token] = interaction
        world.interactions_by_id[interaction.id] = interaction
        channel = world.channels[interaction.channel_id]
        payload: dict[str, Any] = {
            "id": str(interaction.id),
            "application_id": str(world.application_id),
            "type": interaction.type,
            "data": data,
            "guild_id": str(world.guild_id),
            "guild": {"id": str(world.guild_id), "locale": "en-US", "features": []},
            "channel_id": str(channel.id),
            "channel": channel.to_payload(world.guild_id),
            "member": world.members[interaction.user_id].to_payload(
                permissions=world.permissions_in(interaction.user_id, channel.id)
            ),
            "token": interaction.token,
            "version": 1,
            "app_permissions": str(world.permissions_in(world.bot_user.id, channel.id)),
            "locale": locale,
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(world.guild_id)},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if message is not None:
            payload["message"] = message
        await self.dispatch("INTERACTION_CREATE", payload)
        return interaction

    def _find_command(self, name: str) -> dict[str, Any]:
        candidates = [c for c in self.world.commands.values() if c["name"] == name and c.get("type", 1) == 1]
        # A guild command shadows a global one of the same name in the Discord client.
        candidates.sort(key=lambda c: "guild_id" not in c)
        if not candidates:
            synced = sorted(c["name"] for c in self.world.commands.values())
            raise LookupError(f"/{name} was never synced; synced commands: {synced}")
        return candidates[0]

    def _build_options(
        self, schema: dict[str, Any], given: dict[str, Any], resolved: dict[str, dict[str, Any]]
    ) -> list[dict[str, Any]]:
        declared = {o["name"]: o for o in schema.get("options") or []}
        unknown = set(given) - set(declared)
        if unknown:
            raise ValueError(f"unknown options {sorted(unknown)}; declared: {sorted(declared)}")
        built = []
        for option_name, option in declared.items():
            if option_name not in given:
                if option.get("required"):
                    raise ValueError(f"missing required option {option_name!r}")
                continue
            value = self._option_value(option, given[option_name], resolved)
            built.append({"name": option_name, "type": option["type"], "value": value})
        return built

    def _option_value(self, option: dict[str, Any], value: Any, resolved: dict[str, dict[str, Any]]) -> Any:
        kind, name = option["type"], option["name"]
        if kind == STRING:
            if not isinstance(value, str):
                raise TypeError(f"option {name!r} takes a string")
            low, high = option.get("min_length", 0), option.get("max_length", 6000)
            if not low <= len(value) <= high:
                raise ValueError(f"option {name!r} must be {low}..{high} characters long")
        elif kind in (INTEGER, NUMBER):
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or (kind == INTEGER and value != int(value))
            ):
                raise TypeError(f"option {name!r} takes {'an integer' if kind == INTEGER else 'a number'}")
            low, high = option.get("min_value"), option.get("max_value")
            if (low is not None and value < low) or (high is not None and value > high):
                raise ValueError(f"option {name!r} must be within {low}..{high}")
        elif kind == BOOLEAN:
            if not isinstance(value, bool):
                raise TypeError(f"option {name!r} takes a boolean")
        elif kind in (USER, MENTIONABLE):
            user = self.world.user(value)
            resolved.setdefault("users", {})[str(user.id)] = user.to_payload()
            member = self.world.members.get(user.id)
            if member is not None:
                resolved.setdefault("members", {})[str(user.id)] = member.to_payload(with_user=False)
            return str(user.id)
        elif kind == CHANNEL:
            channel = self.world.channel(value)
            resolved.setdefault("channels", {})[str(channel.id)] = {
                **channel.to_payload(self.world.guild_id),
                "permissions": str(self.world.permissions_in(self.world.bot_user.id, channel.id)),
            }
            return str(channel.id)
        choices = option.get("choices")
        if choices and value not in [c["value"] for c in choices]:
            raise ValueError(f"option {name!r} must be one of {[c['value'] for c in choices]}")
        return value

    async def _require_session(self, action: str) -> None:
        if self.gateway.current is None:
            raise RuntimeError(f"cannot {action}: the bot has not identified on the gateway")

    # -- waiting ---
    def notify(self) -> None:
        """Wake up everything waiting on the logs or the world."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_until(self, check: Callable[[], T | None], *, timeout: float, what: str) -> T:
        """Wait until `check()` returns something truthy; fail with `what` after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            result = check()
            if result:
                return result
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), min(remaining, 0.25))

    async def wait_for_request(
        self, predicate: Callable[[RecordedRequest], bool], timeout: float = 5.0, *, since: int = 0
    ) -> RecordedRequest:
        """The first recorded REST call (from index `since`) that satisfies `predicate`."""
        return await self.wait_until(
            lambda: next((r for r in self.requests[since:] if predicate(r)), None),
            timeout=timeout,
            what="a matching request",
        )

    async def wait_for_gateway(
        self, predicate: Callable[[GatewayFrame], bool], timeout: float = 5.0, *, since: int = 0
    ) -> GatewayFrame:
        return await self.wait_until(
            lambda: next((f for f in self.gateway_log[since:] if predicate(f)), None),
            timeout=timeout,
            what="a matching gateway frame",
        )

    async def wait_until_ready(self, timeout: float = 10.0) -> None:
        """READY has been sent to the bot."""
        try:
            await self.wait_for_gateway(lambda f: f.direction == "out" and f.t == "READY", timeout)
        except TimeoutError:
            if self.unconfigured_gateway_hits:
                raise TimeoutError(
                    "the bot dialled discord.py's default gateway URL instead of the one GET /gateway/bot "
                    f"returned ({self.unconfigured_gateway_hits} attempts): only Route.BASE was redirected"
                ) from None
            raise

    def answer_of(self, interaction: Interaction) -> dict[str, Any] | None:
        """The message answering an interaction so far: the response, or the deferred one once filled in."""
        if interaction.source_message_id is not None and interaction.original_message_id == (
            interaction.source_message_id
        ):
            # A click answered by updating the clicked message: answered once it has been edited.
            return self.world.messages.get(interaction.source_message_id) if interaction.edits else None
        for message_id in [interaction.original_message_id, *interaction.followup_ids]:
            message = self.world.messages.get(message_id or 0)
            if message is not None and not message["flags"] & LOADING:
                return message
        return None

    async def wait_for_answer(self, interaction: Interaction, timeout: float = 5.0) -> dict[str, Any]:
        return await self.wait_until(
            lambda: self.answer_of(interaction), timeout=timeout, what=f"an answer to /{interaction.command_name}"
        )

    async def wait_for_reply(self, message: dict[str, Any], timeout: float = 5.0) -> dict[str, Any]:
        """The bot's reply (a message referencing `message`) in the same channel."""

        def reply() -> dict[str, Any] | None:
            return next(
                (
                    m
                    for m in self.messages_in(int(message["channel_id"]))
                    if m.get("message_reference", {}).get("message_id") == message["id"]
                    and m["type"] != CHANNEL_PINNED_MESSAGE
                ),
                None,
            )

        return await self.wait_until(reply, timeout=timeout, what=f"a reply to {message['content']!r}")

    def is_ephemeral(self, message: dict[str, Any]) -> bool:
        return bool(message["flags"] & EPHEMERAL)

    # -- the HTTP middleware: auth, injected rate limits, errors, recording ---
    @staticmethod
    def _route_key(method: str, canonical: str) -> str:
        return f"{method} {canonical.removeprefix(API_PREFIX)}"

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if not request.path.startswith(API_PREFIX):
            return await handler(request)
        resource = request.match_info.route.resource
        route = None
        if resource is not None and request.match_info.http_exception is None:
            route = self._route_key(request.method, resource.canonical)
        record = RecordedRequest(
            method=request.method,
            path=request.path,
            route=route,
            params=dict(request.match_info),
            query=dict(request.query),
            headers=dict(request.headers),
            json=None,
        )
        extra_headers: dict[str, str] = {}
        try:
            record.json = await _read_body(request)
            request[JSON_BODY] = record.json
            if route is None:
                raise (
                    errors.method_not_allowed()
                    if request.match_info.http_exception and request.match_info.http_exception.status == 405
                    else errors.not_found()
                )
            self._check_auth(request)
            limited = self._rate_limit(route, record, extra_headers)
            if limited is not None:
                raise limited
            body = await handler(request)  # type: ignore[misc]  # handlers return JSON bodies, see RestApi
            status = 204 if body is None else 200
        except errors.DiscordError as error:
            status, body = error.status, error.body
        record.status, record.response = status, body
        headers = {"Via": "1.1 google", **self._bucket_headers(route), **extra_headers}
        self.requests.append(record)
        self.notify()
        if status == 204:
            return web.Response(status=204, headers=headers)
        # Exactly "application/json", no charset: discord.py only parses bodies with that content type.
        headers["Content-Type"] = "application/json"
        return web.Response(body=json.dumps(body).encode(), status=status, headers=headers)

    def _check_auth(self, request: web.Request) -> None:
        relative = request.path.removeprefix(API_PREFIX)
        if relative.startswith(TOKEN_ROUTES):
            return
        if request.headers.get("Authorization") != f"Bot {self.token}":
            raise errors.unauthorized()

    def _rate_limit(self, route: str, record: RecordedRequest, headers: dict[str, str]) -> errors.DiscordError | None:
        now = time.monotonic()
        blocked_until = self._blocked_until.get(route, 0.0)
        is_global = False
        if now < blocked_until:
            record.early_retry = True  # the client retried before Retry-After elapsed
            retry_after = blocked_until - now
        elif self._pending_limits.get(route):
            limit = self._pending_limits[route].pop(0)
            retry_after, is_global = limit.retry_after, limit.is_global
            self._blocked_until[route] = now + retry_after
        else:
            return None
        headers.update(
            {
                "Retry-After": str(math.ceil(retry_after)),
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
                "X-RateLimit-Reset-After": f"{retry_after:.3f}",
                "X-RateLimit-Scope": "global" if is_global else "user",
            }
        )
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        error = errors.DiscordError(429, 0, "You are being rate limited.")
        error.body = {
            "message": "You are being rate limited.",
            "retry_after": round(retry_after, 3),
            "global": is_global,
        }
        return error

    @staticmethod
    def _bucket_headers(route: str | None) -> dict[str, str]:
        if route is None:
            return {}
        bucket = hashlib.sha1(route.encode()).hexdigest()[:16]
        return {
            "X-RateLimit-Bucket": bucket,
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "4",
            "X-RateLimit-Reset": f"{time.time() + 1:.3f}",
            "X-RateLimit-Reset-After": "1.000",
        }


def _interaction_token() -> str:
    return f"aW50ZXJhY3Rpb24.{secrets.token_urlsafe(48)}"


async def _read_body(request: web.Request) -> Any:
    """JSON bodies, or multipart ones (files) whose `payload_json` part carries the JSON."""
    if not request.can_read_body:
        return None
    if request.content_type.startswith("multipart/"):
        payload: Any = None
        attachments = 0
        reader = await request.multipart()
        async for part in reader:
            if part.name == "payload_json":  # type: ignore[union-attr]
                payload = json.loads(await part.text())  # type: ignore[union-attr]
            else:
                attachments += 1
                await part.read()  # type: ignore[union-attr]
        request[ATTACHMENTS] = attachments
        return payload
    text = await request.text()
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        raise errors.DiscordError(400, 50109, "The request body contains invalid JSON.") from None
