"""The fake Discord, proven against the real, unmodified discord.py client: a minimal bot defined here."""

from __future__ import annotations

import asyncio
import contextlib

import discord
import discord.http
import pytest
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket
from e2e_support import STEP_TIMEOUT
from fake_discord import FakeDiscord

pytestmark = pytest.mark.asyncio(loop_scope="session")

FOLLOWUP = "POST /webhooks/{application_id}/{token}"
CALLBACK = "POST /interactions/{interaction_id}/{token}/callback"


class MinimalBot(discord.Client):
    """The smallest bot that does what ours does: sync one slash command, defer, answer with an embed."""

    def __init__(self, *, guild_id: int, intents: discord.Intents | None = None) -> None:
        super().__init__(
            intents=intents or discord.Intents.default(),
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=0.2,
        )
        self.tree = app_commands.CommandTree(self)
        self.guild = discord.Object(id=guild_id)
        self.answer_delay = 0.0
        self.errors: list[Exception] = []
        self.messages: list[discord.Message] = []
        self._add_commands()

    def _add_commands(self) -> None:
        @self.tree.command(name="ask", description="Ask a question")
        @app_commands.describe(question="Your question")
        async def ask(interaction: discord.Interaction, question: str) -> None:
            try:
                await asyncio.sleep(self.answer_delay)
                await interaction.response.defer(thinking=True)
                embed = discord.Embed(title="Answer", description=f"You asked: {question}")
                await interaction.followup.send(embed=embed)
            except discord.HTTPException as error:
                self.errors.append(error)

        @self.tree.command(name="vote", description="Offer a button")
        async def vote(interaction: discord.Interaction) -> None:
            view = discord.ui.View(timeout=30)
            button = discord.ui.Button(label="Yes", custom_id="vote:yes")

            async def pressed(click: discord.Interaction) -> None:
                await click.response.edit_message(content=f"{click.user.name} voted yes", view=None)

            button.callback = pressed
            view.add_item(button)
            await interaction.response.send_message("Vote?", view=view)

        @self.tree.command(name="ping", description="Reply at once")
        async def ping(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("pong", ephemeral=True)

    async def setup_hook(self) -> None:
        # What a bot pointed at another API base must do: take the gateway URL from GET /gateway/bot.
        _, url, _ = await self.http.get_bot_gateway()
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
        await self.tree.sync()
        self.tree.copy_global_to(guild=self.guild)
        await self.tree.sync(guild=self.guild)

    async def on_message(self, message: discord.Message) -> None:
        self.messages.append(message)


@contextlib.asynccontextmanager
async def running(bot: discord.Client, fake: FakeDiscord, token: str | None = None):
    """Run `bot` against `fake` until the block ends; fail fast if it dies or never becomes ready."""
    discord.http.Route.BASE = fake.api_base
    task = asyncio.create_task(bot.start(token or fake.token))
    try:
        ready = asyncio.create_task(bot.wait_until_ready())
        done, _ = await asyncio.wait({task, ready}, timeout=STEP_TIMEOUT, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            ready.cancel()
            task.result()  # raises what stopped the bot
        assert ready in done, "the bot did not become ready in time"
        yield bot
    finally:
        await asyncio.wait_for(bot.close(), STEP_TIMEOUT)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(task, STEP_TIMEOUT)


@pytest.fixture
async def bot(fake_discord):
    client = MinimalBot(guild_id=fake_discord.guild_id)
    async with running(client, fake_discord):
        yield client


async def test_logs_in_syncs_commands_and_reaches_ready(fake_discord, bot):
    routes = [r.route for r in fake_discord.requests]
    assert routes[:3] == ["GET /users/@me", "GET /oauth2/applications/@me", "GET /gateway/bot"]
    assert "PUT /applications/{application_id}/commands" in routes
    assert "PUT /applications/{application_id}/guilds/{guild_id}/commands" in routes
    assert all(r.ok for r in fake_discord.requests), [(r.route, r.status) for r in fake_discord.requests]
    assert {c["name"] for c in fake_discord.commands(guild=False)} == {"ask", "ping", "vote"}
    assert {c["name"] for c in fake_discord.commands(guild=True)} == {"ask", "ping", "vote"}

    identify = next(f for f in fake_discord.gateway_log if f.direction == "in" and f.op == 2)
    assert identify.d["token"] == fake_discord.token
    assert identify.d["intents"] == discord.Intents.default().value
    assert bot.user.id == fake_discord.bot_user.id
    guild = bot.get_guild(fake_discord.guild_id)
    assert guild is not None and {c.name for c in guild.text_channels} == {"general", "off-topic"}
    assert guild.me.guild_permissions.send_messages

    # Heartbeats flow both ways (the fake's HELLO asks for one every 0.5 s).
    await fake_discord.wait_for_gateway(lambda f: f.direction == "in" and f.op == 1, STEP_TIMEOUT)
    await fake_discord.wait_for_gateway(lambda f: f.direction == "out" and f.op == 11, STEP_TIMEOUT)
    assert fake_discord.unhandled_requests == []


async def test_slash_command_is_deferred_then_answered_with_an_embed(fake_discord, bot):
    interaction = await fake_discord.dispatch_slash("ask", {"question": "When is the deadline?"})
    answer = await fake_discord.wait_for_answer(interaction, STEP_TIMEOUT)

    # The follow-up filled in the "thinking…" message rather than posting a second one.
    assert answer["id"] == str(interaction.original_message_id)
    assert answer["embeds"][0]["description"] == "You asked: When is the deadline?"
    assert answer["mentions"] == []
    callback = next(r for r in fake_discord.requests if r.route == CALLBACK)
    followup = next(r for r in fake_discord.requests if r.route == FOLLOWUP)
    assert callback.json == {"type": 5}
    assert callback.at - interaction.dispatched_at < 3.0
    assert followup.json["allowed_mentions"] == {"parse": []}
    assert followup.status == 200 and bot.errors == []


async def test_an_unsynced_command_or_bad_options_are_refused_like_the_discord_client(fake_discord, bot):
    with pytest.raises(LookupError, match="never synced"):
        await fake_discord.dispatch_slash("remind add", {"when": "tomorrow"})
    with pytest.raises(ValueError, match="missing required option 'question'"):
        await fake_discord.dispatch_slash("ask", {})
    with pytest.raises(TypeError, match="takes a string"):
        await fake_discord.dispatch_slash("ask", {"question": 42})


async def test_an_interaction_acknowledged_too_late_is_unknown(fake_discord, bot):
    fake_discord.interaction_ack_timeout = 0.2  # Discord allows 3 s; shortened so the test stays fast
    bot.answer_delay = 0.4
    interaction = await fake_discord.dispatch_slash("ask", {"question": "slow?"})
    await fake_discord.wait_for_request(lambda r: r.route == CALLBACK, STEP_TIMEOUT)
    await fake_discord.wait_until(lambda: bot.errors, timeout=STEP_TIMEOUT, what="the bot's error")

    assert isinstance(bot.errors[0], discord.NotFound) and bot.errors[0].code == 10062
    assert interaction.acknowledged_at is None


async def test_an_ephemeral_response_is_not_posted_to_the_channel(fake_discord, bot):
    before = len(fake_discord.messages_in("general"))
    interaction = await fake_discord.dispatch_slash("ping")
    answer = await fake_discord.wait_for_answer(interaction, STEP_TIMEOUT)
    assert answer["content"] == "pong" and fake_discord.is_ephemeral(answer)
    assert [m for m in fake_discord.messages_in("general")[before:] if not fake_discord.is_ephemeral(m)] == []


async def test_a_button_click_updates_the_message_it_is_on(fake_discord, bot):
    interaction = await fake_discord.dispatch_slash("vote")
    offer = await fake_discord.wait_for_answer(interaction, STEP_TIMEOUT)
    click = await fake_discord.click_button(offer, label="Yes", user="bob")
    updated = await fake_discord.wait_for_answer(click, STEP_TIMEOUT)

    assert updated["id"] == offer["id"]
    assert updated["content"] == "bob voted yes" and updated["components"] == []
    with pytest.raises(LookupError, match="no such button"):
        await fake_discord.click_button(updated, label="Yes")


async def test_messages_over_discord_limits_get_discords_400(fake_discord, bot):
    channel = bot.get_channel(fake_discord.channel_id("general"))
    with pytest.raises(discord.HTTPException) as too_long:
        await channel.send(embed=discord.Embed(description="x" * 4097))
    assert too_long.value.status == 400 and too_long.value.code == 50035
    assert "embeds.0.description" in str(too_long.value)
    with pytest.raises(discord.HTTPException) as too_big:
        halves = [discord.Embed(description="y" * 4000), discord.Embed(description="z" * 2001)]
        await channel.send(embeds=halves)
    assert too_big.value.code == 50035 and "6000" in str(too_big.value)
    with pytest.raises(discord.HTTPException) as content:
        await channel.send("c" * 2001)
    assert content.value.code == 50035 and "content" in str(content.value)


async def test_a_resent_nonce_is_deduplicated_and_history_pages_newest_first(fake_discord, bot):
    channel = bot.get_channel(fake_discord.channel_id("off-topic"))
    first = await channel.send("once", nonce="alert-1")
    again = await channel.send("once", nonce="alert-1")
    later = await channel.send("later")
    assert again.id == first.id
    history = [m.id async for m in channel.history(limit=10)]
    assert history == [later.id, first.id]
    assert [m.id async for m in channel.history(limit=10, after=first)] == [later.id]


async def test_pinning_without_the_permission_is_forbidden(fake_discord, bot):
    channel = bot.get_channel(fake_discord.channel_id("general"))
    first = await channel.send("pin me")
    await first.pin()
    assert [m["id"] for m in fake_discord.pinned_in("general")] == [str(first.id)]

    fake_discord.deny_permission("general", "pin")
    second = await channel.send("and me")
    with pytest.raises(discord.Forbidden) as denied:
        await second.pin()
    assert denied.value.status == 403 and denied.value.code == 50013
    assert [m["id"] for m in fake_discord.pinned_in("general")] == [str(first.id)]
    # The overwrite reached the bot too (CHANNEL_UPDATE), so it could have checked before trying.
    await fake_discord.wait_until(
        lambda: not channel.permissions_for(channel.guild.me).pin_messages,
        timeout=STEP_TIMEOUT,
        what="the channel update",
    )


async def test_a_dropped_connection_is_resumed_and_missed_events_replayed(fake_discord, bot):
    await fake_discord.drop_connection()
    # Dispatched while the bot is away: Discord keeps it for the resumed session.
    interaction = await fake_discord.dispatch_slash("ask", {"question": "still there?"})
    resume = await fake_discord.wait_for_gateway(lambda f: f.direction == "in" and f.op == 6, STEP_TIMEOUT)
    await fake_discord.wait_for_gateway(lambda f: f.t == "RESUMED", STEP_TIMEOUT)
    answer = await fake_discord.wait_for_answer(interaction, STEP_TIMEOUT)

    assert resume.path == "/gateway-resume"  # READY's resume_gateway_url
    assert resume.d["session_id"] == fake_discord.gateway.current.id
    identifies = [f for f in fake_discord.gateway_log if f.direction == "in" and f.op == 2]
    assert len(identifies) == 1  # resumed, not re-identified
    assert answer["embeds"][0]["description"] == "You asked: still there?"


async def test_a_reconnect_request_is_followed_by_a_resume(fake_discord, bot):
    await fake_discord.request_reconnect()
    await fake_discord.wait_for_gateway(lambda f: f.t == "RESUMED", STEP_TIMEOUT)
    interaction = await fake_discord.dispatch_slash("ask", {"question": "after reconnect"})
    await fake_discord.wait_for_answer(interaction, STEP_TIMEOUT)


async def test_an_invalidated_session_makes_the_bot_identify_again(fake_discord, bot):
    first_session = fake_discord.gateway.current.id
    await fake_discord.invalidate_session(resumable=False)
    await fake_discord.wait_until(
        lambda: len([f for f in fake_discord.gateway_log if f.t == "READY"]) == 2,
        timeout=STEP_TIMEOUT,
        what="a second READY",
    )
    assert fake_discord.gateway.current.id != first_session
    interaction = await fake_discord.dispatch_slash("ask", {"question": "new session?"})
    await fake_discord.wait_for_answer(interaction, STEP_TIMEOUT)


async def test_a_429_is_waited_out_and_the_answer_still_arrives(fake_discord, bot):
    fake_discord.rate_limit_next(FOLLOWUP, 0.5)
    interaction = await fake_discord.dispatch_slash("ask", {"question": "rate limited?"})
    answer = await fake_discord.wait_for_answer(interaction, STEP_TIMEOUT)

    followups = [r for r in fake_discord.requests if r.route == FOLLOWUP]
    assert [r.status for r in followups] == [429, 200]
    assert followups[0].response["retry_after"] == 0.5
    assert followups[1].at - followups[0].at >= 0.5
    assert not any(r.early_retry for r in followups)
    assert answer["embeds"]


async def test_a_429_on_the_bots_own_api_route_is_waited_out(fake_discord, bot):
    fake_discord.rate_limit_next("POST /channels/{channel_id}/messages", 0.3)
    channel = bot.get_channel(fake_discord.channel_id("general"))
    message = await channel.send("after the limit")
    sends = [r for r in fake_discord.requests if r.route == "POST /channels/{channel_id}/messages"]
    assert [r.status for r in sends] == [429, 200]
    assert sends[1].at - sends[0].at >= 0.3
    assert message.content == "after the limit"


async def test_message_content_is_withheld_without_the_intent_unless_the_bot_is_mentioned(fake_discord, bot):
    await fake_discord.send_message("hello bot", mentions=["bot"])
    await fake_discord.send_message("just chatting")
    await fake_discord.wait_until(lambda: len(bot.messages) >= 2, timeout=STEP_TIMEOUT, what="two messages")

    mentioned, other = bot.messages[-2:]
    assert mentioned.content == f"<@{fake_discord.bot_user.id}> hello bot"
    assert bot.user in mentioned.mentions
    assert other.content == ""


async def test_a_reply_pings_the_replied_author_unless_told_not_to(fake_discord, bot):
    sent = await bot.get_channel(fake_discord.channel_id("general")).send("an answer")
    original = fake_discord.world.messages[sent.id]
    await fake_discord.send_message("thanks", reply_to=original)
    await fake_discord.send_message("quiet thanks", reply_to=original, ping_reply=False)
    replies = lambda: [m for m in bot.messages if m.reference and m.reference.message_id == sent.id]  # noqa: E731
    await fake_discord.wait_until(lambda: len(replies()) == 2, timeout=STEP_TIMEOUT, what="two replies")

    pinged, quiet = replies()
    assert pinged.content == "thanks" and bot.user in pinged.mentions
    assert quiet.content == "" and quiet.mentions == []  # no ping, no message content intent: no text


async def test_a_wrong_token_is_refused(fake_discord):
    client = discord.Client(intents=discord.Intents.none())
    discord.http.Route.BASE = fake_discord.api_base
    try:
        with pytest.raises(discord.LoginFailure):
            await asyncio.wait_for(client.login("not-the-token"), STEP_TIMEOUT)
    finally:
        await client.close()
    assert fake_discord.requests[0].status == 401
