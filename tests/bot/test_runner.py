"""`python -m bot run`: one-line errors, a token that never reaches the logs, the API base override."""

from __future__ import annotations

import io
import logging

import discord
import pytest

from bot import runner
from bot.settings import Settings

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.fake-token-for-tests_only"


def settings_with(token: str | None, tmp_path, **changes) -> Settings:
    return Settings(_env_file=None, discord_token=token, database_path=tmp_path / "db.sqlite3", **changes)


@pytest.fixture
def isolated_logging():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


@pytest.mark.parametrize("token", [None, "", "   "])
def test_missing_token_is_one_line_naming_the_variable_and_the_console(tmp_path, capsys, token):
    assert runner.run_bot(settings_with(token, tmp_path)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "DISCORD_TOKEN" in err and "python -m bot console" in err


def test_malformed_token_is_refused_before_connecting(tmp_path, capsys):
    assert runner.run_bot(settings_with("abc def", tmp_path)) == 2
    assert capsys.readouterr().err.strip() == runner.MALFORMED_TOKEN


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (discord.LoginFailure("Improper token has been passed."), runner.INVALID_TOKEN),
        (discord.PrivilegedIntentsRequired(None), runner.MISSING_INTENT),
    ],
)
def test_login_and_intent_failures_are_one_line(
    tmp_path, capsys, monkeypatch, isolated_logging, error, message
):
    async def serve(settings):
        raise error

    monkeypatch.setattr(runner, "serve", serve)
    assert runner.run_bot(settings_with(TOKEN, tmp_path)) == 1
    err = capsys.readouterr().err
    assert err.strip() == message and err.count("\n") == 1
    assert TOKEN not in err


def test_the_token_is_redacted_from_every_log_record(tmp_path, isolated_logging):
    stream = io.StringIO()
    runner.configure_logging(settings_with(TOKEN, tmp_path), stream=stream)
    log = logging.getLogger("discord.http")
    log.info("connecting with %s", TOKEN)
    log.warning(f"header Authorization: Bot {TOKEN}")
    try:
        raise RuntimeError(f"bad token {TOKEN}")
    except RuntimeError:
        log.exception("failed")
    output = stream.getvalue()
    assert TOKEN not in output
    assert output.count(runner.REDACTED) == 3
    assert "RuntimeError: bad token [REDACTED TOKEN]" in output


def test_api_base_url_override_reaches_discord_http_routes(tmp_path, monkeypatch):
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    runner.apply_api_base_url(
        settings_with(TOKEN, tmp_path, discord_api_base_url="http://127.0.0.1:8765/api/v10/")
    )
    assert discord.http.Route.BASE == "http://127.0.0.1:8765/api/v10"
    assert discord.http.Route("GET", "/users/@me").url == "http://127.0.0.1:8765/api/v10/users/@me"


def test_no_override_leaves_discord_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(discord.http.Route, "BASE", "https://discord.com/api/v10")
    runner.apply_api_base_url(settings_with(TOKEN, tmp_path))
    assert discord.http.Route.BASE == "https://discord.com/api/v10"
