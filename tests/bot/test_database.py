from __future__ import annotations

import sqlite3

import pytest

from bot.database import MIGRATIONS, Database, DatabaseError, connect, migrate, schema_version


def tables(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_connect_creates_every_table_in_wal_mode_and_is_idempotent(tmp_path):
    path = tmp_path / "nested" / "bot.sqlite3"
    conn = connect(path)
    assert {"schema_version", "questions", "feedback"} <= tables(conn)
    assert schema_version(conn) == len(MIGRATIONS)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    again = connect(path)
    assert again.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == len(MIGRATIONS)
    again.close()


def test_new_migrations_apply_in_order_and_a_failing_one_rolls_back(tmp_path):
    conn = sqlite3.connect(tmp_path / "db.sqlite3")
    applied = []

    def first(c):
        applied.append(1)
        c.execute("CREATE TABLE one (x)")

    def broken(c):
        c.execute("CREATE TABLE two (x)")
        raise sqlite3.OperationalError("boom")

    assert migrate(conn, [first]) == 1
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, [first, broken])
    assert applied == [1]  # the applied migration did not run again
    assert schema_version(conn) == 1
    assert "two" not in tables(conn)


def test_a_database_newer_than_the_code_is_refused(tmp_path):
    conn = sqlite3.connect(tmp_path / "db.sqlite3")
    migrate(conn, [lambda c: None, lambda c: None])
    with pytest.raises(DatabaseError, match="newer"):
        migrate(conn, [lambda c: None])


def test_unopenable_path_is_a_one_line_database_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseError, match="cannot open database"):
        connect(blocker / "bot.sqlite3")


async def test_async_run_commits_or_rolls_back(tmp_path):
    async with Database(tmp_path / "db.sqlite3") as db:
        await db.run(lambda c: c.execute("CREATE TABLE t (x)"))
        await db.run(lambda c: c.execute("INSERT INTO t VALUES (1)"))

        def fails(c):
            c.execute("INSERT INTO t VALUES (2)")
            raise RuntimeError("no")

        with pytest.raises(RuntimeError):
            await db.run(fails)
        assert await db.run(lambda c: [tuple(r) for r in c.execute("SELECT x FROM t")]) == [(1,)]
    with pytest.raises(DatabaseError, match="not open"):
        await db.run(lambda c: None)
