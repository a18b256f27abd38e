"""What the knowledge base says about a reading: how specific the passages a text finds are, whether the documents
mention what a question names, and the text of the passages a question retrieves."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from index.focus import Focus
from index.followups.subjects import phrases_of
from index.schema import Answer, Hit
from index.text import terms

SEARCH_K = 3


class Searcher(Protocol):
    def search(self, query: str, k: int = 5) -> list[Hit]: ...

    def ask(self, question: str, *, now: datetime | None = None, focus: Focus | None = None) -> Answer: ...


def specificity(kb: Searcher, text: str) -> float:
    hits = kb.search(text, k=SEARCH_K)
    return max((hit.dense for hit in hits), default=0.0)


def _mentioned(kb: Searcher, phrase: str) -> bool:
    """Some passage the documents hold uses a term of `phrase`."""
    wanted = set(terms(phrase))
    return any(wanted & set(terms(hit.chunk.text)) for hit in kb.search(phrase, k=SEARCH_K))


def off_corpus(kb: Searcher, question: str) -> bool:
    """The question is about something the documents never mention ("What is the capital of France?"): it names
    something they don't, or none of its noun phrases has a word they use."""
    phrases = phrases_of(question, None)
    if any(p.is_name and not _mentioned(kb, p.bare) for p in phrases):
        return True
    return bool(phrases) and not any(_mentioned(kb, p.bare) for p in phrases)


def known_text(kb: Searcher | None, text: str) -> str | None:
    if kb is None:
        return None
    return "\n".join(hit.chunk.text for hit in kb.search(text, k=5)).replace("’", "'").lower()
