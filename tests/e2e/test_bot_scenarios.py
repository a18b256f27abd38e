"""The real bot (its Bot class, its generated commands, the real index) driven end to end through the fake Discord.

The bot is configured the way an operator would point it elsewhere — `discord_api_base_url` applied by
`bot.runner.apply_api_base_url` — and started with `IlrsBot.start`, as `bot.runner.serve` does.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from e2e_support import STEP_TIMEOUT, serving_fake
from fake_discord.gateway import GUILDS_INTENT
from pydantic import SecretStr

from bot.discord.client import IlrsBot
from bot.discord.runner import apply_api_base_url
from bot.knowledge import KnowledgeBaseHolder
from bot.settings import load_settings
from bot.storage.database import Database
from bot.storage.questions import export_rows

pytestmark = pytest.mark.asyncio(loop_scope="session")

CALLBACK = "POST /interactions/{interaction_id}/{token}/callback"
FOLLOWUP = "POST /webhooks/{application_id}/{token}"
CHANNEL_MESSAGES = "POST /channels/{channel_id}/messages"
DOCS_DIR = Path(__file__).resolve().parents[2] / "docs"
QUESTION = "What is the deadline for Chang'e-8 collaboration proposals?"
UNREDIRECTED_GATEWAY = (
    "With discord_api_base_url set, the bot still dialled discord.py's built-in gateway "
    "(wss://gateway.discord.gg) instead of the URL GET /gateway/bot returned: only Route.BASE was "
    "redirected. "
    "discord.Client never calls GET /gateway/bot; the bot must, e.g. in setup_hook: "
    "`_, url, _ = await self.http.get_bot_gateway(); DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)`."
)


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def fake():
    async with serving_fake(channels=("general", "off-topic", "announcements")) as fake:
        yield fake


class FakeClock:
    """The reminders' clock: the real time until a test moves it forward."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


@pytest.fixture(scope="module")
def clock() -> FakeClock:
    return FakeClock()


def use_fake_time(bot: IlrsBot, clock: FakeClock) -> None:
    """The reminders' service and scheduler read the time through their `clock`: give them the fake one."""
    bot.services.reminders.clock = bot.reminder_scheduler.clock = clock


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def ilrs_bot(fake, kb, index_dir, tmp_path_factory, clock):
    # Copies: /reindex rebuilds from docs_dir into index_dir, and the session's index must stay as it is.
    workdir = tmp_path_factory.mktemp("bot")
    shutil.copytree(DOCS_DIR, workdir / "docs")
    shutil.copytree(index_dir, workdir / "index")
    settings = load_settings(
        discord_token=SecretStr(fake.token),
        discord_api_base_url=fake.api_base,
        dev_guild_id=fake.guild_id,
        mention_channel_ids=(fake.channel_id("general"),),
        docs_dir=workdir / "docs",
        index_dir=workdir / "index",
        database_path=workdir / "bot.sqlite3",
        ask_cooldown_questions=100,
        message_content_intent=False,
    )
    apply_api_base_url(settings)
    knowledge = KnowledgeBaseHolder(kb, workers=2)
    try:
        async with (
            Database(settings.storage.url) as database,
            IlrsBot(settings=settings, knowledge=knowledge, database=database) as bot,
        ):
            task = asyncio.create_task(bot.start(fake.token))
            ready = asyncio.create_task(fake.wait_until_ready(STEP_TIMEOUT))
            done, _ = await asyncio.wait({task, ready}, return_when=asyncio.FIRST_COMPLETED)
            if task in done:
                ready.cancel()
                if fake.unconfigured_gateway_hits:
                    pytest.fail(UNREDIRECTED_GATEWAY, pytrace=False)
                task.result()  # whatever else stopped the bot
            ready.result()  # the fake's diagnosis when the bot never reached READY
            await asyncio.wait_for(bot.wait_until_ready(), STEP_TIMEOUT)
            use_fake_time(bot, clock)
            try:
                yield bot
            finally:
                await asyncio.wait_for(bot.close(), STEP_TIMEOUT)
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(task, STEP_TIMEOUT)
    finally:
        knowledge.close()


def _requests(fake, route, since=0):
    return [r for r in fake.requests[since:] if r.route == route]


async def test_the_bot_starts_syncs_its_commands_and_reaches_ready(fake, ilrs_bot):
    routes = [r.route for r in fake.requests]
    assert "GET /users/@me" in routes and "GET /gateway/bot" in routes
    assert "PUT /applications/{application_id}/guilds/{guild_id}/commands" in routes  # dev guild: instant sync
    assert {"ask", "sources", "help"} <= {c["name"] for c in fake.commands(guild=True)}
    assert all(r.ok for r in fake.requests), [(r.route, r.status, r.response) for r in fake.requests if not r.ok]
    assert ilrs_bot.get_guild(fake.guild_id) is not None
    assert fake.unhandled_requests == []


async def test_ask_is_deferred_then_answered_with_a_valid_embed_that_pings_nobody(fake, ilrs_bot):
    since = len(fake.requests)
    interaction = await fake.dispatch_slash("ask", {"question": QUESTION}, user="alice")
    answer = await fake.wait_for_answer(interaction, STEP_TIMEOUT)

    callback = _requests(fake, CALLBACK, since)[0]
    assert callback.json["type"] == 5  # deferred: the 3-second window cannot depend on the answer's speed
    assert callback.at - interaction.dispatched_at < fake.interaction_ack_timeout
    followups = _requests(fake, FOLLOWUP, since)
    assert [r.status for r in followups] == [200]  # passed the fake's message and embed validation
    assert followups[0].json["allowed_mentions"] == {"parse": []}
    assert answer["embeds"] and answer["embeds"][0].get("description")
    assert answer["mentions"] == [] and not answer["mention_everyone"]
    assert not fake.is_ephemeral(answer)


def registered_usages(fake) -> dict[str, list[str]]:
    """Every command path the bot synced ("ask", "remind add") with its option names, from what the fake holds."""
    found = {}
    for command in fake.commands(guild=True):
        if command.get("type", 1) == 3:  # a message's Apps menu entry
            found[f"Apps › {command['name']} (on a message)"] = []
            continue
        subcommands = [o for o in command.get("options", []) if o["type"] == 1]
        for leaf, path in [(s, f"{command['name']} {s['name']}") for s in subcommands] or [(command, command["name"])]:
            found[path] = [option["name"] for option in leaf.get("options", [])]
    return found


async def test_help_lists_exactly_the_registered_commands_and_their_options(fake, ilrs_bot):
    interaction = await fake.dispatch_slash("help", user="alice")
    answer = await fake.wait_for_answer(interaction, STEP_TIMEOUT)
    shown = {}
    for field in answer["embeds"][0]["fields"]:
        if field["name"].startswith("Apps › "):
            shown[field["name"]] = []
            continue
        path, options = [], []
        for word in field["name"].lstrip("/").split():
            if ":" in word:
                options.append(word.strip("[]").split(":")[0])
            else:
                path.append(word)
        shown[" ".join(path)] = options
    assert shown == registered_usages(fake)
    assert "remind confirm" not in shown  # the console's way of confirming is not offered on Discord


async def test_a_thumbs_up_on_an_answer_is_acknowledged_privately(fake, ilrs_bot):
    interaction = await fake.dispatch_slash("ask", {"question": QUESTION}, user="alice")
    answer = await fake.wait_for_answer(interaction, STEP_TIMEOUT)
    click = await fake.click_button(answer, emoji="👍", user="bob")
    thanks = await fake.wait_for_answer(click, STEP_TIMEOUT)

    assert fake.is_ephemeral(thanks) and thanks["content"]
    assert thanks["mentions"] == []


async def test_a_private_ask_is_answered_ephemerally(fake, ilrs_bot):
    interaction = await fake.dispatch_slash("ask", {"question": QUESTION, "private": True}, user="bob")
    answer = await fake.wait_for_answer(interaction, STEP_TIMEOUT)
    assert fake.is_ephemeral(answer) and answer["embeds"]


async def test_a_mention_is_answered_in_an_allowed_channel_and_ignored_elsewhere(fake, ilrs_bot):
    since = len(fake.requests)
    ignored = await fake.send_message(QUESTION, mentions=["bot"], channel="off-topic", author="bob")
    asked = await fake.send_message(QUESTION, mentions=["bot"], channel="general", author="bob")
    reply = await fake.wait_for_reply(asked, STEP_TIMEOUT)

    assert reply["embeds"] and reply["mentions"] == []
    sends = _requests(fake, CHANNEL_MESSAGES, since)
    assert [r.json["allowed_mentions"] for r in sends] == [{"parse": [], "replied_user": False}]
    assert {r.params["channel_id"] for r in sends} == {str(fake.channel_id("general"))}
    assert not [m for m in fake.messages_in("off-topic") if m["author"]["id"] == str(fake.bot_user.id)]
    assert ignored["id"] not in {m.get("message_reference", {}).get("message_id") for m in fake.messages_in("general")}


async def test_a_reply_to_an_answer_is_answered_when_it_pings_the_bot(fake, ilrs_bot):
    asked = await fake.send_message(QUESTION, mentions=["bot"], channel="general", author="alice")
    answer = await fake.wait_for_reply(asked, STEP_TIMEOUT)
    silent = await fake.send_message("and the budget?", reply_to=answer, ping_reply=False, author="alice")
    follow_up = await fake.send_message("and who can apply?", reply_to=answer, author="alice")

    assert (await fake.wait_for_reply(follow_up, STEP_TIMEOUT))["embeds"]
    # Without the message content intent the unpinged reply arrives blank: nothing to answer, no reply.
    assert not [
        m for m in fake.messages_in("general") if m.get("message_reference", {}).get("message_id") == silent["id"]
    ]


async def test_a_429_is_waited_out_and_the_answer_still_arrives(fake, ilrs_bot):
    since = len(fake.requests)
    fake.rate_limit_next(FOLLOWUP, 0.5)
    interaction = await fake.dispatch_slash("ask", {"question": QUESTION}, user="alice")
    answer = await fake.wait_for_answer(interaction, STEP_TIMEOUT)

    followups = _requests(fake, FOLLOWUP, since)
    assert [r.status for r in followups] == [429, 200]
    assert followups[1].at - followups[0].at >= 0.5 and not followups[1].early_retry
    assert answer["embeds"]


async def test_the_bot_resumes_after_a_dropped_connection_and_keeps_answering(fake, ilrs_bot):
    log_start = len(fake.gateway_log)
    await fake.drop_connection()
    interaction = await fake.dispatch_slash("ask", {"question": QUESTION}, user="alice")  # while it is away
    resume = await fake.wait_for_gateway(lambda f: f.direction == "in" and f.op == 6, STEP_TIMEOUT, since=log_start)
    answer = await fake.wait_for_answer(interaction, STEP_TIMEOUT)

    assert resume.path == "/gateway-resume"
    assert not [f for f in fake.gateway_log[log_start:] if f.direction == "in" and f.op == 2]  # no new IDENTIFY
    assert answer["embeds"]
    asked = await fake.send_message(QUESTION, mentions=["bot"], channel="general", author="alice")
    assert (await fake.wait_for_reply(asked, STEP_TIMEOUT))["embeds"]


async def test_an_overlong_question_gets_a_short_private_notice(fake, ilrs_bot):
    interaction = await fake.dispatch_slash("ask", {"question": "why " * 300}, user="bob")
    answer = await fake.wait_for_answer(interaction, STEP_TIMEOUT)
    assert fake.is_ephemeral(answer)
    assert "characters long" in answer["content"]


REMIND_ADD = {"channel": "general", "zone": "UTC", "date": "2027-03-01", "title": "ILRS proposal deadline"}


async def test_remind_add_is_hidden_from_members_without_manage_messages(fake, ilrs_bot):
    with pytest.raises(PermissionError):
        await fake.dispatch_slash("remind add", REMIND_ADD, user="alice")


async def test_remind_add_posts_and_pins_after_the_moderator_confirms(fake, ilrs_bot):
    interaction = await fake.dispatch_slash("remind add", REMIND_ADD, user="moderator")
    question = await fake.wait_for_answer(interaction, STEP_TIMEOUT)
    assert fake.is_ephemeral(question)

    click = await fake.click_button(question, user="moderator", label="Confirm")
    outcome = await fake.wait_for_answer(click, STEP_TIMEOUT)

    assert outcome["content"].startswith("Saved reminder")
    assert outcome["components"] == []  # the buttons are gone once answered
    pinned = fake.pinned_in("general")
    assert len(pinned) == 1 and pinned[0]["author"]["id"] == str(fake.bot_user.id)
    assert "ILRS proposal deadline" in str(pinned[0]["embeds"])
    assert pinned[0]["mentions"] == [] and not pinned[0]["mention_everyone"]


async def test_a_missing_pin_permission_gives_the_moderator_a_clear_message(fake, ilrs_bot):
    fake.deny_permission("announcements", "pin")
    await fake.wait_for_gateway(lambda f: f.t == "CHANNEL_UPDATE", STEP_TIMEOUT)
    before = len(fake.pinned_in("announcements"))
    interaction = await fake.dispatch_slash("remind add", {**REMIND_ADD, "channel": "announcements"}, user="moderator")
    answer = await fake.wait_for_answer(interaction, STEP_TIMEOUT)
    if answer["components"]:  # the bot may only find out when it tries to pin
        click = await fake.click_button(answer, user="moderator", label="Confirm")
        answer = await fake.wait_for_answer(click, STEP_TIMEOUT)

    assert fake.is_ephemeral(answer)
    assert "Pin Messages" in answer["content"]
    assert len(fake.pinned_in("announcements")) == before
    assert not [m for m in fake.messages_in("announcements") if m["author"]["id"] == str(fake.bot_user.id)]


async def test_a_reminder_alert_fires_once_at_the_fake_time(fake, ilrs_bot, clock):
    deadline = (clock() + timedelta(days=3)).replace(hour=12, minute=0, second=0, microsecond=0)
    options = {
        "channel": "off-topic",
        "zone": "UTC",
        "date": deadline.date().isoformat(),
        "time": "12:00",
        "title": "Payload proposal",
        "leads": "1d",
    }
    interaction = await fake.dispatch_slash("remind add", options, user="moderator")
    question = await fake.wait_for_answer(interaction, STEP_TIMEOUT)
    click = await fake.click_button(question, user="moderator", label="Confirm")
    assert (await fake.wait_for_answer(click, STEP_TIMEOUT))["content"].startswith("Saved reminder")
    scheduler = ilrs_bot.reminder_scheduler

    def alerts():
        return [
            m
            for m in fake.messages_in("off-topic")
            if m["author"]["id"] == str(fake.bot_user.id) and m["type"] == 0 and not m["pinned"]
        ]

    scheduler.wake()
    await asyncio.sleep(0.3)
    assert alerts() == []  # nothing is due yet

    clock.offset += deadline - timedelta(days=1) - clock() + timedelta(seconds=30)
    scheduler.wake()
    await fake.wait_until(alerts, timeout=STEP_TIMEOUT, what="the one-day alert")
    for _ in range(3):  # later passes must not post it again
        scheduler.wake()
        await asyncio.sleep(0.2)

    (alert,) = alerts()
    # Once on the wire too, not just once after Discord's de-duplication of a re-sent nonce.
    sends = [r for r in _requests(fake, CHANNEL_MESSAGES) if r.json.get("nonce") == alert["nonce"]]
    assert len(sends) == 1
    assert "Payload proposal" in str(alert["embeds"])
    assert alert["mentions"] == [] and not alert["mention_everyone"]


def answered_at(fake, interaction) -> int:
    """Position in the request log of the follow-up that delivered an interaction's answer."""
    return next(
        i
        for i, r in enumerate(fake.requests)
        if r.route == FOLLOWUP and r.ok and r.params["token"] == interaction.token
    )


def workshop_notice(sessions: int = 120) -> str:
    """A new source document, long enough that embedding it keeps /reindex busy for a noticeable moment."""
    paragraphs = [
        f"Session {n} of the ILRS regolith workshop, held in Hefei for Chang'e-8 payload teams, reviews "
        f"sample-handling instrument number {n}: its mass budget of {n + 3} kilograms, its power draw of "
        f"{2 * n + 5} watts and the thermal tests planned for it before integration."
        for n in range(1, sessions + 1)
    ]
    return '---\ntitle: "ILRS regolith workshop notice"\n---\n\n' + "\n\n".join(paragraphs) + "\n"


async def test_reindex_swaps_the_index_while_questions_are_being_answered(fake, ilrs_bot):
    (ilrs_bot.settings.knowledge.docs_dir / "regolith-workshop.md").write_text(workshop_notice(), encoding="utf-8")
    serving_before = ilrs_bot.knowledge.current
    since = len(fake.requests)
    rebuild = await fake.dispatch_slash("reindex", {"force": True}, user="guild-owner")
    await fake.wait_for_request(lambda r: r.params.get("token") == rebuild.token, STEP_TIMEOUT, since=since)

    questions = [await fake.dispatch_slash("ask", {"question": QUESTION}, user="bob") for _ in range(3)]
    answers = [await fake.wait_for_answer(question, STEP_TIMEOUT) for question in questions]
    rebuilt = await fake.wait_for_answer(rebuild, 60)

    assert all(answer["embeds"] for answer in answers)
    # Each question was answered while the rebuild was still embedding the new document (seconds), not queued
    # behind it.
    assert max(answered_at(fake, q) for q in questions) < answered_at(fake, rebuild), (
        "questions waited for the rebuild to finish instead of being answered meanwhile"
    )
    assert fake.is_ephemeral(rebuilt) and rebuilt["content"]
    assert ilrs_bot.knowledge.current is not serving_before
    interaction = await fake.dispatch_slash("ask", {"question": "Where is the ILRS regolith workshop?"}, user="bob")
    answer = await fake.wait_for_answer(interaction, STEP_TIMEOUT)
    assert "regolith workshop" in str(answer["embeds"]).lower()


async def stored(check, what: str):
    """What `check` finds in the bot's database once it is there: gateway events land asynchronously."""
    for _ in range(int(STEP_TIMEOUT / 0.05)):
        if found := await check():
            return found
        await asyncio.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


async def logged_user_ids(bot: IlrsBot) -> list[int | None]:
    return [row["user_id"] for row in await bot.database.run(export_rows)]


async def test_privacy_export_is_a_private_file_and_a_confirmed_delete_removes_the_users_rows(fake, ilrs_bot):
    alice, bob = fake.user("alice").id, fake.user("bob").id
    for user in ("alice", "bob"):
        asked = await fake.dispatch_slash("ask", {"question": QUESTION}, user=user)
        await fake.wait_for_answer(asked, STEP_TIMEOUT)
    bob_rows = (await logged_user_ids(ilrs_bot)).count(bob)
    assert alice in await logged_user_ids(ilrs_bot) and bob_rows

    since = len(fake.requests)
    export = await fake.dispatch_slash("privacy", {"action": "export"}, user="alice")
    exported = await fake.wait_for_answer(export, STEP_TIMEOUT)
    assert fake.is_ephemeral(exported) and "Everything the bot holds about you" in exported["content"]
    (sent,) = [r for r in _requests(fake, FOLLOWUP, since) if r.params["token"] == export.token]
    assert [a["filename"] for a in sent.json["attachments"]] == [f"ilrs-bot-data-{alice}.json"]

    asked = await fake.dispatch_slash("privacy", {"action": "delete"}, user="alice")
    question = await fake.wait_for_answer(asked, STEP_TIMEOUT)
    assert fake.is_ephemeral(question) and "permanently deletes" in question["content"]
    assert alice in await logged_user_ids(ilrs_bot)  # nothing happens before the user confirms
    click = await fake.click_button(question, user="alice", label="Confirm")
    outcome = await fake.wait_for_answer(click, STEP_TIMEOUT)

    assert outcome["content"].startswith("Deleted") and outcome["components"] == []
    assert alice not in await logged_user_ids(ilrs_bot)
    assert (await logged_user_ids(ilrs_bot)).count(bob) == bob_rows


async def test_a_guild_delete_schedules_the_purge_an_outage_does_not_and_rejoining_cancels_it(fake, ilrs_bot):
    store = ilrs_bot.services.privacy.store
    guild = fake.guild_id

    await fake.dispatch("GUILD_DELETE", {"id": str(guild), "unavailable": True}, intent=GUILDS_INTENT)  # an outage
    await fake.dispatch("GUILD_CREATE", fake.world.guild_payload(), intent=GUILDS_INTENT)
    await fake.wait_until(lambda: not ilrs_bot.get_guild(guild).unavailable, timeout=STEP_TIMEOUT, what="back")
    assert await store.scheduled_purges() == {}

    await fake.dispatch("GUILD_DELETE", {"id": str(guild)}, intent=GUILDS_INTENT)  # removed from the server
    await fake.wait_until(lambda: ilrs_bot.get_guild(guild) is None, timeout=STEP_TIMEOUT, what="the removal")

    purges = await stored(store.scheduled_purges, "the scheduled purge")
    grace = timedelta(days=ilrs_bot.settings.privacy.guild_data_grace_days)
    assert list(purges) == [guild] and purges[guild] - datetime.now(UTC) > grace - timedelta(minutes=1)
    assert await logged_user_ids(ilrs_bot)  # nothing is deleted before the grace period

    await fake.dispatch("GUILD_CREATE", fake.world.guild_payload(), intent=GUILDS_INTENT)  # added back
    await fake.wait_until(lambda: ilrs_bot.get_guild(guild), timeout=STEP_TIMEOUT, what="the rejoin")

    async def cancelled() -> bool:
        return not await store.scheduled_purges()

    await stored(cancelled, "the purge cancelled")
