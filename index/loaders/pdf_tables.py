"""Tables in a PDF's layout text: columns found from a header line, rows from lines that fill the first column.

Cells that wrap over several lines are vertically centred by most typesetters, so a line holding only later
columns belongs to the row whose first-column line is nearest to it.
"""

from __future__ import annotations

import re

from index.sentences import normalise_space

_FRAGMENT = re.compile(r"\S+(?: {1,3}\S+)*")  # text separated by four or more spaces is in different columns
_ALIGN = 3  # how far (characters) a cell may start from its column's start
_MIN_ROWS = 2
_HEADER_LINES = 4
_MAX_HEADER_CELL = 60
_BULLET = re.compile(r"^\s*[•▪◦‣\-*–]\s")


def _fragments(line: str) -> list[tuple[int, str]]:
    return [(match.start(), match.group()) for match in _FRAGMENT.finditer(line)]


def _column(start: int, columns: list[int]) -> int | None:
    """Index of the column a fragment starting at `start` falls in."""
    chosen = None
    for index, column in enumerate(columns):
        if start >= column - _ALIGN:
            chosen = index
    return chosen


def _is_anchor(line: str, columns: list[int]) -> bool:
    """A line that starts a row: text in the first column and in at least one other."""
    fragments = _fragments(line)
    if len(fragments) < 2 or abs(fragments[0][0] - columns[0]) > _ALIGN:
        return False
    return all(_column(start, columns) is not None for start, _ in fragments) and fragments[0][0] < columns[1] - _ALIGN


def _header_block(lines: list[str], index: int) -> list[str]:
    """The header's lines: up to the next blank line, and only one of them at the left margin (a header cell
    wrapped over several lines is centred around the line that holds the first column)."""
    block: list[str] = []
    for line in lines[index : index + _HEADER_LINES]:
        if not line.strip():
            break
        block.append(line)
    if not block:
        return []
    margin = min(_fragments(line)[0][0] for line in block)
    at_margin = [number for number, line in enumerate(block) if _fragments(line)[0][0] - margin <= _ALIGN]
    return block[: at_margin[1]] if len(at_margin) > 1 else block


def _merged_starts(block: list[str]) -> list[int]:
    starts: list[int] = []
    for start in sorted(start for line in block for start, _ in _fragments(line)):
        if not starts or start - starts[-1] > _ALIGN:
            starts.append(start)
    return starts


def table_start(lines: list[str], index: int) -> tuple[list[int], list[str], int]:
    """When a table's header starts at lines[index]: (column starts, header cells, index of its first row line).

    Otherwise ([], [], index).
    """
    block = _header_block(lines, index)
    fragments = [fragment for line in block for fragment in _fragments(line)]
    if not block or _BULLET.match(block[0]) or any(len(text) > _MAX_HEADER_CELL for _, text in fragments):
        return [], [], index
    columns = _merged_starts(block)
    if len(columns) < 2 or not any(
        abs(start - columns[0]) <= _ALIGN for line in block for start, _ in _fragments(line)[:1]
    ):
        return [], [], index
    after = index + len(block)
    anchors = 0
    previous = block[-1]
    for following in lines[after : after + 40]:
        if following.strip():
            if _is_anchor(following, columns):
                anchors += 1
            elif _ends_table(following, columns, after_blank=not previous.strip()):
                break
        previous = following
    if anchors < _MIN_ROWS:
        return [], [], index
    return columns, _cells(block, columns), after


def _ends_table(line: str, columns: list[int], *, after_blank: bool) -> bool:
    """Text that is no longer part of the table: left of it, a bullet, or a lone run back at the left margin.

    A wrapped first-column cell also starts at the left margin, but directly under its row, not after a gap.
    """
    fragments = _fragments(line)
    first_start, first_text = fragments[0]
    if first_start < columns[0] - _ALIGN or _BULLET.match(line):
        return True
    if abs(first_start - columns[0]) > _ALIGN or len(fragments) > 1:
        return False
    return after_blank or first_start + len(first_text) > columns[1]


def _cells(lines: list[str], columns: list[int]) -> list[str]:
    """The text of each column over several lines, top to bottom."""
    parts: list[list[str]] = [[] for _ in columns]
    for line in lines:
        for start, text in _fragments(line):
            column = _column(start, columns)
            if column is not None:
                parts[column].append(text)
    return [normalise_space(" ".join(texts)) for texts in parts]


def read_table(lines: list[str], index: int, columns: list[int]) -> tuple[list[list[str]], int]:
    """(rows, index of the first line after the table) for the rows starting at lines[index]."""
    body: list[tuple[int, str]] = []  # (line number, line) of the table's lines
    end = index
    while end < len(lines):
        line = lines[end]
        if line.strip():
            after_blank = end > 0 and not lines[end - 1].strip()
            if not _is_anchor(line, columns) and _ends_table(line, columns, after_blank=after_blank):
                break
            body.append((end, line))
        end += 1
    anchors = [number for number, line in body if _is_anchor(line, columns)]
    by_row: dict[int, list[str]] = {anchor: [] for anchor in anchors}
    for number, line in body:
        # Nearest row start; a tie goes to the earlier row.
        by_row[min(anchors, key=lambda a: (abs(a - number), a))].append(line)
    while end > index and not lines[end - 1].strip():
        end -= 1
    return [_cells(by_row[anchor], columns) for anchor in anchors], end
