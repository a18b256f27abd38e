"""Splitting documents into chunks that respect headings, paragraphs and sentences."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass

from index.schema import Chunk, Document, Section
from index.sentences import split_sentences

METADATA_SECTION = "About this document"


@dataclass(frozen=True)
class ChunkingConfig:
    """Chunks never cross a section; paragraphs are packed up to max_chars, long ones split between sentences."""

    max_chars: int = 900
    min_chars: int = 250  # a paragraph shorter than this is merged with the next one of its section
    version: int = 2  # bump when the algorithm changes, so old indexes are rebuilt

    def to_json(self) -> dict:
        return asdict(self)


def chunk_id(doc_path: str, section: str, text: str) -> str:
    digest = hashlib.sha256("\x1f".join((doc_path, section, text)).encode("utf-8")).hexdigest()
    return digest[:20]


def _split_long(paragraph: str, max_chars: int) -> list[str]:
    """Cut a long paragraph between sentences; each piece is an exact substring of the paragraph."""
    sentences = split_sentences(paragraph)
    pieces, start, end = [], None, None
    cursor = 0
    for sentence in sentences:
        s_start = paragraph.index(sentence, cursor)
        s_end = s_start + len(sentence)
        cursor = s_end
        if start is None:
            start, end = s_start, s_end
        elif s_end - start > max_chars:
            pieces.append(paragraph[start:end])
            start, end = s_start, s_end
        else:
            end = s_end
    if start is not None:
        pieces.append(paragraph[start:end])
    return pieces


def _section_texts(section: Section, config: ChunkingConfig) -> list[tuple[int, str]]:
    """(number of the chunk's first paragraph within the section, 1-based; chunk text) pairs."""
    pieces: list[tuple[int, str]] = []
    paragraphs = [p.strip() for p in section.text.split("\n\n") if p.strip()]
    for number, paragraph in enumerate(paragraphs, start=1):
        parts = _split_long(paragraph, config.max_chars) if len(paragraph) > config.max_chars else [paragraph]
        pieces.extend((number, part) for part in parts)
    texts: list[tuple[int, str]] = []
    first, current = 0, ""
    for number, piece in pieces:
        if current and (len(current) >= config.min_chars or len(current) + len(piece) + 2 > config.max_chars):
            texts.append((first, current))
            first, current = number, piece
        elif current:
            current = f"{current}\n\n{piece}"
        else:
            first, current = number, piece
    if current:
        texts.append((first, current))
    return texts


def metadata_text(document: Document) -> str:
    """Sentences stating the document's front matter, so "Who wrote it?" is answerable and citable."""
    meta = document.metadata
    title = document.title
    lines = [f"The title of this document is “{title}”."]
    if meta.get("author"):
        role = f" ({meta['author_role']})" if meta.get("author_role") else ""
        lines.append(f"The author of “{title}” is {meta['author']}{role}.")
    if meta.get("published"):
        lines.append(f"The document “{title}” was published on {meta['published']}.")
    if meta.get("url"):
        lines.append(f"The document “{title}” is available at {meta['url']}.")
    return " ".join(lines)


def chunk_document(document: Document, config: ChunkingConfig | None = None) -> list[Chunk]:
    config = config or ChunkingConfig()
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}

    def add(section: str, text: str, page: int | None) -> None:
        cid = chunk_id(document.path, section, text)
        if cid in seen:  # the same text twice in one section: keep ids unique yet stable
            seen[cid] += 1
            cid = chunk_id(document.path, section, f"{text}\x1f{seen[cid]}")
        else:
            seen[cid] = 0
        chunks.append(
            Chunk(
                id=cid,
                doc_path=document.path,
                title=document.title,
                section=section,
                position=len(chunks),
                text=text,
                sentences=tuple(split_sentences(text)),
                page=page,
                url=document.url,
            )
        )

    for section in document.sections:
        for paragraph, text in _section_texts(section, config):
            # Without a heading, the paragraph number is what lets a reader find the passage.
            label = section.heading or f"Paragraph {paragraph}"
            add(label, text, section.page)
    if set(document.metadata) - {"title"}:
        add(METADATA_SECTION, metadata_text(document), None)
    return chunks
