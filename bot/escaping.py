"""Text from users and documents made inert for Discord: it shows as written, and forms no markdown or mention.

Discord drops a backslash before any ASCII punctuation and shows the character itself, so every character that
can start or close markdown is backslashed wherever it stands: emphasis, underline, strike-through, spoilers,
code spans and fences, masked links, and, at the start of a line, headings (`#`, `-#`), block quotes, and
bulleted or numbered lists. Brackets are escaped, and so is a parenthesis right after one: escaped text then
never holds the `](` that closes a link label, so not even the bot's own brackets beside it (`[1] title`) can
open a link. Other parentheses stay as they are, so that an address in them ("(see https://…)") links cleanly.

`<` is followed by a zero-width space so `<@id>`, `<@&id>`, `<#id>`, `</command:id>`, `<:emoji:id>` and
`<t:…>` stay plain text, and so do `@everyone` and `@here`. Bare web addresses are left whole so they still
work as links: inside one Discord formats nothing, and only addresses made of characters that cannot form
markdown are kept as they are (so Discord's link always covers at least as much as the unescaped part).
"""

from __future__ import annotations

import re

ZERO_WIDTH_SPACE = "\u200b"

# Control characters (tab and newline kept) and the bidirectional overrides that can reorder what is shown.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
# A bare address Discord links, kept verbatim: not after a word character (Discord would not start a link
# there), made only of characters that form no markdown, and ending where Discord's link may end.
_URL = re.compile(r"(?<![\w\\])https?://[A-Za-z0-9\-._~:/?#!$&+,;=%]*[A-Za-z0-9\-_~/#$&+=%]")
# Characters that open or close inline markdown anywhere in a line.
_INLINE = re.compile(r"([\\*_~|`\[\]]|(?<=\])\()")
_MENTION = re.compile(r"@(?=everyone|here)", re.IGNORECASE)
_ANGLE = re.compile(r"<")
# Markers that only count at the start of a line (after any indentation): headings, subtext, quotes, lists.
_LINE_START = re.compile(r"(?m)^([ \t]*)(#+|-#|>+|[-+]|\d+[.)])(?=[ \t]|$)")


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker = match.group(1), match.group(2)
    if marker[0].isdigit():  # "1." → "1\.": a backslash only escapes punctuation
        return f"{indent}{marker[:-1]}\\{marker[-1]}"
    return f"{indent}\\{marker}"


def _escape_prose(text: str) -> str:
    text = _INLINE.sub(r"\\\1", text)
    text = _ANGLE.sub("<" + ZERO_WIDTH_SPACE, text)
    return _MENTION.sub("@" + ZERO_WIDTH_SPACE, text)


def escape_plain(text: str) -> str:
    """For the console: only the characters that could garble a terminal are removed."""
    return _CONTROL.sub("", text)


def escape_discord(text: str) -> str:
    """`text` as Discord should show it, literally: no markdown, no mentions, no <…> tokens."""
    text = _CONTROL.sub("", text)
    pieces, cursor = [], 0
    for url in _URL.finditer(text):
        pieces.append(_escape_prose(text[cursor : url.start()]))
        pieces.append(url.group())
        cursor = url.end()
    pieces.append(_escape_prose(text[cursor:]))
    return _LINE_START.sub(_escape_line_start, "".join(pieces))
