"""/privacy through the console dispatcher: the notice from the settings, export, delete with confirmation, access."""

from __future__ import annotations

import io
import json
import stat
from dataclasses import dataclass

import pytest

from bot.commands.spec import EVERY_RIGHT, Caller
from bot.console.dispatch import Console
from bot.console.responder import ConsoleResponder
from bot.features.ask.cooldown import Cooldown
from bot.features.privacy.service import PrivacyService
from bot.services import Services
from bot.settings import Settings
from bot.storage.privacy import PrivacyStore
from bot.storage.questions import QuestionLog, export_rows, log_question, record_vote
from index.schema import Answer

ALICE, BOB = 100000000000000011, 100000000000000012
GUILD = 200000000000000003


@dataclass(frozen=True)
class Asker:
    user_id: int | None
    source: str = "slash"
    guild_id: int | None = GUILD
    channel_id: int | None = 300000000000000004


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(_env_file=None, database_path=tmp_path / "unused.sqlite3", question_log_days=45, user_id_days=7)


@pytest.fixture
def services(settings, storage) -> Services:
    return Services(
        settings=settings,
        knowledge=None,
        feedback=QuestionLog(storage),
        cooldown=Cooldown(1, 0.0),
        privacy=PrivacyService(PrivacyStore(storage), settings.privacy),
    )


async def seed(storage) -> dict[str, int]:
    def rows(conn):
        ids = {
            "alice": log_question(conn, Answer("alice asks", "By December 31.", False), Asker(ALICE)),
            "bob": log_question(conn, Answer("bob asks", "The sources do not say.", True), Asker(BOB)),
            "console": log_question(conn, Answer("console asks", "x", True), Asker(None, "console", None, None)),
        }
        record_vote(conn, ids["bob"], ALICE, 1)
        record_vote(conn, ids["alice"], BOB, -1)
        return ids

    return await storage.run(rows)


async def typed(services, tmp_path, *lines: str, caller: Caller | None = None) -> str:
    out = io.StringIO()
    console = Console(services, ConsoleResponder(out, files_dir=tmp_path / "exports"))
    if caller is not None:
        console.caller = caller
    for line in lines:
        await console.handle(line)
    return out.getvalue()


async def test_the_notice_says_what_is_stored_and_the_configured_periods(services, tmp_path):
    output = await typed(services, tmp_path, "/privacy")
    assert "What the bot stores about you" in output
    assert "After 7 days a question and its votes no longer record who asked" in output
    assert "After 45 days they are deleted" in output
    assert "deleted 30 days after a server removes the bot" in output
    assert "/privacy action:export" in output and "/privacy action:delete" in output


async def test_a_maintainer_exports_a_users_data_to_a_private_file(services, storage, tmp_path):
    ids = await seed(storage)
    output = await typed(services, tmp_path, f"/privacy export user:{ALICE}")

    path = tmp_path / "exports" / f"ilrs-bot-data-{ALICE}.json"
    assert f"saved to {path}" in output and "1 question and 1 vote" in output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = json.loads(path.read_text())
    assert [q["id"] for q in data["questions"]] == [ids["alice"]]
    assert [(v["question_id"], v["vote"]) for v in data["votes"]] == [(ids["bob"], "up")]


async def test_the_console_exports_its_own_questions_without_a_user(services, storage, tmp_path):
    await seed(storage)
    await typed(services, tmp_path, "/privacy export")
    data = json.loads((tmp_path / "exports" / "ilrs-bot-data-console.json").read_text())
    assert [q["question"] for q in data["questions"]] == ["console asks"]


async def test_delete_waits_for_confirmation_then_removes_only_that_persons_rows(services, storage, tmp_path):
    ids = await seed(storage)
    preview = await typed(services, tmp_path, f"/privacy delete user:{ALICE}")
    assert "permanently deletes 1 question and 1 vote from user" in preview and "/privacy confirm" in preview
    assert len(await storage.run(export_rows)) == 3  # nothing yet

    aborted = await typed(services, tmp_path, f"/privacy delete user:{ALICE}", "/privacy abort")
    assert "nothing was changed" in aborted and len(await storage.run(export_rows)) == 3

    done = await typed(services, tmp_path, f"/privacy delete user:{ALICE}", "/privacy confirm")
    assert "Deleted 1 question and 1 vote from user" in done
    rows = {row["id"]: row for row in await storage.run(export_rows)}
    assert set(rows) == {ids["bob"], ids["console"]}
    assert (rows[ids["bob"]]["upvotes"], rows[ids["bob"]]["user_id"]) == (0, BOB)
    again = await typed(services, tmp_path, f"/privacy delete user:{ALICE}")
    assert "holds no questions or votes" in again


async def test_only_maintainers_name_another_user_and_anyone_gets_their_own(services, storage, tmp_path):
    ids = await seed(storage)
    member = Caller(source="slash", user_id=BOB, guild_id=GUILD)
    refused = await typed(services, tmp_path, f"/privacy export user:{ALICE}", caller=member)
    assert "Only maintainers" in refused and not (tmp_path / "exports").exists()

    own = await typed(services, tmp_path, "/privacy delete", "/privacy confirm", caller=member)
    assert "from you" in own
    assert {row["id"] for row in await storage.run(export_rows)} == {ids["alice"], ids["console"]}
    admin = Caller(source="slash", user_id=BOB, guild_id=GUILD, rights=EVERY_RIGHT)
    assert "saved to" in await typed(services, tmp_path, f"/privacy export user:{ALICE}", caller=admin)


async def test_bad_input_is_one_clear_line(services, tmp_path):
    assert "action is one of export, delete" in await typed(services, tmp_path, "/privacy erase")
    assert "user takes a number" in await typed(services, tmp_path, "/privacy export user:alice")
    assert "Give an action with user" in await typed(services, tmp_path, f"/privacy user:{ALICE}")
