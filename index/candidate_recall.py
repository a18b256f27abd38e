"""Candidate recall: whether an answerable question's right unit is among its candidate units, and why not.

A right unit holds the expected strings of one group and comes from a right source (as training labels it), or
overlaps the labelled evidence. A miss is put down to the first of: the right sources hold no unit or chunk with
the expected strings at all (`spread`: the answer is split over chunks, or written otherwise); a chunk holds them
but no unit of it does (`not_cut`); a retrieved unit holds them but is quoted short of them (`quote_cut`); a unit
of the corpus is right but its chunk was not retrieved, with none of the question's terms in it (`words_absent`,
a paraphrase) or some (`ranked_out`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from index.eval_question import EvalQuestion
from index.evaluation import contains, missing_expectations
from index.text import normalise, terms
from index.units import Unit, units_of

PRESENT = "present"
MISSES = ("words_absent", "ranked_out", "quote_cut", "not_cut", "spread")


@dataclass(frozen=True)
class Outcome:
    """One answerable question's candidate recall."""

    corpus: str
    view: str
    style: str
    reason: str  # PRESENT or one of MISSES
    evidence_present: bool  # a candidate overlaps the labelled evidence (from a right source)


def holds_answer(question: EvalQuestion, unit: Unit) -> bool:
    """The unit holds the expected strings of one group and comes from a right source."""
    if question.sources and unit.chunk.doc_path not in question.sources:
        return False
    return not missing_expectations(question, unit.text)


def overlaps_evidence(question: EvalQuestion, unit: Unit) -> bool:
    """The unit, from a right source, lies within the labelled evidence or holds it."""
    if not question.evidence or (question.sources and unit.chunk.doc_path not in question.sources):
        return False
    text = normalise(unit.text).strip()
    return bool(text) and (contains(question.evidence, text) or contains(unit.text, question.evidence))


def diagnose(
    question: EvalQuestion, view: str, candidates: list[Unit], labels: Iterable[bool], chunks: list
) -> Outcome:
    """Why the right unit of `question` is among `candidates` (labelled as training does) or not; `chunks` are every
    chunk of the index asked."""
    evidence = any(overlaps_evidence(question, u) for u in candidates)
    outcome = Outcome(question.corpus, view, question.style, PRESENT, evidence)
    if any(labels):
        return outcome
    sources = [c for c in chunks if not question.sources or c.doc_path in question.sources]
    right_chunks = [c for c in sources if any(holds_answer(question, u) for u in units_of(c))]
    if not right_chunks:
        holding = any(not missing_expectations(question, f"{c.title}\n{c.text}") for c in sources)
        return Outcome(outcome.corpus, view, outcome.style, "not_cut" if holding else "spread", evidence)
    retrieved = {u.chunk.id for u in candidates}
    if any(c.id in retrieved for c in right_chunks):
        return Outcome(outcome.corpus, view, outcome.style, "quote_cut", evidence)
    asked = set(terms(question.question))
    shared = any(asked & set(terms(f"{c.section}\n{c.text}")) for c in right_chunks)
    return Outcome(outcome.corpus, view, outcome.style, "ranked_out" if shared else "words_absent", evidence)


def summary(outcomes: list[Outcome]) -> dict:
    """The share present, overall, by corpus and by question style, and the misses by reason."""

    def rates(chosen: list[Outcome]) -> dict:
        n = max(len(chosen), 1)
        return {
            "questions": len(chosen),
            "present": round(sum(o.reason == PRESENT for o in chosen) / n, 4),
            "present_or_evidence": round(sum(o.reason == PRESENT or o.evidence_present for o in chosen) / n, 4),
        }

    def grouped(key) -> dict:
        return {name: rates([o for o in outcomes if key(o) == name]) for name in sorted({key(o) for o in outcomes})}

    misses = Counter(o.reason for o in outcomes if o.reason != PRESENT)
    return {
        "overall": rates(outcomes),
        "by_view": grouped(lambda o: "all" if o.view == "all" else "own"),
        "by_corpus": grouped(lambda o: o.corpus),
        "by_style": grouped(lambda o: o.style),
        "misses": {reason: misses.get(reason, 0) for reason in MISSES},
    }
