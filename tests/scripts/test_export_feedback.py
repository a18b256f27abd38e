from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

from bot.commands.spec import Caller
from bot.storage.database import open_engine
from bot.storage.engine import resolve_url
from bot.storage.questions import EXPORT_COLUMNS, log_question, record_vote
from index.schema import Answer, Citation

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import export_feedback


def make_db(path: Path) -> None:
    engine = open_engine(resolve_url(None, path))
    with engine.begin() as conn:
        quote = 'He said "until December 31", then left.'
        cite = Citation(1, "a.md", "Title, with comma", "Sec", quote, "c1", url="https://example.org")
        qid = log_question(conn, Answer("When, exactly?", "December 31 [1].", False, (cite,)), Caller("slash", 1))
        log_question(conn, Answer("Unknown?", "Not in the sources.", True), Caller("mention", 2))
        record_vote(conn, qid, 1, 1)
    engine.dispose()


def test_json_export_round_trips(tmp_path, capsys):
    make_db(tmp_path / "bot.sqlite3")
    out = tmp_path / "out" / "log.json"
    assert export_feedback.main(["--db", str(tmp_path / "bot.sqlite3"), "--format", "json", "--out", str(out)]) == 0
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert [r["question"] for r in rows] == ["When, exactly?", "Unknown?"]
    assert rows[0]["citations"][0]["quote"] == 'He said "until December 31", then left.'
    assert rows[0]["upvotes"] == 1 and rows[1]["abstained"] is True
    assert "Wrote 2 questions" in capsys.readouterr().err


def test_csv_export_to_stdout_keeps_commas_and_quotes(tmp_path, capsys):
    make_db(tmp_path / "bot.sqlite3")
    assert export_feedback.main(["--db", str(tmp_path / "bot.sqlite3"), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == [column for column in EXPORT_COLUMNS if column != "user_id"]
    assert rows[0]["question"] == "When, exactly?"
    assert json.loads(rows[0]["citations"])[0]["title"] == "Title, with comma"
    assert rows[1]["abstained"] == "True"


def test_user_ids_are_left_out_unless_asked_for(tmp_path, capsys):
    make_db(tmp_path / "bot.sqlite3")
    assert export_feedback.main(["--db", str(tmp_path / "bot.sqlite3"), "--format", "json"]) == 0
    assert all("user_id" not in row for row in json.loads(capsys.readouterr().out))
    argv = ["--db", str(tmp_path / "bot.sqlite3"), "--format", "csv", "--include-user-ids"]
    assert export_feedback.main(argv) == 0
    assert [row["user_id"] for row in csv.DictReader(io.StringIO(capsys.readouterr().out))] == ["1", "2"]


def test_missing_database_is_a_clear_error(tmp_path, capsys):
    assert export_feedback.main(["--db", str(tmp_path / "none.sqlite3"), "--format", "json"]) == 2
    assert "No database" in capsys.readouterr().err


def test_corrupt_database_is_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not sqlite" * 100)
    assert export_feedback.main(["--db", str(bad), "--format", "csv"]) == 2
    assert "cannot open database" in capsys.readouterr().err


class WordsOverlap:
    """One axis per topic word, so the test does not load the model."""

    def encode(self, texts):
        import numpy as np

        topics = ("cost", "visa", "won")
        vectors = np.array([[float(t in text.lower()) for t in topics] + [0.01] for text in texts])
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def make_gap_db(path: Path) -> None:
    engine = open_engine(resolve_url(None, path))
    with engine.begin() as conn:
        for question in ("What will it cost?", "How much does it cost?", "Do I need a visa?"):
            log_question(conn, Answer(question, "Not in the sources.", True), Caller("slash", 1))
        liked = log_question(conn, Answer("Who won?", "Nobody [1].", False), Caller("slash", 1))
        record_vote(conn, liked, 1, 1)
    engine.dispose()


def test_gaps_export_groups_similar_questions_biggest_first(tmp_path, capsys):
    make_gap_db(tmp_path / "bot.sqlite3")
    argv = ["--db", str(tmp_path / "bot.sqlite3"), "--format", "json", "--gaps"]
    assert export_feedback.main(argv, encoder=WordsOverlap()) == 0
    gaps = json.loads(capsys.readouterr().out)
    assert [g["count"] for g in gaps] == [2, 1]
    assert sorted(gaps[0]["questions"]) == ["How much does it cost?", "What will it cost?"]
    assert gaps[0]["reasons"] == {"unanswered": 2} and gaps[1]["example"] == "Do I need a visa?"


def test_gaps_csv_has_one_row_per_gap(tmp_path, capsys):
    make_gap_db(tmp_path / "bot.sqlite3")
    out = tmp_path / "gaps.csv"
    argv = ["--db", str(tmp_path / "bot.sqlite3"), "--format", "csv", "--gaps", "--out", str(out)]
    assert export_feedback.main(argv, encoder=WordsOverlap()) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == list(export_feedback.GAP_COLUMNS)
    assert rows[0]["count"] == "2" and len(json.loads(rows[0]["questions"])) == 2
    assert "Wrote 2 gaps" in capsys.readouterr().err
