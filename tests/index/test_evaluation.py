"""Scoring one answer against its labels, and running a question set against a knowledge base; no model is loaded."""

from __future__ import annotations

from datetime import UTC, datetime

from index.eval_question import EvalQuestion
from index.evaluation import evidence_hits, normalise, run_questions, score
from index.schema import Answer, Chunk, Hit


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
