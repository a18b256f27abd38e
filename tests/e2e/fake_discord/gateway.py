"""The gateway websocket: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME with replay.

Sessions outlive connections, as on Discord: events dispatched while the bot is disconnected are kept
and replayed when it RESUMEs with its last sequence number.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from .server import FakeDiscord

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE_UPDATE, VOICE_STATE_UPDATE = 0, 1, 2, 3, 4
RESUME, RECONNECT, REQUEST_GUILD_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 6, 7, 8, 9, 10, 11
CLIENT_OPS = {HEARTBEAT, IDENTIFY, PRESENCE_UPDATE, VOICE_STATE_UPDATE, RESUME, REQUEST_GUILD_MEMBERS}

# Close codes (https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-close-event-codes)
UNKNOWN_ERROR, UNKNOWN_OPCODE, DECODE_ERROR, NOT_AUTHENTICATED = 4000, 4001, 4002, 4003
AUTHENTICATION_FAILED, ALREADY_AUTHENTICATED, INVALID_API_VERSION = 4004, 4005, 4012

GUILDS_INTENT, GUILD_MESSAGES_INTENT, MESSAGE_CONTENT_INTENT = 1 << 0, 1 << 9, 1 << 15


@dataclass
class GatewayFrame:
    """One gateway payload, as sent by the bot (`direction == "in"`) or by the fake (`"out"`)."""

    direction: str
    op: int | None
    t: str | None
    s: int | None
    d: Any
    path: str
    at: float = field(default_factory=time.monotonic)


class _Compressor:
    """zlib-stream transport compression: one deflate context per connection, each payload Z_SYNC_FLUSH-ed."""

    def __init__(self) -> None:
        self._context = zlib.compressobj()

    def compress(self, text: str) -> bytes:
        return self._context.compress(text.encode()) + self._context.flush(zlib.Z_SYNC_FLUSH)


class _ZstdCompressor:
    """zstd-stream: each payload a flushed block of one zstd stream."""

    def __init__(self) -> None:
        import zstandard

        self._stream = zstandard.ZstdCompressor().compressobj()

    def compress(self, text: str) -> bytes:
        import zstandard

        return self._stream.compress(text.encode()) + self._stream.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)


def _compressor_for(name: str | None) -> _Compressor | _ZstdCompressor | None:
    if name is None:
        return None
    if name == "zlib-stream":
        return _Compressor()
    if name == "zstd-stream":
        return _ZstdCompressor()
    raise ValueError(name)


class Connection:
    def __init__(self, ws: web.WebSocketResponse, request: web.Request, compressor: Any) -> None:
        self.ws = ws
        self.request = request
        self.path = request.path
        self.compressor = compressor
        self.session: Session | None = None

    async def send(self, payload: dict[str, Any]) -> None:
        text = json.dumps(payload)
        if self.compressor is not None:
            await self.ws.send_bytes(self.compressor.compress(text))
        else:
            await self.ws.send_str(text)


@dataclass
class Session:
    id: str
    intents: int
    shard: list[int] | None = None
    seq: int = 0
    backlog: list[dict[str, Any]] = field(default_factory=list)
    connection: Connection | None = None


class Gateway:
    """Serves `/gateway` (and the `resume_gateway_url`) for one bot token."""

    def __init__(self, fake: FakeDiscord, heartbeat_interval_ms: int) -> None:
        self.fake = fake
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.ack_heartbeats = True
        self.sessions: dict[str, Session] = {}
        self.current: Session | None = None
        self.connections: list[Connection] = []

    # -- dispatching ---
    async def dispatch(self, event: str, data: dict[str, Any], *, intent: int | None = None) -> bool:
        """Send an event to the current session (or queue it for replay); False if its intents exclude it."""
        session = self.current
        if session is None:
            raise RuntimeError(f"cannot dispatch {event}: the bot has not identified on the gateway")
        if intent is not None and not session.intents & intent:
            return False
        session.seq += 1
        payload = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
        session.backlog.append(payload)
        if session.connection is not None:
            await self._send(session.connection, payload)
        return True

    @property
    def message_content_allowed(self) -> bool:
        return bool(self.current and self.current.intents & MESSAGE_CONTENT_INTENT)

    async def _send(self, connection: Connection, payload: dict[str, Any]) -> None:
        self.fake.gateway_log.append(
            GatewayFrame("out", payload["op"], payload.get("t"), payload.get("s"), payload.get("d"), connection.path)
        )
        # If the socket went away under us, the payload stays in the backlog for a RESUME.
        with contextlib.suppress(ConnectionResetError, RuntimeError):
            await connection.send(payload)

    # -- connection control used by tests ---
    async def drop(self, code: int | None) -> None:
        """Drop the live connection: abruptly (no close frame) when `code` is None, else with that code."""
        for connection in list(self.connections):
            if code is None:
                transport = connection.request.transport
                if transport is not None:
                    transport.abort()
            else:
                await connection.ws.close(code=code, message=b"closed by the fake")

    async def send_op(self, op: int, data: Any) -> None:
        for connection in list(self.connections):
            await self._send(connection, {"op": op, "d": data, "s": None, "t": None})

    # -- the websocket handler ---
    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        compress = request.query.get("compress")
        if request.query.get("v") != "10":
            await ws.close(code=INVALID_API_VERSION, message=b"Invalid API version.")
            return ws
        if request.query.get("encoding", "json") != "json":
            await ws.close(code=DECODE_ERROR, message=b"The fake speaks encoding=json only.")
            return ws
        try:
            compressor = _compressor_for(compress)
        except (ValueError, ImportError):
            await ws.close(code=UNKNOWN_ERROR, message=f"Unsupported compress={compress}".encode())
            return ws
        connection = Connection(ws, request, compressor)
        self.connections.append(connection)
        try:
            await self._send(
                connection,
                {"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}, "s": None, "t": None},
            )
            async for message in ws:
                if message.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
                    break
                await self._received(connection, message.data)
        finally:
            self.connections.remove(connection)
            if connection.session is not None and connection.session.connection is connection:
                connection.session.connection = None
            self.fake.notify()
        return ws

    async def _received(self, connection: Connection, raw: str | bytes) -> None:
        try:
            payload = json.loads(raw)
            op = payload["op"]
        except (ValueError, KeyError, TypeError):
            await connection.ws.close(code=DECODE_ERROR, message=b"Error while decoding payload.")
            return
        self.fake.gateway_log.append(GatewayFrame("in", op, None, None, payload.get("d"), connection.path))
        self.fake.notify()
        if op not in CLIENT_OPS:
            await connection.ws.close(code=UNKNOWN_OPCODE, message=b"Unknown opcode.")
            return
        if op == HEARTBEAT:
            if self.ack_heartbeats:
                await self._send(connection, {"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
            return
        if op == IDENTIFY:
            await self._identify(connection, payload.get("d") or {})
            return
        if op == RESUME:
            await self._resume(connection, payload.get("d") or {})
            return
        if connection.session is None:
            await connection.ws.close(code=NOT_AUTHENTICATED, message=b"Not authenticated.")
            return
        if op == REQUEST_GUILD_MEMBERS:
            await self._send_members_chunk(payload["d"])

    def _token_ok(self, token: Any) -> bool:
        return isinstance(token, str) and token.removeprefix("Bot ") == self.fake.token

    async def _identify(self, connection: Connection, data: dict[str, Any]) -> None:
        if connection.session is not None:
            await connection.ws.close(code=ALREADY_AUTHENTICATED, message=b"Already authenticated.")
            return
        if not self._token_ok(data.get("token")):
            await connection.ws.close(code=AUTHENTICATION_FAILED, message=b"Authentication failed.")
            return
        session = Session(secrets.token_hex(16), int(data.get("intents", 0)), data.get("shard"))
        self.sessions[session.id] = session
        self.current = session
        session.connection = connection
        connection.session = session
        world = self.fake.world
        shard = session.shard or [0, 1]
        guild_ids = [g for g in world.guild_ids() if (g >> 22) % shard[1] == shard[0]]  # Discord's shard formula
        ready = {
            "v": 10,
            "user": {**world.bot_user.to_payload(), "verified": True, "mfa_enabled": False, "email": None},
            "guilds": [{"id": str(guild_id), "unavailable": True} for guild_id in guild_ids],
            "session_id": session.id,
            "resume_gateway_url": self.fake.resume_gateway_url,
            "application": {"id": str(world.application_id), "flags": world.application_payload()["flags"]},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "session_type": "normal",
            "auth": {},
            "_trace": ['["fake-discord-gateway",{"micros":0}]'],
        }
        if session.shard is not None:
            ready["shard"] = session.shard
        await self.dispatch("READY", ready)
        for guild_id in guild_ids:
            await self.dispatch("GUILD_CREATE", world.guild_payload(guild_id), intent=GUILDS_INTENT)

    async def _resume(self, connection: Connection, data: dict[str, Any]) -> None:
        session = self.sessions.get(data.get("session_id") or "")
        if session is None or not self._token_ok(data.get("token")):
            await self._send(connection, {"op": INVALID_SESSION, "d": False, "s": None, "t": None})
            return
        last_seen = data.get("seq") or 0
        session.connection = connection
        connection.session = session
        self.current = session
        for payload in session.backlog:
            if payload["s"] > last_seen:
                await self._send(connection, payload)
        await self.dispatch("RESUMED", {"_trace": ['["fake-discord-gateway",{"micros":0}]']})

    async def _send_members_chunk(self, data: dict[str, Any]) -> None:
        world = self.fake.world
        members = [m.to_payload() for m in world.members.values()]
        chunk = {
            "guild_id": str(world.guild_id),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
            "presences": [],
        }
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        await self.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    def frames(self, predicate: Callable[[GatewayFrame], bool]) -> list[GatewayFrame]:
        return [frame for frame in self.fake.gateway_log if predicate(frame)]


async def close_all(gateway: Gateway) -> None:
    for connection in list(gateway.connections):
        await asyncio.wait_for(connection.ws.close(code=1001, message=b"fake shutting down"), 2)
