"""Typed settings, read from the environment and `.env` (see `.env.example` for every one)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # Knowledge base
    docs_dir: Path = Field(ROOT / "docs", description="Source documents the bot answers from")
    index_dir: Path = Field(ROOT / "var" / "index", description="Where the built index lives")
    embedding_model: str | None = Field(None, description="Model name or path; default: bundled all-MiniLM-L6-v2")
    max_question_chars: int = Field(500, ge=10, le=4000)

    # Discord
    discord_token: SecretStr | None = Field(None, description="Bot token; needed only to connect to Discord")
    dev_guild_id: int | None = Field(None, description="Guild to sync slash commands to instantly while developing")
    discord_api_base_url: str | None = Field(None, description="Override Discord's HTTP API base (tests only)")

    # Storage
    database_path: Path = Field(ROOT / "var" / "bot.sqlite3", description="SQLite file for feedback and reminders")

    # Discord bot (issue 3)
    message_content_intent: bool = Field(
        False, description="Request the privileged message content intent (to answer replies without a ping)"
    )
    mention_channel_ids: Annotated[tuple[int, ...], NoDecode] = Field(
        (), description="Comma-separated channel ids where mentions are answered; empty: every channel"
    )
    maintainer_role_id: int | None = Field(None, description="Role that may use /stats (and Administrators)")
    ask_cooldown_questions: int = Field(3, ge=1, description="Questions a user may ask per cooldown window")
    ask_cooldown_seconds: float = Field(30.0, ge=0, description="Length of the per-user cooldown window")
    answer_workers: int = Field(2, ge=1, le=8, description="Threads answering questions off the event loop")
    log_level: str = Field("INFO", description="Logging level of the bot and console")

    # Moderator reminders (issue 4)
    reminders_max_active_per_guild: int = Field(25, ge=1, le=500, description="Active reminders per server")
    reminders_max_title_chars: int = Field(200, ge=10, le=240, description="Longest reminder title")
    reminders_horizon_days: int = Field(730, ge=1, le=3650, description="How far ahead a deadline may be")
    reminders_default_lead_times: str = Field(
        "7d,1d,1h", description="When to remind before a deadline (w/d/h/m), unless a server or reminder says"
    )
    reminders_grace_hours: float = Field(
        6.0, ge=0, le=168, description="Missed while offline: sent late within this, else recorded missed"
    )
    reminders_moderator_role_ids: Annotated[tuple[int, ...], NoDecode] = Field(
        (), description="Comma-separated role ids that may manage reminders (besides Manage/Pin Messages)"
    )
    reminders_announcement_role_id: int | None = Field(
        None, description="The only role a reminder may ping (when its moderator asks); never @everyone/@here"
    )

    # Live reindex (issue 5): /reindex is for Administrators and members with MAINTAINER_ROLE_ID
    golden_questions_path: Path = Field(
        ROOT / "index" / "golden_questions.jsonl",
        description="Questions a new index must answer at least as well as the current one before it is published",
    )

    @field_validator("reminders_default_lead_times")
    @classmethod
    def _check_lead_times(cls, value: str) -> str:
        from bot.reminders.plan import format_leads, parse_lead_times

        return format_leads(parse_lead_times(value))

    @field_validator("reminders_moderator_role_ids", mode="before")
    @classmethod
    def _split_role_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.replace(" ", ",").split(",") if part.strip())
        return value

    @field_validator("mention_channel_ids", mode="before")
    @classmethod
    def _split_channel_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.replace(" ", ",").split(",") if part.strip())
        return value


def load_settings(**overrides) -> Settings:
    return Settings(**overrides)
