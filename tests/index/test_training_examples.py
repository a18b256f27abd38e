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
