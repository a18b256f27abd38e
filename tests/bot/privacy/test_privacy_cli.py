"""`python -m bot prune` and `python -m bot purge-guild ID [--yes]` against a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from bot.__main__ import main
from bot.storage.database import open_engine
from bot.storage.engine import resolve_url
from bot.storage.questions import export_rows, log_question
from index.schema import Answer

GUILD = 200000000000000003


@pytest.fixture
def database(monkeypatch, tmp_path):
    path = tmp_path / "bot.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    engine = open_engine(resolve_url(None, path))
    yield engine
    engine.dispose()


def seed(engine, *days_ago: int) -> None:
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for days in days_ago:
            asker = SimpleNamespace(source="slash", user_id=5, guild_id=GUILD, channel_id=6)
            log_question(conn, Answer(f"{days} days ago", "a", False), asker, now=now - timedelta(days=days))


def rows(engine) -> list[dict]:
    with engine.begin() as conn:
        return export_rows(conn)


def test_prune_deletes_past_the_window_and_forgets_askers(database, capsys):
    seed(database, 200, 40, 1)
    assert main(["prune"]) == 0
    out = capsys.readouterr().out
    assert "Deleted 1 questions and 0 votes older than 90 days" in out and "who asked 1 questions" in out
    assert [(r["question"], r["user_id"]) for r in rows(database)] == [("40 days ago", None), ("1 days ago", 5)]


def test_purge_guild_shows_first_and_deletes_only_with_yes(database, capsys):
    seed(database, 1, 2)
    assert main(["purge-guild", str(GUILD)]) == 2
    assert "has 2 questions" in capsys.readouterr().out and len(rows(database)) == 2
    assert main(["purge-guild", str(GUILD), "--yes"]) == 0
    assert "2 questions, 0 votes, 0 reminders and 0 settings rows deleted" in capsys.readouterr().out
    assert rows(database) == []
    assert main(["purge-guild", "0", "--yes"]) == 2
    assert "positive number" in capsys.readouterr().err
