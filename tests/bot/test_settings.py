"""Settings grouped by concern, each still read from its flat variable name."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.settings import Settings


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
