from dataclasses import replace

from index.focus import Cited, Focus
from index.followups import Reading, answer_reading
from index.schema import Answer

REFUSAL = "The indexed documents don't cover this."


class ScriptedKB:
    """Answers from a table of question -> (text, confidence); anything else is refused. Records each ask."""

    def __init__(self, answers: dict[str, tuple[str, float | None]]) -> None:
        self.answers = answers
        self.asked: list[tuple[str, Focus | None]] = []

    def ask(self, question, *, now=None, focus=None) -> Answer:
        self.asked.append((question, focus))
        if question not in self.answers:
            return Answer(question=question, text=REFUSAL, abstained=True, confidence=0.05)
        text, confidence = self.answers[question]
        return Answer(question=question, text=text, abstained=False, confidence=confidence)

    def search(self, query, k=5):
        return []


FOCUS = Focus((Cited("call.md", "Key dates", "c1", "It is due on 31 December."),))
REWRITTEN = Reading("who leads it?", "who leads the station of China?", True, "the station", "Reading …", FOCUS)


def test_an_answer_given_while_reading_is_not_asked_again():
    kb = ScriptedKB({})
    given = Answer(question="who leads the station?", text="Beijing-led [1]", abstained=False)
    reading = Reading("who leads the station?", "who leads the station?", False, None, answer=given)
    assert answer_reading(kb, reading) == (reading, given)
    assert kb.asked == []


def test_a_follow_up_is_asked_once_with_its_focus():
    kb = ScriptedKB({"who leads the station of China?": ("Beijing-led [1]", 0.9)})
    reading, answer = answer_reading(kb, REWRITTEN)
    assert reading == REWRITTEN and answer.text == "Beijing-led [1]"
    assert kb.asked == [("who leads the station of China?", FOCUS)]


def test_a_refused_rewrite_gives_way_to_the_question_as_typed_when_that_is_answered_confidently():
    kb = ScriptedKB({"who leads it?": ("Beijing-led [1]", 0.8)})
    reading, answer = answer_reading(kb, REWRITTEN, typed_confidence=0.5)
    assert answer.text == "Beijing-led [1]"
    assert reading.text == "who leads it?" and reading.note is None and reading.focus == FOCUS
    # Not confident enough: the rewrite's refusal stands.
    reading, answer = answer_reading(kb, REWRITTEN, typed_confidence=0.9)
    assert answer.abstained and reading == REWRITTEN


def test_a_self_contained_question_is_never_asked_twice():
    kb = ScriptedKB({"who leads it?": ("Beijing-led [1]", 0.8)})
    fresh = replace(REWRITTEN, text="who leads the station of China?", used_context=False, focus=None)
    _, answer = answer_reading(kb, fresh, typed_confidence=0.0)
    assert answer.abstained and len(kb.asked) == 1
