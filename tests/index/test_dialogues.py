import json
from datetime import UTC, datetime

import pytest

from index.dialogue_set import DIALOGUES, load_dialogues
from index.eval_dialogues import dialogue_results, play, summarise
from index.eval_set import EvalSetError
from tests.index.followups.fake_kb import WordOverlapKB

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


def write(tmp_path, *records) -> object:
    path = tmp_path / "dialogues.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def conversation(**changes) -> dict:
    record = {
        "id": "c1",
        "corpus": "tiny",
        "split": "tune",
        "turns": [
            {"question": "When is the letter of intent due?", "expect_any": [["December 31"]]},
            {"question": "who do I send it to?", "depends": True, "expect_any": [["CNSA"]]},
            {"question": "How many countries signed the Artemis Accords?", "depends": False, "expect_any": [["29"]]},
        ],
    }
    record.update(changes)
    return record


KB = WordOverlapKB(
    [
        "Parties have until December 31 to send a letter of intent to the CNSA.",
        "NASA signed the Artemis Accords with 29 countries.",
    ]
)


def test_the_project_dialogue_set_is_valid_and_split_in_halves():
    dialogues = load_dialogues(DIALOGUES)
    assert len(dialogues) >= 48
    splits = [d.split for d in dialogues]
    assert splits.count("tune") == splits.count("holdout")
    follow_ups = [t for d in dialogues for t in d.turns[1:]]
    assert any(t.depends for t in follow_ups) and any(t.depends is False for t in follow_ups)
    assert any(t.question.abstain for t in follow_ups)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"split": "dev"}, "'split'"),
        ({"turns": [{"question": "Only one?", "expect_any": [["x"]]}]}, "2 to 3 turns"),
        ({"turns": [{"question": "a?", "expect_any": [["x"]], "depends": False}] * 2}, "first turn has no"),
        ({"turns": [{"question": "a?", "expect_any": [["x"]]}, {"question": "b?", "expect_any": [["x"]]}]}, "depends"),
        ({"turns": [{"question": "a?", "abstain": True}, {"question": "b?", "depends": True}]}, "'refusal'"),
        ({"turns": [{"question": "a?", "expect_any": []}, {"question": "b?", "depends": True}]}, "'expect_any'"),
        ({"colour": "blue"}, "unknown field"),
        (
            {
                "turns": [
                    {"question": "a?", "expect_any": [["x"]]},
                    {"question": "b?", "depends": False, "standalone": "b?", "expect_any": [["x"]]},
                ]
            },
            "'standalone'",
        ),
    ],
)
def test_a_malformed_conversation_is_refused_with_its_line(tmp_path, changes, message):
    with pytest.raises(EvalSetError, match=message) as error:
        load_dialogues(write(tmp_path, conversation(), conversation(id="c2", **changes)))
    assert "dialogues.jsonl:2" in str(error.value)


def test_a_conversation_is_played_turn_by_turn(tmp_path):
    (dialogue,) = load_dialogues(write(tmp_path, conversation()))
    first, follow_up, fresh = play(KB, dialogue, now=NOW)
    assert first.correct and first.depends is None and first.unchanged is None
    assert follow_up.used_context and follow_up.asked == "who do I send the letter of intent to?"
    assert follow_up.correct
    assert fresh.unchanged is True and not fresh.used_context and fresh.correct


def test_the_summary_counts_follow_ups_and_unchanged_turns(tmp_path):
    (dialogue,) = load_dialogues(write(tmp_path, conversation()))
    summary = summarise(play(KB, dialogue, now=NOW))
    assert summary["follow_up_accuracy"] == 1.0
    assert summary["unchanged"] == 1.0
    assert summary["context_detection"] == 1.0
    assert summary["failures"] == []


def test_a_reader_that_ignores_context_fails_the_follow_up(tmp_path):
    from index.followups import Reading

    def ignore(question, history, kb, **_):
        return Reading(question, question, False, None)

    (dialogue,) = load_dialogues(write(tmp_path, conversation()))
    summary = summarise(play(KB, dialogue, now=NOW, resolver=ignore))
    assert summary["follow_up_accuracy"] == 0.0
    assert [f["number"] for f in summary["failures"]] == [2]


def test_the_results_cover_only_corpora_with_a_knowledge_base(tmp_path):
    path = write(tmp_path, conversation(), conversation(id="c2", corpus="other", split="holdout"))
    results = dialogue_results({"tiny": KB}, now=NOW, path=path)
    assert list(results["splits"]) == ["tune"]
    assert "follow-up turns answered right" in results["report"] and "≥ 0.85" in results["report"]
    assert dialogue_results({}, now=NOW, path=path)["report"] == "== dialogues: no corpus evaluated"


def test_a_wrong_follow_up_is_put_down_to_the_reading_or_to_the_answering(tmp_path):
    from index.followups import Reading

    def ignore(question, history, kb, **_):
        return Reading(question, question, False, None)

    turns = conversation()["turns"]
    right_alone = dict(turns[1], standalone="Who do I send the letter of intent to?")
    wrong_alone = dict(turns[1], standalone="Who gets the paperwork?")
    path = write(
        tmp_path,
        conversation(turns=[turns[0], right_alone]),
        conversation(id="c2", turns=[turns[0], wrong_alone]),
    )
    scores = [s for d in load_dialogues(path) for s in play(KB, d, now=NOW, resolver=ignore)]
    summary = summarise(scores)
    assert summary["standalone_accuracy"] == 0.5
    assert summary["reading_accuracy"] == 0.0
    assert (summary["wrong_reading"], summary["wrong_answering"]) == (1, 1)
    report = dialogue_results({"tiny": KB}, now=NOW, path=path, resolver=ignore)["report"]
    assert "wrong follow-ups: reading/answering" in report
    assert "tune follow-ups by kind and cause" in report
    assert summary["by_kind"] == {"pronoun": {"right": 0, "read wrong": 2, "refused": 0, "wrong alone": 0, "focus": 0}}
    assert "(reading: 'Who do I send the letter of intent to?' asked alone is answered right)" in report
    assert "(answering: 'Who gets the paperwork?' asked alone fails too)" in report
