"""Options typed in the console, read against the same declarations Discord is generated from."""

from __future__ import annotations

import pytest

from bot.commands.spec import RoleRef, UserError
from bot.console.options import parse_options, usage
from bot.features.ask.commands import ASK
from bot.features.reindex.commands import REINDEX
from bot.features.reminders.commands import REMIND

ADD, EDIT, SETTINGS = (next(c for c in REMIND.commands if c.name == name) for name in ("add", "edit", "settings"))
CHANNELS = {"general": 2, "#general": 2}


def channel_id(typed: str) -> int:
    if typed not in CHANNELS:
        raise UserError(f"No channel {typed!r}")
    return CHANNELS[typed]


def parse(command, text: str, path: str = "x") -> dict:
    return parse_options(command, path, text, channel_id)


def test_named_values_run_to_the_next_name_and_leading_text_fills_the_first_free_option():
    assert parse(ASK, "when is the deadline? private:yes") == {"question": "when is the deadline?", "private": True}
    assert parse(ASK, "question:what time: noon?") == {"question": "what time: noon?", "private": False}
    values = parse(ADD, 'channel:#general zone=UTC title:"Letters of intent" date:2026-12-31 announce:no')
    assert values["channel"] == 2 and values["title"] == "Letters of intent" and values["zone"] == "UTC"
    assert values["announce"] is False and values["leads"] is None
    assert parse(EDIT, "#3 leads:2d")["reminder"] == 3


@pytest.mark.parametrize(
    ("command", "text", "message"),
    [
        (ADD, "zone:UTC", "Give channel: /x channel:<#channel> zone:<text>"),
        (ADD, "channel:#nowhere zone:UTC", "No channel '#nowhere'"),
        (ADD, 'channel:general zone:UTC title:"unclosed', "quotation is not closed"),
        (ADD, "channel:general zone:" + "x" * 101, "zone is at most 100 characters"),
        (EDIT, "three", "reminder takes a number"),
        (EDIT, "0", "reminder is between 1 and"),
        (REINDEX, "sideways", "mode is one of run, dry-run, not 'sideways'"),
        (SETTINGS, "moderator_role:admins", "moderator_role takes a role id"),
        (ASK, "question:x private:maybe", "private is True or False"),
    ],
)
def test_bad_input_is_one_clear_line(command, text, message):
    with pytest.raises(UserError, match=message.replace("(", r"\(").replace("[", r"\[")) as error:
        parse(command, text)
    assert "\n" not in str(error.value)


def test_roles_and_usage():
    assert parse(SETTINGS, "announcement_role:<@&55>")["announcement_role"] == RoleRef(55)
    assert usage("reindex", REINDEX) == "/reindex [mode:run|dry-run] [force:True]"
    assert usage("ask", ASK) == "/ask question:<text> [private:True]"
