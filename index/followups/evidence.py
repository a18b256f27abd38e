"""What the knowledge base says about a reading: how specific the passages a text finds are, whether the documents
mention what a question names, and the text of the passages a question retrieves."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Protocol

from index.focus import Focus
from index.followups.phrases import content_words, head, words
from index.followups.subjects import phrases_of
from index.followups.word_classes import DETERMINERS, SPEAKERS
from index.schema import Answer, Hit
from index.text import terms

SEARCH_K = 3


class Searcher(Protocol):
    def search(self, query: str, k: int = 5) -> list[Hit]: ...

    def ask(self, question: str, *, now: datetime | None = None, focus: Focus | None = None) -> Answer: ...


def specificity(kb: Searcher, text: str) -> float:
    return densest(kb.search(text, k=SEARCH_K))


def densest(hits: list[Hit]) -> float:
    """How specific the passages found are: the best one's closeness in meaning."""
    return max((hit.dense for hit in hits), default=0.0)


def _mentioned(kb: Searcher, phrase: str) -> bool:
    """Some passage the documents hold uses a term of `phrase`."""
    wanted = set(terms(phrase))
    return any(wanted & set(terms(hit.chunk.text)) for hit in kb.search(phrase, k=SEARCH_K))


def _head_mentioned(kb: Searcher, phrase: str) -> bool:
    """A passage `phrase` finds uses the word it is about, in the singular or the plural, as typed: passages that
    only say "best" or "top" do not mention "the best pizza topping"."""
    word = head(phrase)
    if word is None or word.is_stop:
        return False
    single = word.key[:-1] if word.key.endswith("s") and not word.key.endswith("ss") else word.key
    pattern = re.compile(rf"\b{re.escape(single)}(?:e?s)?\b", re.IGNORECASE)
    return any(pattern.search(hit.chunk.text) for hit in kb.search(phrase, k=SEARCH_K))


def off_corpus(kb: Searcher, question: str) -> bool:
    """The question is about something the documents never mention ("What is the capital of France?"): it names
    something they don't, or the documents use the head word of none of its noun phrases."""
    phrases = phrases_of(question, None)
    if any(p.is_name and not _mentioned(kb, p.bare) for p in phrases):
        return True
    return bool(phrases) and not any(_head_mentioned(kb, p.bare) for p in phrases)


def strays(kb: Searcher, question: str) -> bool:
    """One thing the question is about is something the documents never mention ("How do I set the time on my
    microwave?"): a name they don't use, or a noun phrase whose head word they never use. A lone word without a
    determiner may be a verb ("who *leads* the station?"): it is not taken for a thing."""
    items = words(question)
    for phrase in phrases_of(question, None):
        if phrase.is_name:
            if not _mentioned(kb, phrase.bare):
                return True
            continue
        before = [w for w in items if w.end <= phrase.start][-1:]
        determined = phrase.text != phrase.bare or (bool(before) and before[0].key in DETERMINERS | SPEAKERS)
        if (determined or len(words(phrase.bare)) > 1) and not _head_mentioned(kb, phrase.bare):
            return True
    return False


def known_text(kb: Searcher | None, text: str) -> str | None:
    if kb is None:
        return None
    return "\n".join(hit.chunk.text for hit in kb.search(text, k=5)).replace("’", "'").lower()


def names_in_lower_case(question: str, hits: list[Hit]) -> bool:
    """The question names something in lower case ("kalyazin dish size", "how heavy is the wangyu suit"): a word of
    it that the passages it retrieves (`hits`) always capitalise, once at least after a lower-case word or a comma
    (not as a sentence's or a table cell's first word)."""
    typed = {w.key for w in content_words(words(question)) if w.text.islower() and w.text.isalpha()}
    if not typed:
        return False
    text = "\n".join(hit.chunk.text for hit in hits)
    for word in typed:
        found = [m for m in re.finditer(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)]
        mid_sentence = [m for m in found if re.search(r"[a-z,] $", text[max(0, m.start() - 2) : m.start()])]
        if mid_sentence and all(not m.group(0).islower() for m in found):
            return True
    return False
