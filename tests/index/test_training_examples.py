from datetime import date

from index.evaluation import EVALUATION_DAY
from index.training_examples import examples_of


class RecordsOnlyKnowledgeBase:
    """Answers every question from its deadline records, noting the day it was asked to judge them on."""

    def __init__(self) -> None:
        self.days: list[date] = []

    def answer_from_records(self, question: str, today: date) -> str:
        self.days.append(today)
        return "from the records"


class Question:
    question = "When is the letter of intent due?"


def test_questions_answered_from_records_are_judged_on_the_evaluation_day_not_today():
    kb = RecordsOnlyKnowledgeBase()
    assert examples_of(kb, "proposal", [Question(), Question()]) == []
    assert kb.days == [EVALUATION_DAY, EVALUATION_DAY]


def test_a_span_is_right_only_when_no_sentence_inside_it_answers_alone():
    import numpy as np

    from index.schema import Chunk
    from index.training_examples import minimal_only
    from index.units import units_of

    sentences = ("It has two lines.", "The ice line heats regolith to 150 °C.", "The oxygen line makes oxygen.")
    units = units_of(Chunk("c", "p.md", "P1", "P1", 0, " ".join(sentences), sentences))
    span = next(i for i, u in enumerate(units) if (u.first, u.last) == (0, 2))
    labels = np.zeros(len(units), dtype=np.int8)
    labels[span] = 1
    minimal_only(units, labels)
    assert labels[span] == 1  # only the whole span names both lines
    labels[1] = 1  # the ice line's sentence answers alone ("How hot does the ice line heat regolith?")
    minimal_only(units, labels)
    assert labels[span] == 0 and labels[1] == 1
