"""The quality bars on the labelled question set, over docs/ alone and over docs/ plus distractor documents.

`python scripts/evaluate.py` prints the same metrics with every failure spelled out.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from index.evaluation import format_report, load_questions, run_questions, summarise

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ROOT / "tests" / "data" / "eval" / "questions.jsonl"
DOCS = ROOT / "docs"
DISTRACTORS = ROOT / "tests" / "data" / "distractors"

# The instant of conftest's `now` fixture, which is function-scoped; the runs below are shared per corpus.
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

MIN_ANSWER_ACCURACY = 0.95
MIN_OFFTOPIC_ABSTENTION = 0.90
MAX_FALSE_ABSTENTION = 0.05
MAX_MEDIAN_ANSWER_CHARS = 300


@pytest.fixture(scope="session")
def distractor_kb(embedder, tmp_path_factory):
    """A knowledge base built from docs/ plus the distractor documents."""
    from index.build import build_index
    from index.knowledge_base import KnowledgeBase

    docs = tmp_path_factory.mktemp("docs-with-distractors")
    shutil.copytree(DOCS, docs, dirs_exist_ok=True)
    shutil.copytree(DISTRACTORS, docs, dirs_exist_ok=True)
    out = tmp_path_factory.mktemp("index-with-distractors")
    build_index(docs, out, embedder)
    kb = KnowledgeBase.load(out, embedder)
    assert len(kb.manifest.documents) == 1 + len(list(DISTRACTORS.glob("*.md")))
    return kb


@pytest.fixture(scope="module", params=["docs", "docs+distractors"])
def summary(request) -> dict:
    kb = request.getfixturevalue("kb" if request.param == "docs" else "distractor_kb")
    result = summarise(run_questions(kb, load_questions(QUESTIONS), now=NOW))
    result["report"] = format_report(request.param, result)  # shown when a bar is missed
    return result


def test_answer_accuracy(summary):
    assert summary["answer_accuracy"] >= MIN_ANSWER_ACCURACY, summary["report"]


def test_offtopic_questions_are_refused(summary):
    assert summary["offtopic_abstention_rate"] >= MIN_OFFTOPIC_ABSTENTION, summary["report"]


def test_answerable_questions_are_rarely_refused(summary):
    assert summary["false_abstention_rate"] <= MAX_FALSE_ABSTENTION, summary["report"]


def test_answers_are_short(summary):
    assert summary["median_answer_chars"] <= MAX_MEDIAN_ANSWER_CHARS, summary["report"]
