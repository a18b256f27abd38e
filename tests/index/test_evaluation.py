"""The evaluation set's integrity and the scoring arithmetic; no model is loaded."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import frontmatter
import pytest

from index.eval_set import LEGACY_CATEGORIES, STYLES, EvalQuestion, EvalSetError, in_all_view, load_questions
from index.evaluation import (
    QuestionScore,
    by_split,
    contains,
    evidence_hits,
    format_report,
    normalise,
    run_questions,
    score,
    summarise,
)
from index.schema import Answer, Chunk, Hit

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


def _question(**fields) -> EvalQuestion:
    defaults = {"id": "q", "question": "When?", "style": "plain", "abstain": False}
    return EvalQuestion(**{**defaults, **fields})


def _hit(text: str, title: str = "Doc") -> Hit:
    chunk = Chunk(
        id=str(abs(hash(text))),
        doc_path="doc.md",
        title=title,
        section=title,
        position=0,
        text=text,
        sentences=(text,),
    )
    return Hit(chunk=chunk, score=1.0)


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


# --- scoring one answer ------------------------------------------------------------------------------------


def test_normalise_folds_case_typographic_quotes_and_whitespace():
    assert normalise("China’s  “Mission-Level”\nProjects") == 'china\'s "mission-level" projects'


def test_a_correct_answer_matches_expectations_regardless_of_quote_style_and_case():
    q = _question(expect=("Chang'e-8", "december 31"), evidence="x")
    s = score(q, Answer(question="When?", text="For Chang’e-8: until December 31 [1].", abstained=False), [])
    assert s.correct
    assert s.reason == ""


def test_a_wrong_answer_names_what_it_lacks():
    q = _question(expect=("Russia", "Venezuela"), evidence="x")
    s = score(q, Answer(question="Who?", text="Russia [1].", abstained=False), [])
    assert not s.correct
    assert s.missing == ("Venezuela",)
    assert s.reason == "answer lacks 'Venezuela'"


def test_expect_any_needs_one_whole_group_and_reports_the_closest():
    q = _question(expect_any=(("early", "September", "2024"), ("Sept",)), evidence="x")
    assert score(q, Answer("q", "early in September 2024", False), []).correct
    assert score(q, Answer("q", "in Sept", False), []).correct
    wrong = score(q, Answer("q", "in 2024", False), [])
    assert not wrong.correct
    assert wrong.missing == ("Sept",)


def test_refusals_are_right_only_for_questions_to_refuse():
    answerable = _question(expect=("29",), evidence="x")
    refused = Answer("q", "I can't find that in the documents.", abstained=True)
    assert not score(answerable, refused, []).correct
    assert score(answerable, refused, []).reason == "refused an answerable question"

    to_refuse = _question(refusal="offtopic", abstain=True)
    assert score(to_refuse, refused, []).correct
    answered = score(to_refuse, Answer("q", "Paris [1].", abstained=False), [])
    assert not answered.correct
    assert answered.reason == "answered a question it should refuse"


def test_evidence_hits_by_rank():
    hits = [_hit("Nothing relevant."), _hit("Parties have until December  31 to submit."), _hit("More.")]
    assert evidence_hits("until December 31", hits) == {1: False, 3: True}
    assert evidence_hits("until December 31", hits[1:]) == {1: True, 3: True}
    assert evidence_hits("until March 1", hits) == {1: False, 3: False}
    assert evidence_hits(None, hits) == {1: None, 3: None}


def test_evidence_in_a_chunk_title_counts_as_a_hit():
    hits = [_hit("Body text.", title="China’s Lunar Mission Collaboration Proposal")]
    assert evidence_hits("China's Lunar Mission", hits) == {1: True, 3: True}


# --- summarising a run -------------------------------------------------------------------------------------


def _score(id_, *, group="date", split="tune", should_abstain=False, abstained=False, correct=True, **rest):
    return QuestionScore(
        id=id_,
        question=f"question {id_}?",
        split=split,
        style="plain",
        group=group,
        should_abstain=should_abstain,
        abstained=abstained,
        correct=correct,
        answer_text=rest.get("text", "ok"),
        source_right=rest.get("source_right"),
        hits=rest.get("hits", {1: True, 3: True}),
        missing=() if correct or abstained else ("x",),
    )


def test_summarise_computes_every_metric():
    no_hits = {1: None, 3: None}
    scores = [
        _score("a", text="a" * 10, source_right=True),
        _score("b", text="b" * 30, hits={1: False, 3: True}, source_right=False),
        _score("c", correct=False, text="c" * 50, hits={1: False, 3: False}, source_right=True),
        _score("d", abstained=True, correct=False, text="no"),  # false refusal
        _score("e", group="refuse:offtopic", should_abstain=True, abstained=True, hits=no_hits),
        _score("f", group="refuse:neighbour", should_abstain=True, correct=False, text="f" * 100, hits=no_hits),
        _score("g", group="refuse:neighbour", should_abstain=True, abstained=True, hits=no_hits),
    ]
    summary = summarise(scores)
    assert (summary["questions"], summary["answerable"], summary["to_refuse"]) == (7, 4, 3)
    assert summary["accuracy"] == pytest.approx(4 / 7)
    assert summary["answer_accuracy"] == pytest.approx(2 / 4)
    assert summary["refusal_rate"] == pytest.approx(2 / 3)
    assert summary["false_refusal_rate"] == pytest.approx(1 / 4)
    assert summary["source_first"] == pytest.approx(2 / 3)
    assert summary["hit_at_1"] == pytest.approx(2 / 4)
    assert summary["hit_at_3"] == pytest.approx(3 / 4)
    assert summary["median_answer_chars"] == 40  # of the answered: 10, 30, 50, 100
    assert summary["accuracy_by_group"] == {"date": 0.5, "refuse:neighbour": 0.5, "refuse:offtopic": 1.0}
    assert [f["id"] for f in summary["failures"]] == ["c", "d", "f"]
    assert summary["retrieval_misses"] == ["c"]
    json.dumps(summary)  # the script writes it as JSON


def test_summarise_reports_undefined_rates_as_none():
    summary = summarise([_score("a")])
    assert summary["refusal_rate"] is None
    assert summary["source_first"] is None
    assert summary["failures"] == []


def test_by_split_summarises_tune_then_holdout():
    splits = by_split([_score("h", split="holdout", correct=False), _score("t"), _score("t2")])
    assert list(splits) == ["tune", "holdout"]
    assert splits["tune"]["answer_accuracy"] == 1.0
    assert splits["holdout"]["answer_accuracy"] == 0.0


def test_report_shows_splits_side_by_side_and_only_tune_failures_by_default():
    splits = by_split(
        [
            _score("a"),
            _score("c", correct=False, text="It was   Paris."),
            _score("h", split="holdout", correct=False, text="secret"),
        ]
    )
    report = format_report("docs", splits)
    assert "== docs" in report
    assert report.splitlines()[1].split() == ["tune", "holdout"]
    assert "answer accuracy" in report and "0.500" in report and "0.000" in report
    assert "[c] 'question c?': answer lacks 'x'" in report
    assert "answer: It was Paris." in report
    assert "secret" not in report
    assert "secret" in format_report("docs", splits, failures_of=("tune", "holdout"))


def test_the_first_citation_decides_whether_the_source_is_right():
    from index.schema import Citation

    def cited(*sources):
        citations = tuple(Citation(n, s, "T", "S", "q", "id") for n, s in enumerate(sources, 1))
        return Answer("q", "Paris [1].", False, citations)

    q = _question(expect=("Paris",), evidence="x", sources=("a.md", "b.md"))
    assert score(q, cited("b.md", "z.md"), []).source_right is True
    assert score(q, cited("z.md", "a.md"), []).source_right is False
    assert score(q, Answer("q", "no", True), []).source_right is None


# --- running against a knowledge base ----------------------------------------------------------------------


class _ArticleOnlyKnowledgeBase:
    """Answers from a fixed list of sentences by word overlap: enough to drive run_questions for real."""

    def __init__(self, sentences: list[str]) -> None:
        self.sentences = sentences
        self.asked_with: list[datetime | None] = []

    def _ranked(self, query: str) -> list[str]:
        words = set(normalise(query).split())
        overlap = [(len(words & set(normalise(s).split())), s) for s in self.sentences]
        return [s for n, s in sorted(overlap, key=lambda pair: -pair[0]) if n > 0]

    def ask(self, question: str, *, now: datetime | None = None) -> Answer:
        from index.errors import QuestionError

        self.asked_with.append(now)
        if not question.strip():
            raise QuestionError("the question is empty")
        ranked = self._ranked(question)
        if not ranked:
            return Answer(question, "I can't find that.", abstained=True)
        return Answer(question, ranked[0] + " [1]", abstained=False)

    def search(self, query: str, k: int = 5) -> list[Hit]:
        return [_hit(s) for s in self._ranked(query)[:k]]


def test_run_questions_asks_and_searches_each_question_with_the_pinned_date():
    kb = _ArticleOnlyKnowledgeBase(["Parties have until December 31 to submit a letter of intent.", "Paris."])
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    questions = [
        _question(
            id="loi",
            question="letter of intent deadline",
            expect=("December 31",),
            evidence="until December 31",
        ),
        _question(id="poem", question="compose poetry", refusal="offtopic", abstain=True),
        _question(id="empty", question=" ", expect=("x",), evidence="x"),
    ]
    scores = run_questions(kb, questions, now=now)
    assert kb.asked_with == [now, now, now]
    assert [(s.id, s.correct, s.abstained) for s in scores] == [
        ("loi", True, False),
        ("poem", True, True),
        ("empty", False, True),
    ]
    assert scores[0].hits == {1: True, 3: True}
    assert scores[2].answer_text.startswith("(rejected: ")
