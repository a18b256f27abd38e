"""The golden question set and the guard before every publish: a new index must answer as many of them correctly.

The set is JSON lines (index/golden_questions.jsonl ships with the repo), one question per line:
    {"id": "loi-deadline", "question": "...", "expect": ["..."], "expect_any": [["..."], ["..."]]}
    {"id": "refuse-capital", "question": "...", "abstain": true}
An answer is correct when it contains every `expect` string and all of one `expect_any` group (compared as in
index/evaluation.py: case-folded, typographic quotes as ASCII); a question with `"abstain": true` is correct when
refused. Questions 👍-rated by users are appended with `golden_from_feedback` (scripts/golden_from_feedback.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from index.eval_question import EvalQuestion
from index.eval_set import EvalSetError, expectations, read_question_lines
from index.evaluation import QuestionScore, SupportsEvaluation, ask_or_refuse, contains, normalise, score

DEFAULT_GOLDEN_PATH = Path(__file__).with_name("golden_questions.jsonl")
ORIGINS = frozenset({"curated", "feedback"})
_FIELDS = {"id", "question", "expect", "expect_any", "abstain", "origin", "feedback_id"}


@dataclass(frozen=True)
class GoldenQuestion:
    id: str
    question: str
    expect: tuple[str, ...] = ()
    expect_any: tuple[tuple[str, ...], ...] = ()
    abstain: bool = False
    origin: str = "curated"  # "feedback": taken from a 👍-rated answer in the question log
    feedback_id: int | None = None  # the logged question it came from

    def as_eval_question(self) -> EvalQuestion:
        # Scored exactly like the evaluation set; style and refusal reason only matter for its reports.
        return EvalQuestion(
            self.id,
            self.question,
            "plain",
            self.abstain,
            refusal="offtopic" if self.abstain else None,
            expect=self.expect,
            expect_any=self.expect_any,
        )

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "question": self.question}
        if self.expect:
            data["expect"] = list(self.expect)
        if self.expect_any:
            data["expect_any"] = [list(group) for group in self.expect_any]
        if self.abstain:
            data["abstain"] = True
        if self.origin != "curated":
            data["origin"] = self.origin
        if self.feedback_id is not None:
            data["feedback_id"] = self.feedback_id
        return data


def parse_golden(data: Any, where: str) -> GoldenQuestion:
    """Validate one decoded JSON line; `where` ("file:line") prefixes every error."""
    if not isinstance(data, dict):
        raise EvalSetError(f"{where}: expected a JSON object")
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise EvalSetError(f"{where}: unknown field(s) {', '.join(unknown)}")
    for name in ("id", "question"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            raise EvalSetError(f"{where}: {name!r} must be a non-empty string")
    abstain = data.get("abstain", False)
    if not isinstance(abstain, bool):
        raise EvalSetError(f"{where}: 'abstain' must be true or false")
    origin = data.get("origin", "curated")
    if origin not in ORIGINS:
        raise EvalSetError(f"{where}: 'origin' must be one of {', '.join(sorted(ORIGINS))}")
    feedback_id = data.get("feedback_id")
    if feedback_id is not None and (not isinstance(feedback_id, int) or isinstance(feedback_id, bool)):
        raise EvalSetError(f"{where}: 'feedback_id' must be an integer")
    expect, expect_any = expectations(data, where)
    if abstain and (expect or expect_any):
        raise EvalSetError(f"{where}: a question to refuse has no 'expect' or 'expect_any'")
    if not abstain and not (expect or expect_any):
        raise EvalSetError(f"{where}: an answerable question needs 'expect' or 'expect_any'")
    return GoldenQuestion(data["id"], data["question"], expect, expect_any, abstain, origin, feedback_id)


def load_golden(path: Path = DEFAULT_GOLDEN_PATH) -> list[GoldenQuestion]:
    """Read a golden set (blank lines allowed), rejecting malformed lines and duplicate ids."""
    return read_question_lines(path, parse_golden, what="golden questions")


def append_golden(path: Path, questions: Iterable[GoldenQuestion]) -> int:
    """Append questions to the set as JSON lines; the number written."""
    lines = [json.dumps(q.to_json(), ensure_ascii=False) for q in questions]
    if lines:
        path = Path(path)
        existing = path.read_text(encoding="utf-8") if path.exists() else ""
        prefix = "" if not existing or existing.endswith("\n") else "\n"
        with path.open("a", encoding="utf-8") as out:
            out.write(prefix + "\n".join(lines) + "\n")
    return len(lines)


def golden_from_feedback(
    rows: Iterable[Mapping[str, Any]], existing: Sequence[GoldenQuestion], *, min_net_votes: int = 1
) -> list[GoldenQuestion]:
    """Golden questions from logged answers users rated 👍 (rows as `bot.feedback_store.export_rows` gives).

    The expectation is the answer's first cited quote: a verbatim sentence of the sources, so a later index is
    held to the evidence users approved of, not to the wording around it. Refusals, answers without a quote,
    and questions already in the set (same id or same question text) are left out.
    """
    known_ids = {q.id for q in existing}
    known_questions = {normalise(q.question) for q in existing}
    added: list[GoldenQuestion] = []
    for row in rows:
        net = int(row.get("upvotes") or 0) - int(row.get("downvotes") or 0)
        if row.get("abstained") or net < min_net_votes or not row.get("upvotes"):
            continue
        quotes = [c.get("quote", "") for c in row.get("citations") or [] if isinstance(c, Mapping)]
        quote = next((q.strip() for q in quotes if q and q.strip()), None)
        answer = str(row.get("answer") or "")
        question = " ".join(str(row.get("question") or "").split())
        if not quote or not question or not contains(answer, quote):
            continue
        golden_id = f"feedback-{row['id']}"
        if golden_id in known_ids or normalise(question) in known_questions:
            continue
        known_ids.add(golden_id)
        known_questions.add(normalise(question))
        added.append(GoldenQuestion(golden_id, question, (quote,), origin="feedback", feedback_id=int(row["id"])))
    return added


# --- the guard ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Regression:
    id: str
    question: str
    reason: str


@dataclass(frozen=True)
class GuardResult:
    passed: bool
    current_score: int | None  # correct answers of the serving index; None when there is none to compare
    candidate_score: int
    total: int
    regressions: tuple[Regression, ...] = ()  # right on the current index, wrong on the candidate

    def summary(self) -> str:
        current = "no current index" if self.current_score is None else f"current {self.current_score}/{self.total}"
        verdict = "passed" if self.passed else "failed"
        lines = [f"golden questions: candidate {self.candidate_score}/{self.total}, {current}: {verdict}"]
        lines += [f"  regressed [{r.id}] {r.question!r}: {r.reason}" for r in self.regressions]
        return "\n".join(lines)


def score_golden(kb: SupportsEvaluation, questions: Sequence[GoldenQuestion], *, now: datetime) -> list[QuestionScore]:
    """Ask every golden question and judge the answer; a rejected question counts as a refusal."""
    return [score(golden.as_eval_question(), ask_or_refuse(kb, golden.question, now=now), ()) for golden in questions]


def guard(
    current_kb: SupportsEvaluation | None,
    candidate_kb: SupportsEvaluation,
    questions: Sequence[GoldenQuestion] | None = None,
    *,
    now: datetime | None = None,
) -> GuardResult:
    """Replay the golden set on both indexes; the candidate passes when it answers at least as many correctly.

    Both are asked with the same `now`, so relative date notes cannot make them differ.
    """
    questions = load_golden() if questions is None else list(questions)
    now = now or datetime.now(UTC)
    candidate = score_golden(candidate_kb, questions, now=now)
    candidate_score = sum(s.correct for s in candidate)
    if current_kb is None:
        return GuardResult(True, None, candidate_score, len(questions))
    current = score_golden(current_kb, questions, now=now)
    current_score = sum(s.correct for s in current)
    regressions = tuple(
        Regression(new.id, new.question, new.reason)
        for old, new in zip(current, candidate, strict=True)
        if old.correct and not new.correct
    )
    return GuardResult(candidate_score >= current_score, current_score, candidate_score, len(questions), regressions)
