"""The real index and model: answers, citations, abstentions, and a damaged index refused with a clear reason."""

import json
import shutil
from datetime import UTC, datetime

import pytest

from index.errors import IndexCorruptError, IndexMissingError, QuestionError
from index.knowledge_base import KnowledgeBase
from index.storage import CHUNKS, FAISS_INDEX, MANIFEST, SENTENCE_VECTORS, current_build_dir


def test_the_deadline_question_gets_the_date_and_a_verbatim_citation(kb, now):
    answer = kb.ask("When is the letter of intent due?", now=now)
    assert not answer.abstained
    assert "December 31" in answer.text and "does not state the year" in answer.text
    assert "[1]" in answer.text and len(answer.text) <= 300
    citation = answer.citations[0]
    assert citation.source == "proposal-article.md"
    chunk = next(c for c in kb.chunks if c.id == citation.chunk_id)
    assert citation.quote in chunk.text


def test_past_and_upcoming_dates_follow_the_clock(kb):
    before = kb.ask("When will the final selection be made?", now=datetime(2024, 1, 10, tzinfo=UTC))
    after = kb.ask("When will the final selection be made?", now=datetime(2026, 11, 25, tzinfo=UTC))
    assert "September 2024 is upcoming" in before.text
    assert "September 2024 is in the past" in after.text


def test_exact_terms_are_found(kb, now):
    assert "29 countries" in kb.ask("How many countries signed the Artemis Accords?", now=now).text
    assert "Venezuela" in kb.ask("Which countries have joined China's lunar station program?", now=now).text


@pytest.mark.parametrize(
    "question",
    ["How far is the Moon from Earth?", "What is SpaceX's Starship?", "What is the capital of France?"],
)
def test_questions_the_documents_do_not_answer_are_refused(kb, now, question):
    answer = kb.ask(question, now=now)
    assert answer.abstained and not answer.citations
    assert answer.suggestions  # the closest sections are offered instead


def test_bad_questions_raise_a_short_error(kb):
    with pytest.raises(QuestionError):
        kb.ask("   ")
    with pytest.raises(QuestionError):
        kb.ask("why " * 400)


@pytest.fixture
def index_copy(index_dir, tmp_path):
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    return copy


def test_missing_index_names_the_build_command(tmp_path, embedder):
    with pytest.raises(IndexMissingError, match=r"build_index\.py"):
        KnowledgeBase.load(tmp_path / "nothing", embedder)


@pytest.mark.parametrize("victim", [CHUNKS, SENTENCE_VECTORS, FAISS_INDEX])
def test_a_damaged_file_is_detected(index_copy, embedder, victim):
    path = current_build_dir(index_copy) / victim
    path.write_bytes(path.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(IndexCorruptError, match="corrupt"):
        KnowledgeBase.load(index_copy, embedder)


def test_a_deleted_file_is_detected(index_copy, embedder):
    (current_build_dir(index_copy) / SENTENCE_VECTORS).unlink()
    with pytest.raises(IndexCorruptError, match="missing"):
        KnowledgeBase.load(index_copy, embedder)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("model", "other-model", "built with model"), ("dimension", 768, "768"), ("chunk_count", 3, "3 chunks")],
)
def test_manifest_mismatches_are_refused(index_copy, embedder, field, value, message):
    manifest_path = current_build_dir(index_copy) / MANIFEST
    manifest = json.loads(manifest_path.read_text())
    manifest[field] = value
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(IndexCorruptError, match=message):
        KnowledgeBase.load(index_copy, embedder)


def test_an_unreadable_manifest_is_refused(index_copy, embedder):
    (current_build_dir(index_copy) / MANIFEST).write_text("{not json")
    with pytest.raises(IndexCorruptError, match="manifest"):
        KnowledgeBase.load(index_copy, embedder)


def test_words_of_one_kind_are_closer_in_meaning_than_others(kb):
    lander, release = kb.word_similarity("orbiter", ["lander", "release"])
    assert lander > release
    assert kb.word_similarity("2027", ["2026", "written"]).argmax() == 0
