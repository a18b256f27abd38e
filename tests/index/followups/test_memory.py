from datetime import UTC, datetime, timedelta

import pytest

from index.followups import ConversationMemory, Turn


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 30, 12, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def turn(n: int) -> Turn:
    return Turn(question=f"q{n}", asked=f"q{n}", subject=None)


def test_keeps_the_last_turns_only():
    memory = ConversationMemory(turns=2, clock=Clock())
    for n in range(4):
        memory.remember(("thread", "ann"), turn(n))
    assert [t.question for t in memory.history(("thread", "ann"))] == ["q2", "q3"]


def test_conversations_are_kept_apart_per_place_and_user():
    memory = ConversationMemory(clock=Clock())
    memory.remember(("thread", "ann"), turn(1))
    memory.remember(("thread", "bob"), turn(2))
    assert [t.question for t in memory.history(("thread", "ann"))] == ["q1"]
    assert [t.question for t in memory.history(("thread", "bob"))] == ["q2"]
    assert memory.history(("other", "ann")) == ()


def test_a_conversation_expires_after_its_time_to_live():
    clock = Clock()
    memory = ConversationMemory(ttl=timedelta(minutes=5), clock=clock)
    memory.remember("k", turn(1))
    clock.now += timedelta(minutes=4)
    assert memory.history("k")
    memory.remember("k", turn(2))  # a new turn starts the time to live again
    clock.now += timedelta(minutes=4)
    assert len(memory.history("k")) == 2
    clock.now += timedelta(minutes=2)
    assert memory.history("k") == ()
    assert len(memory) == 0


def test_the_oldest_conversation_is_dropped_past_capacity():
    memory = ConversationMemory(conversations=2, clock=Clock())
    for key in ("a", "b", "c"):
        memory.remember(key, turn(1))
    assert memory.history("a") == ()
    assert memory.history("b") and memory.history("c")


def test_forget():
    memory = ConversationMemory(clock=Clock())
    memory.remember("k", turn(1))
    memory.forget("k")
    memory.forget("never seen")
    assert memory.history("k") == ()


@pytest.mark.parametrize(
    "options", [{"turns": 0}, {"conversations": 0}, {"ttl": timedelta(0)}, {"ttl": timedelta(seconds=-1)}]
)
def test_bad_limits_are_refused(options):
    with pytest.raises(ValueError):
        ConversationMemory(**options)
