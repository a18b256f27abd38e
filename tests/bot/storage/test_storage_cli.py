from __future__ import annotations

from bot.__main__ import main
from bot.storage.migration import head_revision


def test_migrate_brings_the_configured_database_to_the_head_revision(database_url, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)  # no .env
    assert main(["migrate"]) == 0
    out = capsys.readouterr().out
    assert f"schema at revision {head_revision()}" in out


def test_migrate_reports_an_unreachable_database_in_one_line(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"postgresql://bot:secret@/ilrs?host={tmp_path}&port=1")
    monkeypatch.chdir(tmp_path)
    assert main(["migrate"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("cannot open database") and err.count("\n") == 1 and "secret" not in err


def test_status_reports_shards_index_generation_and_due_alerts(database_url, monkeypatch, capsys, tmp_path):
    import json
    from datetime import timedelta

    from bot.clock import utc_now
    from bot.storage.alert_delivery import claim_alert
    from bot.storage.database import open_engine
    from bot.storage.engine import resolve_url
    from bot.storage.index_generations import publish_generation
    from bot.storage.reminders import create_reminder
    from tests.bot.storage.storage_helpers import new_reminder, planned

    now = utc_now()
    engine = open_engine(resolve_url(database_url, None))
    with engine.begin() as conn:
        reminder = create_reminder(conn, new_reminder(), planned(now + timedelta(hours=1)), now, 25)
        first = conn.exec_driver_sql(f"SELECT MIN(id) FROM alerts WHERE reminder_id = {reminder.id}").scalar()
        claim_alert(conn, first, now, "host:shards=0")
        publish_generation(conn, "v9", "{}", {"f": b"x"}, published_by="host:shards=1", now=now)
    engine.dispose()
    for name, value in {"DATABASE_URL": database_url, "SHARD_COUNT": "4", "SHARD_IDS": "0-1"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("INDEX_DIR", str(tmp_path / "no-index"))
    monkeypatch.chdir(tmp_path)
    assert main(["status"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["shards"] == {"count": 4, "ids": [0, 1]} and report["schema_revision"] == head_revision()
    assert report["index"]["published_version"] == "v9" and report["index"]["local_version"] is None
    assert report["index"]["consistent"] is False
    assert report["due_alerts"] == 2  # the 7-day and 1-day alerts are past: due, one claimed
    assert report["claimed_alerts"] == {"host:shards=0": 1}
