from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from bot.storage.database import open_engine
from bot.storage.engine import StorageError, make_engine, resolve_url
from bot.storage.guild_settings import GuildConfig, get_guild_config
from bot.storage.migration import MIGRATIONS_DIR, current_revision, head_revision, migrate
from bot.storage.questions import export_rows
from bot.storage.reminders import alerts_for, get_reminder
from bot.storage.tables import metadata

ROOT = Path(__file__).resolve().parents[3]
LEGACY_DUMP = ROOT / "tests" / "data" / "legacy_sqlite" / "schema_version_3.sql"


def columns(engine, table: str) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns(table)}


def test_a_new_database_gets_every_declared_table_and_column_and_opening_again_changes_nothing(sqlalchemy_url):
    engine = open_engine(sqlalchemy_url)
    try:
        assert set(metadata.tables) <= set(inspect(engine).get_table_names())
        for table in metadata.sorted_tables:
            assert columns(engine, table.name) == {column.name for column in table.c}, table.name
        with engine.connect() as conn:
            assert current_revision(conn) == head_revision()
        assert migrate(engine) == head_revision()
    finally:
        engine.dispose()


def test_declared_indexes_exist_so_a_users_or_a_servers_rows_are_cheap(sqlalchemy_url):
    engine = open_engine(sqlalchemy_url)
    try:
        for table in metadata.sorted_tables:
            present = {index["name"] for index in inspect(engine).get_indexes(table.name)}
            assert {index.name for index in table.indexes} <= present, table.name
    finally:
        engine.dispose()


def legacy_database(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript(LEGACY_DUMP.read_text())
    conn.close()
    return path


def test_a_sqlite_file_made_by_the_pre_alembic_code_is_migrated_in_place_keeping_every_row(tmp_path):
    path = legacy_database(tmp_path / "bot.sqlite3")
    engine = open_engine(resolve_url(None, path))
    try:
        names = set(inspect(engine).get_table_names())
        assert "schema_version" not in names and {"alembic_version", "index_generations"} <= names
        assert {"claimed_by", "lease_expires_at"} <= columns(engine, "alerts")
        with engine.begin() as conn:
            rows = export_rows(conn)
            assert [row["question"] for row in rows] == ["When is the deadline?", "Who won?"]
            assert (rows[0]["user_id"], rows[0]["guild_id"], rows[0]["upvotes"], rows[0]["downvotes"]) == (
                111,
                222,
                1,
                1,
            )
            assert rows[0]["citations"][0]["source"] == "proposal-article.md" and rows[1]["abstained"] is True
            reminder = get_reminder(conn, 1)
            assert reminder.title == "Letters of intent" and reminder.zone == "Europe/Paris"
            assert reminder.source.quote == "until December 31" and reminder.date_only is False
            assert [(a.status, a.attempts) for a in alerts_for(conn, 1)] == [
                ("claimed", 1),
                ("sent", 1),
                ("planned", 0),
            ]
            assert get_guild_config(conn, 222) == GuildConfig(222, "3d,2h", (7, 8), 9)
            # The legacy AUTOINCREMENT sequences carry on: new ids never reuse old ones.
            assert conn.execute(text("SELECT seq FROM sqlite_sequence WHERE name = 'alerts'")).scalar_one() == 3
    finally:
        engine.dispose()


def test_a_legacy_file_at_an_earlier_version_gets_its_missing_tables(tmp_path):
    path = tmp_path / "bot.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
        INSERT INTO schema_version VALUES (1, '2026-01-01T00:00:00+00:00');
        CREATE TABLE questions (id INTEGER PRIMARY KEY AUTOINCREMENT, asked_at TEXT NOT NULL, source TEXT NOT NULL,
            user_id INTEGER, guild_id INTEGER, channel_id INTEGER, question TEXT NOT NULL, answer TEXT NOT NULL,
            abstained INTEGER NOT NULL, citations_json TEXT NOT NULL, index_version TEXT NOT NULL,
            latency_ms REAL NOT NULL);
        INSERT INTO questions VALUES (1, '2026-01-01T00:00:00+00:00', 'console', NULL, NULL, NULL, 'q', 'a', 0,
            '[]', 'v1', 1.0);
        """
    )
    conn.close()
    engine = open_engine(resolve_url(None, path))
    try:
        assert set(metadata.tables) <= set(inspect(engine).get_table_names())
        with engine.begin() as conn:
            assert [row["question"] for row in export_rows(conn)] == ["q"]
    finally:
        engine.dispose()


def test_a_database_newer_than_the_code_is_refused_with_one_line(sqlalchemy_url):
    engine = open_engine(sqlalchemy_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        with pytest.raises(StorageError, match="newer than this code") as error:
            migrate(engine)
        assert "\n" not in str(error.value)
    finally:
        engine.dispose()


def test_a_failing_migration_leaves_the_database_as_it_was(tmp_path):
    path = tmp_path / "bot.sqlite3"
    conn = sqlite3.connect(path)
    # A legacy 'alerts' table without the columns every later step expects makes the second migration fail.
    conn.executescript("CREATE TABLE alerts (id INTEGER PRIMARY KEY); CREATE INDEX questions_user ON alerts (id);")
    conn.close()
    engine = make_engine(resolve_url(None, path))
    try:
        with pytest.raises(StorageError, match="cannot open database"):
            migrate(engine)
        with engine.connect() as conn:
            assert current_revision(conn) is None
        assert set(inspect(engine).get_table_names()) == {"alerts"}
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (None, "sqlite:///{path}"),
        ("", "sqlite:///{path}"),
        ("sqlite:////srv/bot.sqlite3", "sqlite:////srv/bot.sqlite3"),
        ("postgresql://bot:pw@db:5432/ilrs", "postgresql+psycopg://bot:pw@db:5432/ilrs"),
        ("postgres://bot@db/ilrs", "postgresql+psycopg://bot@db/ilrs"),
    ],
)
def test_database_url_chooses_the_backend(tmp_path, url, expected):
    assert resolve_url(url, tmp_path / "x.sqlite3") == expected.format(path=tmp_path / "x.sqlite3")


def test_an_unknown_database_url_is_a_one_line_error(tmp_path):
    with pytest.raises(StorageError, match="must start with sqlite:/// or postgresql://, not mysql://"):
        resolve_url("mysql://db/ilrs", tmp_path / "x.sqlite3")


def test_an_unopenable_sqlite_path_is_a_storage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="cannot open database"):
        open_engine(resolve_url(None, blocker / "bot.sqlite3"))


def test_an_unreachable_postgresql_is_a_storage_error_naming_it_without_its_password(tmp_path):
    url = resolve_url(f"postgresql://bot:secret@/ilrs?host={tmp_path}&port=1", None)
    with pytest.raises(StorageError, match="cannot") as error:
        open_engine(url)
    assert "secret" not in str(error.value)


def test_no_test_database_is_left_with_rows_from_another(sqlalchemy_url):
    engine = open_engine(sqlalchemy_url)
    try:
        with engine.begin() as conn:
            for table in metadata.sorted_tables:
                assert conn.execute(select(table)).first() is None, table.name
    finally:
        engine.dispose()


def test_the_head_revision_read_from_the_file_names_is_alembics():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()


def test_opening_a_database_already_at_the_head_revision_does_not_import_alembic(sqlalchemy_url):
    open_engine(sqlalchemy_url).dispose()
    probe = (
        "import sys\n"
        "from bot.storage.database import open_engine\n"
        f"open_engine({sqlalchemy_url!r}).dispose()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
