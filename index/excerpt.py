"""Quoting a long unit in part: the pieces of it that carry the question's match, verbatim, with "…" marking each cut.

A unit longer than a quote's room (a legal article's paragraph, a long FAQ answer, a list with many items) is cut
only between pieces: sentences, list items and clauses ending in ";" or ":". A cut never falls inside a number, a
date or a name (a span of capitalised words or an abbreviation such as "Dr." or "U.S."), so each piece shown is the
source's own words, and the quote shown is what the citation carries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from index import item_labels
from index.dates import find_dates
from index.text import terms
from index.unit_facts import facts, holds
from index.units import leans_back

ELLIPSIS = "…"
UNIT_QUOTE_CHARS = 300  # a longer unit is quoted in part, the pieces that match the question within this room

# Where a piece may end: after a sentence's or a clause's last mark, before the next word.
_BOUNDARY = re.compile(r"(?<=[.;:!?])[\"'”’)\]]*(?P<space>\s+)(?=[\"'“‘(\[]?[A-Z0-9])|(?<=[;:])(?P<after>\s+)")
MIN_PIECE_WORDS = 3  # a bare list marker ("3.", "Step 1.") stays with what follows it
MIN_LEAD_WORDS = 4  # "It covers:" stays with what follows; "The rover carries the following:" leads it
# A word ending in "." that does not end a sentence: an initial, a title, "No.", "e.g.".
_ABBREVIATION = re.compile(
    r"(?:\b[A-Za-z]|\b(?:[A-Z]\.)+[A-Z]|\b(?:Dr|Mr|Mrs|Ms|Prof|St|Mt|No|Nos|Art|Arts|Sec|Fig|Vol|Ch|Para|Gen|Col|Lt"
    r"|Capt|Jr|Sr|Co|Inc|Ltd|Corp|approx|ca|cf|etc|vs|e\.g|i\.e|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec))\.$"
)
_NUMBER = re.compile(r"\d(?:[\d,.\u00a0\u202f]*\d)?")
_NAME = re.compile(r"[A-Z][\w’'-]*(?:\s+(?:of|the|de|du|la|von|van|and|&)?\s*[A-Z][\w’'-]*)+")


@dataclass(frozen=True)
class Match:
    """What a piece is scored by: the question's content terms with their weights, and the answer type wanted."""

    weights: Mapping[str, float]
    answer_type: str = "other"
    several: bool = False  # the question asks for several things: a list is quoted from its first item on
    names: frozenset[str] = frozenset()  # the specific things it names, among `weights`

    @classmethod
    def of(cls, content_terms: Iterable[str], info, idf) -> Match:
        """The question's content terms weighted by `idf`, the things it names (index/question.py `QuestionInfo`)
        counting twice."""
        named = set(info.names)
        weights = {t: idf(t) * (2.0 if t in named else 1.0) for t in (*content_terms, *named)}
        return cls(weights, info.answer_type, info.several, frozenset(named))


def protected(text: str) -> list[tuple[int, int]]:
    """Spans no cut may fall inside: dates, numbers and names."""
    spans = [(m.start, m.end) for m in find_dates(text)]
    spans += [m.span() for m in _NUMBER.finditer(text)]
    spans += [m.span() for m in _NAME.finditer(text)]
    return spans


def cuts(text: str, lead_in: bool = True) -> list[tuple[int, int]]:
    """The places a quote may be cut, as (end of one piece, start of the next). A colon ends a piece only as the
    unit's lead-in ("The roadmap has three phases:"), never between a label and its value, and not at all when
    `lead_in` is false (a table row's "Key: value" pairs)."""
    guarded = protected(text)
    out, piece_start = [], 0
    for match in _BOUNDARY.finditer(text):
        end, start = match.span("space") if match.group("space") else match.span("after")
        if text[end - 1] == ":" and (out or not lead_in or not _leads(text[:end], guarded)):
            continue
        if len(text[piece_start:end].split()) < MIN_PIECE_WORDS:
            continue
        if _ABBREVIATION.search(text[max(0, end - 12) : end]):
            continue
        if any(a < end and start < b for a, b in guarded):
            continue
        out.append((end, start))
        piece_start = start
    return out


def _leads(head: str, guarded: list[tuple[int, int]]) -> bool:
    """A colon after a clause of its own ("Joining takes four steps:"), not after a label such as a date."""
    colon = len(head) - 1
    if " — " in head:  # "Caption — Key:" of a record: the colon parts a key from its value
        return False
    return len(head.split()) >= MIN_LEAD_WORDS and not any(a < colon <= b + 1 for a, b in guarded)


def pieces(text: str, lead_in: bool = True) -> list[tuple[int, int]]:
    """The (start, end) of each piece of `text`, in order; together they cover it but for the spaces between."""
    spans, start = [], 0
    for end, following in cuts(text, lead_in):
        spans.append((start, end))
        start = following
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if b > a]


def score(piece: str, match: Match) -> float:
    """How well a piece of text matches the question: the weight of its terms present, more when it holds the
    answer type."""
    return _covered(set(terms(piece)), match) + (_type_bonus(match) if _holds(piece, match) else 0.0)


def _covered(present: set[str], match: Match) -> float:
    return sum(w for t, w in match.weights.items() if t in present)


def _type_bonus(match: Match) -> float:
    return max(match.weights.values(), default=1.0)


def _holds(piece: str, match: Match) -> bool:
    return holds(match.answer_type, facts(piece)) is True


def asks_for_items(text: str, match: Match, lead_in: bool = True) -> bool:
    """The question matches the text's lead-in ("A site was judged against four criteria:") at least as well as
    anything after it, and the lead-in alone does not hold the kind of answer asked for ("six stations:" answers
    "how many"): what it asks for is what the lead-in announces, the items together."""
    spans = pieces(text, lead_in)
    if len(spans) < 2 or text[spans[0][1] - 1] != ":":
        return False
    lead = text[slice(*spans[0])]
    if _holds(lead, match):
        return False
    covered = _covered(set(terms(lead)), match)
    return covered > 0 and all(covered >= score(text[a:b], match) for a, b in spans[1:])


def excerpt(
    text: str, match: Match, room: int = UNIT_QUOTE_CHARS, *, in_order: bool = False, lead_in: bool = True
) -> str:
    """`text` whole when it fits in `room`; else the run of pieces within `room` that covers most of the question
    (`_best_run`) with a piece before or after it that leans on it, then pieces outside it that add terms it lacks,
    then a list's lead-in, while they fit; a lead-in that is the best run alone is quoted with what it announces, as
    `in_order` quotes it: the pieces from the first on (a list whose items are all wanted). Shown in the source's
    order, "…" standing for what is left out."""
    if len(text) <= room:
        return text
    spans = pieces(text, lead_in)
    if len(spans) == 1:
        return text
    room -= 2 * (len(ELLIPSIS) + 1)  # the ellipses before and after
    sizes = [b - a for a, b in spans]
    if in_order:
        return _in_order(text, spans, sizes, match, room)
    words = [set(terms(text[a:b])) for a, b in spans]
    typed = [_holds(text[a:b], match) for a, b in spans]
    best = _best_run(sizes, words, typed, match, room)
    if best == range(0, 1) and lead_in and text[spans[0][1] - 1] == ":":
        return _in_order(text, spans, sizes, match, room)  # the lead-in alone: what it announces goes with it
    kept = set(best)
    used = sum(sizes[i] + 1 for i in kept)
    covered = set().union(*(words[i] for i in kept))

    def add(i: int) -> bool:
        nonlocal used
        size = sizes[i] + len(ELLIPSIS) + 2
        if i in kept or used + size > room:
            return False
        kept.add(i)
        used += size
        return True

    if best.start > 0 and leans_back(text[slice(*spans[best.start])]):
        add(best.start - 1)
    if best.stop < len(spans) and leans_back(text[slice(*spans[best.stop])]):
        add(best.stop)  # "Its launch remains planned for …" goes on about what the run says
    gains = sorted(
        ((_covered(words[i] - covered, match), -i) for i in range(len(spans)) if i not in kept), reverse=True
    )
    for gain, negative in gains:
        if gain > 0 and add(-negative):
            covered |= words[-negative]
    if lead_in and text[spans[0][1] - 1] == ":":
        add(0)  # the lead-in of what follows: "For the purposes of this Convention:"
    return join(text, spans, sorted(kept))


def _in_order(text: str, spans: list[tuple[int, int]], sizes: list[int], match: Match, room: int) -> str:
    """A list whose items are all wanted: from its first piece on while they fit; when they do not all fit and its
    items are labelled, the lead-in and every item's label instead, unless the labels alone lose the kind of answer
    asked for (the dates of "the steps and their dates")."""
    kept = _from_first(sizes, room)
    heads = item_labels.labels(text, spans) if len(kept) < len(spans) else None
    if heads:
        shown = f" {ELLIPSIS} ".join(item_labels.fragments(text, spans[0], heads)) + f" {ELLIPSIS}"
        if len(shown) <= room and not (_holds(text, match) and not _holds(shown, match)):
            return shown
    return join(text, spans, kept)


def _from_first(sizes: list[int], room: int) -> list[int]:
    """The pieces from the first on while they fit in `room` (the first always)."""
    kept, used = [], -1
    for i, size in enumerate(sizes):
        if kept and used + size + 1 > room:
            break
        kept.append(i)
        used += size + 1
    return kept


def _best_run(sizes: list[int], words: list[set[str]], typed: list[bool], match: Match, room: int) -> range:
    """The run of pieces within `room` (a single piece always qualifies) whose terms together weigh most, the answer
    type counting as one more term; of runs covering as much, one beginning where a thing the question names is
    (it reads on from there), then the first, then the shortest."""
    anchors = match.names or frozenset(match.weights)
    best, best_key = range(0, 1), None
    for i in range(len(sizes)):
        size, present, typed_run, anchored = -1, set(), False, bool(words[i] & anchors)
        for j in range(i, len(sizes)):
            size += sizes[j] + 1
            if j > i and size > room:
                break
            present |= words[j]
            typed_run = typed_run or typed[j]
            key = (_covered(present, match) + (_type_bonus(match) if typed_run else 0.0), anchored, -i, -size)
            if best_key is None or key > best_key:
                best, best_key = range(i, j + 1), key
    return best


def join(text: str, spans: list[tuple[int, int]], kept: list[int]) -> str:
    """The kept pieces of `text` (indices into `spans`, in order), an ellipsis wherever pieces are left out before,
    between or after them; pieces next to each other keep the source's own text between them."""
    parts: list[str] = []
    if kept[0] > 0:
        parts.append(ELLIPSIS + " ")
    for n, i in enumerate(kept):
        if n and i == kept[n - 1] + 1:
            parts.append(text[spans[i - 1][1] : spans[i][0]])
        elif n:
            parts.append(f" {ELLIPSIS} ")
        parts.append(text[slice(*spans[i])])
    if kept[-1] < len(spans) - 1:
        parts.append(" " + ELLIPSIS)
    return "".join(parts)


def fragments(quote: str) -> list[str]:
    """The verbatim pieces of a quote, without the ellipses that mark its cuts."""
    return [f.strip() for f in quote.split(ELLIPSIS) if f.strip()]


def quotes_verbatim(quote: str, text: str) -> bool:
    """Every piece of the quote is in `text`, to the letter and in order."""
    cursor = 0
    for fragment in fragments(quote) or [quote]:
        found = text.find(fragment, cursor)
        if found < 0:
            return False
        cursor = found + len(fragment)
    return True
