from index.followups import Conversations, resolve
from index.schema import Answer


def test_a_follow_up_is_read_in_its_own_conversation_only():
    conversations = Conversations()
    ann, bob = ("thread", "ann"), ("thread", "bob")
    first = resolve("When is the letter of intent due?", conversations.history(ann))
    conversations.answered(ann, first, Answer(question=first.text, text="By December 31 [1]", abstained=False))
    assert [t.answer for t in conversations.history(ann)] == ["By December 31 [1]"]
    mine = resolve("who do I send it to?", conversations.history(ann))
    assert mine.text == "who do I send the letter of intent to?"
    theirs = resolve("who do I send it to?", conversations.history(bob))
    assert theirs.text == "who do I send it to?" and not theirs.used_context
    conversations.forget(ann)
    assert conversations.history(ann) == ()
