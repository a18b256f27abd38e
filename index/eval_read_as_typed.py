"""Labelled questions asked after another turn: each is self-contained, so it must be read exactly as typed.

Every question of an evaluation corpus is asked after the first turn of one of that corpus's conversations of the
same split (tests/data/dialogues), taken in turn. A reading that rewrites the question bends a fresh question by the
previous one; the share read as typed complements the dialogue set's few self-contained turns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from index.dialogue_set import DIALOGUES, load_dialogues
from index.eval_corpora import Corpus
from index.eval_report import format_rate
from index.evaluation import SupportsEvaluation
from index.followups.memory import Turn
from index.followups.resolution import resolve, turn_of


def _first_turn(kb: SupportsEvaluation, question: str, now: datetime) -> Turn:
    reading = resolve(question, [], kb, now=now)
    return turn_of(reading, kb.ask(reading.text, now=now))


def read_after_a_turn(
    kbs: dict[str, SupportsEvaluation], corpora: Iterable[Corpus], *, now: datetime, path: Path = DIALOGUES
) -> list[dict[str, Any]]:
    """One result per labelled question of a corpus with a knowledge base and conversations in its split."""
    openers: dict[tuple[str, str], list[str]] = {}
    for dialogue in load_dialogues(path):
        openers.setdefault((dialogue.corpus, dialogue.split), []).append(dialogue.turns[0].question.question)
    results = []
    for corpus in corpora:
        kb = kbs.get(corpus.name)
        if kb is None:
            continue
        turns: dict[str, Turn] = {}
        counts: dict[str, int] = {}
        for question in corpus.questions:
            firsts = [q for q in openers.get((corpus.name, question.split), []) if q != question.question]
            if not firsts:
                continue
            n = counts[question.split] = counts.get(question.split, 0) + 1
            before = firsts[n % len(firsts)]
            if before not in turns:
                turns[before] = _first_turn(kb, before, now)
            reading = resolve(question.question, [turns[before]], kb, now=now)
            typed = reading.text == question.question.strip() and not reading.used_context
            results.append(
                {"id": question.id, "split": question.split, "after": before, "question": question.question}
                | {"read_as_typed": typed, "asked": reading.text}
            )
    return results


def format_read_as_typed(results: Sequence[dict[str, Any]], *, failures_of: Iterable[str] = ("tune",)) -> str:
    """The share read as typed per split, then the questions of `failures_of` that were rewritten."""
    splits = [s for s in ("tune", "holdout") if any(r["split"] == s for r in results)]
    if not splits:
        return "  labelled questions after another turn: none asked"
    cells = ""
    for split in splits:
        flags = [r["read_as_typed"] for r in results if r["split"] == split]
        cells += f"{format_rate(sum(flags) / len(flags)):>12}"
    lines = [f"  {'questions read as typed after a turn':<38}{cells}"]
    for split in failures_of:
        bent = [r for r in results if r["split"] == split and not r["read_as_typed"]]
        for r in bent:
            lines.append(f"  - [{r['id']}] {r['question']!r} after {r['after']!r} was asked as {r['asked']!r}")
    return "\n".join(lines)
