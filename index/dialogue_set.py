"""Labelled conversations for measuring follow-up questions: the records and reading their JSON-lines file.

The format is described in tests/data/dialogues/README.md. Each turn is checked like a labelled question
(index/eval_set.py): `expect_any` groups for a turn the documents answer, `abstain` and `refusal` for one to refuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.eval_question import REFUSALS, SPLITS, EvalQuestion
from index.eval_set import EvalSetError, read_question_lines

ROOT = Path(__file__).resolve().parent.parent
DIALOGUES = ROOT / "tests" / "data" / "dialogues" / "dialogues.jsonl"
PROJECT_CORPUS = "proposal"  # the corpus name of the project's own docs/
MAX_TURNS = 3


@dataclass(frozen=True)
class DialogueTurn:
    question: EvalQuestion  # the labels, as for a lone question
    depends: bool | None  # None for the first turn
    standalone: str | None = None  # a follow-up as one would ask it alone, when the labeller wrote one


@dataclass(frozen=True)
class Dialogue:
    id: str
    corpus: str
    split: str
    turns: tuple[DialogueTurn, ...]


def _parse_turn(data: Any, where: str, dialogue: str, number: int, split: str, corpus: str) -> DialogueTurn:
    if not isinstance(data, dict):
        raise EvalSetError(f"{where}: turn {number} must be a JSON object")
    where = f"{where} turn {number}"
    unknown = sorted(set(data) - {"question", "depends", "standalone", "expect_any", "abstain", "refusal"})
    if unknown:
        raise EvalSetError(f"{where}: unknown field(s) {', '.join(unknown)}")
    question = data.get("question")
    if not isinstance(question, str) or not question.strip():
        raise EvalSetError(f"{where}: 'question' must be a non-empty string")
    depends = data.get("depends")
    if number == 1 and depends is not None:
        raise EvalSetError(f"{where}: the first turn has no 'depends'")
    if number > 1 and not isinstance(depends, bool):
        raise EvalSetError(f"{where}: 'depends' must be true or false")
    standalone = data.get("standalone")
    if standalone is not None and (depends is not True or not isinstance(standalone, str) or not standalone.strip()):
        raise EvalSetError(f"{where}: 'standalone' is a non-empty string, for a turn that depends on the ones before")
    abstain = data.get("abstain", False)
    if not isinstance(abstain, bool):
        raise EvalSetError(f"{where}: 'abstain' must be true or false")
    groups = data.get("expect_any")
    if abstain:
        if groups is not None:
            raise EvalSetError(f"{where}: a turn to refuse has no 'expect_any'")
        if data.get("refusal") not in REFUSALS:
            raise EvalSetError(f"{where}: 'refusal' must be one of {', '.join(sorted(REFUSALS))}")
        expect_any: tuple[tuple[str, ...], ...] = ()
    else:
        if "refusal" in data:
            raise EvalSetError(f"{where}: only a turn to refuse has a 'refusal'")
        valid = isinstance(groups, list) and groups and all(isinstance(g, list) and g for g in groups)
        if not valid or not all(isinstance(s, str) and s.strip() for g in groups for s in g):
            raise EvalSetError(f"{where}: 'expect_any' must be a non-empty list of non-empty lists of strings")
        expect_any = tuple(tuple(group) for group in groups)
    labels = EvalQuestion(
        id=f"{dialogue}#{number}",
        question=question,
        style="plain",
        abstain=abstain,
        split=split,
        refusal=data.get("refusal"),
        expect_any=expect_any,
        corpus=corpus,
    )
    return DialogueTurn(labels, depends, standalone)


def parse_dialogue(data: Any, where: str) -> Dialogue:
    """Validate one decoded JSON line; `where` ("file:line") prefixes every error."""
    if not isinstance(data, dict):
        raise EvalSetError(f"{where}: expected a JSON object")
    unknown = sorted(set(data) - {"id", "corpus", "split", "turns"})
    if unknown:
        raise EvalSetError(f"{where}: unknown field(s) {', '.join(unknown)}")
    for name in ("id", "corpus"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            raise EvalSetError(f"{where}: {name!r} must be a non-empty string")
    if data.get("split") not in SPLITS:
        raise EvalSetError(f"{where}: 'split' must be one of {', '.join(SPLITS)}")
    turns = data.get("turns")
    if not isinstance(turns, list) or not 2 <= len(turns) <= MAX_TURNS:
        raise EvalSetError(f"{where}: 'turns' must be a list of 2 to {MAX_TURNS} turns")
    parsed = tuple(
        _parse_turn(turn, where, data["id"], number, data["split"], data["corpus"])
        for number, turn in enumerate(turns, start=1)
    )
    return Dialogue(data["id"], data["corpus"], data["split"], parsed)


def load_dialogues(path: Path = DIALOGUES) -> list[Dialogue]:
    return read_question_lines(path, parse_dialogue, what="conversations")
