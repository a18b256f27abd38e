"""The console chat: the same handlers as Discord, plain text out, piped input until EOF."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import pytest

from bot.console.app import chat, run_console
from bot.console.dispatch import Console
from bot.console.responder import ConsoleResponder
from bot.settings import Settings
from index.schema import Answer


async def run_chat(services, text: str) -> str:
    out = io.StringIO()
    await chat(Console(services, ConsoleResponder(out)), io.StringIO(text), out)
    return out.getvalue()


async def test_plain_text_and_ask_command_both_answer_with_citations(services, fake_kb):
    output = await run_chat(services, "When is the deadline?\n/ask who can take part?\n")
    assert [q for q, _ in fake_kb.asked] == ["When is the deadline?", "who can take part?"]
    assert output.count("[1] China’s Lunar Mission Collaboration Proposal") == 2
    assert "Read the source: https://example.org/article" in output
    assert output.startswith("> ") and output.endswith("> \n")  # a prompt per line, newline at EOF


async def test_help_unknown_command_and_quit(services, fake_kb):
    output = await run_chat(services, "/help\n/bogus\n/quit\nnever asked\n")
    assert "/ask question:<text> [private:True]" in output and "/sources" in output
    assert "/remind confirm" in output and "/quit" in output  # the console's own ways
    assert "Unknown command /bogus. Commands: /ask, /sources, /help, /stats," in output
    assert fake_kb.asked == []  # nothing after /quit


async def test_console_user_sees_stats_and_notices(services, fake_kb):
    fake_kb.respond = lambda q: Answer(q, "The sources do not say.", True)
    output = await run_chat(services, "Who won?\n/stats\n" + "x" * 300 + "\n")
    assert "1 questions from 0 people so far: 0 answered, 1 unanswered (100%)" in output
    assert "Recently unanswered" in output and "Who won?" in output
    assert "please keep it under 200" in output


async def test_console_responder_prints_card_and_text():
    out = io.StringIO()
    from bot.commands.spec import Reply
    from bot.rendering.cards import Card

    await ConsoleResponder(out).send(Reply(card=Card(title="T", description="D"), text="note"))
    assert out.getvalue() == "note\n\nT\n\nD\n\n"


@pytest.mark.usefixtures("index_dir")
def test_run_console_answers_from_the_real_index_when_piped(index_dir, embedder, tmp_path, now):
    settings = Settings(_env_file=None, index_dir=index_dir, database_path=tmp_path / "bot.sqlite3")
    out = io.StringIO()
    assert (
        run_console(
            settings,
            stdin=io.StringIO("/ask when is the letter of intent due\n/sources\n"),
            out=out,
            embedder=embedder,
        )
        == 0
    )
    text = out.getvalue()
    assert "December 31" in text and "[1] " in text
    assert "proposal-article.md" in text and "Indexed sources" in text


def test_run_console_builds_a_missing_index_first(embedder, tmp_path, caplog):
    settings = Settings(_env_file=None, index_dir=tmp_path / "index", database_path=tmp_path / "bot.sqlite3")
    out = io.StringIO()
    with caplog.at_level("INFO", logger="bot.knowledge"):
        assert run_console(settings, stdin=io.StringIO("/sources\n"), out=out, embedder=embedder) == 0
    assert "No index in" in caplog.text
    assert "Indexed sources" in out.getvalue() and (tmp_path / "index").is_dir()


def test_run_console_reports_a_corrupt_index_in_one_line(embedder, tmp_path, capsys):
    from index.build import build_index
    from index.storage import MANIFEST, current_build_dir

    index = tmp_path / "index"
    build_index(Path(__file__).resolve().parents[2] / "docs", index, embedder)
    (current_build_dir(index) / MANIFEST).write_text("{ not json")
    settings = Settings(_env_file=None, index_dir=index, database_path=tmp_path / "bot.sqlite3")
    assert run_console(settings, stdin=io.StringIO(""), out=io.StringIO(), embedder=embedder) == 1
    err = capsys.readouterr().err
    assert err.startswith("Cannot start:") and err.count("\n") == 1


@pytest.mark.usefixtures("index_dir")
def test_a_database_that_cannot_be_opened_ends_the_waiting_console_at_once_in_one_line(
    index_dir, embedder, tmp_path, capsys
):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    settings = Settings(_env_file=None, index_dir=index_dir, database_path=blocker / "bot.sqlite3")
    read_end, write_end = os.pipe()  # input that never comes: the console must not wait for a line to say it
    stdin = os.fdopen(read_end)
    out = io.StringIO()
    try:
        assert run_console(settings, stdin=stdin, out=out, embedder=embedder) == 1
    finally:
        os.close(write_end)  # the input ends, so the thread still reading it finishes
        for thread in threading.enumerate():
            if thread.name == "console-input":
                thread.join(timeout=10)
        stdin.close()
    assert out.getvalue().endswith("\n> ")  # the prompt was shown before the database was opened
    err = capsys.readouterr().err
    assert err.startswith("Cannot start: cannot open database") and err.count("\n") == 1
