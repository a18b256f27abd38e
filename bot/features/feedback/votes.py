"""A 👍/👎 on an answer: stored against the logged question, acknowledged to the voter in one line; a 👎 can say
why (wrong, outdated, not what was asked, other, with an optional note)."""

from __future__ import annotations

import logging

from bot.storage.downvote_reasons import REASONS
from bot.storage.questions import QuestionLog, VotingClosed

log = logging.getLogger(__name__)

VOTES = {"up": 1, "down": -1}


THANKS_DOWN = "Thanks, the maintainers will look at it."


async def record_feedback(feedback: QuestionLog, question_id: int, user_id: int | None, vote: str) -> str:
    """Store the vote (replacing the user's earlier one) and return the acknowledgement to show the voter
    (`THANKS_DOWN` for a saved 👎)."""
    if user_id is None:
        return "Feedback needs a Discord user."
    try:
        known = await feedback.record_vote(question_id, user_id, VOTES[vote])
    except VotingClosed:
        return "Voting on this answer has closed: the bot no longer records who voted on it (see /privacy)."
    except Exception:
        log.exception("could not record feedback on question %s", question_id)
        return "Sorry, I couldn't save your feedback; please try again later."
    if not known:
        return "That answer is no longer in the log, so the feedback was not saved."
    return "Thanks! Your 👍 helps others trust this answer." if vote == "up" else THANKS_DOWN


async def record_downvote_reason(
    feedback: QuestionLog, question_id: int, user_id: int, reason: str, note: str | None
) -> str:
    """Store why the user voted 👎 (with their vote) and return the acknowledgement."""
    if reason not in REASONS:
        return f"Pick one of: {', '.join(REASONS.values())}."
    try:
        saved = await feedback.record_reason(question_id, user_id, reason, note)
    except Exception:
        log.exception("could not record a downvote reason on question %s", question_id)
        return "Sorry, I couldn't save your reason; your 👎 is kept."
    return THANKS_DOWN if saved else "Your 👎 on that answer is no longer recorded, so the reason was not saved."
