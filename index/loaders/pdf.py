"""PDF: text per page with running headers, footers and page numbers removed, headings told apart from body
text, hyphenated line breaks joined and paragraphs rebuilt from wrapped lines."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path
from typing import Any

from index.errors import DocumentError
from index.loaders.blocks import BlockBuilder, Parsed, humanise
from index.loaders.published import stated_date
from index.loaders.text import looks_like_heading, read_lines
from index.sentences import normalise_space

MAX_PAGES = 2000
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—|]*(?:(?:page|p\.|pg\.?|seite)\s*)?\d{1,4}(?:\s*(?:/|of|von)\s*\d{1,4})?[\s\-–—|]*$", re.I
)
_DIGITS = re.compile(r"\d+")
_SENTENCE_END = (".", "!", "?", ":", "…", '"', "”", "’", ")")
_HYPHENATED = re.compile(r"[A-Za-z]-$")


def load_pdf(data: bytes, rel_path: str) -> Parsed:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if len(reader.pages) > MAX_PAGES:
        raise DocumentError(f"more than {MAX_PAGES} pages")
    info = reader.metadata or {}
    pages = [_lines(page.extract_text() or "") for page in reader.pages]
    furniture = running_lines(pages)
    title = normalise_space(str(info.get("/Title") or ""))
    builder = BlockBuilder()
    for number, lines in enumerate(pages, start=1):
        builder.page = number
        body = [line for line in lines if _key(line) not in furniture and not _PAGE_NUMBER.match(line)]
        if number == 1 and body and not title and looks_like_heading(body[0], 120):
            title = body.pop(0)
        elif number == 1 and body and normalise_space(body[0]) == title:
            body.pop(0)
        _read_page(body, builder)
    blocks = builder.finish()
    metadata: dict[str, Any] = {"title": title or humanise(Path(rel_path).stem)}
    if info.get("/Author"):
        metadata["author"] = normalise_space(str(info["/Author"]))
    published = stated_date("\n".join(line for lines in pages[:1] for line in lines))
    if published:
        metadata["published"] = published
    return Parsed(metadata["title"], blocks, metadata)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r", "\n").split("\n")]


def _key(line: str) -> str:
    """A line with its digits normalised, so "Briefing — page 2" and "Briefing — page 3" are one running line."""
    return _DIGITS.sub("#", normalise_space(line).lower())


def running_lines(pages: list[list[str]]) -> set[str]:
    """Lines (digits normalised) that recur near the top or bottom of most pages: headers and footers."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        content = [line for line in lines if line]
        edges = content[:3] + content[-3:]
        counts.update({_key(line) for line in edges})
    needed = max(2, (len(pages) + 1) // 2)
    return {key for key, count in counts.items() if count >= needed and key}


def _read_page(lines: list[str], builder: BlockBuilder) -> None:
    """Rebuild paragraphs from wrapped lines; a short unpunctuated line before body text is a heading."""
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            read_lines(paragraph, builder)
            paragraph.clear()

    for index, line in enumerate(lines):
        if not line:
            flush()
            continue
        following = next((ln for ln in lines[index + 1 :] if ln), "")
        starts_paragraph = not paragraph or paragraph[-1].endswith(_SENTENCE_END)
        if starts_paragraph and following and looks_like_heading(line) and not _continues(line, following):
            flush()
            builder.heading(line, 2)
            continue
        if paragraph and _HYPHENATED.search(paragraph[-1]) and line[:1].islower():
            paragraph[-1] = paragraph[-1][:-1] + line  # "explo-" + "ration" -> "exploration"
            continue
        paragraph.append(line)
    flush()


def _continues(line: str, following: str) -> bool:
    """The next line carries on the same sentence (it starts in lower case)."""
    return following[:1].islower()
