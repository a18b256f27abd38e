from __future__ import annotations

from bot.__main__ import main
from bot.storage.database import head_revision


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
