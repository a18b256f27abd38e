"""Whatever a moderator types into /remind, the bot answers with a bounded, inert message and never crashes.

Property-based (Hypothesis) over dates, times, time zones, lead times and titles, plus the Discord command's
own limits and the confirmation and error texts it sends."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import discord
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reminder_helpers import GUILD

from bot.commands.errors import ECHO_LIMIT, quoted
from bot.escaping import escape_discord
from bot.features.reminders.commands import REMIND
from bot.features.reminders.confirmations import AddRequest, clean_title
from bot.features.reminders.parsing import ReminderInputError, parse_deadline, zone_suggestions
from bot.features.reminders.plan import parse_lead_times
from bot.features.reminders.service import ReminderService
from bot.storage.guild_settings import GuildConfig
from tests.bot.discord_markdown import live_constructs, shown_text
from tests.bot.reminders.test_reminder_cog import add, make_interaction, sent_text

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
HORIZON = timedelta(days=730)
HOSTILE_TITLE = "[click](https://evil.example) <@&123456789012345678> @everyone ||secret|| **loud**"

# Dates and times near the forms the parser reads, and anything at all.
date_texts = st.one_of(
    st.dates(min_value=date(2026, 11, 1), max_value=date(2028, 12, 31)).map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: f"{d.day} {d:%B %Y}"),
    st.from_regex(r"\A\d{1,5}[-/ ]\d{1,3}[-/ ]\d{1,5}\Z"),
    st.text(max_size=60),
)
time_texts = st.one_of(
    st.none(),
    st.from_regex(r"\A\d{1,2}(:\d{2}){0,2} ?([ap]\.?m\.?)? ?((utc|gmt)?[+-]\d{1,4}(:\d{2})?)?\Z"),
    st.text(max_size=30),
)
zone_texts = st.one_of(st.sampled_from(["UTC", "Europe/Paris", "America/New_York", "Asia/Kathmandu"]), st.text())
PROPERTIES = settings(max_examples=150, deadline=None)


def assert_bounded_echo(message: str, typed: str) -> None:
    """The message quotes at most ECHO_LIMIT characters of what was typed, and is one short line."""
    assert "\n" not in message and len(message) <= 400, message
    longest = max((len(part) for part in " ".join(typed.split()).split(" ")), default=0)
    if longest > ECHO_LIMIT:
        assert " ".join(typed.split())[: ECHO_LIMIT + 1] not in message


@PROPERTIES
@given(date_text=date_texts, time_text=time_texts, zone=zone_texts)
def test_any_date_time_and_zone_give_a_deadline_or_a_one_line_error(date_text, time_text, zone):
    try:
        deadline = parse_deadline(date_text, time_text, zone, now=NOW, horizon=HORIZON)
    except ReminderInputError as error:
        for typed in (date_text, time_text or "", zone):
            assert_bounded_echo(str(error), typed)
    else:
        assert NOW < deadline.utc <= NOW + HORIZON


@PROPERTIES
@given(st.text())
def test_any_lead_times_are_read_or_refused_in_one_bounded_line(text):
    try:
        leads = parse_lead_times(text)
    except ReminderInputError as error:
        assert_bounded_echo(str(error), text)
    else:
        assert 1 <= len(leads) <= 8


@PROPERTIES
@given(st.text())
def test_zone_autocomplete_takes_any_text(text):
    assert len(zone_suggestions(text)) <= 25


@PROPERTIES
@given(st.text(min_size=1))
def test_quoted_input_is_bounded(text):
    assert len(quoted(text)) <= ECHO_LIMIT + 10


@pytest.mark.parametrize("size", [100_000])
def test_a_huge_date_is_not_echoed_back(size):
    date_text = "1" * size
    with pytest.raises(ReminderInputError) as caught:
        parse_deadline(date_text, None, "UTC", now=NOW, horizon=HORIZON)
    assert len(str(caught.value)) < 200 and "1" * (ECHO_LIMIT + 1) not in str(caught.value)
    with pytest.raises(ReminderInputError) as caught:
        parse_deadline("2026-12-31", None, "Europe/" + "x" * size, now=NOW, horizon=HORIZON)
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "0001-01-02"])
def test_dates_at_the_ends_of_the_calendar_are_refused_not_crashed(day):
    for zone in ("Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati"):
        with pytest.raises(ReminderInputError):
            parse_deadline(day, None, zone, now=NOW, horizon=HORIZON)
        with pytest.raises(ReminderInputError):
            parse_deadline(day, "23:59", zone, now=NOW, horizon=HORIZON)


def test_free_text_options_have_a_max_length_on_discord(cog):
    for name in ("add", "edit", "settings"):
        options = getattr(cog, name).to_dict(None)["options"]
        for option in options:
            if option["type"] == discord.AppCommandOptionType.string.value:
                assert 0 < option["max_length"] <= 256, (name, option["name"])
    assert {command.name for command in REMIND.commands} >= {"add", "edit", "settings"}


async def test_the_add_confirmation_shows_the_title_escaped(cog):
    interaction = make_interaction(discord.Permissions(manage_messages=True))
    await add(cog, interaction, title=HOSTILE_TITLE)
    content = sent_text(interaction.response.send_message)
    assert live_constructs(content) == set(), content
    assert f"Title: {HOSTILE_TITLE}" in shown_text(content)
    kwargs = interaction.response.send_message.await_args.kwargs
    assert kwargs["allowed_mentions"].to_dict() == discord.AllowedMentions.none().to_dict()


async def test_the_cancel_confirmation_shows_the_title_escaped(cog, store):
    interaction = make_interaction(discord.Permissions(manage_messages=True))
    await add(cog, interaction, title=HOSTILE_TITLE)
    await interaction.response.send_message.await_args.kwargs["view"].confirm.callback(
        make_interaction(discord.Permissions(manage_messages=True))
    )
    [reminder] = await store.list_for_guild(GUILD)
    cancel = make_interaction(discord.Permissions(manage_messages=True))
    await cog.cancel.callback(cancel, reminder=reminder.id)
    content = sent_text(cancel.response.send_message)
    assert live_constructs(content) == set() and HOSTILE_TITLE in shown_text(content)


@pytest.mark.parametrize(
    "options",
    [
        {"date": "1" * 100_000},
        {"date": "<@&123456789012345678> [x](https://e.example) ||s||"},
        {"zone": "**" + "Z" * 100_000},
        {"time": "99:99 " + "@everyone " * 10_000},
        {"leads": "`" * 100_000},
    ],
    ids=["long-date", "hostile-date", "long-zone", "hostile-time", "long-leads"],
)
async def test_errors_quote_little_of_what_was_typed_and_render_nothing(cog, options):
    interaction = make_interaction(discord.Permissions(manage_messages=True))
    await add(cog, interaction, **options)
    content = sent_text(interaction.response.send_message)
    assert len(content) < 400 and live_constructs(content) == set(), content
    kwargs = interaction.response.send_message.await_args.kwargs
    assert kwargs["ephemeral"] is True
    assert kwargs["allowed_mentions"].to_dict() == discord.AllowedMentions.none().to_dict()


@PROPERTIES
@given(title=st.text(max_size=300), source_title=st.text(max_size=100), quote=st.text(max_size=300))
def test_any_title_and_source_make_an_inert_confirmation(title, source_title, quote):
    from bot.features.reminders.confirmations import AddPlan, AddRequest
    from bot.rendering.styles import DISCORD_STYLE
    from bot.storage.reminder_records import ReminderSource

    request = AddRequest(
        1, 2, 3, title, "2026-12-31", None, "UTC", source=ReminderSource(source_title, None, "c", quote)
    )
    deadline = parse_deadline("2026-12-31", None, "UTC", now=NOW, horizon=HORIZON)
    plan = AddPlan(request, title, deadline, "1d", (), None)
    for line in plan.summary("#general", DISCORD_STYLE.escape):
        assert live_constructs(line) == set(), line


def test_titles_are_checked_for_length_in_one_line():
    with pytest.raises(ReminderInputError) as caught:
        clean_title("x" * 100_000, max_chars=20)
    assert len(str(caught.value)) < 100


class _EmptyServer:
    """Just enough store and gateway for planning a /remind add: no reminders yet, pinning allowed."""

    async def guild_config(self, guild_id):
        return GuildConfig(guild_id)

    async def list_for_guild(self, guild_id, statuses=None):
        return []

    async def pin_problem(self, channel_id):
        return None


@PROPERTIES
@given(
    title=st.text(max_size=300),
    date_text=date_texts,
    time_text=time_texts,
    zone=zone_texts,
    leads=st.one_of(st.none(), st.text(max_size=100)),
)
def test_any_add_is_planned_or_refused_in_one_bounded_line(title, date_text, time_text, zone, leads):
    empty = _EmptyServer()
    service = ReminderService(empty, empty, lambda: NOW)
    request = AddRequest(GUILD, 2, 3, title, date_text, time_text, zone, lead_times=leads)
    try:
        plan = asyncio.run(service.plan_add(request))
    except ReminderInputError as error:
        message = str(error)
        assert "\n" not in message and len(message) <= 400, message
    else:
        assert plan.alerts and all(line.strip() for line in plan.summary("#general", escape_discord)[:2])
