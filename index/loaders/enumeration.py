"""Numbered items written inline in running text ("The procedure runs in three steps: 1. Call published. 2. …"),
told apart from numbers that merely sit in a sentence, so that such a paragraph is read as a list under its lead-in.
"""

from __future__ import annotations

import re

# "1. Call" / "2) Award": a number and its mark, after a space, before a capitalised word (never "0.5 g", "stage 3,").
_MARKER = re.compile(r"(?:^|(?<=\s))\(?(\d{1,2})[.)]\s+(?=[A-Z\"“'‘(])")


def inline_items(text: str) -> tuple[str, list[str]] | None:
    """(the lead-in ending with its colon, the items) when `text` announces numbered items written inline: a colon,
    then "1.", then any further items numbered 2, 3, … in turn; None otherwise. The lead-in may hold earlier
    sentences; each item keeps its own words and punctuation, without its number."""
    markers = list(_MARKER.finditer(text))
    first = next((i for i, m in enumerate(markers) if m.group(1) == "1"), None)
    if first is None:
        return None
    lead = text[: markers[first].start()].rstrip()
    if not lead.endswith(":"):
        return None
    starts, expected = [markers[first]], 2
    for marker in markers[first + 1 :]:
        if int(marker.group(1)) == expected:
            starts.append(marker)
            expected += 1
    ends = [m.start() for m in starts[1:]] + [len(text)]
    items = [text[m.end() : end].strip() for m, end in zip(starts, ends, strict=True)]
    return lead, [item for item in items if item]
