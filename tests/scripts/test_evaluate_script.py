"""scripts/evaluate.py: the parts that need no model (arguments, the pinned date, input errors, the table)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from index.evaluation import EVALUATION_DAY
from tests.scripts.script_loader import imported_script

REFUSE = {
    "id": "a",
    "question": "q?",
    "split": "tune",
    "style": "plain",
    "kind": "date",
    "abstain": True,
    "refusal": "offtopic",
}


@pytest.fixture(scope="module")
def evaluate():
    with imported_script("evaluate.py", "evaluate_script") as module:
        yield module


def test_now_is_pinned_to_noon_utc_of_a_fixed_day_by_default(evaluate):
    assert evaluate.pinned_now(date(2026, 11, 25)) == datetime(2026, 11, 25, 12, tzinfo=UTC)
    assert evaluate.parse_args([]).today == EVALUATION_DAY


def test_a_bad_date_is_a_usage_error(evaluate, capsys):
    with pytest.raises(SystemExit) as exited:
        evaluate.parse_args(["--today", "25/11/2026"])
    assert exited.value.code == 2
    assert "not a date in YYYY-MM-DD form: '25/11/2026'" in capsys.readouterr().err


def test_docs_and_questions_go_together(evaluate, capsys):
    with pytest.raises(SystemExit):
        evaluate.parse_args(["--docs", "docs"])
    assert "--docs and --questions go together" in capsys.readouterr().err


def test_dialogues_only_scores_no_corpus_question_and_needs_the_dialogues(evaluate, capsys):
    assert evaluate.parse_args(["--dialogues-only"]).dialogues_only
    assert not evaluate.parse_args([]).dialogues_only
    for clash in (["--no-dialogues"], ["--loco"], ["--docs", "d", "--questions", "q"]):
        with pytest.raises(SystemExit):
            evaluate.parse_args(["--dialogues-only", *clash])
        assert "--dialogues-only goes with none of" in capsys.readouterr().err


def test_a_broken_question_file_stops_before_loading_the_model(evaluate, tmp_path, capsys):
    bad = tmp_path / "questions.jsonl"
    bad.write_text('{"id": "x"}\n')
    assert evaluate.main(["--docs", str(tmp_path), "--questions", str(bad)]) == 2
    assert "error: questions.jsonl:1: " in capsys.readouterr().err


def test_an_unknown_corpus_is_refused_with_the_known_ones(evaluate, tmp_path, capsys):
    (tmp_path / "lunar" / "docs").mkdir(parents=True)
    (tmp_path / "lunar" / "questions.jsonl").write_text(json.dumps(REFUSE) + "\n")
    assert evaluate.main(["--corpora", str(tmp_path), "--corpus", "nowhere"]) == 2
    assert "unknown corpus nowhere; known: lunar" in capsys.readouterr().err


def test_a_missing_docs_directory_is_refused(evaluate, tmp_path, capsys):
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps(REFUSE) + "\n")
    assert evaluate.main(["--docs", str(tmp_path / "nowhere"), "--questions", str(questions)]) == 2
    assert "is not a directory" in capsys.readouterr().err


def test_the_summary_table_has_a_line_per_view_and_split(evaluate):
    summary = {
        "questions": 3,
        "accuracy": 1.0,
        "answer_accuracy": 0.5,
        "refusal_rate": None,
        "false_refusal_rate": 0.0,
        "source_first": 1.0,
        "median_answer_chars": 120,
        "p90_answer_chars": 310,
    }
    table = evaluate.summary_table({"lunar": {"splits": {"tune": summary, "holdout": summary}}})
    lines = table.splitlines()
    assert lines[0].split()[:3] == ["view", "split", "n"]
    assert lines[2].split() == ["lunar", "tune", "3", "1.000", "0.500", "n/a", "0.000", "1.000", "120", "310"]
    assert lines[3].split()[1] == "holdout"


def test_repository_root_is_where_the_script_looks(evaluate):
    assert (evaluate.ROOT / "scripts" / "evaluate.py").is_file()
    assert Path(evaluate.CORPORA_ROOT).name == "corpora"
