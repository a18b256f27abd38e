"""Typed settings, grouped by concern, read from the environment and `.env` (`.env.example` lists every one).

Each setting keeps a flat variable name (`DISCORD_TOKEN`, `REMINDERS_GRACE_HOURS`): a group's fields are read
from their prefix + name (`reminders.grace_hours` ← `REMINDERS_GRACE_HOURS`) or from an explicit alias.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AliasChoices,
    AliasGenerator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

ROOT = Path(__file__).resolve().parent.parent


def _id_list(value: object) -> object:
    """ "1, 2 3" → ("1", "2", "3"): id lists are written comma- or space-separated."""
    if isinstance(value, str):
        return tuple(part.strip() for part in value.replace(" ", ",").split(",") if part.strip())
    return value


IdList = Annotated[tuple[int, ...], NoDecode]


def _group_config(prefix: str) -> ConfigDict:
    return ConfigDict(
        alias_generator=AliasGenerator(validation_alias=lambda name: AliasChoices(name, prefix + name)),
        validate_assignment=True,
    )


class KnowledgeSettings(BaseModel):
    model_config = _group_config("")

    docs_dir: Path = Field(ROOT / "docs", description="Source documents the bot answers from")
    index_dir: Path = Field(ROOT / "var" / "index", description="Where the built index lives")
    embedding_model: str | None = Field(None, description="Model name or path; default: bundled all-MiniLM-L6-v2")
    max_question_chars: int = Field(500, ge=10, le=4000, description="Longest question the bot takes")
    answer_workers: int = Field(2, ge=1, le=8, description="Threads answering questions off the event loop")
    golden_questions_path: Path = Field(
        ROOT / "index" / "golden_questions.jsonl",
        description="Questions a new index must answer at least as well as the current one before it is published",
    )


class DiscordSettings(BaseModel):
    model_config = _group_config("")

    token: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("token", "discord_token"),
        description="Bot token; needed only to connect to Discord",
    )
    api_base_url: str | None = Field(
        None,
        validation_alias=AliasChoices("api_base_url", "discord_api_base_url"),
        description="Another Discord HTTP API base (a local stand-in in tests)",
    )
    dev_guild_id: int | None = Field(None, description="Guild to sync slash commands to instantly while developing")
    message_content_intent: bool = Field(
        False, description="Request the privileged message content intent (to answer replies without a ping)"
    )
    mention_channel_ids: IdList = Field(
        (), description="Channel ids where mentions are answered (and their threads); empty: every channel"
    )
    maintainer_role_id: int | None = Field(None, description="Role that may use /stats and /reindex (and admins)")

    _split_channel_ids = field_validator("mention_channel_ids", mode="before")(_id_list)


class AskSettings(BaseModel):
    model_config = _group_config("ask_")

    cooldown_questions: int = Field(3, ge=1, description="Questions a user may ask per cooldown window")
    cooldown_seconds: float = Field(30.0, ge=0, description="Length of the per-user cooldown window")


class StorageSettings(BaseModel):
    model_config = _group_config("")

    database_path: Path = Field(ROOT / "var" / "bot.sqlite3", description="SQLite file for feedback and reminders")


class ReminderSettings(BaseModel):
    model_config = _group_config("reminders_")

    max_active_per_guild: int = Field(25, ge=1, le=500, description="Active reminders per server")
    max_title_chars: int = Field(200, ge=10, le=240, description="Longest reminder title")
    horizon_days: int = Field(730, ge=1, le=3650, description="How far ahead a deadline may be")
    default_lead_times: str = Field(
        "7d,1d,1h", description="When to remind before a deadline (w/d/h/m), unless a server or reminder says"
    )
    grace_hours: float = Field(
        6.0, ge=0, le=168, description="Missed while offline: sent late within this, else recorded missed"
    )
    moderator_role_ids: IdList = Field(
        (), description="Role ids that may manage reminders (besides Manage/Pin Messages)"
    )
    announcement_role_id: int | None = Field(
        None, description="The only role a reminder may ping (when its moderator asks); never @everyone/@here"
    )

    _split_role_ids = field_validator("moderator_role_ids", mode="before")(_id_list)

    @field_validator("default_lead_times")
    @classmethod
    def _check_lead_times(cls, value: str) -> str:
        from bot.features.reminders.plan import format_leads, parse_lead_times

        return format_leads(parse_lead_times(value))


GROUPS: dict[str, type[BaseModel]] = {
    "knowledge": KnowledgeSettings,
    "discord": DiscordSettings,
    "ask": AskSettings,
    "storage": StorageSettings,
    "reminders": ReminderSettings,
}


def _flat_names(group: type[BaseModel]) -> dict[str, str]:
    """Flat variable name (lower case) → field name, for every field of a group."""
    return {str(info.validation_alias.choices[-1]): name for name, info in group.model_fields.items()}


_FLAT = {group: _flat_names(model) for group, model in GROUPS.items()}


class _FlatEnvironment(EnvSettingsSource):
    """The environment, including the groups' flat variable names (the stock source only reads top-level ones)."""

    def __call__(self) -> dict[str, Any]:
        data = super().__call__()
        for names in _FLAT.values():
            for flat in names:
                if flat in self.env_vars:
                    data.setdefault(flat, self.env_vars[flat])
        return data


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", validate_assignment=True
    )

    knowledge: KnowledgeSettings = KnowledgeSettings()
    discord: DiscordSettings = DiscordSettings()
    ask: AskSettings = AskSettings()
    storage: StorageSettings = StorageSettings()
    reminders: ReminderSettings = ReminderSettings()
    log_level: str = Field("INFO", description="Logging level of the bot and console")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, _FlatEnvironment(settings_cls), dotenv_settings, file_secret_settings

    @model_validator(mode="before")
    @classmethod
    def _group_flat_names(cls, values: Any) -> Any:
        return _grouped(values) if isinstance(values, dict) else values


def _grouped(values: dict[str, Any]) -> dict[str, Any]:
    """Flat keys (`discord_token=…`, as in the environment) moved into their group (`discord={"token": …}`)."""
    grouped = {key: value for key, value in values.items() if not _group_of(key)}
    for group in GROUPS:
        if isinstance(grouped.get(group), BaseModel):
            grouped[group] = grouped[group].model_dump()
    for key, value in values.items():
        if group := _group_of(key):
            grouped.setdefault(group, {}).setdefault(_FLAT[group][key.lower()], value)
    return grouped


def _group_of(key: str) -> str | None:
    return next((group for group, names in _FLAT.items() if key.lower() in names), None)


def load_settings(**overrides: Any) -> Settings:
    return Settings(**overrides)
