"""A burst of questions must not block the event loop (the gateway heartbeat runs on it): answering runs in the
answer pool's threads, never on the loop's own."""

from __future__ import annotations

import asyncio
import threading

from bot.commands.spec import Caller, Context, Reply
from bot.features.ask.commands import answer
from bot.features.ask.cooldown import Cooldown
from bot.knowledge import KnowledgeBaseHolder, freeze_startup_objects
from bot.rendering.styles import DISCORD_STYLE
from bot.services import Services
from bot.storage.questions import QuestionLog

QUESTIONS = [
    "When is the deadline for the letter of intent?",
    "Who has joined the lunar station program?",
    "When will proposals be selected?",
    "What will Chang'e-8 search for?",
    "Where will the research station be built?",
] * 4


class RecordingResponder:
    style = DISCORD_STYLE

    def __init__(self) -> None:
        self.replies: list[Reply] = []

    async def acknowledge(self, *, private: bool) -> None:
        return None

    async def send(self, reply: Reply) -> None:
        self.replies.append(reply)


async def ask_and_reply(ctx: Context, question: str) -> None:
    await ctx.responder.send(await answer(ctx, question))


async def count_ticks(stop: asyncio.Event, tick: float = 0.005) -> int:
    """How many short sleeps the loop completed until `stop`: it keeps turning while questions are answered."""
    ticks = 0
    while not stop.is_set():
        await asyncio.sleep(tick)
        ticks += 1
    return ticks


class ThreadRecordingKnowledgeBase:
    """The real knowledge base, noting which threads it was called on."""

    def __init__(self, kb) -> None:
        self.kb = kb
        self.threads: set[str] = set()

    def ask(self, question, *, now=None, focus=None):
        self.threads.add(threading.current_thread().name)
        return self.kb.ask(question, now=now, focus=focus)

    def search(self, query, k=5):
        self.threads.add(threading.current_thread().name)
        return self.kb.search(query, k)


async def test_the_loop_keeps_turning_while_20_questions_are_answered_off_it(kb, settings, bot_database, now):
    recording = ThreadRecordingKnowledgeBase(kb)
    holder = KnowledgeBaseHolder(recording, workers=settings.knowledge.answer_workers)
    services = Services(
        settings=settings,
        knowledge=holder,
        feedback=QuestionLog(bot_database),
        cooldown=Cooldown(100, 60),
        now=lambda: now,
    )
    await holder.ask("warm up the model", now=now)
    freeze_startup_objects()  # as the bot does once it has loaded
    responders = [RecordingResponder() for _ in QUESTIONS]
    stop = asyncio.Event()
    ticker = asyncio.create_task(count_ticks(stop))
    try:
        await asyncio.gather(
            *(
                ask_and_reply(Context(services, Caller("slash", user_id=n), responder, front_end=None), question)
                for n, (question, responder) in enumerate(zip(QUESTIONS, responders, strict=True))
            )
        )
    finally:
        stop.set()
        ticks = await ticker
        holder.close()
    assert all(len(r.replies) == 1 and r.replies[0].card is not None for r in responders)
    answered = [r.replies[0] for r in responders if r.replies[0].card.tone == "answer"]
    assert len(answered) >= 10  # the real index answers most of these
    # No wall-clock bound (timings belong to scripts/benchmark.py): the loop ran other work between the answers.
    assert ticks >= len(QUESTIONS) // 2
    # Off the loop, in the dedicated pool: never on the event loop's own thread.
    assert recording.threads and all(name.startswith("answer") for name in recording.threads)
    assert threading.current_thread().name not in recording.threads


async def test_each_answer_comes_from_one_index_even_when_swapped_mid_flight(settings, fake_kb):
    from tests.bot.conftest import FakeKnowledgeBase

    started = asyncio.Event()
    release = asyncio.Event()
    loop = asyncio.get_running_loop()

    class SlowKnowledgeBase(FakeKnowledgeBase):
        def ask(self, question, *, now=None, focus=None):
            loop.call_soon_threadsafe(started.set)
            asyncio.run_coroutine_threadsafe(release.wait(), loop).result(5)
            return super().ask(question, now=now, focus=focus)

    old, new = SlowKnowledgeBase(), FakeKnowledgeBase()
    holder = KnowledgeBaseHolder(old)
    in_flight = asyncio.create_task(holder.ask("first"))
    await started.wait()
    assert holder.swap(new) is old
    release.set()
    await in_flight
    await holder.ask("second")
    holder.close()
    assert [q for q, _ in old.asked] == ["first"] and [q for q, _ in new.asked] == ["second"]
