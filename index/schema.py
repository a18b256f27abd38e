"""The records the knowledge base passes around: documents, chunks, hits, citations and answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Section:
    """A run of a document's body under one heading ("" for text before any heading)."""

    heading: str
    text: str
    page: int | None = None


@dataclass(frozen=True)
class Document:
    path: str  # posix path relative to the docs directory: the stable identity of a document
    title: str
    sections: tuple[Section, ...]
    metadata: dict[str, Any] = field(default_factory=dict)  # front matter: author, url, published, ...
    sha256: str = ""  # hash of the file's bytes

    @property
    def url(self) -> str | None:
        url = self.metadata.get("url")
        return str(url) if url else None


@dataclass(frozen=True)
class Chunk:
    id: str  # content hash: stable across runs for the same document path, section and text
    doc_path: str
    title: str
    section: str
    position: int  # order of the chunk within its document
    text: str
    sentences: tuple[str, ...]  # every one a verbatim substring of text
    page: int | None = None
    url: str | None = None


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

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [c.to_json() for c in self.citations],
            "latency_ms": round(self.latency_ms, 2),
        }
