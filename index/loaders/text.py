"""Plain text: a title line, a dateline, paragraphs, headings, lists and "Q:/A:" FAQs recognised from layout."""

from __future__ import annotations

import re
from pathlib import Path

from index.loaders.blocks import BlockBuilder, Parsed, humanise
from index.loaders.published import stated_date

_LIST_ITEM = re.compile(r"^\s*(?:[-*+•▪◦‣–]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+(?=\S)")
_QA = re.compile(r"^(?:Q|A|Question|Answer)\s*[:：]")
_TITLE_MAX = 120
_HEADING_MAX = 80
_HEADING_MAX_WORDS = 12
_NO_HEADING_END = (".", ",", ";", ":", "!", "…", "—", "-")


def load_text(text: str, rel_path: str) -> Parsed:
    paragraphs = split_paragraphs(text.split("\n"))
    title = ""
    if paragraphs and len(paragraphs[0]) == 1 and looks_like_heading(paragraphs[0][0], _TITLE_MAX):
        title = paragraphs.pop(0)[0].strip()
    builder = BlockBuilder()
    read_paragraphs(paragraphs, builder)
    metadata: dict[str, str] = {"title": title or humanise(Path(rel_path).stem)}
    published = stated_date("\n".join(line for lines in paragraphs[:4] for line in lines))
    if published:
        metadata["published"] = published
    return Parsed(metadata["title"], builder.finish(), metadata)


def split_paragraphs(lines: list[str]) -> list[list[str]]:
    """Groups of non-blank lines, stripped."""
    groups: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def looks_like_heading(line: str, max_chars: int = _HEADING_MAX) -> bool:
    """A short line that does not end like a sentence, is not a list item, and starts with a capital or digit."""
    line = line.strip()
    return (
        0 < len(line) <= max_chars
        and len(line.split()) <= _HEADING_MAX_WORDS
        and not line.endswith(_NO_HEADING_END)
        and (line[0].isupper() or line[0].isdigit())
        and not _LIST_ITEM.match(line)
        and not _QA.match(line)
    )


def read_paragraphs(paragraphs: list[list[str]], builder: BlockBuilder, heading_level: int = 2) -> None:
    """Feed line groups to the builder: lone short lines before text are headings, marked lines are list items."""
    for number, lines in enumerate(paragraphs):
        followed = number + 1 < len(paragraphs)
        if len(lines) == 1 and followed and looks_like_heading(lines[0]):
            builder.heading(lines[0], heading_level)
            continue
        read_lines(lines, builder)


def read_lines(lines: list[str], builder: BlockBuilder) -> None:
    """One paragraph's lines: running text, then list items (a wrapped item continues on unmarked lines)."""
    text: list[str] = []
    items: list[str] = []
    for line in lines:
        if match := _LIST_ITEM.match(line):
            if text and not items:
                builder.paragraph("\n".join(text))
                text = []
            items.append(line[match.end() :])
        elif items:
            items[-1] += " " + line
        else:
            text.append(line)
    if text:
        builder.paragraph("\n".join(text))
    if items:
        builder.list(items)
