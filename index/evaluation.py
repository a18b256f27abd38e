"""Scoring the knowledge base against the labelled question set: load, score one answer, summarise a run.

Everything here is pure except `run_questions`, which only calls `kb.ask` and `kb.search`; no model is loaded.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

from index.schema import Answer, Hit

Q = TypeVar("Q")  # a question record with an `id`: EvalQuestion, GoldenQuestion

CATEGORIES = frozenset({"deadline", "participants", "missions", "context", "metadata", "offtopic", "neartopic"})
STYLES = frozenset({"plain", "paraphrase", "typo", "keyword"})
REFUSAL_CATEGORIES = frozenset({"offtopic", "neartopic"})
HIT_KS = (1, 3)

# The article writes ’ and “ ”; answers and labels may use either form, so both sides are compared in ASCII.
_TYPOGRAPHIC = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


class EvalSetError(ValueError):
    """The question file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    question: str
    category: str
    style: str
    abstain: bool
    expect: tuple[str, ...] = ()  # every one must appear in the answer
    expect_any: tuple[tuple[str, ...], ...] = ()  # and, when given, every string of at least one group
    evidence: str | None = None  # verbatim text of the source that answers the question


@dataclass(frozen=True)
class QuestionScore:
    id: str
    question: str
    category: str
    style: str
    should_abstain: bool
    abstained: bool
    correct: bool  # answered with every expected string, or refused when it should be
    answer_text: str
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


class SupportsEvaluation(Protocol):
    def ask(self, question: str, *, now: datetime | None = None) -> Answer: ...

    def search(self, query: str, k: int = 5) -> list[Hit]: ...


def normalise(text: str) -> str:
    """Case-folded, typographic quotes as ASCII, runs of whitespace as one space."""
    return " ".join(text.translate(_TYPOGRAPHIC).casefold().split())


def contains(haystack: str, needle: str) -> bool:
    return normalise(needle) in normalise(haystack)


def _strings(value: Any, where: str, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(s, str) and s.strip() for s in value):
        raise EvalSetError(f"{where}: {name!r} must be a non-empty list of non-empty strings")
    return tuple(value)


def parse_question(data: Any, where: str) -> EvalQuestion:
    """Validate one decoded JSON line; `where` ("file:line") prefixes every error."""
    if not isinstance(data, dict):
        raise EvalSetError(f"{where}: expected a JSON object")
    known = {"id", "question", "category", "style", "expect", "expect_any", "evidence", "abstain"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise EvalSetError(f"{where}: unknown field(s) {', '.join(unknown)}")
    for name in ("id", "question"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            raise EvalSetError(f"{where}: {name!r} must be a non-empty string")
    if data.get("category") not in CATEGORIES:
        raise EvalSetError(f"{where}: category must be one of {', '.join(sorted(CATEGORIES))}")
    if data.get("style") not in STYLES:
        raise EvalSetError(f"{where}: style must be one of {', '.join(sorted(STYLES))}")
    abstain = data.get("abstain", False)
    if not isinstance(abstain, bool):
        raise EvalSetError(f"{where}: 'abstain' must be true or false")
    if abstain != (data["category"] in REFUSAL_CATEGORIES):
        raise EvalSetError(f"{where}: only offtopic and neartopic questions are refused, and all of them are")

    expect = _strings(data["expect"], where, "expect") if "expect" in data else ()
    expect_any: tuple[tuple[str, ...], ...] = ()
    if "expect_any" in data:
        groups = data["expect_any"]
        if not isinstance(groups, list) or not groups:
            raise EvalSetError(f"{where}: 'expect_any' must be a non-empty list of lists of strings")
        expect_any = tuple(_strings(group, where, "expect_any group") for group in groups)
    evidence = data.get("evidence")
    if evidence is not None and (not isinstance(evidence, str) or not evidence.strip()):
        raise EvalSetError(f"{where}: 'evidence' must be a non-empty string")

    if abstain and (expect or expect_any or evidence):
        raise EvalSetError(f"{where}: a question to refuse has no expect, expect_any or evidence")
    if not abstain and not (expect or expect_any):
        raise EvalSetError(f"{where}: an answerable question needs 'expect' or 'expect_any'")
    if not abstain and not evidence:
        raise EvalSetError(f"{where}: an answerable question needs 'evidence'")
    return EvalQuestion(
        id=data["id"],
        question=data["question"],
        category=data["category"],
        style=data["style"],
        abstain=abstain,
        expect=expect,
        expect_any=expect_any,
        evidence=evidence,
    )


def read_question_lines(path: Path, parse: Callable[[dict, str], Q], *, what: str = "questions") -> list[Q]:
    """Parse a JSON-lines question file (blank lines allowed), rejecting bad records and duplicate ids."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalSetError(f"cannot read the {what} {path}: {exc.strerror or exc}") from None
    questions: list[Q] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalSetError(f"{where}: invalid JSON ({exc.msg})") from None
        question = parse(data, where)
        if question.id in seen:
            raise EvalSetError(f"{where}: duplicate id {question.id!r}")
        seen.add(question.id)
        questions.append(question)
    if not questions:
        raise EvalSetError(f"{path.name}: no {what}")
    return questions


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read the labelled evaluation set."""
    return read_question_lines(path, parse_question)


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
    """Judge one answer (and the search hits for the same question) against its labels."""
    missing = () if answer.abstained else missing_expectations(question, answer.text)
    # A question to refuse is right when refused; any other when answered with every expected string.
    correct = answer.abstained if question.abstain else not answer.abstained and not missing
    return QuestionScore(
        id=question.id,
        question=question.question,
        category=question.category,
        style=question.style,
        should_abstain=question.abstain,
        abstained=answer.abstained,
        correct=correct,
        answer_text=answer.text,
        hits=evidence_hits(question.evidence, hits),
        missing=missing,
    )


def _rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def summarise(scores: Sequence[QuestionScore]) -> dict[str, Any]:
    """The metrics of one run; a rate is None when nothing was there to count."""
    answerable = [s for s in scores if not s.should_abstain]
    to_refuse = [s for s in scores if s.should_abstain]
    refused = [s for s in scores if s.abstained]
    offtopic = [s for s in scores if s.category == "offtopic"]
    neartopic = [s for s in scores if s.category == "neartopic"]
    answered_lengths = [len(s.answer_text) for s in scores if not s.abstained]

    summary: dict[str, Any] = {
        "questions": len(scores),
        "answerable": len(answerable),
        "should_abstain": len(to_refuse),
        "answer_accuracy": _rate(sum(s.correct for s in answerable), len(answerable)),
    }
    with_evidence = [s for s in answerable if s.hits and None not in s.hits.values()]
    for k in sorted({k for s in with_evidence for k in s.hits}):
        summary[f"hit_at_{k}"] = _rate(sum(bool(s.hits.get(k)) for s in with_evidence), len(with_evidence))
    true_refusals = sum(s.should_abstain for s in refused)
    summary.update(
        {
            "abstention_precision": _rate(true_refusals, len(refused)),
            "abstention_recall": _rate(true_refusals, len(to_refuse)),
            "false_abstention_rate": _rate(sum(s.abstained for s in answerable), len(answerable)),
            "offtopic_abstention_rate": _rate(sum(s.abstained for s in offtopic), len(offtopic)),
            "neartopic_abstention_rate": _rate(sum(s.abstained for s in neartopic), len(neartopic)),
            # Refusals are excluded: the bar is on how long real answers are.
            "median_answer_chars": statistics.median(answered_lengths) if answered_lengths else None,
            "accuracy_by_category": _accuracy_by(scores, "category"),
            "accuracy_by_style": _accuracy_by(answerable, "style"),
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
    kb: SupportsEvaluation, questions: Sequence[EvalQuestion], *, now: datetime, k: int = max(HIT_KS)
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
        scores.append(score(question, answer, kb.search(question.question, k=k)))
    return scores


def format_rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def format_report(name: str, summary: dict[str, Any], *, max_answer_chars: int = 240) -> str:
    """A human-readable block: the headline metrics, the per-category accuracy, then every failure."""
    median = summary["median_answer_chars"]
    hit_keys = sorted((key for key in summary if key.startswith("hit_at_")), key=lambda key: int(key[7:]))
    lines = [
        f"== {name}: {summary['questions']} questions "
        f"({summary['answerable']} answerable, {summary['should_abstain']} to refuse)",
        f"  answer accuracy          {format_rate(summary['answer_accuracy'])}",
        *(f"  retrieval hit@{key[7:]:<10} {format_rate(summary[key])}" for key in hit_keys),
        f"  abstention precision     {format_rate(summary['abstention_precision'])}",
        f"  abstention recall        {format_rate(summary['abstention_recall'])}",
        f"  false abstention rate    {format_rate(summary['false_abstention_rate'])}",
        f"  off-topic abstention     {format_rate(summary['offtopic_abstention_rate'])}",
        f"  near-topic abstention    {format_rate(summary['neartopic_abstention_rate'])}",
        f"  median answer length     {'n/a' if median is None else f'{median:.0f} chars'}",
        "  accuracy by category     " + ", ".join(f"{c} {v:.2f}" for c, v in summary["accuracy_by_category"].items()),
        "  accuracy by style        " + ", ".join(f"{c} {v:.2f}" for c, v in summary["accuracy_by_style"].items()),
    ]
    misses = summary["retrieval_misses"]
    lines.append(f"  retrieval misses ({len(misses)}): {', '.join(misses)}" if misses else "  retrieval misses: none")
    failures = summary["failures"]
    lines.append(f"  failures ({len(failures)}):" if failures else "  failures: none")
    for failure in failures:
        answer = " ".join(failure["answer"].split())
        if len(answer) > max_answer_chars:
            answer = answer[: max_answer_chars - 1] + "…"
        lines.append(f"  - [{failure['id']}] {failure['question']!r}: {failure['reason']}")
        lines.append(f"      answer: {answer or '(empty)'}")
    return "\n".join(lines)
