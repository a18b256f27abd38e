"""Plain text: a title line, a dateline, paragraphs, headings, lists and "Q:/A:" FAQs recognised from layout."""

from __future__ import annotations

import re
from pathlib import Path

from index.loaders.blocks import BlockBuilder, Parsed, humanise
from index.loaders.email_header import read_email_header
from index.loaders.published import is_dateline, stated_date

_LIST_ITEM = re.compile(r"^\s*(?:[-*+•▪◦‣–]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+(?=\S)")
_LETTER_MARK = re.compile(r"^\s*\(?([a-z])[.)]\s")
_NUMBERED = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+(?=\S)")
_QA = re.compile(r"^(?:Q|A|Question|Answer)\s*[:：]")
_TITLE_MAX = 120
_KICKER_WORDS = 4  # "FOR IMMEDIATE RELEASE", "PRESS RELEASE": a label above the headline, not a title
_HEADER_LINES = 4  # a title paragraph: the title and up to three short lines (byline, date)
_HEADING_SHARE = 0.6  # a first line this much shorter than the text under it, in one paragraph, is its heading
_HEADING_MAX = 80
_HEADING_MAX_WORDS = 12
_NO_HEADING_END = (".", ",", ";", ":", "!", "…", "—", "-")


def load_text(text: str, rel_path: str) -> Parsed:
    paragraphs = split_paragraphs(text.split("\n"))
    builder = BlockBuilder()
    email = read_email_header(paragraphs[0]) if paragraphs else None
    if email:  # the header's lines stay quotable, as one record; its subject titles the message
        builder.paragraph("\n".join(paragraphs[0]))
        title, header, paragraphs = email.subject or "", [], paragraphs[1:]
    else:
        title, header, paragraphs = _title(paragraphs)
    for line in header:
        builder.paragraph(line)
    read_paragraphs(paragraphs, builder)
    metadata: dict[str, str] = {"title": title or humanise(Path(rel_path).stem)}
    published = (email and email.published) or stated_date(
        "\n".join([*header, *(line for lines in paragraphs[:4] for line in lines)])
    )
    if published:
        metadata["published"] = published
    return Parsed(metadata["title"], builder.finish(), metadata)


def _title(paragraphs: list[list[str]]) -> tuple[str, list[str], list[list[str]]]:
    """The title line, the lines under it, and the paragraphs after it.

    A title is a first line that reads like a heading; the short lines under it in the same paragraph (byline,
    date) stay as text of their own. An all-capitals first line above a second title line ("FOR IMMEDIATE
    RELEASE") is a kicker: the second line is the title.
    """
    if not paragraphs or not looks_like_heading(paragraphs[0][0], _TITLE_MAX):
        return "", [], paragraphs
    first, rest = paragraphs[0], paragraphs[1:]
    if not rest and len(first) == 1:  # a file of one short line: that line is its text
        return "", [], paragraphs
    if len(first) > 1 and (
        len(first) > _HEADER_LINES or any(len(line) > _TITLE_MAX or line.endswith(".") for line in first)
    ):
        return "", [], paragraphs
    title = first[0]
    kicker = len(first) == 1 and title.upper() == title and len(title.split()) <= _KICKER_WORDS
    if kicker and len(rest) > 1 and len(rest[0]) == 1 and looks_like_heading(rest[0][0], _TITLE_MAX):
        return rest[0][0], [], rest[1:]
    return title, first[1:], rest


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
        and not is_dateline(line)
        and len(line.split()) <= _HEADING_MAX_WORDS
        and not line.endswith(_NO_HEADING_END)
        and (line[0].isupper() or line[0].isdigit())
        and not _LIST_ITEM.match(line)
        and not _QA.match(line)
    )


def read_paragraphs(paragraphs: list[list[str]], builder: BlockBuilder, heading_level: int = 2) -> None:
    """Feed line groups to the builder: lone short lines before text are headings, marked lines are list items."""
    paragraphs = [lines for lines in paragraphs if any(c.isalnum() for line in lines for c in line)]
    for number, lines in enumerate(paragraphs):
        followed = number + 1 < len(paragraphs)
        if (
            len(lines) == 1
            and followed
            and (
                looks_like_heading(lines[0])
                or (numbered_heading(lines[0]) and not _LIST_ITEM.match(paragraphs[number + 1][0]))
            )
        ):
            builder.heading(lines[0], heading_level)
            continue
        if len(lines) > 1 and looks_like_heading(lines[0]) and len(lines[0]) < _HEADING_SHARE * max(map(len, lines)):
            builder.heading(lines[0], heading_level)
            lines = lines[1:]
        read_lines(lines, builder)


def numbered_heading(line: str) -> bool:
    """ "2. Timeline", "3.1 Partners": a numbered short line, not a sentence."""
    match = _NUMBERED.match(line)
    return bool(match) and looks_like_heading(line[match.end() :])


def _wrapped_letter(line: str, items: list[str]) -> bool:
    """A line that starts with a lone letter and a full stop ("m. It can move …", a unit wrapped off the line
    before) rather than a lettered item: lettered lists start at "a"."""
    letter = _LETTER_MARK.match(line)
    return bool(letter) and not items and letter.group(1) != "a"


def read_lines(lines: list[str], builder: BlockBuilder) -> None:
    """One paragraph's lines: running text, then list items (a wrapped item continues on unmarked lines)."""
    text: list[str] = []
    items: list[str] = []
    for line in lines:
        if (match := _LIST_ITEM.match(line)) and not _wrapped_letter(line, items):
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
