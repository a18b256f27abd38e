"""PDF: text read in layout mode, with running headers, footers and page numbers removed, headings told apart from
body text, tables rebuilt from column positions, hyphenated line breaks joined and paragraphs rebuilt."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from index.errors import DocumentError
from index.loaders.blocks import BlockBuilder, Parsed, humanise
from index.loaders.pdf_page import columns_in_reading_order, without_furniture
from index.loaders.pdf_tables import Table, find_table, table_continued
from index.loaders.published import stated_date
from index.loaders.text import looks_like_heading, numbered_heading, read_lines
from index.sentences import normalise_space

MAX_PAGES = 2000
_SENTENCE_END = (".", "!", "?", ":", "…", '"', "”", "’", ")")
_HYPHENATED = re.compile(r"[A-Za-z]-$")
_SHORT_LINE = 0.75  # a sentence-final line shorter than this share of the widest line ends its paragraph


def load_pdf(data: bytes, rel_path: str) -> Parsed:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if len(reader.pages) > MAX_PAGES:
        raise DocumentError(f"more than {MAX_PAGES} pages")
    info = reader.metadata or {}
    pages = [_page_lines(page) for page in reader.pages]
    pages = without_furniture(pages)
    title = normalise_space(str(info.get("/Title") or ""))
    first = next((line for line in pages[0] if line.strip()), "") if pages else ""
    if first and (normalise_space(first) == title or (not title and looks_like_heading(first, 120))):
        title = normalise_space(first)
        pages[0] = pages[0][pages[0].index(first) + 1 :]
    builder = BlockBuilder()
    running = None
    for number, lines in enumerate(pages, start=1):
        builder.page = number
        running = _read_page(lines, builder, running)
    blocks = builder.finish()
    metadata: dict[str, Any] = {"title": title or humanise(Path(rel_path).stem)}
    if info.get("/Author"):
        metadata["author"] = normalise_space(str(info["/Author"]))
    # The /CreationDate of the PDF's metadata is never taken as its date, not even after a date in its file name:
    # it is when the file was produced (exported, converted, typeset again), which tools reset or fix at will, so a
    # briefing exported today would outrank the newer notice it is older than. No date is better than a wrong one.
    published = stated_date("\n".join(normalise_space(line) for line in pages[0][:20])) if pages else None
    if published:
        metadata["published"] = published
    return Parsed(metadata["title"], blocks, metadata)


def _page_lines(page: Any) -> list[str]:
    """The page's lines with their horizontal layout (columns of tables stay apart); plain text if that fails."""
    try:
        text = page.extract_text(extraction_mode="layout") or ""
    except Exception:  # layout mode is newer and stricter about odd fonts; the plain text layer still reads
        text = page.extract_text() or ""
    return [line.rstrip() for line in text.replace("\r", "\n").split("\n")]


def _read_page(lines: list[str], builder: BlockBuilder, running: Table | None) -> Table | None:
    """Tables by column positions; the rest as blank-line separated groups of lines. Returns the table that runs to
    the end of the page, which the next page's first lines may go on with."""
    group: list[str] = []
    index = next((number for number, line in enumerate(lines) if line.strip()), len(lines))
    last = table_continued(lines, index, running) if running and index < len(lines) else None
    if last:
        builder.table(last.header, last.rows)
        index = last.end
    while index < len(lines):
        # A table's header starts a group of lines: it comes after a blank line.
        table = None if group else find_table(lines, index)
        if table:
            builder.table(table.header, table.rows)
            index = table.end
            last = table
            continue
        line = lines[index]
        if line.strip():
            group.append(line)
            last = None
        elif group:
            _read_group(group, builder, True)
            group = []
        index += 1
    _read_group(group, builder, False)
    return last


def _read_group(lines: list[str], builder: BlockBuilder, followed: bool) -> None:
    if not lines:
        return
    runs = columns_in_reading_order(lines)
    if len(runs) > 1 and runs[0] and runs[0][-1].endswith(_SENTENCE_END):  # the left column ends its paragraph
        for run in runs:
            _read_lines(run, builder, followed)
        return
    _read_lines([line for run in runs for line in run], builder, followed)


def _read_lines(lines: list[str], builder: BlockBuilder, followed: bool) -> None:
    if not lines:
        return
    if len(lines) == 1 and followed and (looks_like_heading(lines[0]) or numbered_heading(lines[0])):
        builder.heading(lines[0], 2)
        return
    for paragraph in _paragraphs(_join_hyphenated(lines)):
        read_lines(paragraph, builder)


def _join_hyphenated(lines: list[str]) -> list[str]:
    joined: list[str] = []
    for line in lines:
        if joined and _HYPHENATED.search(joined[-1]) and line[:1].islower():
            joined[-1] = joined[-1][:-1] + line  # "explo-" + "ration" -> "exploration"
        else:
            joined.append(line)
    return joined


def _paragraphs(lines: list[str]) -> list[list[str]]:
    """Split a run of wrapped lines where a short line ends a sentence (PDFs without space between paragraphs)."""
    widest = max(len(line) for line in lines)
    paragraphs: list[list[str]] = [[]]
    for number, line in enumerate(lines):
        paragraphs[-1].append(line)
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if following and line.endswith(_SENTENCE_END) and len(line) < _SHORT_LINE * widest and following[:1].isupper():
            paragraphs.append([])
    return [paragraph for paragraph in paragraphs if paragraph]
