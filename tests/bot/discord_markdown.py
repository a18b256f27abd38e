"""A small reference model of what Discord renders from message text, for tests of escaping.

It reports the constructs that would be live — mentions and <…> tokens, masked links, spoilers, code spans
and fences, emphasis, headings, block quotes and lists — and the text a reader would see. It follows Discord's
rules where escaping depends on them: a backslash before ASCII punctuation shows that character literally,
and inside a bare web address nothing is formatted (the address pattern is Discord's own).
"""

from __future__ import annotations

import re
import string

ZWSP = "\u200b"
LITERAL = "\ue000"  # stands for an escaped character in the live view: matches no markdown pattern

# Discord's bare-link pattern; a link starts at a new token (not inside a word, not after a backslash).
_DISCORD_URL = re.compile(r"(?<![\w\\])https?://[^\s<]+[^<.,:;\"')\]\s]")

_PATTERNS = {
    "mention": re.compile(r"<(?:@[!&]?\d+|#\d+|/[^\s<>]+:\d+|a?:\w+:\d+|t:-?\d+(?::[tTdDfFR])?|id:\w+)>"),
    "everyone": re.compile(r"@(?:everyone|here)"),
    "masked link": re.compile(r"\[[^\n]*?\]\([^\n]*?\)", re.DOTALL),
    "spoiler": re.compile(r"\|\|.+?\|\|", re.DOTALL),
    "code": re.compile(r"`[^`]*`|```"),
    "bold": re.compile(r"\*\*.+?\*\*", re.DOTALL),
    "italic": re.compile(r"\*[^*\s][^*]*?\*|(?<![^\W_])_[^_]+?_(?![^\W_])", re.DOTALL),
    "underline": re.compile(r"__.+?__", re.DOTALL),
    "strike": re.compile(r"~~.+?~~", re.DOTALL),
    "heading": re.compile(r"(?m)^[ \t]*(?:#{1,3}|-#)[ \t]+\S"),
    "quote": re.compile(r"(?m)^[ \t]*>{1,3}[ \t]"),
    "list": re.compile(r"(?m)^[ \t]*(?:[-*+]|\d+[.)])[ \t]+\S"),
}


def _views(text: str) -> tuple[str, str]:
    """(live view, shown text): in the live view escaped characters and link contents are inert."""
    live, shown = [], []
    position = 0
    links = {m.start(): m.end() for m in _DISCORD_URL.finditer(text)}
    while position < len(text):
        if position in links:
            end = links[position]
            live.append(LITERAL * (end - position))
            shown.append(text[position:end])
            position = end
            continue
        char = text[position]
        following = text[position + 1] if position + 1 < len(text) else ""
        if char == "\\" and following and following in string.punctuation:
            live.append(LITERAL)
            shown.append(following)
            position += 2
            continue
        live.append(char)
        shown.append(char)
        position += 1
    return "".join(live), "".join(shown)


def live_constructs(text: str) -> set[str]:
    """The names of the markdown and mention constructs Discord would render from `text`."""
    live, _ = _views(text)
    return {name for name, pattern in _PATTERNS.items() if pattern.search(live)}


def shown_text(text: str) -> str:
    """What a reader sees (escapes dropped), with the zero-width spaces that break mentions removed."""
    return _views(text)[1].replace(ZWSP, "")
