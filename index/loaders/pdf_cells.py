"""Cells of a table in a PDF's layout text: where its columns start, and which text falls in each."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

_FRAGMENT = re.compile(r"\S+(?: {1,3}\S+)*")  # text separated by four or more spaces is in different columns
_WORD = re.compile(r"\S+")
_CLOSING = ".,;:)]}%"
ALIGN = 3  # how far (characters) a cell may start from its column's start


def line_fragments(line: str) -> list[tuple[int, str]]:
    return [(match.start(), match.group()) for match in _FRAGMENT.finditer(line)]


def column_edges(lines: list[str], header: list[str]) -> list[int]:
    """Where each column starts: the table's left edge, and each header cell's start where words on several lines
    start too and few lines run across (layout text lets overflowing or justified text run a little past a cell)."""
    aligned = Counter(
        match.start()
        for line in lines
        for match in _WORD.finditer(line)
        if match.start() and line[match.start() - 1] == " "
    )
    edges = {min(len(line) - len(line.lstrip()) for line in lines)}
    for position in {start for line in header for start, _ in line_fragments(line)}:
        crossing = sum(
            1 for line in lines if position < len(line) and line[position - 1] != " " and line[position] != " "
        )
        if crossing == 0 or aligned[position] > 2 * crossing:
            edges.add(position)
    merged: list[int] = []
    for edge in sorted(edges):
        if not merged or edge - merged[-1] > ALIGN:
            merged.append(edge)
    return merged


def cell_texts(lines: list[str], edges: list[int]) -> list[str]:
    """The text of each column over several lines, top to bottom.

    Layout text glues a run that overflowed its cell to the next cell's text ("VAT)signature"), and may let a
    justified line run a character or two past its column: a word across a column's start is cut where a
    punctuation mark meets a letter or digit, or else goes whole to the column holding its middle.
    """
    parts: list[list[str]] = [[] for _ in edges]
    for line in lines:
        for match in _WORD.finditer(line):
            start, word = match.start(), match.group()
            cuts = [
                min(breaks, key=lambda cut: abs(start + cut - edge))
                for edge in edges
                if start < edge < start + len(word) and (breaks := _glued_at(word))
            ]
            for begin, stop in zip([0, *cuts], [*cuts, len(word)], strict=True):
                if stop > begin:
                    middle = start + (begin + stop - 1) / 2
                    parts[max(bisect_right(edges, middle) - 1, 0)].append(word[begin:stop])
    return [" ".join(texts) for texts in parts]


def _glued_at(word: str) -> list[int]:
    """Offsets in a word where a closing mark is followed by a letter or digit: two runs of text glued together."""
    return [offset for offset in range(1, len(word)) if word[offset - 1] in _CLOSING and word[offset].isalnum()]


def without_empty_columns(edges: list[int], groups: list[list[str]]) -> list[int]:
    """The column starts without those of columns with no header name (the tail of a cell on the left: "12   kg")
    or with no value in any row (a header cell's words spread out by justification)."""
    cells = [cell_texts(group, edges) for group in groups]
    kept = [
        edge
        for number, edge in enumerate(edges)
        if number == 0 or (cells[0][number] and any(row[number] for row in cells[1:]))
    ]
    return kept
