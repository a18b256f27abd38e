"""Tables in a PDF's layout text: a header line, then rows marked by the line that holds their first column, or,
in a table drawn with padded rows, set apart by the wider gaps between them.

A row's cells may wrap over several lines. Which row such a line belongs to depends on how the typesetter aligns
cells vertically, which the table itself shows (see `_rows`). A first cell wrapped around its row's centre leaves
the row's other cells on a line of their own. Where columns start and what text each holds: `pdf_cells`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from index.loaders.pdf_cells import ALIGN as _ALIGN
from index.loaders.pdf_cells import cell_texts, column_edges, line_fragments, without_empty_columns

_MIN_ROWS = 2
_HEADER_LINES = 4
_MAX_HEADER_CELL = 60
_MAX_HEADER_WORDS = 8  # a header cell names its column; a longer run is a line of text (two columns of text)
_BULLET = re.compile(r"^\s*[•▪◦‣\-*–]\s")


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    end: int  # index of the first line after the table
    columns: list[int]  # where the header's cells start
    edges: list[int]  # where the columns start


def _column(start: int, columns: list[int]) -> int | None:
    """Index of the column a fragment starting at `start` falls in."""
    chosen = None
    for index, column in enumerate(columns):
        if start >= column - _ALIGN:
            chosen = index
    return chosen


def _is_anchor(line: str, columns: list[int]) -> bool:
    """A line that starts a row: text in the first column and in at least one other."""
    fragments = line_fragments(line)
    if len(fragments) < 2 or abs(fragments[0][0] - columns[0]) > _ALIGN:
        return False
    return all(_column(start, columns) is not None for start, _ in fragments) and fragments[0][0] < columns[1] - _ALIGN


def _header_lines(lines: list[str], index: int) -> tuple[int, list[int]] | None:
    """(line number of the header's first-column line, the header's column starts) when a header starts at
    lines[index]. Header cells wrapped above the first-column line start further right; none is a sentence."""
    window = [number for number in range(index, min(len(lines), index + 2 * _HEADER_LINES)) if lines[number].strip()]
    window = window[:_HEADER_LINES]
    if not window:
        return None
    margin = min(line_fragments(lines[number])[0][0] for number in window)
    first_column = next(number for number in window if line_fragments(lines[number])[0][0] <= margin + _ALIGN)
    block = [lines[number] for number in window if number <= first_column]
    fragments = [fragment for line in block for fragment in line_fragments(line)]
    if (
        len(line_fragments(block[-1])) < 2
        or any(_BULLET.match(line) for line in block)
        or any(len(text) > _MAX_HEADER_CELL or len(text.split()) > _MAX_HEADER_WORDS for _, text in fragments)
    ):
        return None
    return first_column, _merged_starts(block)


def _merged_starts(block: list[str]) -> list[int]:
    starts: list[int] = []
    for start in sorted(start for line in block for start, _ in line_fragments(line)):
        if not starts or start - starts[-1] > _ALIGN:
            starts.append(start)
    return starts


def find_table(lines: list[str], index: int) -> Table | None:
    """The table whose header starts at lines[index], if one does."""
    found = _header_lines(lines, index)
    if not found:
        return None
    header_line, columns = found
    if _rows_ahead(lines, header_line + 1, columns) < _MIN_ROWS:
        return None
    body, end = _body(lines, header_line + 1, columns)
    numbered = [(number, lines[number]) for number in range(index, header_line + 1) if lines[number].strip()]
    numbered += body
    groups = _padded_rows(numbered, header_line, columns)
    if groups is None:
        marks = [_row_line(lines, number, columns) for number, _ in body]
        starts = [header_line, *sorted({mark for mark in marks if mark is not None})]
        groups = _rows(numbered, starts, columns)
    edges = without_empty_columns(column_edges([line for _, line in numbered], groups[0]), groups)
    header, *rows = [cell_texts(group, edges) for group in groups]
    return Table(header, rows, end, columns, edges)


def table_continued(lines: list[str], index: int, previous: Table) -> Table | None:
    """The rows at lines[index], at the top of a page, of a table that ran to the end of the previous page without
    its header repeated: its cells start in the previous page's columns, and are read under its header."""
    starts = [start for start, _ in line_fragments(lines[index])]
    if cell_texts([lines[index]], previous.edges) == previous.header or not all(
        any(abs(start - edge) <= _ALIGN for edge in previous.edges) for start in starts
    ):
        return None  # the header repeated (the table is read anew), or other columns
    body, end = _body(lines, index, previous.columns)
    marks = sorted({mark for mark in (_row_line(lines, number, previous.columns) for number, _ in body) if mark})
    if not marks or body[0][0] != index:
        return None
    above, *groups = _rows([(index - 1, ""), *body], [index - 1, *marks], previous.columns)
    groups[0] = above + groups[0]  # lines above the page's first row mark go on with that row
    rows = [cell_texts(group, previous.edges) for group in groups]
    return Table(previous.header, rows, end, previous.columns, previous.edges)


def _rows_ahead(lines: list[str], index: int, columns: list[int]) -> int:
    """How many lines starting a row follow a header, up to the end of the table or 40 lines."""
    anchors = 0
    previous = lines[index - 1]
    for number in range(index, min(len(lines), index + 40)):
        following = lines[number]
        if following.strip():
            if _row_line(lines, number, columns) is not None:
                anchors += 1
            elif _ends_table(following, columns, after_blank=not previous.strip()):
                break
        previous = following
    return anchors


def _row_line(lines: list[str], number: int, columns: list[int]) -> int | None:
    """The line that marks the row starting at lines[number], if one does: the line itself when it holds the first
    column and another, or the next one when it holds the first column alone and the next one the row's other cells
    (a first cell wrapped around the centre of its row)."""
    if _is_anchor(lines[number], columns):
        return number
    fragments = line_fragments(lines[number])
    following = line_fragments(lines[number + 1]) if number + 1 < len(lines) else []
    if (
        len(fragments) == 1
        and abs(fragments[0][0] - columns[0]) <= _ALIGN
        and following
        and following[0][0] >= columns[1] - _ALIGN
    ):
        return number + 1
    return None


def _ends_table(line: str, columns: list[int], *, after_blank: bool) -> bool:
    """Text that is no longer part of the table: left of it, a bullet, or a lone run back at the left margin.

    A wrapped first-column cell also starts at the left margin, but directly under its row, not after a gap.
    """
    fragments = line_fragments(line)
    first_start, first_text = fragments[0]
    if first_start < columns[0] - _ALIGN or _BULLET.match(line):
        return True
    if abs(first_start - columns[0]) > _ALIGN or len(fragments) > 1:
        return False
    return after_blank or first_start + len(first_text) > columns[1]


def _body(lines: list[str], index: int, columns: list[int]) -> tuple[list[tuple[int, str]], int]:
    """The non-blank (line number, line) pairs of the table's rows from lines[index], and the line after them."""
    body: list[tuple[int, str]] = []
    end = index
    while end < len(lines):
        line = lines[end]
        if line.strip():
            after_blank = end > 0 and not lines[end - 1].strip()
            if _row_line(lines, end, columns) is None and _ends_table(line, columns, after_blank=after_blank):
                break
            body.append((end, line))
        end += 1
    while end > index and not lines[end - 1].strip():
        end -= 1
    return body, end


def _padded_rows(numbered: list[tuple[int, str]], header_line: int, columns: list[int]) -> list[list[str]] | None:
    """The header's and each row's lines when rows are set further apart than the lines within a row (a table drawn
    with padded rows): a gap wider than the narrowest one in the table ends a row. Taken so only when some line of
    the body has no first cell (so cells do wrap) and every row found has one (no row is the tail of another)."""
    gaps = [after - before - 1 for (before, _), (after, _) in pairwise(numbered)]
    if not gaps or min(gaps) == max(gaps):
        return None
    runs: list[list[tuple[int, str]]] = [[numbered[0]]]
    for gap, line in zip(gaps, numbered[1:], strict=True):
        if gap > min(gaps):
            runs.append([])
        runs[-1].append(line)
    if len(runs) < 1 + _MIN_ROWS or runs[0][-1][0] != header_line:
        return None
    starts_in_first = [[_column(line_fragments(line)[0][0], columns) == 0 for _, line in run] for run in runs[1:]]
    if all(all(run) for run in starts_in_first) or not all(any(run) for run in starts_in_first):
        return None
    return [[line for _, line in run] for run in runs]


def _rows(numbered: list[tuple[int, str]], starts: list[int], columns: list[int]) -> list[list[str]]:
    """The lines of the header and of each row, given the line numbers that hold their first column.

    Top-aligned cells all begin on their row's first line and continue below it; bottom-aligned ones end on its
    last line; otherwise cells are centred, and a line between two rows goes to the nearer one.
    """
    filled = {number: _filled(line, columns) for number, line in numbered}
    starts = _centred_first_cells(starts, filled)
    body = [number for number, _ in numbered if number > starts[0]]  # a header may be set differently
    top = min(filled) == starts[0] and all(
        filled[number] <= filled[max(start for start in starts if start <= number)] for number in body
    )
    bottom = (
        max(filled) == starts[-1]
        and starts[0] + 1 not in filled
        and all(filled[number] <= filled[min(start for start in starts if start >= number)] for number in body)
    )

    def owner(number: int) -> int:
        if top:
            return max(start for start in starts if start <= number)
        if bottom:
            return min(start for start in starts if start >= number)
        # A tie goes to the earlier row, except between the header and the first row: a header is set apart.
        return min(starts, key=lambda start: (abs(start - number), start == starts[0], start))

    groups: dict[int, list[str]] = {start: [] for start in starts}
    for number, line in numbered:
        groups[owner(number)].append(line)
    return [groups[start] for start in starts]


def _centred_first_cells(starts: list[int], filled: dict[int, set[int | None]]) -> list[int]:
    """Row starts with a first-column cell wrapped around its row's centre taken as one row: two lines holding the
    first column with, straight between them, only lines that fill more columns than either (the row's other
    cells, centred). The row is then marked by its fullest line."""
    merged = starts[:2]
    for start in starts[2:]:
        previous = merged[-1]
        between = range(previous + 1, start)
        if (
            between
            and previous in starts
            and all(number in filled for number in between)
            and all(len(filled[number]) > max(len(filled[previous]), len(filled[start])) for number in between)
        ):
            merged[-1] = max(between, key=lambda number: len(filled[number]))
        else:
            merged.append(start)
    return merged


def _filled(line: str, columns: list[int]) -> set[int | None]:
    return {_column(start, columns) for start, _ in line_fragments(line)}
