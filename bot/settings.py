"""Typed settings, grouped by concern, read from the environment and `.env` (`.env.example` lists every one).

Each setting keeps a flat variable name (`DISCORD_TOKEN`, `REMINDERS_GRACE_HOURS`): a group's fields are read
from their prefix + name (`reminders.grace_hours` ← `REMINDERS_GRACE_HOURS`) or from an explicit alias.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from pydantic import (
    BaseModel,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, EnvSettingsSource, PydanticBaseSettingsSource, SettingsConfigDict

from bot.commands.errors import quoted
from bot.setting_groups import (
    AskSettings,
    DiscordSettings,
    KnowledgeSettings,
    PrivacySettings,
    ReminderSettings,
    StorageSettings,
)
from index.errors import ActionableError


class _FlatEnvironment(EnvSettingsSource):
    """The environment, with the grouped settings' flat names (the stock source reads only top-level ones)."""

    def __call__(self) -> dict[str, Any]:
        data = super().__call__()
        return data | {flat: self.env_vars[flat] for flat in _flat_names() if flat in self.env_vars}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    knowledge: KnowledgeSettings = KnowledgeSettings()
    discord: DiscordSettings = DiscordSettings()
    ask: AskSettings = AskSettings()
    storage: StorageSettings = StorageSettings()
    reminders: ReminderSettings = ReminderSettings()
    privacy: PrivacySettings = PrivacySettings()
    log_level: str = "INFO"

    @field_validator("log_level")
    @classmethod
    def _check_level(cls, value: str) -> str:
        if not isinstance(logging.getLevelName(value.strip().upper()), int):
            raise ValueError("it must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return value.strip().upper()

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings, env_settings, dotenv_settings, file_secret_settings
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, _FlatEnvironment(settings_cls), dotenv_settings, file_secret_settings

    @model_validator(mode="before")
    @classmethod
    def _group_flat_names(cls, values: Any) -> Any:
        """Flat keys (`discord_token=…`, as in the environment) go into their group (`discord={"token": …}`)."""
        if not isinstance(values, dict):
            return values
        flat = _flat_names()
        grouped = {k: v.model_dump() if isinstance(v, BaseModel) else v for k, v in values.items() if k not in flat}
        for key, value in values.items():
            if key.lower() in flat:
                group, name = flat[key.lower()]
                grouped.setdefault(group, {}).setdefault(name, value)
        return grouped


@functools.cache
def _flat_names() -> dict[str, tuple[str, str]]:
    """Flat variable name (lower case) → (group, field) for every grouped setting."""
    return {
        str(info.validation_alias.choices[-1]): (group, name)
        for group, field in Settings.model_fields.items()
        if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel)
        for name, info in field.annotation.model_fields.items()
    }


class SettingsError(ActionableError, ValueError):
    """A setting (environment or .env) has a value the bot cannot use; the message names it."""


def load_settings(**overrides: Any) -> Settings:
    """The settings; SettingsError naming the first bad variable (as written in .env) and why."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise SettingsError(f"{_problem(exc.errors()[0])}; fix it in .env or the environment") from None


def _problem(error: dict) -> str:
    """ "DEV_GUILD_ID is not valid: …", naming the variable as the user wrote it; a check across a group's
    variables (SHARD_IDS with SHARD_COUNT) names them in its own message."""
    message = str(error["msg"]).removeprefix("Value error, ")
    loc = tuple(str(part) for part in error["loc"][:2])
    flat = {where: name for name, where in _flat_names().items()}
    if loc[0] in {group for group, _ in flat}:
        if loc not in flat:
            return message
        variable = flat[loc].upper()
    else:
        variable = loc[0].upper()
    value = error.get("input")
    secret = "TOKEN" in variable
    shown = f" (it is {quoted(str(value))})" if isinstance(value, str | int | float) and not secret else ""
    return f"{variable} is not valid: {message[0].lower()}{message[1:]}{shown}"
