"""Every command the bot offers, in /help order. A feature adds its declaration here."""

from __future__ import annotations

from bot.commands.spec import Declaration
from bot.features.ask.commands import ASK
from bot.features.deadlines.commands import DEADLINES
from bot.features.help.commands import HELP
from bot.features.privacy.commands import PRIVACY
from bot.features.reindex.commands import REINDEX
from bot.features.reminders.commands import REMIND
from bot.features.sources.commands import SOURCES
from bot.features.stats.commands import STATS
from bot.features.teach.commands import ADD_TO_KNOWLEDGE_BASE, TEACH

DECLARATIONS: tuple[Declaration, ...] = (
    ASK,
    SOURCES,
    HELP,
    STATS,
    DEADLINES,
    REMIND,
    TEACH,
    ADD_TO_KNOWLEDGE_BASE,
    REINDEX,
    PRIVACY,
)
