"""What one answer quotes, within a bound that holds whatever was chosen: every unit shown whole or in part
(index/excerpt.py), the units of a list shown while they fit, the rest counted ("…and 3 more"); a list whose lead-in
is what the question matches is quoted whole, within the room of a question asking for several things."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from index.excerpt import ELLIPSIS, UNIT_QUOTE_CHARS, Match, asks_for_items, excerpt
from index.units import Unit

ANSWER_QUOTE_CHARS = 450  # all the quotes of one answer together, their citation marks counted
LIST_QUOTE_CHARS = 600  # the same for a question asking for several things: a list's items are the answer
MIN_QUOTE_CHARS = 60  # less room than this left: the next unit is not begun
CITATION_MARK_CHARS = 5  # " [1] " after each quote


@dataclass(frozen=True)
class Quote:
    """One unit as the answer shows it: whole, or the pieces that answer the question with "…" for the cuts."""

    unit: Unit
    text: str
    more: int = 0  # units of the same list left out after this one
    as_of: date | None = None  # the date its facts hold at, shown when sources disagree

    @classmethod
    def whole(cls, unit: Unit) -> Quote:
        return cls(unit, unit.text)

    @property
    def pointer(self) -> str:
        """What tells the reader the list goes on in the cited source."""
        return f"{ELLIPSIS}and {self.more} more" if self.more else ""


@dataclass(frozen=True)
class Group:
    """Units quoted together: a chosen unit with the items it announces, or the siblings of a list answer."""

    units: Sequence[Unit]
    more: int = 0  # units of the list already left out for want of room
    as_of: date | None = None


def answer_room(several: bool) -> int:
    """What all the quotes of one answer may take: more for a question asking for several things."""
    return LIST_QUOTE_CHARS if several else ANSWER_QUOTE_CHARS


def quotes(groups: Sequence[Group], match: Match, room: int | None = None) -> list[Quote]:
    """The groups' units in order while they fit in `room` (by default the answer's room for the question), each in
    part when long (the first always shown); a group cut short has its last quote point to how many of its units are
    left out. A question matching the lead-in of the list that answers it best (`asks_for_items`) asks for the list:
    it is quoted as for a question asking for several things."""
    if not match.several and any(_asks_for_items(u, match) for g in groups[:1] for u in g.units[:1]):
        match = replace(match, several=True)  # the question matches the lead-in of the list it is answered by
    room = answer_room(match.several) if room is None else room
    out: list[Quote] = []
    used = 0
    for group in groups:
        shown = 0
        for unit in group.units:
            left = room - used - CITATION_MARK_CHARS
            if out and left < MIN_QUOTE_CHARS:
                break
            # A list asked for whole may fill the answer's room; any other unit gets a unit's room at most.
            unit_room = left if match.several else min(UNIT_QUOTE_CHARS, left) if out else UNIT_QUOTE_CHARS
            listed = match.several and unit.kind in ("list", "table_row")
            text = excerpt(unit.text, match, unit_room, in_order=listed, lead_in=unit.kind != "table_row")
            if out and len(text) > left:
                break
            out.append(Quote(unit, text, as_of=group.as_of))
            used += len(text) + CITATION_MARK_CHARS
            shown += 1
        left_out = len(group.units) - shown + group.more
        if shown and left_out and (len(group.units) > 1 or group.more):
            last = out[-1]
            out[-1] = Quote(last.unit, last.text, left_out, last.as_of)
        if shown < len(group.units):
            break  # no room for what comes after
    return out


def _asks_for_items(unit: Unit, match: Match) -> bool:
    """A list or a passage whose lead-in the question matches best, quoted as a list is for a question asking for
    several things."""
    return unit.kind != "table_row" and asks_for_items(unit.text, match)
