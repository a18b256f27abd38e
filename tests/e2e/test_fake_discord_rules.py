"""The fake's Discord rules on their own: payload validation and the permission algorithm (no network)."""

from __future__ import annotations

import pytest
from fake_discord import FakeDiscord
from fake_discord import permissions as perms
from fake_discord.permissions import Overwrite
from fake_discord.validation import is_empty_message, validate_commands, validate_message


def _codes(tree, *path):
    node = tree
    for part in path:
        node = node[str(part)]
    return [error["code"] for error in node["_errors"]]


def test_a_valid_answer_message_passes():
    payload = {
        "content": "x" * 2000,
        "embeds": [{"title": "t" * 256, "description": "d" * 4096, "fields": [{"name": "n", "value": "v"}]}],
        "allowed_mentions": {"parse": []},
        "components": [{"type": 1, "components": [{"type": 2, "style": 1, "custom_id": "up", "label": "👍"}]}],
    }
    assert validate_message(payload) == {}


def test_each_limit_is_reported_at_its_path_with_discords_codes():
    payload = {
        "content": "x" * 2001,
        "embeds": [{"title": "t" * 257, "fields": [{"name": "", "value": "v" * 1025}] * 26, "color": 1 << 24}],
    }
    tree = validate_message(payload)
    assert _codes(tree, "content") == ["BASE_TYPE_MAX_LENGTH"]
    assert _codes(tree, "embeds", 0, "title") == ["BASE_TYPE_MAX_LENGTH"]
    assert _codes(tree, "embeds", 0, "fields") == ["BASE_TYPE_MAX_LENGTH"]
    assert _codes(tree, "embeds", 0, "fields", 0, "name") == ["BASE_TYPE_REQUIRED"]
    assert _codes(tree, "embeds", 0, "fields", 0, "value") == ["BASE_TYPE_MAX_LENGTH"]
    assert _codes(tree, "embeds", 0, "color") == ["NUMBER_TYPE_MAX"]


def test_embeds_share_a_6000_character_budget_and_at_most_ten():
    assert _codes(validate_message({"embeds": [{"description": "d" * 3001}] * 2}), "embeds") == [
        "MAX_EMBED_SIZE_EXCEEDED"
    ]
    assert _codes(validate_message({"embeds": [{"title": "t"}] * 11}), "embeds") == ["BASE_TYPE_MAX_LENGTH"]
    assert validate_message({"embeds": [{"description": "d" * 3000}] * 2}) == {}


def test_allowed_mentions_parse_and_ids_are_exclusive():
    tree = validate_message({"content": "hi", "allowed_mentions": {"parse": ["users"], "users": ["1"]}})
    assert _codes(tree, "allowed_mentions", "parse") == ["MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE"]
    assert "allowed_mentions" in validate_message({"content": "hi", "allowed_mentions": {"parse": ["all"]}})


def test_buttons_need_unique_custom_ids():
    button = {"type": 2, "style": 1, "custom_id": "same", "label": "a"}
    tree = validate_message({"content": "hi", "components": [{"type": 1, "components": [button, button]}]})
    assert _codes(tree, "components", 0, "components", 1, "custom_id") == ["COMPONENT_CUSTOM_ID_DUPLICATED"]


def test_an_empty_message_is_detected():
    assert is_empty_message({"content": "", "embeds": []})
    assert not is_empty_message({"embeds": [{"title": "t"}]})
    assert not is_empty_message({}, attachments=1)


def test_command_sync_rules():
    good = [
        {
            "name": "ask",
            "description": "Ask",
            "options": [
                {"type": 3, "name": "question", "description": "Q", "required": True},
                {"type": 5, "name": "private", "description": "P"},
            ],
        }
    ]
    assert validate_commands(good) == {}
    bad = [
        {"name": "Ask", "description": "Ask"},
        {
            "name": "x",
            "description": "",
            "options": [
                {"type": 3, "name": "a", "description": "A"},
                {"type": 3, "name": "b", "description": "B", "required": True},
            ],
        },
    ]
    tree = validate_commands(bad)
    assert _codes(tree, 0, "name") == ["APPLICATION_COMMAND_INVALID_NAME"]
    assert _codes(tree, 1, "description") == ["BASE_TYPE_BAD_LENGTH"]
    assert _codes(tree, 1, "options", 1) == ["APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID"]


def test_message_commands_may_have_spaces_and_capitals_slash_commands_may_not():
    assert validate_commands([{"type": 3, "name": "Add to knowledge base"}]) == {}
    tree = validate_commands([{"type": 1, "name": "add to kb", "description": "Add"}])
    assert _codes(tree, 0, "name") == ["APPLICATION_COMMAND_INVALID_NAME"]


def test_channel_overwrites_apply_in_discords_order():
    guild_id, member_id, role_id = 1, 2, 3
    base = perms.base_permissions(
        guild_id, 99, member_id, {guild_id: perms.SEND_MESSAGES, role_id: perms.PIN_MESSAGES}, [role_id]
    )
    assert base == perms.SEND_MESSAGES | perms.PIN_MESSAGES
    overwrites = [
        Overwrite(guild_id, 0, deny=perms.SEND_MESSAGES),  # @everyone may not talk here…
        Overwrite(role_id, 0, allow=perms.SEND_MESSAGES),  # …but the role may,
        Overwrite(member_id, 1, deny=perms.PIN_MESSAGES),  # and this member may not pin.
    ]
    assert perms.channel_permissions(base, guild_id, member_id, [role_id], overwrites) == perms.SEND_MESSAGES
    assert perms.channel_permissions(base, guild_id, member_id, [], overwrites[:1]) == perms.PIN_MESSAGES


def test_the_owner_and_administrators_have_every_permission():
    assert perms.base_permissions(1, 5, 5, {1: 0}, []) == perms.ALL
    admin = perms.base_permissions(1, 9, 5, {1: 0, 7: perms.ADMINISTRATOR}, [7])
    assert perms.channel_permissions(admin, 1, 5, [7], [Overwrite(1, 0, deny=perms.ALL)]) == perms.ALL


def test_rate_limiting_an_unknown_route_is_a_typo():
    fake = FakeDiscord()
    with pytest.raises(ValueError, match="unknown route"):
        fake.rate_limit_next("POST /channel/{channel_id}/messages", 1)
