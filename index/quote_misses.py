"""Answers quoted too short: a wrong answer whose first citation is a right source and whose labelled evidence holds
the expected strings (a lead-in ending with ":" read on into what it announces), put down to where in the cited
document the strings it lacks are, against the quote:

- `stops`: right after the quote (within NEAR_CHARS): the quote stops before them (a list's lead-in or first items
  alone, a row without the next ones, a sentence without the one it goes on into);
- `cut`: inside the quote's span, in a part "…" left out (index/excerpt.py chose the wrong pieces);
- `elsewhere`: anywhere else: the right source, but another passage of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from index.eval_question import EvalQuestion
from index.evaluation import QuestionScore, missing_expectations, normalise
from index.excerpt import ELLIPSIS, fragments
from index.quoting import LIST_QUOTE_CHARS
from index.schema import Answer, Chunk
from index.units import chunk_kind

NEAR_CHARS = LIST_QUOTE_CHARS  # how far after the quote a string still counts as where the quote should have gone on
TOO_SHORT = ("stops", "cut")


@dataclass(frozen=True)
class QuoteMiss:
    question: EvalQuestion
    cause: str  # one of TOO_SHORT, or "elsewhere"
    kind: str  # the cited passage's kind: prose, list, table_row, faq
    answer: str

    @property
    def too_short(self) -> bool:
        return self.cause in TOO_SHORT


def document_text(chunks: Sequence[Chunk]) -> tuple[str, dict[str, int]]:
    """A document's passages in order as one normalised text, and where each passage starts in it."""
    text, starts = "", {}
    for chunk in sorted(chunks, key=lambda c: c.position):
        if chunk_kind(chunk) == "metadata":
            continue
        starts[chunk.id] = len(text) + (1 if text else 0)
        text = f"{text} {normalise(chunk.text)}" if text else normalise(chunk.text)
    return text, starts


def evidence_answers(question: EvalQuestion, document: str) -> bool:
    """The labelled evidence holds every expected string; a lead-in ("… has five phases:") with what follows it."""
    evidence = question.evidence
    if evidence is None:
        return False
    if not missing_expectations(question, evidence):
        return True
    at = document.find(normalise(evidence))
    if not evidence.rstrip().endswith(":") or at < 0:
        return False
    return not missing_expectations(question, document[at : at + len(normalise(evidence)) + NEAR_CHARS])


def classify(
    question: EvalQuestion, scored: QuestionScore, answer: Answer, chunks: Sequence[Chunk]
) -> QuoteMiss | None:
    """Why a wrong answer citing a right source first lacks the expected strings, `chunks` being the passages of
    that source; None for any other answer, or when its evidence does not answer or the quote is not found."""
    if scored.correct or scored.abstained or question.abstain or not scored.source_right or not answer.citations:
        return None
    document, starts = document_text(chunks)
    first = answer.citations[0]
    if not evidence_answers(question, document) or first.chunk_id not in starts:
        return None
    cited = next(c for c in chunks if c.id == first.chunk_id)
    pieces = [normalise(f) for f in fragments(first.quote)] or [normalise(first.quote)]
    start = document.find(pieces[0], starts[first.chunk_id])
    if start < 0:
        return None
    end = start
    for piece in pieces:
        found = document.find(piece, end)
        end = found + len(piece) if found >= 0 else end
    lacking = [normalise(s) for s in scored.missing]
    after = document[end : end + NEAR_CHARS]
    if all(s in after for s in lacking):
        cause = "stops"
    elif ELLIPSIS in first.quote and all(s in document[start : end + NEAR_CHARS] for s in lacking):
        cause = "cut"
    else:
        cause = "elsewhere"
    return QuoteMiss(question, cause, chunk_kind(cited), answer.text)


def summary(misses: Sequence[QuoteMiss]) -> dict[str, int]:
    """How many misses each cause has, and how many are quoted too short."""
    out = {cause: sum(m.cause == cause for m in misses) for cause in (*TOO_SHORT, "elsewhere")}
    return out | {"too_short": sum(m.too_short for m in misses)}
