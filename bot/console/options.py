"""Options typed as text, as Discord shows them: `/remind add channel:#general date:2026-12-31 title:Letters`.

`name:value` (or `name=value`) pairs, a value running to the next option name; text before the first name goes
to the first option not named. Quotes around a value are removed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.commands.errors import quoted
from bot.commands.spec import Command, Option, RoleRef, UserError, option_usage

LABELS = {"text": "text", "integer": "number", "boolean": "True/False", "channel": "#channel", "role": "role id"}
_YES, _NO = {"yes", "y", "true", "1", "on"}, {"no", "n", "false", "0", "off"}


def usage(path: str, command: Command) -> str:
    shown = [option_usage(o.name, LABELS[o.kind], o.required, o.choices, o.kind == "boolean") for o in command.options]
    return " ".join([f"/{path}", *shown])


def split_options(command: Command, text: str) -> dict[str, str]:
    """Option name → the text typed for it (unconverted)."""
    if not command.options:
        return {} if not text.strip() else _unexpected(text)
    names = "|".join(re.escape(option.name) for option in command.options)
    found = list(re.finditer(rf"(?:^|\s)({names})[:=]", text, re.IGNORECASE))
    values = {}
    for match, following in zip(found, [*found[1:], None], strict=False):
        end = following.start() if following else len(text)
        values[match.group(1).lower()] = _unquote(text[match.end() : end].strip())
    leading = text[: found[0].start() if found else len(text)].strip()
    if leading:
        free = next((option for option in command.options if option.name not in values), None)
        if free is None:
            _unexpected(leading)
        values[free.name] = _unquote(leading)
    return values


def _unexpected(text: str) -> dict[str, str]:
    raise UserError(f"Unexpected {quoted(text)}: name each option, e.g. `date:2026-12-31`.")


def _unquote(value: str) -> str:
    if value[:1] in ("'", '"'):
        if len(value) < 2 or value[-1] != value[0]:
            raise UserError("Cannot read the command: a quotation is not closed.")
        return value[1:-1]
    return value


def convert(option: Option, text: str, channel_id: Callable[[str], int]) -> Any:
    """The typed text as the option's kind, checked against its limits and choices."""
    name = option.name
    if option.choices and text not in option.choices:
        raise UserError(f"{name} is one of {', '.join(option.choices)}, not {quoted(text)}.")
    if option.kind == "integer":
        if not text.lstrip("#").isdigit():
            raise UserError(f"{name} takes a number, not {quoted(text)}.")
        number = int(text.lstrip("#"))
        low, high = option.min_value, option.max_value
        if (low is not None and number < low) or (high is not None and number > high):
            raise UserError(f"{name} is between {low if low is not None else '…'} and {high or '…'}.")
        return number
    if option.kind == "boolean":
        if text.lower() not in _YES | _NO:
            raise UserError(f"{name} is True or False, not {quoted(text)}.")
        return text.lower() in _YES
    if option.kind == "channel":
        return channel_id(text)
    if option.kind == "role":
        digits = text.strip().removeprefix("<@&").removesuffix(">")
        if not digits.isdigit():
            raise UserError(f"{name} takes a role id (a number).")
        return RoleRef(int(digits))
    if option.max_length is not None and len(text) > option.max_length:
        raise UserError(f"{name} is at most {option.max_length} characters; this one has {len(text)}.")
    return text


def parse_options(command: Command, path: str, text: str, channel_id: Callable[[str], int]) -> dict[str, Any]:
    """The handler's keyword arguments from the typed text; UserError names what is wrong."""
    typed = split_options(command, text)
    values = {}
    for option in command.options:
        if option.name in typed:
            values[option.name] = convert(option, typed[option.name], channel_id)
        elif option.required:
            raise UserError(f"Give {option.name}: {usage(path, command)}")
        else:
            values[option.name] = option.default
    return values
