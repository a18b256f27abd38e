"""What /privacy says: what the bot stores, why, for how long and how to remove it, from the settings in force."""

from __future__ import annotations

from bot.rendering.cards import Card, CardField
from bot.setting_groups import PrivacySettings


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def privacy_card(settings: PrivacySettings) -> Card:
    identified, kept, grace = settings.identified_days, settings.question_log_days, settings.guild_data_grace_days
    removal = f"{_days(grace)} after a server removes the bot" if grace else "as soon as a server removes the bot"
    return Card(
        title="What the bot stores about you",
        description="Only what it needs to answer well; nothing else about you is read or kept.",
        fields=(
            CardField(
                "What and why",
                "• Each question you ask, with its answer, the server and channel, and your user id: so the "
                "maintainers see what people ask and what goes unanswered.\n"
                "• Your 👍/👎 on answers, with your user id: so that each person counts once.\n"
                "• Answers a moderator added to the knowledge base: who approved and who wrote each one.",
            ),
            CardField(
                "For how long",
                f"• After {_days(identified)} a question and its votes no longer record who asked or voted, and "
                f"its 👍/👎 close. After {_days(kept)} they are deleted; only daily counts remain.\n"
                f"• A server's questions, votes, reminders and settings are deleted {removal} (adding the bot "
                "back within that time keeps them). A reminder records the moderator who created it until then.",
            ),
            CardField(
                "Your copy, or removal",
                "• `/privacy action:export` sends you what the bot holds about you as a file, privately.\n"
                "• `/privacy action:delete` deletes your questions and votes, once you confirm.",
            ),
        ),
        tone="info",
    )
