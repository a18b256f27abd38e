"""Labelled question files (JSON lines): each record validated, with its line, into an `EvalQuestion`.

The format is described in tests/data/corpora/README.md. The first labelled set (tests/data/eval/questions.jsonl,
with `category` instead of `kind`/`refusal`/`split`) is still read: its questions shaped the old answering rules,
so they count as tune questions. A question may carry a second label, `all_view`, for the index of every corpus
together, where another corpus's documents may answer it differently (or make it ambiguous).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from index.eval_question import KINDS, REFUSALS, SPLITS, STYLES, EvalQuestion, in_all_view

Q = TypeVar("Q")  # a question record with an `id`: EvalQuestion, GoldenQuestion

# The first set's categories: two were refusals, the rest say what the question is about.
LEGACY_CATEGORIES = frozenset({"deadline", "participants", "missions", "context", "metadata", "offtopic", "neartopic"})
_LEGACY_REFUSAL = {"offtopic": "offtopic", "neartopic": "neighbour"}
_LEGACY_KIND = {"deadline": "deadline", "metadata": "metadata"}


class EvalSetError(ValueError):
    """The question file is malformed; the message names the file and line."""


def _text(data: dict, name: str, where: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise EvalSetError(f"{where}: {name!r} must be a non-empty string")
    return value


def non_empty_strings(value: Any, where: str, name: str) -> tuple[str, ...]:
    """A non-empty list of non-empty strings, as a tuple; EvalSetError naming `where` and `name` otherwise."""
    if not isinstance(value, list) or not value or not all(isinstance(s, str) and s.strip() for s in value):
        raise EvalSetError(f"{where}: {name!r} must be a non-empty list of non-empty strings")
    return tuple(value)


def _choice(data: dict, name: str, allowed: frozenset[str] | tuple[str, ...], where: str) -> str:
    value = data.get(name)
    if value not in allowed:
        raise EvalSetError(f"{where}: {name!r} must be one of {', '.join(sorted(allowed))}")
    return value


def expectations(data: dict, where: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """A question's 'expect' strings and 'expect_any' groups (each empty when absent), validated."""
    expect = non_empty_strings(data["expect"], where, "expect") if "expect" in data else ()
    expect_any: tuple[tuple[str, ...], ...] = ()
    if "expect_any" in data:
        groups = data["expect_any"]
        if not isinstance(groups, list) or not groups:
            raise EvalSetError(f"{where}: 'expect_any' must be a non-empty list of lists of strings")
        expect_any = tuple(non_empty_strings(group, where, "expect_any group") for group in groups)
    return expect, expect_any


def parse_question(data: Any, where: str, *, corpus: str = "") -> EvalQuestion:
    """Validate one decoded JSON line; `where` ("file:line") prefixes every error."""
    if not isinstance(data, dict):
        raise EvalSetError(f"{where}: expected a JSON object")
    if "category" in data:
        return _parse_legacy(data, where, corpus)
    known = {"id", "question", "split", "style", "kind", "abstain", "refusal", "expect", "expect_any", "sources"}
    unknown = sorted(set(data) - known - {"evidence"} - ALL_VIEW_KEYS)
    if unknown:
        raise EvalSetError(f"{where}: unknown field(s) {', '.join(unknown)}")
    abstain = data.get("abstain", False)
    if not isinstance(abstain, bool):
        raise EvalSetError(f"{where}: 'abstain' must be true or false")
    expect, expect_any = expectations(data, where)
    evidence = data.get("evidence")
    if abstain:
        if expect or expect_any or evidence or data.get("sources"):
            raise EvalSetError(f"{where}: a question to refuse has no expect, expect_any, evidence or sources")
        refusal = _choice(data, "refusal", REFUSALS, where)
        sources: tuple[str, ...] = ()
    else:
        if "refusal" in data:
            raise EvalSetError(f"{where}: only a question to refuse has a 'refusal'")
        if not (expect or expect_any):
            raise EvalSetError(f"{where}: an answerable question needs 'expect' or 'expect_any'")
        evidence = _text(data, "evidence", where)
        refusal, sources = None, non_empty_strings(data.get("sources"), where, "sources")
    question = EvalQuestion(
        id=_text(data, "id", where),
        question=_text(data, "question", where),
        style=_choice(data, "style", STYLES, where),
        abstain=abstain,
        split=_choice(data, "split", SPLITS, where),
        kind=_choice(data, "kind", KINDS, where),
        refusal=refusal,
        expect=expect,
        expect_any=expect_any,
        evidence=evidence,
        sources=sources,
        corpus=corpus,
    )
    return _with_all_view(question, data, where)


def _parse_legacy(data: dict, where: str, corpus: str) -> EvalQuestion:
    known = {"id", "question", "category", "style", "expect", "expect_any", "evidence", "abstain"}
    unknown = sorted(set(data) - known - ALL_VIEW_KEYS)
    if unknown:
        raise EvalSetError(f"{where}: unknown field(s) {', '.join(unknown)}")
    category = _choice(data, "category", LEGACY_CATEGORIES, where)
    abstain = data.get("abstain", False)
    if not isinstance(abstain, bool):
        raise EvalSetError(f"{where}: 'abstain' must be true or false")
    if abstain != (category in _LEGACY_REFUSAL):
        raise EvalSetError(f"{where}: only offtopic and neartopic questions are refused, and all of them are")
    expect, expect_any = expectations(data, where)
    evidence = data.get("evidence")
    if evidence is not None and (not isinstance(evidence, str) or not evidence.strip()):
        raise EvalSetError(f"{where}: 'evidence' must be a non-empty string")
    if abstain and (expect or expect_any or evidence):
        raise EvalSetError(f"{where}: a question to refuse has no expect, expect_any or evidence")
    if not abstain and not (expect or expect_any):
        raise EvalSetError(f"{where}: an answerable question needs 'expect' or 'expect_any'")
    if not abstain and not evidence:
        raise EvalSetError(f"{where}: an answerable question needs 'evidence'")
    question = EvalQuestion(
        id=_text(data, "id", where),
        question=_text(data, "question", where),
        style=_choice(data, "style", STYLES, where),
        abstain=abstain,
        split="tune",
        kind=_LEGACY_KIND.get(category, "description"),
        refusal=_LEGACY_REFUSAL.get(category),
        expect=expect,
        expect_any=expect_any,
        evidence=evidence,
        corpus=corpus,
    )
    return _with_all_view(question, data, where)


ALL_VIEW_KEYS = frozenset({"all_view", "all_view_reason"})
_ALL_VIEW_FIELDS = frozenset({"abstain", "refusal", "expect_any", "sources", "evidence"})
_ANSWER_FIELDS = ("expect_any", "sources", "evidence")


def _with_all_view(question: EvalQuestion, data: dict, where: str) -> EvalQuestion:
    """`question` with the label it has once every corpus is indexed: "skip", or the fields that differ there.

    Fields left out keep the corpus's own label; `expect_any` replaces `expect` too; sources name the corpus folder.
    """
    if "all_view" not in data:
        if "all_view_reason" in data:
            raise EvalSetError(f"{where}: 'all_view_reason' goes with 'all_view'")
        return question
    reason = _text(data, "all_view_reason", where)
    value = data["all_view"]
    if value == "skip":
        return replace(question, all_view_skip=True, all_view_reason=reason)
    if not isinstance(value, dict) or not value or set(value) - _ALL_VIEW_FIELDS:
        fields = ", ".join(sorted(_ALL_VIEW_FIELDS))
        raise EvalSetError(f"{where}: 'all_view' must be \"skip\" or an object of {fields}")
    where = f"{where}: all_view"
    abstain = value.get("abstain", question.abstain)
    if not isinstance(abstain, bool):
        raise EvalSetError(f"{where}: 'abstain' must be true or false")
    if abstain:
        if any(name in value for name in _ANSWER_FIELDS):
            raise EvalSetError(f"{where}: a question to refuse has no expect_any, evidence or sources")
        refusal = _choice({"refusal": value.get("refusal", question.refusal)}, "refusal", REFUSALS, where)
        label = replace(question, abstain=True, refusal=refusal, expect=(), expect_any=(), evidence=None, sources=())
    else:
        if "refusal" in value:
            raise EvalSetError(f"{where}: only a question to refuse has a 'refusal'")
        if question.abstain and not all(name in value for name in _ANSWER_FIELDS):
            raise EvalSetError(f"{where}: answering a question the corpus refuses needs expect_any, sources, evidence")
        expect, expect_any = question.expect, question.expect_any
        if "expect_any" in value:
            expect, expect_any = expectations(value, where)
        label = replace(
            question,
            abstain=False,
            refusal=None,
            expect=expect,
            expect_any=expect_any,
            sources=_all_view_sources(value, where) if "sources" in value else in_all_view(question).sources,
            evidence=_text(value, "evidence", where) if "evidence" in value else question.evidence,
        )
    return replace(question, all_view=label, all_view_reason=reason)


def _all_view_sources(value: dict, where: str) -> tuple[str, ...]:
    sources = non_empty_strings(value["sources"], where, "sources")
    if not all("/" in source for source in sources):
        raise EvalSetError(f"{where}: 'sources' are '<corpus>/<path>' paths")
    return sources


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


def load_questions(path: Path, *, corpus: str = "") -> list[EvalQuestion]:
    """Read one labelled question file; every question is tagged with its corpus."""
    return read_question_lines(path, lambda data, where: parse_question(data, where, corpus=corpus))
