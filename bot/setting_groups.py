"""The settings' groups, one concern each (knowledge, Discord, /ask, storage, reminders, privacy), with their
defaults and checks; `bot.settings` reads them from the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import (
    AliasChoices,
    AliasGenerator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    field_validator,
    model_validator,
)
from pydantic_settings import NoDecode

from bot.features.reminders.parsing import TITLE_LIMIT

ROOT = Path(__file__).resolve().parent.parent
QUESTION_CHARS_LIMIT = 4000  # the most MAX_QUESTION_CHARS may allow; the /ask option's max_length


def _id_list(value: object) -> object:
    """ "1, 2 3" → ("1", "2", "3"): id lists are written comma- or space-separated."""
    if isinstance(value, str):
        return tuple(part.strip() for part in value.replace(" ", ",").split(",") if part.strip())
    return value


IdList = Annotated[tuple[int, ...], NoDecode, BeforeValidator(_id_list)]


def _group_config(prefix: str) -> ConfigDict:
    return ConfigDict(
        alias_generator=AliasGenerator(validation_alias=lambda name: AliasChoices(name, prefix + name)),
        validate_assignment=True,
    )


class KnowledgeSettings(BaseModel):
    model_config = _group_config("")

    docs_dir: Path = ROOT / "docs"
    curated_document: str = Field("community-answers.md", pattern=r"^[^/\\]+\.md$")  # taught answers, in docs_dir
    index_dir: Path = ROOT / "var" / "index"
    embedding_model: str | None = None  # a model name or path; None: the bundled all-MiniLM-L6-v2
    model_cache_dir: Path = ROOT / "var" / "models"  # the model's ONNX encoder, exported here once
    max_question_chars: int = Field(500, ge=10, le=QUESTION_CHARS_LIMIT)
    answer_workers: int = Field(2, ge=1, le=8)  # threads answering questions off the event loop
    golden_questions_path: Path = ROOT / "index" / "golden_questions.jsonl"  # a new index must answer as well
    index_check_seconds: float = Field(30.0, ge=1)  # with PostgreSQL: how often to look for a newer generation


class DiscordSettings(BaseModel):
    model_config = _group_config("")

    token: SecretStr | None = Field(None, validation_alias=AliasChoices("token", "discord_token"))
    api_base_url: str | None = Field(None, validation_alias=AliasChoices("api_base_url", "discord_api_base_url"))
    dev_guild_id: int | None = None  # commands sync to this server at once (global sync takes up to an hour)
    message_content_intent: bool = False  # privileged; only needed to answer replies that do not ping the bot
    mention_channel_ids: IdList = ()  # where mentions are answered (and their threads); empty: everywhere
    forum_channel_ids: IdList = ()  # forums whose every new post is answered in its thread
    forum_solved_tag: str = "Solved"  # the forum tags the post's buttons and refusals apply, by name
    forum_open_tag: str = "Still need help"
    forum_needs_human_tag: str = "Needs human"
    maintainer_role_id: int | None = None  # may use /stats and /reindex, as Administrators may
    shard_count: int | None = Field(None, ge=1)  # shards over all processes; unset: what Discord recommends
    shard_ids: IdList = ()  # the shards this process runs ("0-3" or "0,1"); empty: all of them

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _shard_range(cls, value: object) -> object:
        """ "0-3" → (0, 1, 2, 3); lists as for every id list."""
        if isinstance(value, str) and "-" in value:
            first, _, last = value.partition("-")
            return tuple(range(int(first), int(last) + 1))
        return _id_list(value)

    @model_validator(mode="after")
    def _shards_fit(self) -> DiscordSettings:
        if self.shard_ids and self.shard_count is None:
            raise ValueError("SHARD_IDS needs SHARD_COUNT (the number of shards over all processes)")
        if self.shard_ids and max(self.shard_ids) >= self.shard_count:
            raise ValueError(f"SHARD_IDS must be below SHARD_COUNT={self.shard_count}")
        return self

    @field_validator("api_base_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("it must be an http(s) URL such as https://discord.com/api/v10")
        return value.strip()


class AskSettings(BaseModel):
    model_config = _group_config("ask_")

    cooldown_questions: int = Field(3, ge=1)  # questions per user per cooldown window
    cooldown_seconds: float = Field(30.0, ge=0)


class StorageSettings(BaseModel):
    model_config = _group_config("")

    database_url: str | None = None  # postgresql://… shares one database between processes; unset: SQLite
    database_path: Path = ROOT / "var" / "bot.sqlite3"  # the question log, votes and reminders

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the database these settings choose."""
        from bot.storage.engine import resolve_url

        return resolve_url(self.database_url, self.database_path)


class ReminderSettings(BaseModel):
    model_config = _group_config("reminders_")

    max_active_per_guild: int = Field(25, ge=1, le=500)
    max_title_chars: int = Field(200, ge=10, le=TITLE_LIMIT)
    horizon_days: int = Field(730, ge=1, le=3650)  # how far ahead a deadline may be
    default_lead_times: str = "7d,1d,1h"  # unless a server or a reminder says otherwise
    grace_hours: float = Field(6.0, ge=0, le=168)  # an alert missed while offline is sent late within this
    moderator_role_ids: IdList = ()  # may manage reminders, besides Manage Messages / Pin Messages
    announcement_role_id: int | None = None  # the only role a reminder may ping; never @everyone or @here
    lease_seconds: float = Field(60.0, ge=1, le=3600)  # a process's hold on an alert it took, before a take-over

    @field_validator("default_lead_times")
    @classmethod
    def _check_lead_times(cls, value: str) -> str:
        from bot.features.reminders.plan import format_leads, parse_lead_times

        return format_leads(parse_lead_times(value))


class PrivacySettings(BaseModel):
    model_config = _group_config("")

    question_log_days: int = Field(90, ge=1, le=3650)  # a question and its votes are kept; then only daily counts
    user_id_days: int = Field(30, ge=1, le=3650)  # a question keeps who asked and voted; its voting closes then
    guild_data_grace_days: int = Field(30, ge=0, le=365)  # after a server removes the bot, before its data goes

    @property
    def identified_days(self) -> int:
        """How long rows really keep user ids: never longer than the rows themselves."""
        return min(self.user_id_days, self.question_log_days)
