"""The golden question set: parsing, the guard's verdict, and questions taken from 👍-rated answers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

from index.errors import QuestionError
from index.eval_set import EvalSetError
from index.golden import (
    DEFAULT_GOLDEN_PATH,
    GoldenQuestion,
    append_golden,
    golden_from_feedback,
    guard,
    load_golden,
    score_golden,
)
from index.schema import Answer

QUESTIONS = [
    GoldenQuestion("deadline", "When is the deadline?", expect=("December 31",)),
    GoldenQuestion("partners", "Who joined?", expect_any=(("Russia", "Venezuela"), ("two countries",))),
    GoldenQuestion("refuse", "Capital of France?", abstain=True),
]


@dataclass
class ScriptedKB:
    """Answers from a dict of question -> text; None means refuse; a missing question raises QuestionError."""

    answers: dict[str, str | None]
    asked: list = field(default_factory=list)

    def ask(self, question, *, now=None):
        self.asked.append(now)
        if question not in self.answers:
            raise QuestionError("too long")
        text = self.answers[question]
        return Answer(question, text or "Not covered.", abstained=text is None)


GOOD = {
    "When is the deadline?": "By December 31 [1].",
    "Who joined?": "Russia and Venezuela [1].",
    "Capital of France?": None,
}


# The golden questions were written for the hand-tuned rules that answering replaced; the learned model, fitted on
# other corpora too, is held to most of them here and to the quality bars on unseen (holdout) questions elsewhere.
MIN_GOLDEN_SHARE = 0.85


def test_the_shipped_set_loads_and_the_real_index_answers_nearly_all_of_it(kb, now):
    questions = load_golden(DEFAULT_GOLDEN_PATH)
    assert 15 <= len(questions) <= 30
    assert any(q.abstain for q in questions) and all(q.origin == "curated" for q in questions)
    scores = score_golden(kb, questions, now=now)
    failures = [(s.id, s.reason) for s in scores if not s.correct]
    assert len(failures) <= (1 - MIN_GOLDEN_SHARE) * len(scores), failures


def test_an_equal_or_better_candidate_passes():
    result = guard(ScriptedKB(GOOD), ScriptedKB(GOOD), QUESTIONS)
    assert (result.passed, result.current_score, result.candidate_score, result.total) == (True, 3, 3, 3)
    assert result.regressions == () and "passed" in result.summary()


def test_a_candidate_answering_fewer_fails_and_names_the_regressions():
    worse = {**GOOD, "When is the deadline?": "Sometime next year [1].", "Capital of France?": "Paris [1]."}
    result = guard(ScriptedKB(GOOD), ScriptedKB(worse), QUESTIONS)
    assert (result.passed, result.current_score, result.candidate_score) == (False, 3, 1)
    assert [(r.id, r.reason) for r in result.regressions] == [
        ("deadline", "answer lacks 'December 31'"),
        ("refuse", "answered a question it should refuse"),
    ]
    assert "candidate 1/3, current 3/3: failed" in result.summary()


def test_trading_one_right_answer_for_another_still_passes():
    current = {**GOOD, "Who joined?": None}
    candidate = {**GOOD, "When is the deadline?": None}
    result = guard(ScriptedKB(current), ScriptedKB(candidate), QUESTIONS)
    assert result.passed and [r.id for r in result.regressions] == ["deadline"]


def test_expect_any_needs_every_string_of_one_group():
    half = {**GOOD, "Who joined?": "Russia [1]."}
    assert guard(None, ScriptedKB(half), QUESTIONS).candidate_score == 2


def test_without_a_current_index_the_candidate_is_only_scored():
    candidate = ScriptedKB(GOOD)
    result = guard(None, candidate, QUESTIONS)
    assert (result.passed, result.current_score, result.candidate_score) == (True, None, 3)
    assert "no current index" in result.summary()


def test_both_indexes_are_asked_with_the_same_clock():
    current, candidate = ScriptedKB(GOOD), ScriptedKB(GOOD)
    guard(current, candidate, QUESTIONS)
    assert len(set(current.asked + candidate.asked)) == 1 and current.asked[0] is not None


def test_a_rejected_question_counts_as_a_refusal():
    missing = {k: v for k, v in GOOD.items() if k != "Capital of France?"}
    assert guard(None, ScriptedKB(missing), QUESTIONS).candidate_score == 3  # refusing it was right anyway
    missing = {k: v for k, v in GOOD.items() if k != "Who joined?"}
    assert guard(None, ScriptedKB(missing), QUESTIONS).candidate_score == 2


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[1, 2]", "expected a JSON object"),
        ('{"id": "a", "question": "q"}', "needs 'expect' or 'expect_any'"),
        ('{"id": "a", "question": "q", "abstain": true, "expect": ["x"]}', "to refuse has no"),
        ('{"id": "a", "question": "q", "expect": []}', "non-empty list"),
        ('{"id": "a", "question": "q", "expect_any": [["x"], []]}', "non-empty list"),
        ('{"id": "a", "question": "", "expect": ["x"]}', "'question' must be"),
        ('{"id": "a", "question": "q", "expect": ["x"], "why": 1}', "unknown field(s) why"),
        ('{"id": "a", "question": "q", "expect": ["x"], "origin": "web"}', "'origin' must be"),
        ('{"id": "a", "question": "q", "expect": ["x"], "abstain": "no"}', "true or false"),
        ("{not json", "invalid JSON"),
    ],
)
def test_malformed_lines_are_refused_with_file_and_line(tmp_path, line, message):
    path = tmp_path / "golden.jsonl"
    path.write_text('{"id": "ok", "question": "q", "expect": ["x"]}\n\n' + line + "\n", encoding="utf-8")
    with pytest.raises(EvalSetError, match=r"golden\.jsonl:3") as error:
        load_golden(path)
    assert message in str(error.value)


def test_duplicate_ids_empty_and_missing_files_are_refused(tmp_path):
    path = tmp_path / "golden.jsonl"
    path.write_text('{"id": "a", "question": "q", "expect": ["x"]}\n' * 2, encoding="utf-8")
    with pytest.raises(EvalSetError, match="duplicate id 'a'"):
        load_golden(path)
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(EvalSetError, match="no golden questions"):
        load_golden(path)
    with pytest.raises(EvalSetError, match="cannot read"):
        load_golden(tmp_path / "missing.jsonl")


def feedback_row(row_id, question, *, up=1, down=0, abstained=False, quote="Letters are due by December 31."):
    citations = [{"number": 1, "quote": quote, "source": "a.md"}] if quote else []
    answer = "Not covered." if abstained else f"{quote} [1]" if quote else "Something."
    return {
        "id": row_id,
        "question": question,
        "answer": answer,
        "abstained": abstained,
        "citations": citations,
        "upvotes": up,
        "downvotes": down,
    }


def test_upvoted_answers_become_questions_expecting_their_cited_quote():
    rows = [
        feedback_row(1, "  When are   letters due? "),
        feedback_row(2, "Downvoted more than up", up=1, down=2),
        feedback_row(3, "Refused but liked", abstained=True),
        feedback_row(4, "No quote", quote=""),
        feedback_row(5, "Not voted", up=0),
        feedback_row(6, "when are letters DUE?"),  # the same question again
        feedback_row(7, "When is the deadline?"),  # already in the set
        feedback_row(8, "Who is invited?", up=3, down=1, quote="Countries and organisations are invited."),
    ]
    added = golden_from_feedback(rows, QUESTIONS)
    assert [q.to_json() for q in added] == [
        {
            "id": "feedback-1",
            "question": "When are letters due?",
            "expect": ["Letters are due by December 31."],
            "origin": "feedback",
            "feedback_id": 1,
        },
        {
            "id": "feedback-8",
            "question": "Who is invited?",
            "expect": ["Countries and organisations are invited."],
            "origin": "feedback",
            "feedback_id": 8,
        },
    ]
    assert [q.id for q in golden_from_feedback(rows, QUESTIONS, min_net_votes=2)] == ["feedback-8"]
    assert golden_from_feedback(rows, [*QUESTIONS, *added]) == []


def test_appended_questions_load_back(tmp_path):
    path = tmp_path / "golden.jsonl"
    path.write_text(json.dumps(QUESTIONS[0].to_json()), encoding="utf-8")  # no final newline
    added = golden_from_feedback([feedback_row(9, "When are letters due?")], QUESTIONS)
    assert append_golden(path, added) == 1
    assert append_golden(path, []) == 0
    loaded = load_golden(path)
    assert [q.id for q in loaded] == ["deadline", "feedback-9"]
    assert loaded[1] == added[0]
