"""Coverage gaps in /stats: the biggest gaps shown first, the console grouping similar questions."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from bot.console.app import chat
from bot.console.dispatch import Console
from bot.console.responder import ConsoleResponder
from bot.rendering.listings import render_stats
from bot.rendering.styles import PLAIN_STYLE
from index.coverage_gaps import Gap
from index.schema import Answer


def test_stats_shows_the_biggest_gaps_first_and_counts_the_rest():
    from bot.storage.questions import Stats

    stats = Stats(3, 1, 2, 1, 0, 0, (), ())
    gaps = [
        Gap(7 - n, f"question {n}?", datetime(2026, 11, 30, 9, n, tzinfo=UTC), {"unanswered": 1}, ()) for n in range(7)
    ]
    card = render_stats(stats, period="so far", style=PLAIN_STYLE, gaps=gaps)
    field = next(f for f in card.fields if f.name.startswith("What to document next"))
    lines = field.value.splitlines()
    assert lines[0] == "7× “question 0?” — last asked 2026-11-30 09:00"
    assert len(lines) == 6 and lines[-1] == "and 2 more in the export"
    assert not any(f.name.startswith("What to document") for f in render_stats(stats, period="so far").fields)


async def test_console_stats_groups_similar_unanswered_questions(services, fake_kb):
    fake_kb.respond = lambda q: Answer(q, "The sources do not say.", True)
    out = io.StringIO()
    piped = "How much does the mission cost?\nhow much does the mission cost\nWho won the match?\n/stats\n"
    await chat(Console(services, ConsoleResponder(out)), io.StringIO(piped), out)
    text = out.getvalue().split("What to document next", 1)[1]
    assert "2× “" in text and "1× “Who won the match?”" in text
    assert text.index("2× “") < text.index("1× “")
