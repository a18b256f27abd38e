import json
from datetime import UTC, datetime
from pathlib import Path

from index.eval_corpora import Corpus
from index.eval_question import EvalQuestion
from index.eval_read_as_typed import format_read_as_typed, read_after_a_turn
from tests.index.followups.fake_kb import WordOverlapKB

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
KB = WordOverlapKB(
    [
        "Parties have until December 31 to send a letter of intent to the CNSA.",
        "NASA signed the Artemis Accords with 29 countries.",
    ]
)


def dialogues(tmp_path: Path) -> Path:
    turns = [
        {"question": "When is the letter of intent due?", "expect_any": [["December 31"]]},
        {"question": "who do I send it to?", "depends": True, "expect_any": [["CNSA"]]},
    ]
    path = tmp_path / "dialogues.jsonl"
    path.write_text(json.dumps({"id": "c1", "corpus": "tiny", "split": "tune", "turns": turns}) + "\n")
    return path


def corpus(*questions: str) -> Corpus:
    labelled = tuple(
        EvalQuestion(id=f"q{i}", question=q, style="plain", abstain=False, expect=("x",), corpus="tiny")
        for i, q in enumerate(questions)
    )
    return Corpus("tiny", Path("."), labelled)


def test_a_self_contained_question_after_a_turn_is_read_as_typed(tmp_path):
    asked = corpus("How many countries signed the Artemis Accords?", "What has NASA achieved in its program?")
    results = read_after_a_turn({"tiny": KB}, [asked], now=NOW, path=dialogues(tmp_path))
    assert [r["read_as_typed"] for r in results] == [True, True]
    assert results[0]["after"] == "When is the letter of intent due?"
    assert format_read_as_typed(results) == f"  {'questions read as typed after a turn':<38}{'1.000':>12}"


def test_a_question_rewritten_after_a_turn_is_listed(tmp_path):
    asked = corpus("who do I send it to?")
    results = read_after_a_turn({"tiny": KB}, [asked], now=NOW, path=dialogues(tmp_path))
    assert results[0]["read_as_typed"] is False
    report = format_read_as_typed(results)
    assert "questions read as typed after a turn" in report and "0.000" in report
    assert "[q0] 'who do I send it to?' after 'When is the letter of intent due?'" in report
    assert read_after_a_turn({}, [asked], now=NOW, path=dialogues(tmp_path)) == []
