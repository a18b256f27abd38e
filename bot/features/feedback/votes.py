"""A 👍/👎 on an answer: stored against the logged question, acknowledged to the voter in one line."""

from __future__ import annotations

import logging

from bot.storage.questions import QuestionLog, VotingClosed

log = logging.getLogger(__name__)

VOTES = {"up": 1, "down": -1}


async def record_feedback(feedback: QuestionLog, question_id: int, user_id: int | None, vote: str) -> str:
    """Store the vote (replacing the user's earlier one) and return the acknowledgement to show the voter."""
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
    return (
        "Thanks! Your 👍 helps others trust this answer."
        if vote == "up"
        else "Thanks, the maintainers will look at it."
    )
