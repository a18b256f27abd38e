"""The records the knowledge base passes around: documents, chunks, hits, citations and answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

BlockKind = Literal["paragraph", "heading", "list", "table_row", "faq"]
ChunkKind = Literal["prose", "list", "table_row", "faq", "metadata"]


@dataclass(frozen=True)
class Block:
    """One structural unit of a document's body, in reading order, as clean text (no markup).

    - `paragraph`: running text.
    - `heading`: a heading; `section` ends with it.
    - `list`: the list's lead-in sentence (when it has one) followed by its items, as one text:
      "The lander carries: a drill; a camera."
    - `table_row`: one table row as a record readable alone: "Caption — Header: value; Header: value".
    - `faq`: a question and its answer, "question\nanswer"; `section` ends with the question.
    """

    kind: BlockKind
    text: str
    section: tuple[str, ...] = ()  # heading trail, outermost first
    page: int | None = None  # 1-based page of a PDF


@dataclass(frozen=True)
class Document:
    path: str  # posix path relative to the docs directory: the stable identity of a document
    title: str
    blocks: tuple[Block, ...]
    metadata: dict[str, Any] = field(default_factory=dict)  # title, author, url, published (ISO date), ...
    sha256: str = ""  # hash of the file's bytes

    @property
    def url(self) -> str | None:
        url = self.metadata.get("url")
        return str(url) if url else None

    @property
    def published(self) -> str | None:
        """The document's date as an ISO date string ("2024-05-03", or "2026-09" when only its month is known), when
        it states a valid one or its file name gives one."""
        value = self.metadata.get("published")
        return str(value) if value else None


@dataclass(frozen=True)
class Chunk:
    """A passage of one section of one document, of one kind, with its answer units.

    `sentences` are the answer units, each a verbatim substring of `text`, in order:
    - `prose`: ordinary sentences.
    - `list`: one unit per list block: the lead-in and all its items together.
    - `table_row`: one unit per row record (headers included), the row's whole text.
    - `faq`: the question with the answer's first sentence, then each further answer sentence; a short answer is
      one unit with its question.
    - `metadata`: one "key: value" line per fact from the document's front matter or HTML/PDF metadata; these are
      facts about the file, not words of its text.
    """

    id: str  # content hash: stable across runs for the same document path, section and text
    doc_path: str
    title: str
    section: str  # innermost heading (for a faq, its question); "Paragraph N" for text before any heading
    position: int  # order of the chunk within its document
    text: str
    sentences: tuple[str, ...]  # answer units, every one a verbatim substring of text
    page: int | None = None
    url: str | None = None
    kind: ChunkKind = "prose"
    published: str | None = None  # the document's ISO date (or year-month), so answers can prefer the newest source
    section_path: tuple[str, ...] = ()  # heading trail, outermost first


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float  # fused score, higher is better
    dense: float = 0.0  # cosine similarity of the chunk to the query
    lexical: float = 0.0  # BM25 score


@dataclass(frozen=True)
class Citation:
    number: int  # 1-based, as shown in the answer: [1]
    source: str  # document path relative to the docs directory
    title: str
    section: str
    quote: str  # verbatim sentence from the cited chunk
    chunk_id: str
    url: str | None = None
    page: int | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "source": self.source,
            "title": self.title,
            "section": self.section,
            "quote": self.quote,
        }
        if self.url:
            data["url"] = self.url
        if self.page is not None:
            data["page"] = self.page
        return data


@dataclass(frozen=True)
class Answer:
    question: str
    text: str  # the short answer, with [n] markers
    abstained: bool
    citations: tuple[Citation, ...] = ()
    suggestions: tuple[str, ...] = ()  # when abstaining: the closest sections, "Title — Section"
    date_notes: tuple[str, ...] = ()  # "September 2024 is in the past", "the year of December 31 is not stated"
    latency_ms: float = 0.0
    index_version: str = ""
    # The answer model's probability that the best passage answers (None when the answer comes from records).
    confidence: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [c.to_json() for c in self.citations],
            "latency_ms": round(self.latency_ms, 2),
        }
