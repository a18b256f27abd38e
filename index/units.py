"""Answer units: the smallest self-contained spans of a chunk that can be quoted as an answer.

A unit is one of a chunk's sentences; a sentence that leans on the one before it ("It launched on 3 May 2024.",
"This will be followed by …", a fragment) also gives a unit joined with its neighbour. Chunks whose sentences are
already records (a table row with its headers, a list with its lead-in, metadata) give one unit per record. An FAQ
answer quoted from its first sentence on ("Is it binding? No.") also gives one unit of the question with its whole
answer, when that is short enough to quote; and a terse start of an FAQ reply that goes on is quoted with the
reply's next sentence (`reply_goes_on`). Every unit is a verbatim slice of its chunk's text, so quotes stay the
source's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.chunking import METADATA_SECTION
from index.schema import Chunk

RECORD_KINDS = frozenset({"table_row", "list", "metadata"})  # an FAQ answer's later sentences may lean back

# Words that make a sentence lean on the one before it.
_LEANS_BACK = re.compile(
    r"^(?:It|Its|It’s|It's|This|That|These|Those|They|Their|Them|He|She|His|Her|Such|Both|Each|Here|There|Then"
    r"|Also|However|But|And|Meanwhile|Later|Afterwards|Thereafter|Subsequently|In addition|Additionally"
    r"|The (?:same|latter|former))\b"
)
MIN_SELF_CONTAINED_WORDS = 6
# A short sentence counting what the next sentences go through one by one ("It has two lines. The ice line …").
_COUNTED = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_COUNT_WORD = re.compile(r"\b(" + "|".join(_COUNTED) + r")\b", re.IGNORECASE)
COUNT_SENTENCE_MAX_WORDS = 12
FAQ_WHOLE_MAX_CHARS = 400  # a longer FAQ answer is quoted sentence by sentence only
TERSE_REPLY_WORDS = 20  # an FAQ reply starting with fewer words than this says little alone ("Yes, but not as …")


@dataclass(frozen=True)
class Unit:
    chunk: Chunk
    text: str  # verbatim slice of chunk.text
    first: int  # index of its first sentence in chunk.sentences
    last: int  # index of its last sentence (inclusive)
    kind: str  # the chunk's kind: prose, list, table_row, faq, metadata
    context: str  # what a reader of the unit also sees: the section heading, the document title

    @property
    def joined(self) -> bool:
        return self.last > self.first

    @property
    def leaning(self) -> bool:
        """A single sentence that leans on the one before it (its joined unit is the self-contained one)."""
        return not self.joined and self.kind not in RECORD_KINDS and self.first > 0 and leans_back(self.text)


def chunk_kind(chunk: Chunk) -> str:
    if chunk.section == METADATA_SECTION:
        return "metadata"
    return getattr(chunk, "kind", None) or "prose"


def sentence_offsets(chunk: Chunk) -> list[tuple[int, int]]:
    """(start, end) of each sentence in chunk.text, found in order."""
    offsets, cursor = [], 0
    for sentence in chunk.sentences:
        start = chunk.text.find(sentence, cursor)
        if start < 0:  # sentences are substrings in order; tolerate a repeat found earlier
            start = chunk.text.find(sentence)
        offsets.append((start, start + len(sentence)))
        cursor = max(cursor, start + len(sentence))
    return offsets


def counted(sentence: str) -> int:
    """How many things a short sentence says there are ("There are two alert levels."), when it is only that: no
    figure besides the count; 0 otherwise."""
    match = _COUNT_WORD.search(sentence)
    if match is None or len(sentence.split()) > COUNT_SENTENCE_MAX_WORDS or any(ch.isdigit() for ch in sentence):
        return 0
    return _COUNTED[match.group(1).lower()]


def leans_back(sentence: str) -> bool:
    return bool(_LEANS_BACK.match(sentence)) or len(sentence.split()) < MIN_SELF_CONTAINED_WORDS


def section_label(chunk: Chunk) -> str:
    """The heading trail a reader sees above the chunk; "" for a generated "Paragraph N" label."""
    path = getattr(chunk, "section_path", None)
    if path:
        return " / ".join(str(p) for p in path)
    return "" if chunk.section.startswith("Paragraph ") else chunk.section


def row_key(text: str) -> str:
    """A table row's first cell, the thing the row is about ("Caption — Lot: 4; Awarded to: …" → "4")."""
    record = text.split(" — ", 1)[-1]
    first = record.split("; ", 1)[0]
    return first.split(": ", 1)[-1]


# Metadata lines that can answer a question; the title is already every unit's context.
ANSWERING_METADATA = ("author:", "published:", "date:", "updated:")


def sentence_units(chunk: Chunk) -> list[Unit]:
    """One unit per answer unit of the chunk, as the loader made them."""
    kind = chunk_kind(chunk)
    context = f"{section_label(chunk)}\n{chunk.title}"
    return [Unit(chunk, s, i, i, kind, context) for i, s in enumerate(chunk.sentences)]


def units_of(chunk: Chunk) -> list[Unit]:
    """The units that compete to answer a question."""
    units = sentence_units(chunk)
    kind = chunk_kind(chunk)
    if kind == "metadata":
        return [u for u in units if u.text.lower().startswith(ANSWERING_METADATA)]
    if kind in RECORD_KINDS:
        return units
    offsets = sentence_offsets(chunk)
    for i in range(1, len(chunk.sentences)):
        if leans_back(chunk.sentences[i]) and offsets[i - 1][0] >= 0:
            text = chunk.text[offsets[i - 1][0] : offsets[i][1]]
            units.append(Unit(chunk, text, i - 1, i, kind, units[0].context))
    if kind == "prose":  # a count with the sentences that go through what it counts, one each
        for i, sentence in enumerate(chunk.sentences):
            end = i + counted(sentence)
            if end > i and end < len(chunk.sentences) and offsets[i][0] >= 0:
                units.append(Unit(chunk, chunk.text[offsets[i][0] : offsets[end][1]], i, end, kind, units[0].context))
    last = len(chunk.sentences) - 1
    whole = kind == "faq" and last > 0 and len(chunk.text) <= FAQ_WHOLE_MAX_CHARS and offsets[0][0] >= 0
    if whole and not any(u.first == 0 and u.last == last for u in units):
        units.append(Unit(chunk, chunk.text[offsets[0][0] : offsets[last][1]], 0, last, kind, units[0].context))
    return units


def reply_goes_on(unit: Unit) -> Unit | None:
    """The next sentence of the reply, for an FAQ's question quoted with a terse start of its reply ("Can a student
    apply? Not as principal investigator.") when the reply goes on: alone, the start often leaves out the answer."""
    chunk = unit.chunk
    if unit.kind != "faq" or unit.first > 0 or unit.last >= len(chunk.sentences) - 1:
        return None
    _, asked, reply = unit.text.partition("?\n")
    if len((reply if asked else unit.text).split()) >= TERSE_REPLY_WORDS:
        return None
    following = unit.last + 1
    return Unit(chunk, chunk.sentences[following], following, following, unit.kind, unit.context)
