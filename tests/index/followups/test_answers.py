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
    assert answer_reading(kb, reading) == given
    assert kb.asked == []


def test_a_follow_up_is_asked_once_with_its_focus():
    kb = ScriptedKB({"who leads the station of China?": ("Beijing-led [1]", 0.9)})
    assert answer_reading(kb, REWRITTEN).text == "Beijing-led [1]"
    assert kb.asked == [("who leads the station of China?", FOCUS)]


def test_a_refused_rewrite_is_the_answer_even_when_the_words_as_typed_would_be_answered():
    kb = ScriptedKB({"who leads it?": ("Beijing-led [1]", 0.99)})
    answer = answer_reading(kb, REWRITTEN)
    assert answer.abstained
    assert [text for text, _ in kb.asked] == ["who leads the station of China?"] * 2


class FocusRefusingKB(ScriptedKB):
    """Refuses every question asked with a focus, as a focus moving the choice to a weak passage does."""

    def ask(self, question, *, now=None, focus=None) -> Answer:
        if focus is not None:
            self.asked.append((question, focus))
            return Answer(question=question, text=REFUSAL, abstained=True)
        return super().ask(question, now=now, focus=None)


def test_a_rewrite_the_focus_refuses_is_asked_again_without_it():
    kb = FocusRefusingKB({"who leads the station of China?": ("Beijing-led [1]", 0.9)})
    assert answer_reading(kb, REWRITTEN).text == "Beijing-led [1]"
    assert kb.asked == [("who leads the station of China?", FOCUS), ("who leads the station of China?", None)]


def test_a_refusal_without_a_focus_is_not_asked_again():
    kb = ScriptedKB({})
    typed = Reading("who leads it?", "who leads it?", False, None)
    assert answer_reading(kb, typed).abstained
    assert kb.asked == [("who leads it?", None)]
