"""The REST routes of Discord's HTTP API v10 a discord.py 2.x bot calls, with Discord's checks and errors."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import errors
from . import permissions as perms
from .gateway import GUILD_MESSAGES_INTENT, GUILDS_INTENT
from .validation import is_empty_message, validate_commands, validate_message
from .world import (
    CHANNEL_PINNED_MESSAGE,
    CHAT_INPUT_COMMAND,
    EPHEMERAL,
    LOADING,
    REPLY,
    Channel,
    Interaction,
    iso_now,
)

if TYPE_CHECKING:
    from .server import FakeDiscord

# Interaction callback types (https://discord.com/developers/docs/interactions/receiving-and-responding)
CHANNEL_MESSAGE_WITH_SOURCE, DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE = 4, 5
DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE, MODAL = 6, 7, 9
APPLICATION_COMMAND, MESSAGE_COMPONENT = 2, 3
CALLBACK_TYPES = {
    APPLICATION_COMMAND: {CHANNEL_MESSAGE_WITH_SOURCE, DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, MODAL},
    MESSAGE_COMPONENT: {
        CHANNEL_MESSAGE_WITH_SOURCE,
        DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE,
        DEFERRED_UPDATE_MESSAGE,
        UPDATE_MESSAGE,
        MODAL,
    },
}
INTERACTION_TOKEN_LIFETIME_S = 15 * 60
PINS_MAX = 250
NONCE_WINDOW_S = 5 * 60

# The parsed request body (JSON, or a multipart request's payload_json) and its number of attached files.
JSON_BODY = web.RequestKey("json_body", object)
ATTACHMENTS = web.RequestKey("attachments", int)

# Routes reachable without the bot token: they authenticate with the interaction token in the path.
TOKEN_ROUTES = ("/webhooks/", "/interactions/")


def register(app: web.Application, api: RestApi, prefix: str) -> None:
    # Order matters where paths overlap: pins before `/messages/{message_id}`.
    routes = [
        ("GET", "/gateway", api.get_gateway),
        ("GET", "/gateway/bot", api.get_gateway_bot),
        ("GET", "/users/@me", api.get_me),
        ("GET", "/oauth2/applications/@me", api.get_application),
        ("GET", "/applications/@me", api.get_application),
        ("GET", "/applications/{application_id}/commands", api.get_commands),
        ("PUT", "/applications/{application_id}/commands", api.put_commands),
        ("GET", "/applications/{application_id}/guilds/{guild_id}/commands", api.get_commands),
        ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", api.put_commands),
        ("POST", "/interactions/{interaction_id}/{token}/callback", api.interaction_callback),
        ("POST", "/webhooks/{application_id}/{token}", api.create_followup),
        ("GET", "/webhooks/{application_id}/{token}/messages/{message_id}", api.get_webhook_message),
        ("PATCH", "/webhooks/{application_id}/{token}/messages/{message_id}", api.edit_webhook_message),
        ("DELETE", "/webhooks/{application_id}/{token}/messages/{message_id}", api.delete_webhook_message),
        ("GET", "/channels/{channel_id}", api.get_channel),
        ("PATCH", "/channels/{channel_id}", api.edit_channel),
        ("POST", "/channels/{channel_id}/typing", api.trigger_typing),
        ("GET", "/channels/{channel_id}/messages/pins", api.list_pins),
        ("PUT", "/channels/{channel_id}/messages/pins/{message_id}", api.pin),
        ("DELETE", "/channels/{channel_id}/messages/pins/{message_id}", api.unpin),
        ("GET", "/channels/{channel_id}/pins", api.list_pins_legacy),
        ("PUT", "/channels/{channel_id}/pins/{message_id}", api.pin),
        ("DELETE", "/channels/{channel_id}/pins/{message_id}", api.unpin),
        ("GET", "/channels/{channel_id}/messages", api.list_messages),
        ("POST", "/channels/{channel_id}/messages", api.create_message),
        ("GET", "/channels/{channel_id}/messages/{message_id}", api.get_message),
        ("PATCH", "/channels/{channel_id}/messages/{message_id}", api.edit_message),
        ("DELETE", "/channels/{channel_id}/messages/{message_id}", api.delete_message),
    ]
    for method, path, handler in routes:
        app.router.add_route(method, prefix + path, handler)


def _int(request: web.Request, key: str) -> int:
    try:
        return int(request.match_info[key])
    except ValueError:
        raise errors.invalid_form_body(
            {key: {"_errors": [{"code": "NUMBER_TYPE_COERCE", "message": "Value is not snowflake."}]}}
        ) from None


class RestApi:
    """Handlers return the JSON body (None: 204) or raise `DiscordError`; the middleware records both."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.world = fake.world

    # -- gateway discovery, identity ---
    async def get_gateway(self, request: web.Request) -> Any:
        return {"url": self.fake.gateway_url}

    async def get_gateway_bot(self, request: web.Request) -> Any:
        return {
            "url": self.fake.gateway_url,
            "shards": 1,
            "session_start_limit": {
                "total": 1000,
                "remaining": 999,
                "reset_after": 86_400_000,
                "max_concurrency": 1,
            },
        }

    async def get_me(self, request: web.Request) -> Any:
        return {**self.world.bot_user.to_payload(), "verified": True, "mfa_enabled": False, "email": None}

    async def get_application(self, request: web.Request) -> Any:
        return self.world.application_payload()

    # -- application commands ---
    def _command_scope(self, request: web.Request) -> int | None:
        if _int(request, "application_id") != self.world.application_id:
            raise errors.missing_access()
        if "guild_id" not in request.match_info:
            return None
        if _int(request, "guild_id") != self.world.guild_id:
            raise errors.missing_access()
        return self.world.guild_id

    async def get_commands(self, request: web.Request) -> Any:
        guild_id = self._command_scope(request)
        return [c for c in self.world.commands.values() if c.get("guild_id") == _str_or_none(guild_id)]

    async def put_commands(self, request: web.Request) -> Any:
        guild_id = self._command_scope(request)
        body = request[JSON_BODY]
        form_errors = validate_commands(body)
        if form_errors:
            raise errors.invalid_form_body(form_errors)
        scope = _str_or_none(guild_id)
        existing = {
            (c.get("type", 1), c["name"]): c for c in self.world.commands.values() if c.get("guild_id") == scope
        }
        for command_id in [cid for cid, c in self.world.commands.items() if c.get("guild_id") == scope]:
            del self.world.commands[command_id]
        stored = []
        for command in body:
            previous = existing.get((command.get("type", 1), command["name"]))
            command_id = int(previous["id"]) if previous else self.world.ids.next()
            record = {
                "type": 1,
                "description": "",  # user and message commands have none; Discord returns it empty
                "options": [],
                "default_member_permissions": None,
                "nsfw": False,
                "name_localizations": None,
                "description_localizations": None,
                "contexts": None,
                "integration_types": [0],
                **command,
                "id": str(command_id),
                "application_id": str(self.world.application_id),
                "version": str(self.world.ids.next()),
            }
            if scope is not None:
                record["guild_id"] = scope
            self.world.commands[command_id] = record
            stored.append(record)
        return stored

    # -- interactions ---
    def _live_interaction(self, interaction_id: int, token: str) -> Interaction:
        interaction = self.world.interactions.get(token)
        if interaction is None or interaction.id != interaction_id:
            raise errors.unknown_interaction()
        return interaction

    async def interaction_callback(self, request: web.Request) -> Any:
        interaction = self._live_interaction(_int(request, "interaction_id"), request.match_info["token"])
        if time.monotonic() - interaction.dispatched_at > self.fake.interaction_ack_timeout:
            raise errors.unknown_interaction()
        if interaction.acknowledged_at is not None:
            raise errors.interaction_already_acknowledged()
        body = request[JSON_BODY] or {}
        callback_type = body.get("type")
        if callback_type not in CALLBACK_TYPES[interaction.type]:
            raise errors.invalid_form_body(
                {
                    "type": {
                        "_errors": [
                            {
                                "code": "INTERACTION_RESPONSE_TYPE_INVALID",
                                "message": "Interaction response type is invalid for this interaction.",
                            }
                        ]
                    }
                }
            )
        data = body.get("data") or {}
        message: dict[str, Any] | None = None
        if callback_type == CHANNEL_MESSAGE_WITH_SOURCE:
            self._check_message(data, attachments=request.get(ATTACHMENTS, 0))
            message = await self._interaction_message(interaction, data, flags=0)
        elif callback_type == DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE:
            message = await self._interaction_message(interaction, {"flags": data.get("flags", 0)}, flags=LOADING)
        elif callback_type in (DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE):
            # The response is the clicked message itself: `@original` now refers to it.
            message = self.world.messages.get(interaction.source_message_id or 0)
            if message is None:
                raise errors.unknown_message()
            if callback_type == UPDATE_MESSAGE:
                self._check_message(data, partial=True)
                message = await self._update_message(message, data, clear_loading=False)
                interaction.edits += 1
        interaction.acknowledged_at = time.monotonic()
        interaction.response_type = callback_type
        if message is not None:
            interaction.original_message_id = int(message["id"])
            interaction.ephemeral = bool(message["flags"] & EPHEMERAL)
        if request.query.get("with_response") not in ("1", "true", "True"):
            return None
        response: dict[str, Any] = {
            "interaction": {
                "id": str(interaction.id),
                "type": interaction.type,
                "response_message_loading": callback_type == DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE,
                "response_message_ephemeral": interaction.ephemeral,
            },
            "resource": {"type": callback_type},
        }
        if message is not None:
            response["interaction"]["response_message_id"] = message["id"]
            response["resource"]["message"] = message
        return response

    async def _interaction_message(
        self,
        interaction: Interaction,
        payload: dict[str, Any],
        *,
        flags: int,
        message_type: int = CHAT_INPUT_COMMAND,
    ) -> dict[str, Any]:
        message = self.world.make_message(
            interaction.channel_id,
            self.world.bot_user,
            payload,
            message_type=message_type,
            interaction=interaction,
            flags=flags,
        )
        self.world.store(message)
        if not message["flags"] & EPHEMERAL:
            await self.fake.dispatch("MESSAGE_CREATE", message, intent=GUILD_MESSAGES_INTENT)
        return message

    def _webhook_interaction(self, request: web.Request) -> Interaction:
        interaction = self.world.interactions.get(request.match_info["token"])
        if interaction is None or interaction.application_id != _int(request, "application_id"):
            raise errors.unknown_webhook()
        if time.monotonic() - interaction.dispatched_at > INTERACTION_TOKEN_LIFETIME_S:
            raise errors.DiscordError(401, 50027, "Invalid Webhook Token")
        if interaction.acknowledged_at is None:
            raise errors.unknown_webhook()
        return interaction

    async def create_followup(self, request: web.Request) -> Any:
        interaction = self._webhook_interaction(request)
        payload = request[JSON_BODY] or {}
        self._check_message(payload, attachments=request.get(ATTACHMENTS, 0))
        original = self.world.messages.get(interaction.original_message_id or 0)
        if original is not None and original["flags"] & LOADING:
            # After a deferral, Discord turns the first follow-up into the "thinking…" message itself.
            message = await self._update_message(original, payload, clear_loading=True)
        else:
            flags = EPHEMERAL if interaction.ephemeral and not payload.get("flags") else 0
            message = await self._interaction_message(interaction, payload, flags=flags, message_type=REPLY)
            interaction.followup_ids.append(int(message["id"]))
        self.fake.notify()
        return message if request.query.get("wait") in ("1", "true", "True") else None

    def _webhook_message(self, request: web.Request) -> tuple[Interaction, dict[str, Any]]:
        interaction = self._webhook_interaction(request)
        raw_id = request.match_info["message_id"]
        message_id = interaction.original_message_id if raw_id == "@original" else int(raw_id)
        owned = {interaction.original_message_id, *interaction.followup_ids}
        message = self.world.messages.get(message_id or 0)
        if message is None or message_id not in owned:
            raise errors.unknown_message()
        return interaction, message

    async def get_webhook_message(self, request: web.Request) -> Any:
        return self._webhook_message(request)[1]

    async def edit_webhook_message(self, request: web.Request) -> Any:
        interaction, message = self._webhook_message(request)
        payload = request[JSON_BODY] or {}
        self._check_message(payload, partial=True)
        interaction.edits += 1
        return await self._update_message(message, payload, clear_loading=True)

    async def delete_webhook_message(self, request: web.Request) -> Any:
        _, message = self._webhook_message(request)
        await self._delete(message)
        return None

    # -- channels, messages, pins ---
    def _channel(self, request: web.Request, required: int = perms.VIEW_CHANNEL) -> Channel:
        channel = self.world.find_channel(_int(request, "channel_id"))
        if channel is None:
            raise errors.unknown_channel()
        allowed = self.world.permissions_in(self.world.bot_user.id, channel.id)
        if not allowed & perms.VIEW_CHANNEL:
            raise errors.missing_access()
        if required & ~allowed:
            raise errors.missing_permissions()
        return channel

    def _message_in(self, channel: Channel, request: web.Request) -> dict[str, Any]:
        message_id = _int(request, "message_id")
        if message_id not in channel.message_ids:
            raise errors.unknown_message()
        return self.world.messages[message_id]

    def _check_message(self, payload: dict[str, Any], *, partial: bool = False, attachments: int = 0) -> None:
        form_errors = validate_message(payload)
        if form_errors:
            raise errors.invalid_form_body(form_errors)
        if not partial and is_empty_message(payload, attachments):
            raise errors.empty_message()

    async def get_channel(self, request: web.Request) -> Any:
        channel = self._channel(request)
        return channel.to_payload(self.world.guild_of(channel))

    async def edit_channel(self, request: web.Request) -> Any:
        """Only a forum post's tags can be changed here (what the bot does)."""
        channel = self._channel(request, perms.VIEW_CHANNEL)
        payload = request[JSON_BODY] or {}
        if set(payload) - {"applied_tags"} or channel.parent_id is None:
            raise errors.invalid_form_body({"_errors": [{"code": "UNSUPPORTED", "message": "not simulated"}]})
        known = {int(t["id"]) for t in self.world.channels[channel.parent_id].available_tags}
        tags = [int(tag) for tag in payload["applied_tags"]]
        if set(tags) - known or len(tags) > 5:
            raise errors.invalid_form_body({"applied_tags": {"_errors": [{"code": "INVALID", "message": "bad tag"}]}})
        channel.applied_tags = tags
        updated = channel.to_payload(self.world.guild_of(channel))
        await self.fake.dispatch("THREAD_UPDATE", updated)
        return updated

    async def trigger_typing(self, request: web.Request) -> Any:
        self._channel(request, perms.VIEW_CHANNEL | perms.SEND_MESSAGES)
        return None

    async def create_message(self, request: web.Request) -> Any:
        channel = self._channel(request, perms.VIEW_CHANNEL | perms.SEND_MESSAGES)
        payload = request[JSON_BODY] or {}
        self._check_message(payload, attachments=request.get(ATTACHMENTS, 0))
        reference = payload.get("message_reference")
        if reference and int(reference.get("message_id", 0)) not in channel.message_ids:
            if reference.get("fail_if_not_exists", True):
                raise errors.invalid_form_body(
                    {
                        "message_reference": {
                            "_errors": [{"code": "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "message": "Unknown message"}]
                        }
                    }
                )
            payload = {k: v for k, v in payload.items() if k != "message_reference"}
        if payload.get("flags", 0) & EPHEMERAL:
            raise errors.invalid_form_body(
                {
                    "flags": {
                        "_errors": [
                            {
                                "code": "MESSAGE_FLAGS_INVALID",
                                "message": "Only interaction responses may be ephemeral.",
                            }
                        ]
                    }
                }
            )
        nonce = payload.get("nonce")
        if payload.get("enforce_nonce") and nonce is not None:
            # Discord de-duplicates a nonce re-sent within minutes and returns the message already created.
            earlier = channel.recent_nonces.get(str(nonce))
            recent = earlier is not None and time.monotonic() - earlier[1] < NONCE_WINDOW_S
            if recent and earlier[0] in self.world.messages:
                return self.world.messages[earlier[0]]
        message = self.world.make_message(
            channel.id,
            self.world.bot_user,
            payload,
            message_type=REPLY if payload.get("message_reference") else 0,
        )
        if nonce is not None:
            message["nonce"] = nonce
            channel.recent_nonces[str(nonce)] = (int(message["id"]), time.monotonic())
        self.world.store(message)
        await self.fake.dispatch("MESSAGE_CREATE", message, intent=GUILD_MESSAGES_INTENT)
        return message

    async def list_messages(self, request: web.Request) -> Any:
        """Newest first, `limit` (1-100, default 50) messages `before` / `after` an id, as Discord pages them."""
        channel = self._channel(request, perms.VIEW_CHANNEL | perms.READ_MESSAGE_HISTORY)
        try:
            limit = int(request.query.get("limit", 50))
            before = int(request.query["before"]) if "before" in request.query else None
            after = int(request.query["after"]) if "after" in request.query else None
        except ValueError:
            raise errors.invalid_form_body(
                {"limit": {"_errors": [{"code": "NUMBER_TYPE_COERCE", "message": "Value is not int."}]}}
            ) from None
        if not 1 <= limit <= 100:
            raise errors.invalid_form_body(
                {"limit": {"_errors": [{"code": "NUMBER_TYPE_MAX", "message": "Must be between 1 and 100."}]}}
            )
        ids = [
            i
            for i in channel.message_ids
            if (before is None or i < before)
            and (after is None or i > after)
            and not self.world.messages[i]["flags"] & EPHEMERAL
        ]
        # Discord pages `after` upwards from the oldest match, everything else downwards from the newest.
        chosen = ids[:limit] if after is not None and before is None else ids[-limit:]
        return [self.world.messages[i] for i in reversed(chosen)]

    async def get_message(self, request: web.Request) -> Any:
        channel = self._channel(request, perms.VIEW_CHANNEL | perms.READ_MESSAGE_HISTORY)
        return self._message_in(channel, request)

    async def edit_message(self, request: web.Request) -> Any:
        channel = self._channel(request)
        message = self._message_in(channel, request)
        if int(message["author"]["id"]) != self.world.bot_user.id:
            raise errors.cannot_edit_other_users_message()
        payload = request[JSON_BODY] or {}
        self._check_message(payload, partial=True)
        return await self._update_message(message, payload, clear_loading=False)

    async def delete_message(self, request: web.Request) -> Any:
        channel = self._channel(request)
        message = self._message_in(channel, request)
        own = int(message["author"]["id"]) == self.world.bot_user.id
        if not own and not self.world.permissions_in(self.world.bot_user.id, channel.id) & perms.MANAGE_MESSAGES:
            raise errors.missing_permissions()
        await self._delete(message)
        return None

    async def pin(self, request: web.Request) -> Any:
        channel = self._channel(request, perms.VIEW_CHANNEL | perms.PIN_MESSAGES)
        message = self._message_in(channel, request)
        if message["pinned"]:
            return None
        if len(channel.pinned_ids) >= PINS_MAX:
            raise errors.DiscordError(400, 30003, f"Maximum number of pins reached ({PINS_MAX})")
        message["pinned"] = True
        channel.pinned_ids.append(int(message["id"]))
        message["pinned_at"] = iso_now()
        await self._pins_changed(channel, message)
        notice = self.world.make_message(
            channel.id,
            self.world.bot_user,
            {"message_reference": {"message_id": message["id"]}},
            message_type=CHANNEL_PINNED_MESSAGE,
        )
        self.world.store(notice)
        await self.fake.dispatch("MESSAGE_CREATE", notice, intent=GUILD_MESSAGES_INTENT)
        return None

    async def unpin(self, request: web.Request) -> Any:
        channel = self._channel(request, perms.VIEW_CHANNEL | perms.PIN_MESSAGES)
        message = self._message_in(channel, request)
        if not message["pinned"]:
            raise errors.unknown_message()
        message["pinned"] = False
        channel.pinned_ids.remove(int(message["id"]))
        await self._pins_changed(channel, message)
        return None

    async def list_pins(self, request: web.Request) -> Any:
        channel = self._channel(request, perms.VIEW_CHANNEL | perms.READ_MESSAGE_HISTORY)
        items = [
            {"pinned_at": self.world.messages[i].get("pinned_at"), "message": self.world.messages[i]}
            for i in reversed(channel.pinned_ids)
        ]
        return {"items": items, "has_more": False}

    async def list_pins_legacy(self, request: web.Request) -> Any:
        channel = self._channel(request, perms.VIEW_CHANNEL | perms.READ_MESSAGE_HISTORY)
        return [self.world.messages[i] for i in reversed(channel.pinned_ids)]

    async def _pins_changed(self, channel: Channel, message: dict[str, Any]) -> None:
        await self.fake.dispatch("MESSAGE_UPDATE", message, intent=GUILD_MESSAGES_INTENT)
        await self.fake.dispatch(
            "CHANNEL_PINS_UPDATE",
            {
                "guild_id": str(self.world.guild_id),
                "channel_id": str(channel.id),
                "last_pin_timestamp": iso_now(),
            },
            intent=GUILDS_INTENT,
        )

    # -- shared message mutations ---
    async def _update_message(
        self, message: dict[str, Any], payload: dict[str, Any], *, clear_loading: bool
    ) -> dict[str, Any]:
        if "content" in payload:
            message["content"] = payload["content"] or ""
        if "embeds" in payload:
            message["embeds"] = [{"type": "rich", **e} for e in payload["embeds"] or []]
        if "components" in payload:
            message["components"] = payload["components"] or []
        if "allowed_mentions" in payload:
            message["allowed_mentions"] = payload["allowed_mentions"]
        mentions, everyone = self.world.user_mentions(
            message["content"],
            message.get("allowed_mentions"),
            self.world.bot_user.id,
            int(message["channel_id"]),
        )
        message["mentions"] = [self.world._mention_payload(u) for u in mentions]
        message["mention_everyone"] = everyone
        if clear_loading:
            message["flags"] &= ~LOADING
        message["edited_timestamp"] = iso_now()
        if not message["flags"] & EPHEMERAL:
            await self.fake.dispatch("MESSAGE_UPDATE", message, intent=GUILD_MESSAGES_INTENT)
        self.fake.notify()
        return message

    async def _delete(self, message: dict[str, Any]) -> None:
        message_id, channel_id = int(message["id"]), int(message["channel_id"])
        channel = self.world.channels[channel_id]
        self.world.messages.pop(message_id, None)
        if message_id in channel.message_ids:
            channel.message_ids.remove(message_id)
        if message_id in channel.pinned_ids:
            channel.pinned_ids.remove(message_id)
        if not message["flags"] & EPHEMERAL:
            await self.fake.dispatch(
                "MESSAGE_DELETE",
                {"id": str(message_id), "channel_id": str(channel_id), "guild_id": str(self.world.guild_id)},
                intent=GUILD_MESSAGES_INTENT,
            )


def _str_or_none(value: int | None) -> str | None:
    return None if value is None else str(value)
