"""The labels of a list's items ("Water ice and other volatiles: where they are, …"): what a list too long to quote
whole is shown by, so that a question asking for every item sees every item named."""

from __future__ import annotations

import re

MIN_LABELLED_ITEMS = 3
# A short label at the start of an item, ended by its colon: "Slope:", "Lunar geology and the Moon's origin:".
_LABEL = re.compile(r"[^:;.!?]{1,60}?:(?=\s)")
LABEL_MAX_WORDS = 8


def labels(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
    """The (start, end) of each item's label, given the (start, end) of the list's pieces, its lead-in first (a
    piece ending with a colon); None unless the first item and at least MIN_LABELLED_ITEMS items are labelled.
    Pieces without a label go on with the item before them and are left out."""
    if len(spans) < 2 or not text[: spans[0][1]].endswith(":"):
        return None
    out = []
    for start, end in spans[1:]:
        match = _LABEL.match(text, start, end)
        if match and len(match.group().split()) <= LABEL_MAX_WORDS:
            out.append((start, match.end()))
        elif not out:
            return None
    return out if len(out) >= MIN_LABELLED_ITEMS else None


def fragments(text: str, lead: tuple[int, int], heads: list[tuple[int, int]]) -> list[str]:
    """The lead-in with the first item's label, as the source joins them, then each further label: shown with a cut
    after each, for what the item says after its label."""
    return [text[lead[0] : heads[0][1]], *(text[a:b] for a, b in heads[1:])]
