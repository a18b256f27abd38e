"""`python -m bot run`: one-line errors, a token that never reaches the logs, the API base override."""

from __future__ import annotations

import io
import logging

import discord
import pytest

from bot.discord import runner
from bot.settings import Settings

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.fake-token-for-tests_only"


def settings_with(token: str | None, tmp_path, **changes) -> Settings:
    # The index directory is the test's own, so a built index in the checkout never decides the outcome.
    return Settings(
        _env_file=None,
        discord_token=token,
        database_path=tmp_path / "db.sqlite3",
        index_dir=tmp_path / "index",
        **changes,
    )


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
def test_login_and_intent_failures_are_one_line(tmp_path, capsys, monkeypatch, isolated_logging, error, message):
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
    runner.apply_api_base_url(settings_with(TOKEN, tmp_path, discord_api_base_url="http://127.0.0.1:8765/api/v10/"))
    assert discord.http.Route.BASE == "http://127.0.0.1:8765/api/v10"
    assert discord.http.Route("GET", "/users/@me").url == "http://127.0.0.1:8765/api/v10/users/@me"


def test_no_override_leaves_discord_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(discord.http.Route, "BASE", "https://discord.com/api/v10")
    runner.apply_api_base_url(settings_with(TOKEN, tmp_path))
    assert discord.http.Route.BASE == "https://discord.com/api/v10"


@pytest.fixture
def unauthorised_api():
    """A local stand-in for Discord's HTTP API that rejects every token, served from its own thread."""
    import asyncio
    import threading

    from aiohttp import web

    requests: list[str] = []

    async def reject(request: web.Request) -> web.Response:
        requests.append(f"{request.method} {request.path}")
        return web.json_response({"message": "401: Unauthorized", "code": 0}, status=401)

    loop = asyncio.new_event_loop()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", reject)
    runner_ = web.AppRunner(app)
    loop.run_until_complete(runner_.setup())
    site = web.TCPSite(runner_, "127.0.0.1", 0)
    loop.run_until_complete(site.start())
    port = site._server.sockets[0].getsockname()[1]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}/api/v10", requests
    asyncio.run_coroutine_threadsafe(runner_.cleanup(), loop).result(5)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    loop.close()


def test_a_rejected_token_from_the_api_is_one_line(
    tmp_path, capsys, monkeypatch, isolated_logging, unauthorised_api, fake_kb
):
    base_url, requests = unauthorised_api
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(runner, "load_knowledge_base", lambda settings: fake_kb)
    settings = settings_with(TOKEN, tmp_path, discord_api_base_url=base_url)
    assert runner.run_bot(settings) == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1] == runner.INVALID_TOKEN
    assert TOKEN not in err
    assert requests == ["GET /api/v10/gateway", "GET /api/v10/users/@me"]  # reachable, then the login
