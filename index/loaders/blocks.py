"""Assembling a document's blocks in reading order: heading trail, lists with their lead-in, table rows, FAQs.

Every format loader feeds one `BlockBuilder` with what it recognised (headings, paragraphs, list items, table
rows); the builder turns those into `Block`s that keep their meaning when read alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

from index.loaders.enumeration import inline_items
from index.schema import Block, BlockKind
from index.sentences import normalise_space, split_sentences

LIST_MAX_CHARS = 800  # a longer list is cut into several list blocks, each repeating its lead-in
COLUMN_MIN_ROWS = 3  # a table of two rows is read as well row by row
COLUMN_MAX_WORDS = 8  # a column lists names, not sentences, when none of its cells is longer than this
_QUESTION = re.compile(r"^(?:Q|Question)\s*[:：]\s*(.*)$")
_ANSWER = re.compile(r"^(?:A|Answer)\s*[:：]\s*(.*)$")
_FIELD = re.compile(r"^[A-Z][\w'’ ()/-]{0,30}:\s+\S")  # "Point of contact: Ms. Zhou Lina"
_SENTENCE_END = (".", "!", "?", "…")
_ITEM_END = (*_SENTENCE_END, ";", ",", ":")


@dataclass(frozen=True)
class _ListRun:
    """The list last added under a lead-in: where its blocks are, so that items coming right after it join it."""

    lead: str
    items: tuple[str, ...]
    start: int  # index of its first block
    end: int  # index after its last block
    section: tuple[str, ...]
    page: int | None


@dataclass
class Parsed:
    """What a format loader read from one file."""

    title: str
    blocks: list[Block]
    metadata: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # problems that did not stop the document, e.g. a bad date


def humanise(stem: str) -> str:
    """A file name as a title: "mission-notes" -> "Mission notes"."""
    return re.sub(r"[-_]+", " ", stem).strip().capitalize() or stem


class BlockBuilder:
    """Collects blocks in order; tracks the heading trail and pairs FAQ questions with their answers."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.page: int | None = None  # set by the PDF loader while it reads a page
        self._trail: list[tuple[int, str]] = []
        self._question: list[str] | None = None  # a "Q:" whose "A:" has not come yet
        self._answer: list[str] | None = None
        self._heading_question = False  # the last heading is a question: the next paragraph answers it
        self._list_run: _ListRun | None = None

    @property
    def section(self) -> tuple[str, ...]:
        return tuple(text for _, text in self._trail)

    def heading(self, text: str, level: int) -> None:
        text = normalise_space(text)
        if not text:
            return
        self._close_question()
        while self._trail and self._trail[-1][0] >= level:
            self._trail.pop()
        self._trail.append((level, text))
        self._add("heading", text)
        self._heading_question = text.endswith("?")

    def paragraph(self, text: str) -> None:
        """A paragraph; its line breaks matter only for "Q:"/"A:" lines, otherwise lines are joined."""
        lines = [line for line in (normalise_space(raw) for raw in text.split("\n")) if line]
        if not lines:
            return
        if self._question is not None or any(_QUESTION.match(line) for line in lines):
            self._question_lines(lines)
            return
        if len(lines) > 1 and all(_FIELD.match(line) for line in lines):
            self.list(lines)  # "Email: …" / "Telephone: …" lines: one record, kept line by line
            return
        joined = " ".join(lines)
        if (enumerated := inline_items(joined)) is not None:  # "… in three steps: 1. … 2. …" is a list
            lead, items = enumerated
            self.paragraph(lead)
            self.list(items)
            return
        if self._heading_question:
            self._heading_question = False
            if not joined.endswith(":"):  # a paragraph introducing a list leaves the list to answer
                self._add("faq", f"{self.section[-1]}\n{joined}")
                return
        self._add("paragraph", joined)

    def list(self, items: list[str]) -> None:
        """List items, kept together with the sentence that introduces them. Items right after a list under a lead-in,
        in its section, go on with it: a list whose items are apart (blank lines, a page break) stays one list."""
        self._close_question()
        self._heading_question = False
        items = [item for item in (normalise_space(raw) for raw in items) if item]
        if not items:
            return
        run = self._list_run
        if run is not None and run.end == len(self.blocks) and run.section == self.section:
            del self.blocks[run.start :]
            lead, items, page = run.lead, [*run.items, *items], run.page
        else:
            lead, page = self._take_lead_in(), self.page
        start = len(self.blocks)
        self._add_list(lead, items, page)
        self._list_run = _ListRun(lead, tuple(items), start, len(self.blocks), self.section, page) if lead else None

    def table(self, header: list[str], rows: list[list[str]], caption: str = "") -> None:
        """One `table_row` block per row ("Caption — Header: value; Header: value"), then the table read whole as a
        list: a two-column table as "key: value" items, a wider one as one list per column of names ("Caption —
        Header: name; name; name."), so a question wanting every row finds them together. A paragraph ending with
        a colon just before the table introduces those lists and stays where it is."""
        self._close_question()
        self._heading_question = False
        lead = self._take_lead_in(keep=True)  # also kept as prose: alone it answers "how many"
        header = [normalise_space(cell) for cell in header]
        label = normalise_space(caption) or (self.section[-1] if self.section else "")
        records = []
        for row in rows:
            cells = [normalise_space(cell) for cell in row]
            if not any(cells) or cells == header:
                continue
            records.append(cells)
            pairs = [
                f"{name}: {value}" if name else value
                for name, value in zip_longest(header, cells, fillvalue="")
                if value
            ]
            record = "; ".join(pairs)
            self._add("table_row", f"{label} — {record}" if label else record)
        intro = lead or (f"{label} —" if label else "")
        if len(records) >= COLUMN_MIN_ROWS and all(len(r) == 2 and all(r) for r in records):  # key → value
            self._add_list(intro, [f"{key}: {value}" for key, value in records])
            return
        for column, values in enumerate(_name_columns(records)):
            if values:
                name = header[column] if column < len(header) else ""
                self._add_list(" ".join(part for part in (intro, f"{name}:" if name else "") if part), values)

    def finish(self) -> list[Block]:
        self._close_question()
        return self.blocks

    def _question_lines(self, lines: list[str]) -> None:
        for line in lines:
            if match := _QUESTION.match(line):
                self._close_question()
                self._question, self._answer = [match.group(1)], None
            elif (match := _ANSWER.match(line)) and self._question is not None and self._answer is None:
                self._answer = [match.group(1)]
            elif self._answer is not None:
                self._answer.append(line)
            elif self._question is not None and not self._question_complete():
                self._question.append(line)
            elif self._question is not None:  # an answer written without its "A:" marker
                self._answer = [line]
            else:  # text before the first question
                self._add("paragraph", line)
        if self._answer is not None:
            self._close_question()

    def _question_complete(self) -> bool:
        return bool(self._question) and self._question[-1].endswith("?")

    def _close_question(self) -> None:
        question, answer = self._question, self._answer
        self._question = self._answer = None
        if not question:
            return
        question_text = " ".join(part for part in question if part)
        answer_text = " ".join(part for part in answer or [] if part)
        if question_text and answer_text:
            self._add("faq", f"{question_text}\n{answer_text}", (*self.section, question_text))
        elif question_text:
            self._add("paragraph", question_text)

    def _take_lead_in(self, *, keep: bool = False) -> str:
        """The paragraph just before a list, when it ends with a colon (its last sentence if it has several); taken
        out of the text unless `keep`."""
        last = self.blocks[-1] if self.blocks else None
        if last is None or last.kind != "paragraph" or last.section != self.section or not last.text.endswith(":"):
            return ""
        sentences = split_sentences(last.text)
        if keep:
            return sentences[-1]
        self.blocks.pop()
        if len(sentences) > 1:
            rest = last.text[: last.text.rindex(sentences[-1])].strip()
            self._add("paragraph", rest)
            return sentences[-1]
        return last.text

    def _add_list(self, lead: str, items: list[str], page: int | None = None) -> None:
        """List blocks of the items, each under LIST_MAX_CHARS when it can be, each with the lead-in."""
        group: list[str] = []
        for item in items:
            if group and len(_list_text(lead, [*group, item])) > LIST_MAX_CHARS:
                self._add("list", _list_text(lead, group), page=page)
                group = []
            group.append(item)
        self._add("list", _list_text(lead, group), page=page)

    def _add(self, kind: BlockKind, text: str, section: tuple[str, ...] | None = None, page: int | None = None) -> None:
        page = self.page if page is None else page
        self.blocks.append(Block(kind, text, self.section if section is None else section, page))


def _name_columns(records: list[list[str]]) -> list[list[str]]:
    """Each column's cells when the column names one thing per row, else []: every row has a cell, no two alike,
    none longer than a name; past the first (key) column, no digits either (amounts and dates mean nothing
    without their row)."""
    width = max((len(r) for r in records), default=0)
    columns = []
    for column in range(width):
        values = [r[column] if column < len(r) else "" for r in records]
        names = (
            len(values) >= COLUMN_MIN_ROWS
            and all(values)
            and len({v.lower() for v in values}) == len(values)
            and all(len(v.split()) <= COLUMN_MAX_WORDS for v in values)
            and (column == 0 or not any(ch.isdigit() for v in values for ch in v))
        )
        columns.append(values if names else [])
    return columns


def _list_text(lead: str, items: list[str]) -> str:
    """Items as one text: items the author punctuated keep their punctuation, bare ones are joined with semicolons."""
    if all(item.endswith(_ITEM_END) for item in items[:-1]):
        body = " ".join(items)
    elif any(item.endswith(_SENTENCE_END) for item in items):
        body = " ".join(item if item.endswith(_SENTENCE_END) else f"{item}." for item in items)
    else:
        body = "; ".join(item.rstrip(";,") for item in items)
    if not body.endswith(_ITEM_END):
        body += "."
    return f"{lead} {body}" if lead else body
