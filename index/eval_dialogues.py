"""Scoring follow-up questions on the dialogue set: each conversation is played turn by turn against one corpus.

A follow-up turn (`depends: true`) is right when its answer holds the expected strings, or when it is refused as
it should be. A self-contained turn after the first (`depends: false`) must get the very answer it gets when asked
alone: its "unchanged" share is the measure that a fresh question is never bent by the previous one.

A follow-up labelled with its `standalone` form (the question as one would ask it alone) is also asked that way,
which tells a wrong answer's two causes apart: the question was read wrongly in the conversation (its standalone
form is answered right), or the answering fails on the question however it is read (its standalone form fails too).
A reading that gets the very answer of the standalone form is as good as the labeller's rewrite, right or wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from index.dialogue_set import DIALOGUES, Dialogue, load_dialogues
from index.eval_report import format_rate, per_split
from index.evaluation import SupportsEvaluation, missing_expectations
from index.followup_breakdown import breakdown, format_breakdown
from index.followups.answers import answer_reading
from index.followups.resolution import Reading, resolve, turn_of
from index.schema import Answer

Resolver = Callable[..., Reading]


@dataclass(frozen=True)
class TurnScore:
    dialogue: str
    number: int  # 1-based
    split: str
    question: str
    asked: str  # what the knowledge base was asked
    depends: bool | None  # None for the first turn
    used_context: bool
    correct: bool
    unchanged: bool | None  # for a self-contained turn after the first: the same answer as asked alone
    answer: str
    standalone: str | None = None  # the labelled standalone form of a follow-up
    standalone_correct: bool | None = None  # that form, asked alone, answered right
    as_standalone: bool | None = None  # the reading got the very answer of that form
    refused: bool = False
    should_refuse: bool = False
    rewrite_correct: bool | None = None  # for a follow-up: its reading, asked alone (without the focus), answered right

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _rejected(text: str, exc: Exception) -> Answer:
    return Answer(question=text, text=f"(rejected: {exc})", abstained=True)


def _ask(kb: SupportsEvaluation, text: str, now: datetime) -> Answer:
    from index.errors import QuestionError

    try:
        return kb.ask(text, now=now)
    except QuestionError as exc:
        return _rejected(text, exc)


def _answer(kb: SupportsEvaluation, reading: Reading, now: datetime) -> Answer:
    """The answer the bot gives to a reading (index/followups/answers.py)."""
    from index.errors import QuestionError

    try:
        return answer_reading(kb, reading, now=now)
    except QuestionError as exc:
        return _rejected(reading.text, exc)


def _same(a: Answer, b: Answer) -> bool:
    return (a.text, a.abstained) == (b.text, b.abstained)


def _correct(labels, answer: Answer) -> bool:
    if labels.abstain:
        return answer.abstained
    return not answer.abstained and not missing_expectations(labels, answer.text)


def play(
    kb: SupportsEvaluation,
    dialogue: Dialogue,
    *,
    now: datetime,
    resolver: Resolver = resolve,
) -> list[TurnScore]:
    """Ask every turn of one conversation in order, each read in the light of the turns before it."""
    history = []
    scores = []
    for number, turn in enumerate(dialogue.turns, start=1):
        labels = turn.question
        reading = resolver(labels.question, history, kb, now=now)
        answer = _answer(kb, reading, now)
        unchanged = None
        if number > 1 and turn.depends is False:
            alone = _ask(kb, labels.question, now)
            unchanged = _same(alone, answer)
        correct = _correct(labels, answer)
        rewrite_correct = None
        if turn.depends:
            rewrite_correct = _correct(labels, _ask(kb, reading.text, now)) if reading.used_context else correct
        standalone_correct = as_standalone = None
        if turn.standalone is not None:
            alone = _ask(kb, turn.standalone, now)
            standalone_correct = _correct(labels, alone)
            as_standalone = _same(alone, answer)
        scores.append(
            TurnScore(
                dialogue=dialogue.id,
                number=number,
                split=dialogue.split,
                question=labels.question,
                asked=reading.text,
                depends=turn.depends,
                used_context=reading.used_context,
                correct=correct,
                unchanged=unchanged,
                answer=answer.text,
                standalone=turn.standalone,
                standalone_correct=standalone_correct,
                as_standalone=as_standalone,
                refused=answer.abstained,
                should_refuse=labels.abstain,
                rewrite_correct=rewrite_correct,
            )
        )
        history.append(turn_of(reading, answer))
    return scores


def _rate(flags: Sequence[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def summarise(scores: Sequence[TurnScore]) -> dict[str, Any]:
    follow_ups = [s for s in scores if s.depends is True]
    fresh = [s for s in scores if s.depends is False]
    labelled = [s for s in follow_ups if s.standalone_correct is not None]
    return {
        "conversations": len({s.dialogue for s in scores}),
        "follow_ups": len(follow_ups),
        "self_contained": len(fresh),
        "follow_up_accuracy": _rate([s.correct for s in follow_ups]),
        "unchanged": _rate([bool(s.unchanged) for s in fresh]),
        "first_turn_accuracy": _rate([s.correct for s in scores if s.depends is None]),
        "self_contained_accuracy": _rate([s.correct for s in fresh]),
        # How often the reading matched the label: context used exactly for the turns that depend on it.
        "context_detection": _rate([s.used_context == s.depends for s in follow_ups + fresh]),
        # Follow-ups with a labelled standalone form: how the answering does on that form, and how the reading does
        # where the answering can succeed; each wrong follow-up is put down to the one or the other.
        "standalone_accuracy": _rate([bool(s.standalone_correct) for s in labelled]),
        "reading_accuracy": _rate([s.correct for s in labelled if s.standalone_correct]),
        "as_standalone": _rate([bool(s.as_standalone) for s in labelled]),
        "wrong_reading": sum(1 for s in labelled if s.standalone_correct and not s.correct),
        "wrong_answering": sum(1 for s in labelled if not s.standalone_correct and not s.correct),
        # Each follow-up by its kind and by the cause of a wrong answer (index/followup_breakdown.py).
        "by_kind": breakdown(follow_ups),
        "failures": [
            s.to_json()
            for s in scores
            if s.depends is not None and (not s.correct or s.unchanged is False or s.used_context != s.depends)
        ],
    }


def by_split(scores: Sequence[TurnScore]) -> dict[str, dict[str, Any]]:
    """Each split's summary of dialogue turns."""
    return per_split(scores, summarise)


HEADLINE = (
    ("follow-up turns answered right", "follow_up_accuracy", 0.85),
    ("self-contained turns unchanged", "unchanged", 1.0),
    ("first turns answered right", "first_turn_accuracy", None),
    ("self-contained turns answered right", "self_contained_accuracy", None),
    ("context used when needed, only then", "context_detection", None),
    ("follow-ups right asked standalone", "standalone_accuracy", None),
    ("  of those, right in the conversation", "reading_accuracy", None),
    ("follow-ups answered as their standalone", "as_standalone", None),
)


def _cause(failure: dict[str, Any]) -> str:
    if failure["standalone_correct"] is None:
        return ""
    if failure["standalone_correct"]:
        return f" (reading: {failure['standalone']!r} asked alone is answered right)"
    return f" (answering: {failure['standalone']!r} asked alone fails too)"


def format_report(summaries: dict[str, dict[str, Any]], *, failures_of: Iterable[str] = ("tune",)) -> str:
    """The dialogue figures per split side by side (with the bar, where there is one), then the failures."""
    columns = list(summaries)
    lines = ["== dialogues", "  " + " " * 38 + "".join(f"{c:>12}" for c in columns) + f"{'bar':>8}"]
    counts = [f"{s['conversations']}/{s['follow_ups']}/{s['self_contained']}" for s in summaries.values()]
    lines.append(f"  {'conversations/follow-ups/self-contained':<38}" + "".join(f"{c:>12}" for c in counts))
    for label, key, bar in HEADLINE:
        cells = "".join(f"{format_rate(s.get(key)):>12}" for s in summaries.values())
        lines.append(f"  {label:<38}{cells}{'' if bar is None else f'≥ {bar:.2f}':>8}")
    causes = [f"{s['wrong_reading']}/{s['wrong_answering']}" for s in summaries.values()]
    lines.append(f"  {'wrong follow-ups: reading/answering':<38}" + "".join(f"{c:>12}" for c in causes))
    for split in failures_of:
        summary = summaries.get(split)
        if summary is None:
            continue
        if summary["by_kind"]:
            lines += format_breakdown(split, summary["by_kind"])
        failures = summary["failures"]
        lines.append(f"  {split} failures ({len(failures)}):" if failures else f"  {split} failures: none")
        for f in failures:
            why = []
            if not f["correct"]:
                why.append("wrong answer" + _cause(f))
            if f["unchanged"] is False:
                why.append("answer bent by the previous turn")
            if f["used_context"] != f["depends"]:
                why.append("context used" if f["used_context"] else "context not used")
            lines.append(f"  - [{f['dialogue']} turn {f['number']}] {f['question']!r}: {', '.join(why)}")
            lines.append(f"      asked: {f['asked']}")
            answer = " ".join(f["answer"].split())
            lines.append(f"      answer: {answer[:200] + '…' if len(answer) > 200 else answer or '(empty)'}")
    return "\n".join(lines)


def dialogue_results(
    kbs: dict[str, SupportsEvaluation],
    *,
    now: datetime,
    path: Path = DIALOGUES,
    show_holdout: bool = False,
    resolver: Resolver = resolve,
) -> dict[str, Any]:
    """Play every conversation whose corpus has a knowledge base in `kbs`: per-split figures, results, report.

    A malformed dialogue file raises EvalSetError.
    """
    scores: list[TurnScore] = []
    for dialogue in load_dialogues(path):
        kb = kbs.get(dialogue.corpus)
        if kb is not None:
            scores += play(kb, dialogue, now=now, resolver=resolver)
    splits = by_split(scores)
    failures_of = ("tune", "holdout") if show_holdout else ("tune",)
    return {
        "splits": splits,
        "results": [s.to_json() for s in scores],
        "report": format_report(splits, failures_of=failures_of) if scores else "== dialogues: no corpus evaluated",
    }
