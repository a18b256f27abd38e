"""scripts/golden_from_feedback.py: 👍-rated answers in a real question log appended to a golden set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.commands.spec import Caller
from bot.storage.database import open_engine
from bot.storage.engine import resolve_url
from bot.storage.questions import log_question, record_vote
from index.golden import load_golden
from index.schema import Answer, Citation
from tests.scripts.script_loader import imported_script

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "golden_from_feedback.py"
QUOTE = "Interested parties have until December 31 to submit a letter of intent."
GOLDEN_LINE = '{"id": "loi", "question": "When is the deadline?", "expect": ["December 31"]}\n'


@pytest.fixture(scope="module")
def script():
    with imported_script("golden_from_feedback.py", "golden_from_feedback_script") as module:
        yield module


def make_log(path: Path) -> None:
    engine = open_engine(resolve_url(None, path))
    with engine.begin() as conn:
        cite = Citation(1, "article.md", "Article", "Paragraph 6", QUOTE, "c1")
        liked = log_question(
            conn, Answer("Until when can I send a letter?", f"{QUOTE} [1]", False, (cite,)), Caller("slash", 1)
        )
        disliked = log_question(conn, Answer("Who runs it?", f"{QUOTE} [1]", False, (cite,)), Caller("slash", 1))
        refused = log_question(conn, Answer("Price of bitcoin?", "Not covered.", True), Caller("slash", 1))
        again = log_question(conn, Answer("When is the deadline?", f"{QUOTE} [1]", False, (cite,)), Caller("slash", 1))
        for question_id, vote in ((liked, 1), (disliked, -1), (refused, 1), (again, 1)):
            record_vote(conn, question_id, 7, vote)
    engine.dispose()


def test_liked_answers_are_appended_once(script, tmp_path, capsys):
    db, golden = tmp_path / "bot.sqlite3", tmp_path / "golden.jsonl"
    make_log(db)
    golden.write_text(GOLDEN_LINE, encoding="utf-8")

    assert script.main(["--db", str(db), "--golden", str(golden), "--dry-run"]) == 0
    shown = capsys.readouterr()
    assert json.loads(shown.out)["expect"] == [QUOTE] and "1 question(s) would be added" in shown.err
    assert golden.read_text(encoding="utf-8") == GOLDEN_LINE

    assert script.main(["--db", str(db), "--golden", str(golden)]) == 0
    assert "Added 1 question(s)" in capsys.readouterr().err
    questions = load_golden(golden)
    assert [(q.id, q.question, q.expect, q.origin) for q in questions] == [
        ("loi", "When is the deadline?", ("December 31",), "curated"),
        ("feedback-1", "Until when can I send a letter?", (QUOTE,), "feedback"),
    ]

    assert script.main(["--db", str(db), "--golden", str(golden)]) == 0
    assert "Added 0 question(s)" in capsys.readouterr().err
    assert len(load_golden(golden)) == 2


def test_missing_or_bad_inputs_exit_2(script, tmp_path, capsys):
    golden = tmp_path / "golden.jsonl"
    golden.write_text(GOLDEN_LINE, encoding="utf-8")
    assert script.main(["--db", str(tmp_path / "none.sqlite3"), "--golden", str(golden)]) == 2
    assert "No database" in capsys.readouterr().err

    make_log(tmp_path / "bot.sqlite3")
    golden.write_text("{broken\n", encoding="utf-8")
    assert script.main(["--db", str(tmp_path / "bot.sqlite3"), "--golden", str(golden)]) == 2
    assert "golden.jsonl:1: invalid JSON" in capsys.readouterr().err
