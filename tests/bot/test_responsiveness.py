"""A burst of questions must not block the event loop (the gateway heartbeat runs on it)."""

from __future__ import annotations

import asyncio
import threading
import time

from bot.commands.spec import Caller, Context, Reply
from bot.features.ask.commands import answer
from bot.features.ask.cooldown import Cooldown
from bot.knowledge import KnowledgeBaseHolder, freeze_startup_objects
from bot.rendering import DISCORD_STYLE
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


async def measure_lag(stop: asyncio.Event, tick: float = 0.005) -> float:
    """The longest delay between when a short sleep should have ended and when the loop got back to it."""
    worst = 0.0
    while not stop.is_set():
        start = time.perf_counter()
        await asyncio.sleep(tick)
        worst = max(worst, time.perf_counter() - start - tick)
    return worst


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


async def test_loop_lag_stays_under_100ms_while_20_questions_are_answered(kb, settings, bot_database, now):
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
    lag = asyncio.create_task(measure_lag(stop))
    try:
        await asyncio.gather(
            *(
                ask_and_reply(Context(services, Caller("slash", user_id=n), responder, front_end=None), question)
                for n, (question, responder) in enumerate(zip(QUESTIONS, responders, strict=True))
            )
        )
    finally:
        stop.set()
        worst_lag = await lag
        holder.close()
    assert all(len(r.replies) == 1 and r.replies[0].card is not None for r in responders)
    answered = [r.replies[0] for r in responders if r.replies[0].card.tone == "answer"]
    assert len(answered) >= 10  # the real index answers most of these
    assert worst_lag < 0.1, f"event loop blocked for {worst_lag * 1000:.0f} ms"
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
