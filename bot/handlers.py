"""The handlers behind /ask, /sources, /help, /stats and the 👍/👎 buttons: shared by Discord and console."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from bot.command_layer import Command, CommandContext, Reply, ordered_commands, register
from bot.feedback_store import VOTES
from bot.rendering import (
    IndexSummary,
    SourceListing,
    render_answer,
    render_help,
    render_sources,
    render_stats,
)
from index.errors import IndexError_, QuestionError
from index.schema import Answer

log = logging.getLogger(__name__)

FAILURE_MESSAGE = "Sorry, something went wrong while answering. It has been logged; please try again in a moment."
HELP_INTRO = (
    "I answer questions about China's Chang'e-8 mission and International Lunar Research Station (ILRS) "
    "collaboration proposal, quoting the indexed sources. Each answer numbers its citations [1], [2]… "
    "with the document, section and quoted sentence; when the sources do not say, I tell you so and "
    "point to the closest sections. Mention me with a question, or reply to one of my answers, to ask in "
    "the conversation; rate answers with 👍/👎 to help the maintainers."
)


def _notice(text: str) -> Reply:
    return Reply(text=text, private=True)


async def handle_ask(ctx: CommandContext, question: str, *, private: bool = False) -> Answer | None:
    """Check the question, answer it off the event loop, log it, and reply; the Answer, or None if refused."""
    settings = ctx.services.settings
    question = " ".join(question.split())
    if not question:
        await ctx.responder.send(_notice("Please include a question, for example: `/ask when is the deadline?`"))
        return None
    if len(question) > settings.max_question_chars:
        await ctx.responder.send(
            _notice(
                f"Your question is {len(question)} characters long; the limit is "
                f"{settings.max_question_chars}. Please shorten it and ask again."
            )
        )
        return None
    wait = ctx.services.cooldown.try_acquire(ctx.asker.user_id if ctx.asker.user_id is not None else "local")
    if wait > 0:
        await ctx.responder.send(
            _notice(f"You're asking quickly: please wait {max(1, round(wait))} s before your next question.")
        )
        return None

    await ctx.responder.acknowledge(private=private)
    try:
        answer = await ctx.services.knowledge.ask(question, now=ctx.services.now())
    except QuestionError as exc:
        await ctx.responder.send(_notice(f"I can't take that question: {exc}"))
        return None
    except IndexError_ as exc:
        log.error("knowledge base unavailable: %s", exc)
        await ctx.responder.send(
            _notice("The knowledge base is unavailable right now; the maintainers have been told.")
        )
        return None
    except Exception:
        log.exception("answering %r failed", question)
        await ctx.responder.send(_notice(FAILURE_MESSAGE))
        return None

    feedback_id = None
    try:
        feedback_id = await ctx.services.feedback.log_question(answer, ctx.asker)
    except Exception:
        # The user still gets the answer; only the log (and so the feedback buttons) is missing.
        log.exception("could not log the question")
    await ctx.responder.send(
        Reply(card=render_answer(answer, ctx.responder.style), private=private, feedback_id=feedback_id)
    )
    return answer


def index_summary(kb) -> IndexSummary:
    """What /sources shows, from a loaded KnowledgeBase's manifest."""
    manifest = kb.manifest
    return IndexSummary(
        built_at=str(manifest.built_at),
        model=str(manifest.model),
        version=str(manifest.version),
        documents=tuple(
            SourceListing(title=doc.title, path=doc.path, url=doc.url, chunks=int(doc.chunks))
            for doc in manifest.documents
        ),
    )


async def handle_sources(ctx: CommandContext, argument: str = "") -> None:
    try:
        summary = index_summary(ctx.services.knowledge.current)
    except Exception:
        log.exception("could not read the index manifest")
        await ctx.responder.send(_notice("I can't read the index details right now; please try again later."))
        return
    await ctx.responder.send(Reply(card=render_sources(summary, ctx.responder.style)))


async def handle_help(ctx: CommandContext, argument: str = "") -> None:
    entries = [
        (command.usage, command.description + (" (maintainers only)" if command.maintainers_only else ""))
        for command in ordered_commands()
    ]
    await ctx.responder.send(Reply(card=render_help(entries, intro=HELP_INTRO, style=ctx.responder.style)))


async def handle_stats(ctx: CommandContext, argument: str = "", *, days: int | None = None) -> None:
    if not ctx.is_maintainer:
        await ctx.responder.send(_notice("Only maintainers can see the question log."))
        return
    await ctx.responder.acknowledge(private=True)  # the query touches the database: defer first
    since = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds") if days else None
    stats = await ctx.services.feedback.stats(since=since)
    period = f"in the last {days} days" if days else "so far"
    await ctx.responder.send(Reply(card=render_stats(stats, period=period, style=ctx.responder.style), private=True))


async def record_feedback(ctx: CommandContext, question_id: int, vote: str) -> str:
    """Store a 👍/👎 and return the one-line acknowledgement to show the voter."""
    if ctx.asker.user_id is None:
        return "Feedback needs a Discord user."
    try:
        known = await ctx.services.feedback.record_vote(question_id, ctx.asker.user_id, VOTES[vote])
    except Exception:
        log.exception("could not record feedback on question %s", question_id)
        return "Sorry, I couldn't save your feedback; please try again later."
    if not known:
        return "That answer is no longer in the log, so the feedback was not saved."
    return (
        "Thanks! Your 👍 helps others trust this answer."
        if vote == "up"
        else "Thanks, the maintainers will look at it."
    )


async def _console_ask(ctx: CommandContext, argument: str) -> None:
    await handle_ask(ctx, argument)


async def _console_stats(ctx: CommandContext, argument: str) -> None:
    days = int(argument) if argument.strip().isdigit() else None
    await handle_stats(ctx, days=days)


register(
    Command(
        "ask",
        "/ask question:<text> [private:True]",
        "Answer a question from the indexed sources, with numbered citations. `private:True` shows the "
        "answer to you alone. You can also mention me with a question, or reply to one of my answers.",
        _console_ask,
    )
)
register(Command("sources", "/sources", "List the indexed documents and when the index was built.", handle_sources))
register(Command("help", "/help", "Show this help.", handle_help))
register(
    Command(
        "stats",
        "/stats [days]",
        "What people asked, what I couldn't answer, and the 👍/👎 feedback.",
        _console_stats,
        maintainers_only=True,
    )
)
