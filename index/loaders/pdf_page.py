"""A PDF page's layout lines: running headers, footers and page numbers removed, two columns of text read one after
the other."""

from __future__ import annotations

import re
from collections import Counter

from index.loaders.pdf_cells import ALIGN, line_fragments
from index.sentences import normalise_space

_PAGE_NUMBER = re.compile(
    r"^[\s\-–—|]*(?:(?:page|p\.|pg\.?)\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?[\s\-–—|]*$", re.IGNORECASE
)
_DIGITS = re.compile(r"\d+")
_EDGE_LINES = 3  # running headers and footers are among the first and last lines of a page
_NEIGHBOURS = 3  # how many lines above and below a table's line another of its lines is looked for
_SECOND_COLUMN = 0.3  # a second column of text starts at least this far across the widest line


def without_furniture(pages: list[list[str]]) -> list[list[str]]:
    """The pages without their running headers, footers and page numbers."""
    furniture = _running_lines(pages)
    kept = []
    for lines in pages:
        lines = [line for number, line in enumerate(lines) if _key(line) not in furniture or _in_table(lines, number)]
        content = [number for number, line in enumerate(lines) if line.strip()]
        # A page number is the page's first or last line once its running lines are gone; a lone number elsewhere
        # is content: a table cell wrapped onto a line of its own ("2033"), a figure's value.
        ends = {content[0], content[-1]} if content else set()
        kept.append(
            [
                line
                for number, line in enumerate(lines)
                if not (number in ends and _PAGE_NUMBER.match(line)) or _in_table(lines, number)
            ]
        )
    return kept


def _key(line: str) -> str:
    """A line with its digits normalised, so "Briefing — page 2" and "Briefing — page 3" are one running line."""
    return _DIGITS.sub("#", normalise_space(line).lower())


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines (digits normalised) that recur among the first or last lines of most pages: headers and footers.

    A table's lines are not: a table running over a page break repeats its header on the next page, and rows like
    "Station 8   China   37 m" are alike once their digits are normalised."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        content = [number for number, line in enumerate(lines) if line.strip()]
        edges = content[:_EDGE_LINES] + content[-_EDGE_LINES:]
        counts.update({_key(lines[number]) for number in edges if not _in_table(lines, number)})
    needed = max(2, (len(pages) + 1) // 2)
    return {key for key, count in counts.items() if count >= needed}


def _in_table(lines: list[str], number: int) -> bool:
    """A line of several cells, at least two of which start where cells of a nearby line start."""
    starts = [start for start, _ in line_fragments(lines[number])]
    if len(starts) < 2:
        return False
    nearby = [
        lines[other]
        for other in range(max(0, number - _NEIGHBOURS), min(len(lines), number + _NEIGHBOURS + 1))
        if other != number
    ]
    for line in nearby:
        others = [start for start, _ in line_fragments(line)]
        if sum(1 for start in starts if any(abs(start - other) <= ALIGN for other in others)) >= 2:
            return True
    return False


def columns_in_reading_order(lines: list[str]) -> list[list[str]]:
    """A run of text lines, stripped: as one run, or when it is set in two columns, the left column's lines and the
    right's."""
    split = _second_column(lines)
    if split is None:
        return [[line.strip() for line in lines if line.strip()]]
    left = [line[:split].strip() for line in lines]
    right = [line[split:].strip() for line in lines]
    return [[line for line in left if line], [line for line in right if line]]


def _second_column(lines: list[str]) -> int | None:
    """Where a second column of text starts, if every line holds at most one run each side of it."""
    pieces = [line_fragments(line) for line in lines if line.strip()]
    widest = max((len(line.rstrip()) for line in lines), default=0)
    starts = Counter(start for fragments in pieces for start, _ in fragments[1:])
    if not starts or len(pieces) < 2:
        return None
    split, count = starts.most_common(1)[0]
    if count < 2 or split < _SECOND_COLUMN * widest:
        return None
    for fragments in pieces:
        if len(fragments) > 2 or any(start < split - ALIGN and start + len(text) > split for start, text in fragments):
            return None
        if len(fragments) == 2 and abs(fragments[1][0] - split) > ALIGN:
            return None
    return split
