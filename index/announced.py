"""What a unit announces: a sentence that ends by introducing items ("The network has six stations:", "… on the
following topics") is quoted with the list or table that follows it in its document, not alone.

The items are the source's own units: the list that follows, or — for a table — the table read as a list of its key
column under the same lead-in (index/loaders/blocks.py makes it), else its rows whole. What is added stays within
ITEMS_MAX_CHARS.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.question import QuestionInfo
from index.schema import Chunk
from index.unit_facts import facts, holds
from index.units import Unit, sentence_units

_ANNOUNCES = re.compile(r"(?::|\b(?:the following|as follows))\s*$", re.IGNORECASE)
ITEM_KINDS = frozenset({"list", "table_row"})
ITEMS_MAX_CHARS = 800  # what the items of one announcement may add to an answer: a long list is quoted in part


def announces(text: str) -> bool:
    """The span ends by introducing what follows it."""
    return bool(_ANNOUNCES.search(text.rstrip()))


def _same_place(chunk: Chunk, item: Chunk) -> bool:
    """No heading comes between them (the items' heading trail is the announcement's, or one it sits in), and no
    more than a page break."""
    path = tuple(item.section_path)
    same_page = chunk.page is None or item.page in (chunk.page, chunk.page + 1)
    return tuple(chunk.section_path)[: len(path)] == path and same_page


def _items_run(chunk: Chunk, following: Sequence[Chunk]) -> list[Chunk]:
    """The list and table chunks right after `chunk`, up to the first chunk of another kind."""
    run = []
    for item in following:
        if item.kind not in ITEM_KINDS or not _same_place(chunk, item):
            break
        run.append(item)
    return run


def _within(units: list[Unit], budget: int) -> list[Unit]:
    """The units in order while they fit in `budget` characters (the first always)."""
    kept, used = [], 0
    for unit in units:
        if kept and used + len(unit.text) > budget:
            break
        kept.append(unit)
        used += len(unit.text)
    return kept


def _column_prefix(lead: str, text: str) -> str:
    """The lead-in and the column name of a table read as a list ("… six stations: Station:")."""
    colon = text.find(":", len(lead) + 1)
    return text[: colon + 1] if colon > 0 else lead


def announced_items(unit: Unit, following: Sequence[Chunk]) -> tuple[bool, list[Unit]]:
    """(whether the items replace the unit, the units that carry what it announces), given the chunks after its
    chunk in its document, in order. Nothing when the unit announces nothing or is not its chunk's last span."""
    if unit.last != len(unit.chunk.sentences) - 1 or unit.kind in ITEM_KINDS or not announces(unit.text):
        return False, []
    run = _items_run(unit.chunk, following)
    lead = unit.chunk.sentences[unit.last].rstrip()
    led = [u for c in run if c.kind == "list" for u in sentence_units(c) if u.text.startswith(lead)]
    if led and unit.first == unit.last:
        # The table read as a list under this very sentence: it says the same and carries the items.
        prefix = _column_prefix(lead, led[0].text)
        return True, _within([u for u in led if u.text.startswith(prefix)], ITEMS_MAX_CHARS + len(lead))
    if led:
        prefix = _column_prefix(lead, led[0].text)
        return False, _within([u for u in led if u.text.startswith(prefix)], ITEMS_MAX_CHARS)
    lists = [u for c in run if c.kind == "list" for u in sentence_units(c)]
    if lists and run[0].kind == "list":
        return False, _within(lists, ITEMS_MAX_CHARS)
    rows = [u for c in run if c.kind == "table_row" for u in sentence_units(c)]
    return False, _within(rows, ITEMS_MAX_CHARS)


def wants_items(info: QuestionInfo, unit: Unit) -> bool:
    """Whether the question needs what the unit announces: it asks for several things, or the announcement alone
    does not hold the kind of answer asked for ("six stations:" answers "how many" by itself)."""
    return info.several or holds(info.answer_type, facts(unit.text)) is not True


def with_items(units: Sequence[Unit], following_of, info: QuestionInfo) -> list[list[Unit]]:
    """For each chosen unit, the units quoted for it: itself, then what it announces (or what replaces it) when the
    question needs it; a unit already quoted is not repeated. `following_of(chunk)` gives the chunks after a chunk in
    its document."""
    seen = {(u.chunk.id, u.first, u.last) for u in units}
    out = []
    for unit in units:
        replaces, items = announced_items(unit, following_of(unit.chunk)) if wants_items(info, unit) else (False, [])
        fresh = [u for u in items if (u.chunk.id, u.first, u.last) not in seen]
        seen.update((u.chunk.id, u.first, u.last) for u in fresh)
        out.append(fresh if replaces and fresh else [unit, *fresh])
    return out
