"""HTML tables: cells spanning rows or columns spread over the cells they cover, header rows joined per column.

The extractor keeps a spanning cell's text in its first row and column only, so a row read alone would lose it
("Lot: 1" above a second row of the same lot). Spans are spread in the page's markup before extraction: a cell
spanning rows is repeated in each of them, a header cell spanning columns names each of them; a data cell spanning
columns stays in its first one.
"""

from __future__ import annotations

import copy
from typing import Any

from index.loaders.blocks import BlockBuilder
from index.sentences import normalise_space

_MAX_SPAN = 1000  # browsers ignore larger spans (HTML caps rowspan at 65534, colspan at 1000)


def spread_spans(tree: Any) -> bool:
    """Spread every table's row and column spans in an lxml HTML tree; whether anything changed."""
    changed = False
    for table in tree.iter("table"):
        rows = [row for row in table.iter("tr") if _table_of(row) is table]
        changed |= _spread(rows)
    return changed


def _table_of(element: Any) -> Any:
    parent = element.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _span(cell: Any, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name, "1")), _MAX_SPAN))
    except ValueError:
        return 1


def _spread(rows: list[Any]) -> bool:
    changed = False
    carried: dict[int, tuple[Any, int]] = {}  # column -> (cell to repeat there, rows it still covers)
    for row in rows:
        cells = [cell for cell in row if cell.tag in ("td", "th")]
        column = 0
        for cell in [*cells, None]:
            while column in carried:  # cells spanning down from the rows above come first
                source, left = carried.pop(column)
                row.insert(row.index(cell) if cell is not None else len(row), _copy(source))
                if left > 1:
                    carried[column] = (source, left - 1)
                column += 1
            if cell is None:
                break
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            for name in ("rowspan", "colspan"):
                cell.attrib.pop(name, None)
            # A header cell over several columns names each; a data cell's text stays in its first column.
            names_each = cell.tag == "th" and len(cells) > 1
            more = [_copy(cell) if names_each else row.makeelement(cell.tag, {}) for _ in range(1, colspan)]
            covering = [cell, *more]
            for offset, element in enumerate(covering[1:], start=1):
                row.insert(row.index(cell) + offset, element)
            if rowspan > 1:
                for offset, element in enumerate(covering):
                    carried[column + offset] = (element, rowspan - 1)
            changed = changed or rowspan > 1 or colspan > 1
            column += colspan
    return changed


def _copy(cell: Any) -> Any:
    repeated = copy.deepcopy(cell)
    repeated.tail = None
    return repeated


def read_table(table: Any, builder: BlockBuilder, text: Any) -> None:
    """Header cells (role="head") name the columns, several header rows joined per column; a header row with one
    filled cell is the caption. `text` reads an element's text."""
    caption, header, rows = "", [], []
    for row in table.iter("row"):
        elements = list(row.iter("cell"))
        cells = [normalise_space(text(cell)) for cell in elements]
        filled = [cell for cell in cells if cell]
        is_head = all(element.get("role") == "head" for element, cell in zip(elements, cells, strict=True) if cell)
        if is_head and len(cells) > 1 and len(filled) == 1 and not header and not rows:
            caption = filled[0]
        elif (is_head or _continues(header, cells)) and not rows:
            header = _joined(header, cells) if header else cells
        else:
            rows.append(cells)
    if not header and len(rows) > 1:
        header = rows.pop(0)  # a table without marked headers: its first row names the columns
    builder.table(header, rows, caption)


def _continues(header: list[str], cells: list[str]) -> bool:
    """A second header row, which the extractor does not mark: it repeats a header cell spanning both rows."""
    return any(name and name == cell for name, cell in zip(header, cells, strict=False))


def _joined(upper: list[str], lower: list[str]) -> list[str]:
    """Two header rows as one: each column named by both ("Budget" over "2026": "Budget 2026"), once if alike."""
    width = max(len(upper), len(lower))
    upper, lower = upper + [""] * (width - len(upper)), lower + [""] * (width - len(lower))
    return [a if a == b else normalise_space(f"{a} {b}") for a, b in zip(upper, lower, strict=True)]
