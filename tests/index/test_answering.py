from datetime import date

import pytest

from index.answering import (
    ABSTAIN_TEXT,
    AnswerType,
    Candidate,
    Thresholds,
    abstain,
    answer_type,
    clean_question,
    compose,
    focus_answered,
    focus_word,
    has_answer_type,
    is_confident,
    metadata_field,
)
from index.errors import QuestionError
from index.schema import Chunk

CHUNK = Chunk(
    id="c1",
    doc_path="a.md",
    title="Article",
    section="Paragraph 6",
    position=5,
    text="Parties have until December 31 to apply. The selection is in September 2024.",
    sentences=("Parties have until December 31 to apply.", "The selection is in September 2024."),
)


def candidate(sentence: str, similarity=0.5, coverage=0.5, typed=True) -> Candidate:
    return Candidate(CHUNK, sentence, similarity, coverage, typed, chunk_rank=0)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("When is the letter of intent due?", "deadline"),
        ("When will the final selection be made?", "date"),
        ("How many countries signed the Accords?", "number"),
        ("How much will it cost?", "money"),
        ("How far is the Moon from Earth?", "distance"),
        ("Which countries have joined the ILRS?", "countries"),
        ("Who is invited to take part?", "invitees"),
        ("Who is the head of CNSA?", "entity"),
        ("Why can't NASA work with China?", "any"),
    ],
)
def test_answer_type(question, kind):
    assert answer_type(question).name == kind


def test_typed_sentences():
    assert has_answer_type(AnswerType("deadline", True), "Parties have until December 31 to apply.")
    assert not has_answer_type(AnswerType("deadline", True), "It will be followed by a mission in 2026.")
    assert not has_answer_type(AnswerType("number", True), "The Chang’e-8 mission comes in 2026.")
    assert has_answer_type(AnswerType("number", True), "NASA signed with 29 countries.")
    assert has_answer_type(AnswerType("countries", True), "Only Russia and Venezuela joined.")
    assert not has_answer_type(AnswerType("countries", True), "China’s timeline matches U.S. plans.")
    assert has_answer_type(AnswerType("invitees", True), "welcoming countries and international organizations to join")


def test_a_focus_word_is_answered_by_its_word_or_by_an_organisation_name():
    sentence = "Send it to the China National Space Administration (CNSA)."
    words = frozenset({"send", "it", "to", "the", "china", "national", "space", "administration", "cnsa"})
    assert focus_answered("agencies", sentence, words)  # an agency named, not the word "agency"
    assert focus_answered("administrations", sentence, words)
    assert not focus_answered("rocket", sentence, words)
    assert not focus_answered("administrator", sentence, words)  # a person is not an organisation


def test_focus_and_metadata_questions():
    assert focus_word("What rocket will launch it?") == "rocket"
    assert focus_word("Who is the head of CNSA?") == "head"
    assert focus_word("What happens in September 2024?") is None
    assert metadata_field("who wrote this article") == "author"
    assert metadata_field("What is the title of the article?") == "title"
    assert metadata_field("When is the deadline?") is None


@pytest.mark.parametrize("question", ["", "   ", "?!"])
def test_empty_questions_are_refused(question):
    with pytest.raises(QuestionError, match="empty"):
        clean_question(question, 100)


def test_long_questions_are_refused_with_the_limit():
    with pytest.raises(QuestionError, match="under 100"):
        clean_question("x" * 101, 100)
    assert clean_question("  when\n is  it? ", 100) == "when is it?"


def test_confidence_rules():
    t = Thresholds()
    date_kind = AnswerType("date", True)
    assert not is_confident(candidate("x", 0.9, 1.0, typed=False), 0.0, date_kind, t)  # lacks the date asked for
    assert is_confident(candidate("x", 0.7, 0.0), 0.0, AnswerType("any", False), t)  # very close in meaning
    assert not is_confident(candidate("x", 0.2, 1.0), 0.0, AnswerType("any", False), t)  # too far in meaning
    assert not is_confident(candidate("x", 0.4, 0.9), 0.9, AnswerType("any", False), t)  # mostly unknown words
    assert not is_confident(candidate("x", 0.5, 0.1), 0.0, AnswerType("any", False), t)  # terms not covered
    assert is_confident(candidate("x", 0.5, 0.5), 0.0, AnswerType("any", False), t)


def test_compose_cites_verbatim_and_dates_relative_to_today():
    chosen = [candidate("Parties have until December 31 to apply."), candidate("The selection is in September 2024.")]
    answer = compose("q", chosen, date(2026, 11, 25), "v1", 3.0)
    assert answer.text.startswith(
        "Parties have until December 31 to apply. [1] The selection is in September 2024. [2]"
    )
    assert "December 31 — the source does not state the year" in answer.text
    assert "September 2024 is in the past" in answer.text
    assert [c.number for c in answer.citations] == [1, 2]
    assert all(c.quote in CHUNK.text for c in answer.citations)
    assert answer.to_json()["citations"][0] == {
        "source": "a.md",
        "title": "Article",
        "section": "Paragraph 6",
        "quote": "Parties have until December 31 to apply.",
    }


def test_compose_refuses_a_quote_that_is_not_in_its_chunk():
    with pytest.raises(AssertionError):
        compose("q", [candidate("A sentence the chunk never said.")], date(2026, 1, 1), "v", 0)


def test_abstention_offers_the_closest_sections_once_each():
    answer = abstain("q", [CHUNK, CHUNK], "v", 1.0)
    assert answer.abstained and answer.text == ABSTAIN_TEXT
    assert answer.suggestions == ("Article — Paragraph 6",)
