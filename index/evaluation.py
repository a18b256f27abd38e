"""Scoring the knowledge base against labelled questions: score one answer, summarise a run, print a report.

Everything here is pure except `run_questions`, which only calls `kb.ask` and `kb.search`; no model is loaded.
The question records and their files are in index/eval_set.py.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from index.eval_set import EvalQuestion
from index.schema import Answer, Hit

HIT_KS = (1, 3)

# Documents write ’ and “ ”; answers and labels may use either form, so both sides are compared in ASCII.
_TYPOGRAPHIC = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


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
    def ask(self, question: str, *, now: datetime | None = None) -> Answer: ...

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
    (index/eval_set.py `in_all_view`) names each document under its corpus's folder.
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


def _rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def summarise(scores: Sequence[QuestionScore]) -> dict[str, Any]:
    """The metrics of one run; a rate is None when nothing was there to count."""
    answerable = [s for s in scores if not s.should_abstain]
    to_refuse = [s for s in scores if s.should_abstain]
    sourced = [s for s in answerable if s.source_right is not None]
    answered_lengths = [len(s.answer_text) for s in scores if not s.abstained]
    summary: dict[str, Any] = {
        "questions": len(scores),
        "answerable": len(answerable),
        "to_refuse": len(to_refuse),
        "accuracy": _rate(sum(s.correct for s in scores), len(scores)),
        "answer_accuracy": _rate(sum(s.correct for s in answerable), len(answerable)),
        "refusal_rate": _rate(sum(s.abstained for s in to_refuse), len(to_refuse)),
        "false_refusal_rate": _rate(sum(s.abstained for s in answerable), len(answerable)),
        "source_first": _rate(sum(bool(s.source_right) for s in sourced), len(sourced)),
        # Refusals are excluded: the bar is on how long real answers are.
        "median_answer_chars": statistics.median(answered_lengths) if answered_lengths else None,
    }
    with_evidence = [s for s in answerable if s.hits and None not in s.hits.values()]
    for k in sorted({k for s in with_evidence for k in s.hits}):
        summary[f"hit_at_{k}"] = _rate(sum(bool(s.hits.get(k)) for s in with_evidence), len(with_evidence))
    summary.update(
        {
            "accuracy_by_group": _accuracy_by(scores, "group"),
            "accuracy_by_style": _accuracy_by(scores, "style"),
            # Answerable questions whose evidence is in none of the top-k passages: a retrieval problem.
            "retrieval_misses": [s.id for s in with_evidence if not any(s.hits.values())],
            "failures": [
                {"id": s.id, "question": s.question, "answer": s.answer_text, "reason": s.reason}
                for s in scores
                if not s.correct
            ],
        }
    )
    return summary


def _accuracy_by(scores: Sequence[QuestionScore], attribute: str) -> dict[str, float]:
    groups: dict[str, list[bool]] = {}
    for s in scores:
        groups.setdefault(getattr(s, attribute), []).append(s.correct)
    return {name: sum(results) / len(results) for name, results in sorted(groups.items())}


def run_questions(
    kb: SupportsEvaluation,
    questions: Sequence[EvalQuestion],
    *,
    now: datetime,
    k: int = max(HIT_KS),
) -> list[QuestionScore]:
    """Ask and search every question against one knowledge base and score the results."""
    from index.errors import QuestionError

    scores = []
    for question in questions:
        try:
            answer = kb.ask(question.question, now=now)
        except QuestionError as exc:
            # A question the knowledge base rejects counts as a refusal, with the reason shown as the answer.
            answer = Answer(question=question.question, text=f"(rejected: {exc})", abstained=True)
        hits = kb.search(question.question, k=k)
        scores.append(score(question, answer, hits))
    return scores


def by_split(scores: Sequence[QuestionScore]) -> dict[str, dict[str, Any]]:
    """One summary per split present (tune, holdout), in that order."""
    splits = [split for split in ("tune", "holdout") if any(s.split == split for s in scores)]
    return {split: summarise([s for s in scores if s.split == split]) for split in splits}


def format_rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


# (label, summary key, how to show it): the headline table of a report.
HEADLINE = (
    ("questions (answerable/refuse)", None, None),
    ("accuracy, all questions", "accuracy", format_rate),
    ("answer accuracy", "answer_accuracy", format_rate),
    ("refusal of unanswerable", "refusal_rate", format_rate),
    ("false refusal", "false_refusal_rate", format_rate),
    ("cited source right first", "source_first", format_rate),
    ("retrieval hit@1", "hit_at_1", format_rate),
    ("retrieval hit@3", "hit_at_3", format_rate),
    ("median answer length", "median_answer_chars", lambda v: "n/a" if v is None else f"{v:.0f} chars"),
)


def format_report(
    name: str,
    summaries: dict[str, dict[str, Any]],
    *,
    failures_of: Iterable[str] = ("tune",),
    max_answer_chars: int = 240,
) -> str:
    """A human-readable block: the headline metrics per split side by side, then the failures of `failures_of`."""
    columns = list(summaries)
    lines = [f"== {name}", "  " + " " * 32 + "".join(f"{c:>16}" for c in columns)]
    for label, key, show in HEADLINE:
        if key is None:
            cells = [f"{s['questions']} ({s['answerable']}/{s['to_refuse']})" for s in summaries.values()]
        else:
            cells = [show(s.get(key)) for s in summaries.values()]
        lines.append(f"  {label:<32}" + "".join(f"{c:>16}" for c in cells))
    for split in failures_of:
        summary = summaries.get(split)
        if summary is None:
            continue
        lines.append(f"  {split} accuracy by group: " + _by(summary["accuracy_by_group"]))
        lines.append(f"  {split} accuracy by style: " + _by(summary["accuracy_by_style"]))
        failures = summary["failures"]
        lines.append(f"  {split} failures ({len(failures)}):" if failures else f"  {split} failures: none")
        for failure in failures:
            answer = " ".join(failure["answer"].split())
            if len(answer) > max_answer_chars:
                answer = answer[: max_answer_chars - 1] + "…"
            lines.append(f"  - [{failure['id']}] {failure['question']!r}: {failure['reason']}")
            lines.append(f"      answer: {answer or '(empty)'}")
    return "\n".join(lines)


def _by(groups: dict[str, float]) -> str:
    return ", ".join(f"{name} {value:.2f}" for name, value in groups.items())
