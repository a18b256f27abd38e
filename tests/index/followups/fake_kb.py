"""A stand-in knowledge base for the follow-up tests: passages scored by shared words, no model."""

from __future__ import annotations

import re

from index.schema import Answer, Chunk, Hit


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w'-]+", text.lower()))


class WordOverlapKB:
    """`search` scores each passage by the share of its words the query has; `ask` answers with the best one."""

    def __init__(self, passages: list[str], *, answer_above: float = 0.3) -> None:
        self.chunks = [
            Chunk(id=str(i), doc_path=f"doc{i}.md", title="", section="", position=0, text=p, sentences=(p,))
            for i, p in enumerate(passages)
        ]
        self.answer_above = answer_above
        self.searched: list[str] = []

    def search(self, query: str, k: int = 5) -> list[Hit]:
        self.searched.append(query)
        asked = _words(query)
        scored = [(len(asked & _words(c.text)) / len(_words(c.text)), c) for c in self.chunks]
        scored.sort(key=lambda pair: -pair[0])
        return [Hit(chunk=c, score=s, dense=s) for s, c in scored[:k]]

    def ask(self, question: str, *, now=None, focus=None) -> Answer:
        best = self.search(question, k=1)[0]
        if best.dense < self.answer_above:
            return Answer(question=question, text="The indexed documents don't cover this.", abstained=True)
        return Answer(question=question, text=best.chunk.text + " [1]", abstained=False)
