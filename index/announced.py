"""What a unit announces: a sentence that ends by introducing items ("The network has six stations:", "… on the
following topics") is quoted with the list or table that follows it in its document, not alone.

The items are the source's own units: the list that follows, or — for a table — the table read as a list of its key
column under the same lead-in (index/loaders/blocks.py makes it), else its rows whole. What is added stays within
the answer's room (index/quoting.py): every item in the source's order when the question asks for several things,
else the items that best match the question; the items left out are counted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.excerpt import Match, score
from index.question import QuestionInfo
from index.quoting import LIST_QUOTE_CHARS, Group
from index.schema import Chunk
from index.unit_facts import facts, holds
from index.units import Unit, reply_goes_on, sentence_units

_ANNOUNCES = re.compile(r"(?::|\b(?:the following|as follows))\s*$", re.IGNORECASE)
ITEM_KINDS = frozenset({"list", "table_row"})


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


def _within(units: list[Unit], budget: int, match: Match | None) -> list[Unit]:
    """The units that fit in `budget` characters (the first considered always): in order, or with `match` the ones
    that match it best first, given back in the source's order."""
    order = list(range(len(units)))
    if match is not None:
        order.sort(key=lambda i: -score(units[i].text, match))
    kept, used = [], 0
    for i in order:
        if kept and used + len(units[i].text) > budget:
            break
        kept.append(i)
        used += len(units[i].text)
    return [units[i] for i in sorted(kept)]


def _column_prefix(lead: str, text: str) -> str:
    """The lead-in and the column name of a table read as a list ("… six stations: Station:")."""
    colon = text.find(":", len(lead) + 1)
    return text[: colon + 1] if colon > 0 else lead


def announced_items(
    unit: Unit, following: Sequence[Chunk], match: Match | None = None, budget: int = LIST_QUOTE_CHARS
) -> tuple[bool, list[Unit], int]:
    """(whether the items replace the unit, the units that carry what it announces, how many more it announces),
    given the chunks after its chunk in its document, in order: the items within `budget`, the best-matching first
    with `match`, else in order. Nothing when the unit announces nothing or is not its chunk's last span."""
    if unit.last != len(unit.chunk.sentences) - 1 or unit.kind in ITEM_KINDS or not announces(unit.text):
        return False, [], 0
    run = _items_run(unit.chunk, following)
    lead = unit.chunk.sentences[unit.last].rstrip()
    led = [u for c in run if c.kind == "list" for u in sentence_units(c) if u.text.startswith(lead)]
    replaces = bool(led) and unit.first == unit.last  # the table read as a list under this very sentence
    if led:
        prefix = _column_prefix(lead, led[0].text)
        items = [u for u in led if u.text.startswith(prefix)]
    else:
        items = [u for c in run if c.kind == "list" for u in sentence_units(c)]
        if not items or run[0].kind != "list":
            items = [u for c in run if c.kind == "table_row" for u in sentence_units(c)]
    kept = _within(items, budget + (len(lead) if replaces else 0), match)
    return replaces, kept, len(items) - len(kept)


def wants_items(info: QuestionInfo, unit: Unit) -> bool:
    """Whether the question needs what the unit announces: it asks for several things, or the announcement alone
    does not hold the kind of answer asked for ("six stations:" answers "how many" by itself)."""
    return info.several or holds(info.answer_type, facts(unit.text)) is not True


def with_items(units: Sequence[Unit], following_of, info: QuestionInfo, match: Match | None = None) -> list[Group]:
    """For each chosen unit, the units quoted for it: itself, then what it announces (or what replaces it) when the
    question needs it — all of it in order for a question asking for several things, else what best fits `match` —
    or the next sentence of the FAQ reply it starts tersely (`reply_goes_on`), with the count of items left out; a
    unit already quoted is not repeated. `following_of(chunk)` gives the chunks after a chunk in its document."""
    seen = {(u.chunk.id, u.first, u.last) for u in units}
    out = []
    for unit in units:
        replaces, items, more = False, [], 0
        if wants_items(info, unit):
            best_first = None if info.several else match
            replaces, items, more = announced_items(unit, following_of(unit.chunk), best_first)
        rest = reply_goes_on(unit)
        if rest is not None:  # a reply's start is never its chunk's last span, so it announces nothing
            items = [rest]
        fresh = [u for u in items if (u.chunk.id, u.first, u.last) not in seen]
        seen.update((u.chunk.id, u.first, u.last) for u in fresh)
        out.append(Group(fresh if replaces and fresh else [unit, *fresh], more))
    return out
