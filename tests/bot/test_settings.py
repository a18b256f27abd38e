"""Settings grouped by concern, each still read from its flat variable name."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.settings import Settings, SettingsError, load_settings


def test_flat_variables_fill_the_groups(monkeypatch, tmp_path):
    monkeypatch.setenv("DISCORD_TOKEN", "secret-token")
    monkeypatch.setenv("REMINDERS_GRACE_HOURS", "3")
    monkeypatch.setenv("MENTION_CHANNEL_IDS", "1, 2 3")
    monkeypatch.setenv("ASK_COOLDOWN_QUESTIONS", "7")
    settings = Settings(_env_file=None, index_dir=tmp_path)
    assert settings.discord.token.get_secret_value() == "secret-token" and "secret-token" not in repr(settings)
    assert settings.reminders.grace_hours == 3 and settings.ask.cooldown_questions == 7
    assert settings.discord.mention_channel_ids == (1, 2, 3)
    assert settings.knowledge.index_dir == tmp_path


def test_arguments_beat_the_environment_which_beats_the_env_file(monkeypatch, tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("REMINDERS_HORIZON_DAYS=100\nDEV_GUILD_ID=5\nLOG_LEVEL=DEBUG\n", encoding="utf-8")
    assert Settings(_env_file=env_file).reminders.horizon_days == 100
    monkeypatch.setenv("REMINDERS_HORIZON_DAYS", "50")
    settings = Settings(_env_file=env_file)
    assert (settings.reminders.horizon_days, settings.discord.dev_guild_id, settings.log_level) == (50, 5, "DEBUG")
    assert Settings(_env_file=env_file, reminders_horizon_days=7).reminders.horizon_days == 7


def test_each_group_checks_its_values():
    with pytest.raises(ValidationError, match="max_question_chars"):
        Settings(_env_file=None, max_question_chars=5)
    with pytest.raises(ValidationError, match="lead time"):
        Settings(_env_file=None, reminders_default_lead_times="soon")
    settings = Settings(_env_file=None)
    with pytest.raises(ValidationError):
        settings.discord.maintainer_role_id = "not a number"


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        ("DEV_GUILD_ID", "abc", "valid integer"),
        ("MAX_QUESTION_CHARS", "5", "greater than or equal to 10"),
        ("MAX_QUESTION_CHARS", "99999", "less than or equal to 4000"),
        ("DISCORD_API_BASE_URL", "not a url", "http(s) URL"),
        ("DISCORD_API_BASE_URL", "ftp://example.org", "http(s) URL"),
        ("LOG_LEVEL", "loud", "DEBUG, INFO"),
        ("REMINDERS_DEFAULT_LEAD_TIMES", "soon", "lead time"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable(monkeypatch, variable, value, said):
    monkeypatch.chdir(Path(__file__).parent)  # no .env here
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(f"{variable} is not valid") and said in message and "\n" not in message


def test_a_bad_token_is_never_repeated(monkeypatch):
    monkeypatch.chdir(Path(__file__).parent)
    monkeypatch.setenv("DISCORD_TOKEN", "very-secret")
    with pytest.raises(SettingsError) as caught:
        load_settings(discord_token=["not", "a", "string"])
    assert "very-secret" not in str(caught.value) and "TOKEN" in str(caught.value)


def test_a_check_across_variables_names_them_not_their_group(monkeypatch):
    monkeypatch.chdir(Path(__file__).parent)
    monkeypatch.setenv("SHARD_IDS", "0-3")
    monkeypatch.setenv("SHARD_COUNT", "2")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert str(caught.value).startswith("SHARD_IDS must be below SHARD_COUNT=2;")
