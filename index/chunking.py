"""Splitting documents into chunks of one kind within one section, each carrying its answer units."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass

from index.schema import Block, Chunk, ChunkKind, Document
from index.sentences import split_sentences

METADATA_SECTION = "About this document"
FAQ_UNIT_CHARS = 200  # a longer FAQ answer is quoted from its first sentence, with the question, onwards
BARE_REPLY_WORDS = 3  # an answer's first sentence this short is a bare reply
_CHUNK_KINDS: dict[str, ChunkKind] = {"paragraph": "prose", "list": "list", "table_row": "table_row", "faq": "faq"}


@dataclass(frozen=True)
class ChunkingConfig:
    """Chunks never cross a section, a page or a kind; blocks are packed up to max_chars, long ones split."""

    max_chars: int = 900
    min_chars: int = 250  # a chunk shorter than this takes the next block of its section, kind and page too
    version: int = 10  # bump when the algorithm changes, so old indexes are rebuilt

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class _Piece:
    """A verbatim slice of one block and the answer units it holds."""

    block: Block
    text: str
    units: tuple[str, ...]
    number: int  # 1-based number of the block among the blocks before any heading (labels "Paragraph N")


def chunk_id(doc_path: str, section: str, text: str) -> str:
    digest = hashlib.sha256("\x1f".join((doc_path, section, text)).encode("utf-8")).hexdigest()
    return digest[:20]


def block_units(block: Block) -> list[str]:
    """The answer units of a block, each a verbatim substring of its text, in order."""
    if block.kind == "paragraph":
        return split_sentences(block.text)
    if block.kind == "faq" and len(block.text) > FAQ_UNIT_CHARS:
        question, _, answer = block.text.partition("\n")
        sentences = split_sentences(answer)
        # A bare reply ("No.", "Chang'e-6 did.") is no answer without the sentence that follows it.
        first = 2 if len(sentences[0].split()) <= BARE_REPLY_WORDS else 1
        if len(sentences) > first:
            last = sentences[first - 1]
            first_end = len(question) + 1 + answer.index(last, answer.index(sentences[0])) + len(last)
            return [block.text[:first_end], *sentences[first:]]
    return [block.text]


def _pieces(block: Block, number: int, max_chars: int) -> list[_Piece]:
    """The block whole, or cut between units when it is longer than max_chars."""
    units = block_units(block)
    if len(block.text) <= max_chars or len(units) < 2:
        return [_Piece(block, block.text, tuple(units), number)]
    pieces, group, start, end, cursor = [], [], 0, 0, 0
    for unit in units:
        unit_start = block.text.index(unit, cursor)
        cursor = unit_start + len(unit)
        if group and cursor - start > max_chars:
            pieces.append(_Piece(block, block.text[start:end], tuple(group), number))
            group = []
        if not group:
            start = unit_start
        group.append(unit)
        end = cursor
    pieces.append(_Piece(block, block.text[start:end], tuple(group), number))
    return pieces


def _groups(document: Document, config: ChunkingConfig) -> list[list[_Piece]]:
    """Pieces packed into chunks: same kind, section and page; up to max_chars, at least min_chars when possible."""
    chunks: list[list[_Piece]] = []
    number = 0
    previous_key = None
    for block in document.blocks:
        if block.kind == "heading" or not block.text.strip():
            continue
        number += not block.section
        key = (block.kind, block.section, block.page)
        for piece in _pieces(block, number, config.max_chars):
            current = chunks[-1] if chunks and key == previous_key else None
            size = sum(len(p.text) + 2 for p in current) if current else 0
            if (
                current
                and block.kind != "faq"
                and size < config.min_chars
                and size + len(piece.text) <= config.max_chars
            ):
                current.append(piece)
            else:
                chunks.append([piece])
            previous_key = key
    return chunks


def metadata_text(document: Document) -> str:
    """The document's metadata as "key: value" lines: facts about the file, shown as metadata, never as quotes."""
    meta = document.metadata
    lines = [f"title: {document.title}"]
    if meta.get("author"):
        role = f" ({meta['author_role']})" if meta.get("author_role") else ""
        lines.append(f"author: {meta['author']}{role}")
    if document.published:
        lines.append(f"published: {document.published}")
    if document.url:
        lines.append(f"url: {document.url}")
    return "\n".join(lines)


def chunk_document(document: Document, config: ChunkingConfig | None = None) -> list[Chunk]:
    config = config or ChunkingConfig()
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}

    def add(kind: ChunkKind, path: tuple[str, ...], label: str, text: str, units: tuple[str, ...], page) -> None:
        cid = chunk_id(document.path, label, text)
        if cid in seen:  # the same text twice in one section: keep ids unique yet stable
            seen[cid] += 1
            cid = chunk_id(document.path, label, f"{text}\x1f{seen[cid]}")
        else:
            seen[cid] = 0
        chunks.append(
            Chunk(
                id=cid,
                doc_path=document.path,
                title=document.title,
                section=label,
                position=len(chunks),
                text=text,
                sentences=units,
                page=page,
                url=document.url,
                kind=kind,
                published=document.published,
                section_path=path,
            )
        )

    for group in _groups(document, config):
        first = group[0]
        path = first.block.section
        # Without a heading, the paragraph number is what lets a reader find the passage.
        label = path[-1] if path else f"Paragraph {first.number}"
        text = "\n\n".join(piece.text for piece in group)
        units = tuple(unit for piece in group for unit in piece.units)
        add(_CHUNK_KINDS[first.block.kind], path, label, text, units, first.block.page)
    meta = metadata_text(document)
    if "\n" in meta:
        add("metadata", (METADATA_SECTION,), METADATA_SECTION, meta, tuple(meta.split("\n")), None)
    return chunks
