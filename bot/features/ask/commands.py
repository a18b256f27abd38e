"""/ask: check the question, answer it off the event loop, log it, and reply with the cited answer."""

from __future__ import annotations

import logging
import math

from bot.commands.spec import Command, Context, Option, Reply, notice
from bot.rendering.answers import render_answer
from bot.setting_groups import QUESTION_CHARS_LIMIT  # the largest MAX_QUESTION_CHARS; a lower one is explained
from index.errors import IndexError_, QuestionError
from index.question import clean_question

log = logging.getLogger(__name__)

FAILURE_MESSAGE = "Sorry, something went wrong while answering. It has been logged; please try again in a moment."


async def answer(ctx: Context, question: str, private: bool = False) -> Reply:
    services = ctx.services
    try:
        question = clean_question(question, services.settings.knowledge.max_question_chars)
    except QuestionError as exc:
        return notice(str(exc))
    caller = ctx.caller
    wait = services.cooldown.try_acquire(caller.user_id if caller.user_id is not None else "local")
    if wait > 0:
        return notice(f"You're asking quickly: please wait {math.ceil(wait)} s before your next question.")

    await ctx.acknowledge(private=private)
    try:
        # A thread or channel and a user make one conversation (the console is a single one).
        key = (caller.channel_id, caller.user_id)
        reading, result = await services.knowledge.ask_in(services.conversations, key, question, services.now())
    except QuestionError as exc:
        return notice(f"I can't take that question: {exc}")
    except IndexError_ as exc:
        log.error("knowledge base unavailable: %s", exc)
        return notice("The knowledge base is unavailable right now; the maintainers have been told.")
    except Exception:
        # Never the question itself: log lines hold no user content (README, "Data the bot stores").
        log.exception("answering a question of %d characters failed", len(question))
        return notice(FAILURE_MESSAGE)

    feedback_id = None
    try:
        feedback_id = await services.feedback.log_question(result, caller)
    except Exception:
        # The user still gets the answer; only the log (and so the feedback buttons) is missing.
        log.exception("could not log the question")
    note = reading.note if reading.used_context else None
    return Reply(card=render_answer(result, ctx.style, reading=note), private=private, feedback_id=feedback_id)


ASK = Command(
    name="ask",
    description="Ask about the Chang'e-8 / ILRS proposal; answers cite sources",
    run=answer,
    options=(
        Option("question", "Your question", required=True, max_length=QUESTION_CHARS_LIMIT),
        Option("private", "Show the answer to you alone (default: everyone)", kind="boolean", default=False),
    ),
    details="Answers quote the indexed sources with numbered citations; `private:True` shows the answer to you "
    'alone. You can also mention me with a question, or reply to one of my answers. A follow-up ("who do I send '
    'it to?", "what about Chang\'e-7?") is read with the subject of your last questions in the same channel '
    "or thread, and the answer says how it was read.",
)
