"""Everything command handlers use, built once by each front end's composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from index.followups import Conversations

if TYPE_CHECKING:
    from bot.features.ask.cooldown import Cooldown
    from bot.features.privacy.service import PrivacyService
    from bot.features.reminders.service import ReminderService
    from bot.knowledge import KnowledgeBaseHolder
    from bot.settings import Settings
    from bot.storage.database import Database
    from bot.storage.questions import QuestionLog
    from bot.storage.taught_answers import TaughtAnswers


@dataclass
class Services:
    settings: Settings
    knowledge: KnowledgeBaseHolder
    feedback: QuestionLog
    cooldown: Cooldown
    reminders: ReminderService | None = None  # None until the front end has a place to post them
    privacy: PrivacyService | None = None  # data requests, retention and server purges
    now: Callable[[], datetime | None] = lambda: None  # the knowledge base's "now"; None means the real clock
    taught: TaughtAnswers | None = None  # the answers moderators added (None: teaching is not available)
    conversations: Conversations = field(default_factory=Conversations)  # the last turns, per channel and user

    @classmethod
    def over(
        cls, database: Database, settings: Settings, knowledge: KnowledgeBaseHolder, cooldown: Cooldown
    ) -> Services:
        """The services a front end builds on the bot's database (reminders are its own to add)."""
        from bot.features.privacy.service import PrivacyService, retention_of
        from bot.storage.privacy import PrivacyStore
        from bot.storage.questions import QuestionLog
        from bot.storage.taught_answers import TaughtAnswers

        return cls(
            settings,
            knowledge,
            QuestionLog(database, votes_open_for=retention_of(settings.privacy).identified),
            cooldown,
            privacy=PrivacyService(PrivacyStore(database), settings.privacy),
            taught=TaughtAnswers(database),
        )
