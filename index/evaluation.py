"""Scoring the knowledge base against labelled questions: judge one answer, or ask and judge a whole set.

Everything here is pure except `run_questions`, which only calls `kb.ask` and `kb.search`; no model is loaded.
The question record is in index/eval_question.py, its files in index/eval_set.py; a run's figures in eval_report.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol

from index.eval_question import EvalQuestion
from index.focus import Focus
from index.schema import Answer, Hit

HIT_KS = (1, 3)
# The labels' "now": answers about dates (past or upcoming, deadline records) are judged as of noon UTC of this day,
# in evaluation and in training alike, so that the figures and the trained model do not change with the day.
EVALUATION_DAY = date(2026, 11, 30)

# Documents write ’ and “ ”; answers and labels may use either form, so both sides are compared in ASCII.
_TYPOGRAPHIC = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def pinned_now(day: date = EVALUATION_DAY) -> datetime:
    """Noon UTC of `day`: answers about dates are relative to it."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


@dataclass(frozen=True)
class QuestionScore:
    id: str
    question: str
    split: str
    style: str
    group: str  # the kind of answer wanted, or "refuse:<reason>"
    should_abstain: bool
    abstained: bool
    correct: bool  # answered with every expected string, or refused when it should be
    answer_text: str
    source_right: bool | None = None  # the first citation is one of the right documents; None: not applicable
    cited: tuple[str, ...] = ()  # the documents the answer cites, in order
    hits: dict[int, bool | None] = field(default_factory=dict)  # k -> evidence in the top k; None: no evidence
    missing: tuple[str, ...] = ()  # why a non-abstained answer failed: the expected strings it lacks

    @property
    def reason(self) -> str:
        if self.correct:
            return ""
        if self.should_abstain:
            return "answered a question it should refuse"
        if self.abstained:
            return "refused an answerable question"
        return "answer lacks " + ", ".join(repr(s) for s in self.missing)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "split": self.split,
            "style": self.style,
            "group": self.group,
            "should_abstain": self.should_abstain,
            "abstained": self.abstained,
            "correct": self.correct,
            "source_right": self.source_right,
            "answer": self.answer_text,
            "cited": list(self.cited),
            "reason": self.reason,
        }


class SupportsEvaluation(Protocol):
    def ask(self, question: str, *, now: datetime | None = None, focus: Focus | None = None) -> Answer: ...

    def search(self, query: str, k: int = 5) -> list[Hit]: ...


def normalise(text: str) -> str:
    """Case-folded, typographic quotes as ASCII, runs of whitespace as one space."""
    return " ".join(text.translate(_TYPOGRAPHIC).casefold().split())


def contains(haystack: str, needle: str) -> bool:
    return normalise(needle) in normalise(haystack)


def missing_expectations(question: EvalQuestion, text: str) -> tuple[str, ...]:
    """The expected strings absent from `text`; for expect_any, those of the closest group."""
    missing = [s for s in question.expect if not contains(text, s)]
    if question.expect_any:
        per_group = [[s for s in group if not contains(text, s)] for group in question.expect_any]
        if all(per_group):
            missing.extend(min(per_group, key=len))
    return tuple(missing)


def _hit_text(hit: Hit) -> str:
    # The title is searched too: a metadata question's evidence (the title) may only be in a chunk's header.
    return f"{hit.chunk.title}\n{hit.chunk.text}"


def evidence_hits(evidence: str | None, hits: Sequence[Hit], ks: Iterable[int] = HIT_KS) -> dict[int, bool | None]:
    if evidence is None:
        return dict.fromkeys(ks)
    first = next((rank for rank, hit in enumerate(hits, start=1) if contains(_hit_text(hit), evidence)), None)
    return {k: first is not None and first <= k for k in ks}


def score(question: EvalQuestion, answer: Answer, hits: Sequence[Hit]) -> QuestionScore:
    """Judge one answer (and the search hits for the same question) against its labels.

    The question's sources are paths in the index asked: in the index of every corpus, its all-view label
    (index/eval_question.py `in_all_view`) names each document under its corpus's folder.
    """
    missing = () if answer.abstained else missing_expectations(question, answer.text)
    # A question to refuse is right when refused; any other when answered with every expected string.
    correct = answer.abstained if question.abstain else not answer.abstained and not missing
    cited = tuple(c.source for c in answer.citations)
    source_right = None
    if not question.abstain and not answer.abstained and question.sources:
        source_right = bool(cited) and cited[0] in question.sources
    return QuestionScore(
        id=question.id,
        question=question.question,
        split=question.split,
        style=question.style,
        group=question.group,
        should_abstain=question.abstain,
        abstained=answer.abstained,
        correct=correct,
        answer_text=answer.text,
        source_right=source_right,
        cited=cited,
        hits=evidence_hits(question.evidence, hits),
        missing=missing,
    )


def ask_or_refuse(kb: SupportsEvaluation, question: str, *, now: datetime) -> Answer:
    """The knowledge base's answer; a question it rejects counts as a refusal, with the reason shown as the answer."""
    from index.errors import QuestionError

    try:
        return kb.ask(question, now=now)
    except QuestionError as exc:
        return Answer(question=question, text=f"(rejected: {exc})", abstained=True)


def run_questions(
    kb: SupportsEvaluation,
    questions: Sequence[EvalQuestion],
    *,
    now: datetime,
    k: int = max(HIT_KS),
) -> list[QuestionScore]:
    """Ask and search every question against one knowledge base and score the results."""
    scores = []
    for question in questions:
        answer = ask_or_refuse(kb, question.question, now=now)
        hits = kb.search(question.question, k=k)
        scores.append(score(question, answer, hits))
    return scores
