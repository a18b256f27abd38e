"""What Discord validates in the payloads a bot sends: message and embed limits, allowed mentions, commands.

Each validator returns Discord's nested form-error tree (`{"embeds": {"0": {"title": {"_errors": [...]}}}}`),
empty when the payload is valid; the server wraps a non-empty tree in a 400 "Invalid Form Body" (code 50035).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TOTAL_MAX = 6000
EMBED_LIMITS = {"title": 256, "description": 4096}
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_TEXT_MAX = 2048
AUTHOR_NAME_MAX = 256
COLOR_MAX = 0xFFFFFF
NONCE_MAX = 25
ALLOWED_MENTION_TYPES = {"roles", "users", "everyone"}
MENTION_IDS_MAX = 100
# SUPPRESS_EMBEDS, EPHEMERAL, SUPPRESS_NOTIFICATIONS, IS_COMPONENTS_V2: the flags a bot may set when sending.
SENDABLE_FLAGS = (1 << 2) | (1 << 6) | (1 << 12) | (1 << 15)

ACTION_ROWS_MAX = 5
ROW_BUTTONS_MAX = 5
CUSTOM_ID_MAX = 100
BUTTON_LABEL_MAX = 80
ACTION_ROW, BUTTON, LINK_STYLE = 1, 2, 5
IS_COMPONENTS_V2 = 1 << 15

COMMANDS_MAX = 100
COMMAND_NAME_MAX = 32
COMMAND_DESCRIPTION_MAX = 100
OPTIONS_MAX = 25
CHOICES_MAX = 25
SUBCOMMAND, SUBCOMMAND_GROUP = 1, 2
OPTION_TYPES = set(range(1, 12))

ErrorTree = dict[str, Any]


class FormErrors:
    """Collects errors at paths and renders Discord's nested `_errors` tree."""

    def __init__(self) -> None:
        self.tree: ErrorTree = {}

    def add(self, path: tuple[str | int, ...], code: str, message: str) -> None:
        node = self.tree
        for part in path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def too_long(self, path: tuple[str | int, ...], limit: int) -> None:
        self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def required(self, path: tuple[str | int, ...]) -> None:
        self.add(path, "BASE_TYPE_REQUIRED", "This field is required")

    def bad_length(self, path: tuple[str | int, ...], low: int, high: int) -> None:
        self.add(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.")

    def __bool__(self) -> bool:
        return bool(self.tree)


def _check_string(errors: FormErrors, path: tuple, value: Any, limit: int, *, required: bool = False) -> int:
    """Validate an optional string field; returns its length for the embed total."""
    if value is None:
        if required:
            errors.required(path)
        return 0
    if not isinstance(value, str):
        errors.add(path, "BASE_TYPE_STRING", "Value must be a string.")
        return 0
    if required and not value.strip():
        errors.required(path)
    if len(value) > limit:
        errors.too_long(path, limit)
    return len(value)


def _check_url(errors: FormErrors, path: tuple, value: Any) -> None:
    if value is None:
        return
    parsed = urlparse(value) if isinstance(value, str) else None
    if parsed is None or parsed.scheme not in {"http", "https", "attachment"} or not (parsed.netloc or parsed.path):
        errors.add(path, "URL_TYPE_INVALID_URL", "Not a well formed URL.")


def validate_embed(errors: FormErrors, path: tuple, embed: Any) -> int:
    """Validate one embed; returns its character count toward the 6000 total."""
    if not isinstance(embed, dict):
        errors.add(path, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")
        return 0
    total = 0
    for key, limit in EMBED_LIMITS.items():
        total += _check_string(errors, (*path, key), embed.get(key), limit)
    _check_url(errors, (*path, "url"), embed.get("url"))
    color = embed.get("color")
    if color is not None and (not isinstance(color, int) or not 0 <= color <= COLOR_MAX):
        errors.add((*path, "color"), "NUMBER_TYPE_MAX", f"int value should be less than or equal to {COLOR_MAX}.")
    fields = embed.get("fields") or []
    if len(fields) > FIELDS_MAX:
        errors.too_long((*path, "fields"), FIELDS_MAX)
    for index, field in enumerate(fields):
        field_path = (*path, "fields", index)
        total += _check_string(errors, (*field_path, "name"), field.get("name"), FIELD_NAME_MAX, required=True)
        total += _check_string(errors, (*field_path, "value"), field.get("value"), FIELD_VALUE_MAX, required=True)
    footer = embed.get("footer")
    if footer is not None:
        total += _check_string(errors, (*path, "footer", "text"), footer.get("text"), FOOTER_TEXT_MAX, required=True)
    author = embed.get("author")
    if author is not None:
        total += _check_string(errors, (*path, "author", "name"), author.get("name"), AUTHOR_NAME_MAX, required=True)
        _check_url(errors, (*path, "author", "url"), author.get("url"))
    return total


def validate_allowed_mentions(errors: FormErrors, value: Any) -> None:
    if value is None:
        return
    path = ("allowed_mentions",)
    parse = value.get("parse", [])
    for index, kind in enumerate(parse):
        if kind not in ALLOWED_MENTION_TYPES:
            errors.add(
                (*path, "parse", index),
                "BASE_TYPE_CHOICES",
                f"Value must be one of {sorted(ALLOWED_MENTION_TYPES)}.",
            )
    for kind in ("users", "roles"):
        ids = value.get(kind) or []
        if ids and kind in parse:
            errors.add(
                (*path, "parse"),
                "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                f'parse:["{kind}"] and {kind}: [ids...] are mutually exclusive.',
            )
        if len(ids) > MENTION_IDS_MAX:
            errors.too_long((*path, kind), MENTION_IDS_MAX)


def validate_components(errors: FormErrors, components: Any) -> None:
    """Classic components: up to 5 action rows of up to 5 buttons, unique custom ids (selects unchecked)."""
    if not isinstance(components, list):
        errors.add(("components",), "BASE_TYPE_ARRAY", "Value must be an array.")
        return
    if len(components) > ACTION_ROWS_MAX:
        errors.too_long(("components",), ACTION_ROWS_MAX)
    custom_ids: set[str] = set()
    for row_index, row in enumerate(components):
        row_path = ("components", row_index)
        if row.get("type") != ACTION_ROW:
            errors.add((*row_path, "type"), "UNION_TYPE_CHOICES", 'Value of field "type" must be one of (1,).')
            continue
        children = row.get("components") or []
        if not 1 <= len(children) <= ROW_BUTTONS_MAX:
            errors.bad_length((*row_path, "components"), 1, ROW_BUTTONS_MAX)
        for index, child in enumerate(children):
            path = (*row_path, "components", index)
            if child.get("type") != BUTTON:
                continue
            _check_string(errors, (*path, "label"), child.get("label"), BUTTON_LABEL_MAX)
            if child.get("style") == LINK_STYLE:
                if child.get("url") is None:
                    errors.required((*path, "url"))
                _check_url(errors, (*path, "url"), child.get("url"))
                continue
            custom_id = child.get("custom_id")
            _check_string(errors, (*path, "custom_id"), custom_id, CUSTOM_ID_MAX, required=True)
            if custom_id in custom_ids:
                errors.add(
                    (*path, "custom_id"),
                    "COMPONENT_CUSTOM_ID_DUPLICATED",
                    "Component custom id cannot be duplicated",
                )
            custom_ids.add(custom_id)


def validate_message(payload: dict[str, Any]) -> ErrorTree:
    """Validate a message create or edit payload the way Discord does."""
    errors = FormErrors()
    _check_string(errors, ("content",), payload.get("content"), CONTENT_MAX)
    embeds = payload.get("embeds")
    if embeds is not None:
        if not isinstance(embeds, list):
            errors.add(("embeds",), "BASE_TYPE_ARRAY", "Value must be an array.")
        else:
            if len(embeds) > EMBEDS_MAX:
                errors.too_long(("embeds",), EMBEDS_MAX)
            total = sum(validate_embed(errors, ("embeds", i), embed) for i, embed in enumerate(embeds))
            if total > EMBED_TOTAL_MAX:
                errors.add(
                    ("embeds",),
                    "MAX_EMBED_SIZE_EXCEEDED",
                    f"Embed size exceeds maximum size of {EMBED_TOTAL_MAX}",
                )
    validate_allowed_mentions(errors, payload.get("allowed_mentions"))
    nonce = payload.get("nonce")
    if isinstance(nonce, str) and len(nonce) > NONCE_MAX:
        errors.too_long(("nonce",), NONCE_MAX)
    components = payload.get("components")
    if components is not None and not (payload.get("flags") or 0) & IS_COMPONENTS_V2:
        validate_components(errors, components)
    flags = payload.get("flags")
    if flags is not None and (not isinstance(flags, int) or flags & ~SENDABLE_FLAGS):
        errors.add(("flags",), "MESSAGE_FLAGS_INVALID", "Invalid message flags.")
    return errors.tree


def is_empty_message(payload: dict[str, Any], attachments: int = 0) -> bool:
    """Discord refuses (50006) a message with nothing to show."""
    return not (
        payload.get("content")
        or payload.get("embeds")
        or payload.get("sticker_ids")
        or payload.get("components")
        or payload.get("poll")
        or attachments
    )


def _valid_command_name(name: Any, *, lowercase: bool) -> bool:
    """Slash command and option names: lowercase, no spaces. User and message commands (`lowercase=False`) may be
    mixed case and include spaces, as Discord documents."""
    if not isinstance(name, str) or not 1 <= len(name) <= COMMAND_NAME_MAX:
        return False
    if lowercase and name != name.lower():
        return False
    allowed = "-_'" if lowercase else "-_' "
    return all(ch.isalnum() or ch in allowed for ch in name)


def _validate_options(errors: FormErrors, path: tuple, options: list[dict[str, Any]], depth: int) -> None:
    if len(options) > OPTIONS_MAX:
        errors.too_long(path, OPTIONS_MAX)
    seen_optional = False
    names: set[str] = set()
    for index, option in enumerate(options):
        option_path = (*path, index)
        option_type = option.get("type")
        if option_type not in OPTION_TYPES:
            errors.add((*option_path, "type"), "BASE_TYPE_CHOICES", "Value must be a valid option type.")
            continue
        name = option.get("name")
        if not _valid_command_name(name, lowercase=True):
            errors.add((*option_path, "name"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
        elif name in names:
            errors.add(
                (*option_path, "name"),
                "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
                "Option name already exists",
            )
        names.add(name)
        description = option.get("description")
        if not isinstance(description, str) or not 1 <= len(description) <= COMMAND_DESCRIPTION_MAX:
            errors.bad_length((*option_path, "description"), 1, COMMAND_DESCRIPTION_MAX)
        if option_type in (SUBCOMMAND, SUBCOMMAND_GROUP):
            if depth >= 2 or (option_type == SUBCOMMAND_GROUP and depth >= 1):
                errors.add(option_path, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Invalid nesting of subcommands")
            _validate_options(errors, (*option_path, "options"), option.get("options") or [], depth + 1)
            continue
        if option.get("required"):
            if seen_optional:
                errors.add(
                    option_path,
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be placed before non-required options",
                )
        else:
            seen_optional = True
        choices = option.get("choices") or []
        if len(choices) > CHOICES_MAX:
            errors.too_long((*option_path, "choices"), CHOICES_MAX)


def validate_commands(commands: Any) -> ErrorTree:
    """Validate a bulk-overwrite (PUT) body of application commands."""
    errors = FormErrors()
    if not isinstance(commands, list):
        errors.add((), "BASE_TYPE_ARRAY", "Value must be an array.")
        return errors.tree
    if len(commands) > COMMANDS_MAX:
        errors.too_long((), COMMANDS_MAX)
    seen: set[tuple[int, str]] = set()
    for index, command in enumerate(commands):
        command_type = command.get("type", 1)
        name = command.get("name")
        if not _valid_command_name(name, lowercase=command_type == 1):
            errors.add((index, "name"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
        if (command_type, name) in seen:
            errors.add(
                (index, "name"),
                "APPLICATION_COMMANDS_DUPLICATE_NAME",
                "Application command names must be unique",
            )
        seen.add((command_type, name))
        if command_type == 1:
            description = command.get("description")
            if not isinstance(description, str) or not 1 <= len(description) <= COMMAND_DESCRIPTION_MAX:
                errors.bad_length((index, "description"), 1, COMMAND_DESCRIPTION_MAX)
            _validate_options(errors, (index, "options"), command.get("options") or [], 0)
    return errors.tree
