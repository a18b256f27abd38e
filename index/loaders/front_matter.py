"""YAML front matter read with a bounded, safe loader: no alias bombs, no deep nesting, no crash on odd values."""

from __future__ import annotations

from typing import Any

import yaml
from frontmatter import YAMLHandler, detect_format

from index.errors import DocumentError

MAX_FRONT_MATTER_CHARS = 16 * 1024
MAX_ALIASES = 8  # a few references are fine; exponential "billion laughs" expansion needs many
MAX_DEPTH = 10


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that refuses many aliases or deep nesting while composing, before anything is expanded."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases = 0
        self.depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise DocumentError(f"front matter uses more than {MAX_ALIASES} YAML aliases")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise DocumentError(f"front matter is nested deeper than {MAX_DEPTH} levels")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


# Dates stay text: the loader validates them itself, so "2026-13-45" is a note about one value, not a crash.
_BoundedLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split_front_matter(text: str) -> tuple[dict[str, Any], str, list[str]]:
    """(metadata, body, notes) of a Markdown text; no front matter gives an empty mapping."""
    handler = YAMLHandler()
    if not detect_format(text, [handler]):
        return {}, text, []
    try:
        raw, body = handler.split(text)
    except ValueError:
        return {}, text, []
    if len(raw) > MAX_FRONT_MATTER_CHARS:
        raise DocumentError(f"front matter longer than {MAX_FRONT_MATTER_CHARS} characters")
    data = _load(raw)
    if data is None:
        return {}, body, []
    if not isinstance(data, dict):
        return {}, body, [f"front matter is a {type(data).__name__}, not key: value pairs; ignored"]
    return {str(key): _plain(value) for key, value in data.items()}, body, []


def _load(raw: str) -> Any:
    loader = _BoundedLoader(raw)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
        raise DocumentError(f"malformed front matter: {first_line}") from None
    finally:
        loader.dispose()


def _plain(value: Any) -> Any:
    """A JSON-friendly copy: mappings and lists kept, other odd values (binary, sets) as text."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
