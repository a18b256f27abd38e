from dataclasses import dataclass

import pytest

from index.followup_breakdown import CAUSES, breakdown, cause_of, format_breakdown, kind_of


@dataclass(frozen=True)
class Turn:
    question: str = "who do I send it to?"
    used_context: bool = True
    correct: bool = False
    refused: bool = False
    should_refuse: bool = False
    standalone_correct: bool | None = None
    rewrite_correct: bool | None = False


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("what about Chang'e-6?", "what about Y?"),
        ("and how about the rover?", "what about Y?"),
        ("and at Site 4A?", "and the X?"),
        ("is that still open?", "yes/no"),
        ("does it pay for the flight?", "yes/no"),
        ("where did it land?", "pronoun"),
        ("until when?", "question word alone"),
        ("how early?", "question word alone"),
        ("how long is the bake-out?", "no sign"),
    ],
)
def test_a_follow_up_is_told_by_the_first_sign_of_leaning_on_the_conversation(question, kind):
    assert kind_of(question) == kind


@pytest.mark.parametrize(
    ("turn", "cause"),
    [
        (Turn(correct=True), "right"),
        (Turn(used_context=False, rewrite_correct=True), "read wrong"),
        (Turn(standalone_correct=True, rewrite_correct=False), "read wrong"),
        (Turn(refused=True), "refused"),
        (Turn(refused=True, should_refuse=True, rewrite_correct=False), "wrong alone"),
        (Turn(standalone_correct=False, rewrite_correct=False), "wrong alone"),
        (Turn(rewrite_correct=True), "focus"),
    ],
)
def test_a_wrong_follow_up_is_put_down_to_one_cause(turn, cause):
    assert cause_of(turn) == cause


def test_the_breakdown_counts_each_kind_by_cause_and_totals_them():
    turns = [Turn(correct=True), Turn(rewrite_correct=True), Turn(question="where?", refused=True)]
    table = breakdown(turns)
    assert list(table) == ["pronoun", "question word alone"]
    assert table["pronoun"] == dict.fromkeys(CAUSES, 0) | {"right": 1, "focus": 1}
    lines = format_breakdown("tune", table)
    assert lines[0].split()[:2] == ["tune", "follow-ups"]
    assert lines[-1].split() == ["all", "3", "1", "0", "1", "0", "1"]
