"""A run's figures (accuracy, refusals, sources, retrieval hits) per split, and the report printed from them."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, TypeVar

from index.evaluation import QuestionScore


class _InSplit(Protocol):
    split: str


S = TypeVar("S", bound=_InSplit)


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
        "p90_answer_chars": _percentile(answered_lengths, 0.9),
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


def _percentile(values: Sequence[int], share: float) -> float | None:
    """The value below which `share` of `values` lie (linear between the nearest two); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    at = (len(ordered) - 1) * share
    low = int(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def _accuracy_by(scores: Sequence[QuestionScore], attribute: str) -> dict[str, float]:
    groups: dict[str, list[bool]] = {}
    for s in scores:
        groups.setdefault(getattr(s, attribute), []).append(s.correct)
    return {name: sum(results) / len(results) for name, results in sorted(groups.items())}


def per_split(scores: Sequence[S], summarise_split: Callable[[list[S]], dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """One summary per split present (tune, holdout), in that order, of scores that know their split."""
    splits = [split for split in ("tune", "holdout") if any(s.split == split for s in scores)]
    return {split: summarise_split([s for s in scores if s.split == split]) for split in splits}


def by_split(scores: Sequence[QuestionScore]) -> dict[str, dict[str, Any]]:
    """Each split's summary of labelled questions."""
    return per_split(scores, summarise)


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
    ("90th percentile answer length", "p90_answer_chars", lambda v: "n/a" if v is None else f"{v:.0f} chars"),
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
