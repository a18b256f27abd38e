"""What a front end may use from a loaded knowledge base: `index.knowledge_base.KnowledgeBase` satisfies it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from index.deadlines.records import DeadlineRecord
    from index.embedding import Embedder
    from index.focus import Focus
    from index.manifest import Manifest
    from index.schema import Answer, Chunk, Hit
    from index.scoring import AnswerModel


class KnowledgeSource(Protocol):
    @property
    def manifest(self) -> Manifest:
        """The build's model, time, version and documents (what /sources lists)."""

    @property
    def version(self) -> str: ...

    @property
    def chunks(self) -> Sequence[Chunk]:
        """Every indexed passage (reminders check their quoted sentence against them after a reindex)."""

    @property
    def deadlines(self) -> Sequence[DeadlineRecord]:
        """The dated statements extracted from the documents."""

    @property
    def embedder(self) -> Embedder:
        """The model that encoded this index; a reindex encodes the new documents with it."""

    @property
    def model(self) -> AnswerModel:
        """The learned answer model (a reindexed candidate answers with the same one)."""

    @property
    def max_question_chars(self) -> int: ...

    def ask(self, question: str, *, now: datetime | None = None, focus: Focus | None = None) -> Answer:
        """Answer from the indexed sources, or abstain; raises QuestionError for an empty or too long question.
        `focus`: where the answer a follow-up leans on came from."""

    def search(self, query: str, k: int = 5) -> list[Hit]:
        """The k passages most relevant to the query (follow-up questions are checked against them)."""
