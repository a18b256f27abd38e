from index.followups import Conversations, Reading, with_reading
from index.schema import Answer


def answer(text: str, abstained: bool = False) -> Answer:
    return Answer(question="", text=text, abstained=abstained)


def test_a_follow_up_is_read_in_its_own_conversation_only():
    conversations = Conversations()
    first = conversations.read(("thread", "ann"), "When is the letter of intent due?")
    conversations.answered(("thread", "ann"), first, answer("By December 31 [1]"))
    mine = conversations.read(("thread", "ann"), "who do I send it to?")
    assert mine.text == "who do I send the letter of intent to?"
    theirs = conversations.read(("thread", "bob"), "who do I send it to?")
    assert theirs.text == "who do I send it to?" and not theirs.used_context
    conversations.forget(("thread", "ann"))
    assert not conversations.read(("thread", "ann"), "who do I send it to?").used_context


def test_the_reading_leads_the_answer_only_when_context_was_used():
    used = Reading(
        "who do I send it to?",
        "who do I send the letter of intent to?",
        True,
        "the letter of intent",
        "Reading 'it' as the letter of intent",
    )
    assert with_reading(used, "To the CNSA [1]") == "Reading 'it' as the letter of intent: To the CNSA [1]"
    alone = Reading("When is it due?", "When is it due?", False, None)
    assert with_reading(alone, "By December 31 [1]") == "By December 31 [1]"
