"""The labelled question sets: the first set's integrity, and every record format read or rejected with its line."""

from __future__ import annotations

import json
from pathlib import Path

import frontmatter
import pytest

from index.eval_question import STYLES, EvalQuestion, in_all_view
from index.eval_set import LEGACY_CATEGORIES, EvalSetError, load_questions
from index.evaluation import contains, normalise

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "docs" / "proposal-article.md"
QUESTIONS = ROOT / "tests" / "data" / "eval" / "questions.jsonl"
DISTRACTORS = ROOT / "tests" / "data" / "distractors"

# Facts only the article may state: a distractor mentioning one could compete with the labelled answers.
ARTICLE_ONLY = (
    "letter of intent",
    "Venezuela",
    "Artemis Accords",
    "December 31",
    "September 2024",
    "December 2025",
    "2026",
    "ILRS",
    "International Lunar Research Station",
    "Chang'e",
    "CNSA",
    "China National Space Administration",
    "mission-level",
    "Akash",
    "Osta",
    "space power",
)


def _write_lines(tmp_path: Path, *records) -> Path:
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records), encoding="utf-8")
    return path


GOOD = {
    "id": "deadline-1",
    "question": "When?",
    "category": "deadline",
    "style": "plain",
    "expect": ["December 31"],
    "evidence": "until December 31",
    "abstain": False,
}


# --- the labelled set itself -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def questions() -> list[EvalQuestion]:
    return load_questions(QUESTIONS)


def test_the_first_set_is_large_tune_only_and_keeps_its_refusal_reasons(questions):
    assert len(questions) >= 70
    assert sum(q.abstain for q in questions) >= 15
    assert {q.split for q in questions} == {"tune"}
    assert {q.refusal for q in questions if q.abstain} == {"offtopic", "neighbour"}
    assert {q.style for q in questions if not q.abstain} <= STYLES
    assert {json.loads(line)["category"] for line in QUESTIONS.read_text().splitlines() if line} == LEGACY_CATEGORIES


def test_every_evidence_is_verbatim_in_the_article(questions):
    raw = ARTICLE.read_text(encoding="utf-8")  # front matter included: metadata questions quote the author/title
    not_found = [q.id for q in questions if q.evidence is not None and q.evidence not in raw]
    assert not_found == []


def test_every_expected_answer_comes_from_the_article(questions):
    raw = ARTICLE.read_text(encoding="utf-8")
    unsupported = []
    for q in questions:
        every_expected = all(contains(raw, s) for s in q.expect)
        some_group = not q.expect_any or any(all(contains(raw, s) for s in group) for group in q.expect_any)
        if not (every_expected and some_group):
            unsupported.append(q.id)
    assert unsupported == []


def test_questions_are_not_repeated(questions):
    texts = [normalise(q.question) for q in questions]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize("path", sorted(DISTRACTORS.glob("*.md")), ids=lambda p: p.name)
def test_distractors_are_labelled_fixtures_that_compete_with_no_answer(path):
    post = frontmatter.load(path)
    assert post.metadata.get("title")
    assert post.metadata.get("author") == "Test fixture authors"
    leaked = [fact for fact in ARTICLE_ONLY if contains(post.content, fact)]
    assert leaked == []


def test_there_are_four_or_five_distractors():
    assert 4 <= len(list(DISTRACTORS.glob("*.md"))) <= 5


# --- loading -----------------------------------------------------------------------------------------------


def test_load_reads_records_and_skips_blank_lines(tmp_path):
    second = {**GOOD, "id": "x", "expect_any": [["a"], ["b", "c"]], "style": "typo"}
    del second["expect"]
    loaded = load_questions(_write_lines(tmp_path, GOOD, "", second))
    assert [q.id for q in loaded] == ["deadline-1", "x"]
    assert loaded[0].expect == ("December 31",)
    assert loaded[1].expect_any == (("a",), ("b", "c"))


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({**GOOD, "category": "weather"}, "'category' must be one of"),
        ({**GOOD, "style": "shouting"}, "'style' must be one of"),
        ({**GOOD, "abstain": "no"}, "'abstain' must be true or false"),
        ({**GOOD, "category": "offtopic", "abstain": True}, "has no expect"),
        ({**GOOD, "abstain": True}, "only offtopic and neartopic"),
        ({k: v for k, v in GOOD.items() if k != "evidence"}, "needs 'evidence'"),
        ({k: v for k, v in GOOD.items() if k != "expect"}, "needs 'expect' or 'expect_any'"),
        ({**GOOD, "expect": []}, "'expect' must be a non-empty list"),
        ({**GOOD, "expect_any": [[]]}, "expect_any group"),
        ({**GOOD, "question": "  "}, "'question' must be a non-empty string"),
        ({**GOOD, "answer": "x"}, "unknown field(s) answer"),
    ],
)
def test_bad_records_are_rejected_with_their_line(tmp_path, record, message):
    with pytest.raises(EvalSetError, match=r"questions\.jsonl:2: ") as caught:
        load_questions(_write_lines(tmp_path, {**GOOD, "id": "first"}, record))
    assert message in str(caught.value)


NEW = {
    "id": "cg6-launch",
    "question": "When did Chang'e-6 launch?",
    "split": "holdout",
    "style": "plain",
    "kind": "date",
    "abstain": False,
    "expect_any": [["3 May 2024"], ["May 3, 2024"]],
    "sources": ["change-6.md"],
    "evidence": "It launched on 3 May 2024",
}
REFUSE = {
    "id": "cg9",
    "question": "When does Chang'e-9 launch?",
    "split": "tune",
    "style": "plain",
    "kind": "date",
    "abstain": True,
    "refusal": "neighbour",
}


def test_corpus_records_keep_split_kind_sources_and_refusal_reason(tmp_path):
    answerable, refused = load_questions(_write_lines(tmp_path, NEW, REFUSE), corpus="lunar")
    assert (answerable.split, answerable.kind, answerable.sources, answerable.corpus) == (
        "holdout",
        "date",
        ("change-6.md",),
        "lunar",
    )
    assert answerable.expect_any == (("3 May 2024",), ("May 3, 2024",))
    assert answerable.group == "date"
    assert (refused.abstain, refused.refusal, refused.group) == (True, "neighbour", "refuse:neighbour")


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({**NEW, "split": "train"}, "'split' must be one of holdout, tune"),
        ({**NEW, "kind": "poem"}, "'kind' must be one of"),
        ({k: v for k, v in NEW.items() if k != "sources"}, "'sources' must be a non-empty list"),
        ({k: v for k, v in NEW.items() if k != "evidence"}, "'evidence' must be a non-empty string"),
        ({**NEW, "refusal": "neighbour"}, "only a question to refuse has a 'refusal'"),
        ({**REFUSE, "refusal": "shrug"}, "'refusal' must be one of neighbour, offtopic, unstated"),
        ({**REFUSE, "sources": ["a.md"]}, "a question to refuse has no expect"),
    ],
)
def test_bad_corpus_records_are_rejected_with_their_line(tmp_path, record, message):
    with pytest.raises(EvalSetError, match=r"questions\.jsonl:1: ") as caught:
        load_questions(_write_lines(tmp_path, record))
    assert message in str(caught.value)


def test_without_an_all_view_label_a_question_keeps_its_own_with_sources_under_its_corpus(tmp_path):
    answerable, refused = load_questions(_write_lines(tmp_path, NEW, REFUSE), corpus="lunar")
    assert in_all_view(answerable).sources == ("lunar/change-6.md",)
    assert in_all_view(answerable).expect_any == answerable.expect_any
    assert in_all_view(refused).abstain is True


def test_an_all_view_label_replaces_only_the_fields_it_gives(tmp_path):
    more_sources = {**NEW, "all_view": {"sources": ["lunar/change-6.md", "partners/a.md"]}, "all_view_reason": "r"}
    (question,) = load_questions(_write_lines(tmp_path, more_sources), corpus="lunar")
    label = in_all_view(question)
    assert label.sources == ("lunar/change-6.md", "partners/a.md")
    assert (label.expect_any, label.evidence, label.abstain) == (question.expect_any, question.evidence, False)
    assert question.sources == ("change-6.md",) and question.all_view_reason == "r"
    answered = {
        **REFUSE,
        "all_view": {"abstain": False, "expect_any": [["2030"]], "sources": ["other/b.md"], "evidence": "In 2030."},
        "all_view_reason": "other/b.md dates it",
    }
    label = in_all_view(load_questions(_write_lines(tmp_path, answered), corpus="lunar")[0])
    assert (label.abstain, label.refusal, label.sources) == (False, None, ("other/b.md",))
    assert label.expect_any == (("2030",),)
    refused = {**NEW, "all_view": {"abstain": True, "refusal": "unstated"}, "all_view_reason": "r"}
    label = in_all_view(load_questions(_write_lines(tmp_path, refused))[0])
    assert (label.abstain, label.refusal, label.sources, label.evidence) == (True, "unstated", (), None)


def test_a_question_skipped_in_the_all_view_has_no_label_there(tmp_path):
    skipped = {**GOOD, "all_view": "skip", "all_view_reason": "two documents answer it differently"}
    (question,) = load_questions(_write_lines(tmp_path, skipped))
    assert in_all_view(question) is None
    assert question.all_view_skip and question.all_view_reason == "two documents answer it differently"


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({**NEW, "all_view": "skip"}, "'all_view_reason' must be a non-empty string"),
        ({**NEW, "all_view_reason": "why"}, "'all_view_reason' goes with 'all_view'"),
        ({**NEW, "all_view": "maybe", "all_view_reason": "r"}, "'all_view' must be \"skip\" or an object of"),
        ({**NEW, "all_view": {"split": "tune"}, "all_view_reason": "r"}, "'all_view' must be \"skip\" or an object"),
        ({**NEW, "all_view": {"sources": ["a.md"]}, "all_view_reason": "r"}, "'sources' are '<corpus>/<path>' paths"),
        ({**NEW, "all_view": {"abstain": True, "sources": ["x/a.md"]}, "all_view_reason": "r"}, "has no expect_any"),
        ({**REFUSE, "all_view": {"abstain": False, "expect_any": [["x"]]}, "all_view_reason": "r"}, "needs expect_any"),
        ({**NEW, "all_view": {"abstain": True, "refusal": "shrug"}, "all_view_reason": "r"}, "'refusal' must be one"),
    ],
)
def test_bad_all_view_labels_are_rejected_with_their_line(tmp_path, record, message):
    with pytest.raises(EvalSetError, match=r"questions\.jsonl:1: ") as caught:
        load_questions(_write_lines(tmp_path, record))
    assert message in str(caught.value)


def test_invalid_json_and_duplicate_ids_are_rejected(tmp_path):
    with pytest.raises(EvalSetError, match=r"questions\.jsonl:1: invalid JSON"):
        load_questions(_write_lines(tmp_path, "{not json"))
    with pytest.raises(EvalSetError, match=r"questions\.jsonl:2: duplicate id 'deadline-1'"):
        load_questions(_write_lines(tmp_path, GOOD, GOOD))
    with pytest.raises(EvalSetError, match="no questions"):
        load_questions(_write_lines(tmp_path, ""))
