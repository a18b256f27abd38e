"""scripts/evaluate.py: the parts that need no model (corpus assembly, the pinned date, input errors)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.scripts.script_loader import imported_script

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "evaluate.py"


@pytest.fixture(scope="module")
def evaluate():
    with imported_script("evaluate.py", "evaluate_script") as module:
        yield module


def test_pinned_now_is_noon_utc_of_the_day(evaluate):
    assert evaluate.pinned_now(date(2026, 11, 25)) == datetime(2026, 11, 25, 12, tzinfo=UTC)
    assert evaluate.pinned_now(None).date() == datetime.now(UTC).date()


def test_assemble_corpus_merges_directories_and_skips_hidden_files(evaluate, tmp_path):
    docs, extra = tmp_path / "docs", tmp_path / "extra"
    (docs / "sub").mkdir(parents=True)
    extra.mkdir()
    (docs / "a.md").write_text("a")
    (docs / "sub" / "b.md").write_text("b")
    (docs / ".draft.md").write_text("hidden")
    (extra / "c.md").write_text("c")
    out = evaluate.assemble_corpus([docs, extra], tmp_path / "out")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "a.md",
        "c.md",
        "sub/b.md",
    ]


def test_assemble_corpus_refuses_a_name_in_two_sources(evaluate, tmp_path):
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "same.md").write_text(name)
    with pytest.raises(FileExistsError, match=r"same\.md is in more than one source directory"):
        evaluate.assemble_corpus([tmp_path / "one", tmp_path / "two"], tmp_path / "out")


def test_a_bad_date_is_a_usage_error(evaluate, capsys):
    with pytest.raises(SystemExit) as exited:
        evaluate.parse_args(["--today", "25/11/2026"])
    assert exited.value.code == 2
    assert "not a date in YYYY-MM-DD form: '25/11/2026'" in capsys.readouterr().err


def test_a_broken_question_file_stops_before_loading_the_model(evaluate, tmp_path, capsys):
    bad = tmp_path / "questions.jsonl"
    bad.write_text('{"id": "x"}\n')
    assert evaluate.main(["--questions", str(bad)]) == 2
    assert "error: questions.jsonl:1: 'question' must be a non-empty string" in capsys.readouterr().err


def test_a_missing_index_directory_is_refused(evaluate, tmp_path, capsys):
    assert evaluate.main(["--index", str(tmp_path / "nowhere")]) == 2
    assert "is not a directory" in capsys.readouterr().err
