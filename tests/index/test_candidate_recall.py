"""Candidate recall: whether a question's right unit is a candidate, and why not, told apart on small chunks."""

from index.candidate_recall import PRESENT, diagnose, summary
from index.eval_question import EvalQuestion
from index.schema import Chunk
from index.units import units_of

LAUNCH = Chunk(
    "c1", "a.md", "A", "Launch", 0, "The rover launched on 3 May 2024.", ("The rover launched on 3 May 2024.",)
)
COST = Chunk("c2", "a.md", "A", "Budget", 1, "The mission cost 80 million.", ("The mission cost 80 million.",))
MONTH, YEAR = "The launch month was May, as planned.", "The launch year was 2024 after two delays."
SPLIT = Chunk("c3", "b.md", "B", "Dates", 0, f"{MONTH} {YEAR}", (MONTH, YEAR))


def _question(text, expect, sources=("a.md",), evidence=None, style="plain"):
    return EvalQuestion(
        "q", text, style, False, expect_any=(tuple(expect),), sources=sources, evidence=evidence, corpus="c"
    )


def _units(*chunks):
    return [u for c in chunks for u in units_of(c)]


def test_a_candidate_holding_the_expected_strings_is_present():
    question = _question("When did the rover launch?", ["3 May 2024"])
    candidates = _units(LAUNCH)
    assert diagnose(question, "c", candidates, [True], [LAUNCH, COST]).reason == PRESENT


def test_a_right_chunk_not_retrieved_is_ranked_out_or_worded_otherwise():
    asked = _question("When did the rover launch?", ["3 May 2024"])
    reworded = _question("What was the lift-off day?", ["3 May 2024"])
    candidates = _units(COST)
    assert diagnose(asked, "c", candidates, [False], [LAUNCH, COST]).reason == "ranked_out"
    assert diagnose(reworded, "c", candidates, [False], [LAUNCH, COST]).reason == "words_absent"


def test_a_retrieved_right_unit_labelled_wrong_was_quoted_short():
    question = _question("When did the rover launch?", ["3 May 2024"])
    assert diagnose(question, "c", _units(LAUNCH), [False], [LAUNCH]).reason == "quote_cut"


def test_an_answer_no_unit_holds_is_not_cut_when_a_chunk_holds_it_and_spread_otherwise():
    within = _question("When did it launch?", ["May", "2024"], sources=("b.md",))
    across = _question("When did it launch and what did it cost?", ["May 2024", "80 million"], sources=())
    assert diagnose(within, "c", _units(SPLIT), [False, False], [SPLIT]).reason == "not_cut"
    assert diagnose(across, "c", _units(COST), [False], [LAUNCH, COST, SPLIT]).reason == "spread"


def test_a_unit_from_a_wrong_source_is_not_right():
    question = _question("When did the rover launch?", ["3 May 2024"], sources=("other.md",))
    assert diagnose(question, "c", _units(LAUNCH), [False], [LAUNCH]).reason == "spread"


def test_the_summary_counts_the_share_present_with_the_evidence_and_the_misses_by_reason():
    evidence = "The rover launched on 3 May 2024."
    found = _question("When did the rover launch?", ["3 May 2024"], evidence=evidence)
    written_otherwise = _question("When did the rover launch?", ["the third of May"], evidence=evidence, style="typo")
    outcomes = [
        diagnose(found, "c", _units(LAUNCH), [True], [LAUNCH]),
        diagnose(written_otherwise, "all", _units(LAUNCH), [False], [LAUNCH]),
    ]
    figures = summary(outcomes)
    assert figures["overall"] == {"questions": 2, "present": 0.5, "present_or_evidence": 1.0}
    assert figures["by_style"]["typo"]["present"] == 0.0 and figures["by_view"]["all"]["questions"] == 1
    assert figures["misses"]["spread"] == 1 and sum(figures["misses"].values()) == 1
