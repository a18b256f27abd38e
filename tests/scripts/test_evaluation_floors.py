"""Floors on the first labelled question set, over docs/ alone and over docs/ plus distractor documents.

This set shaped the hand-written rules that the learned answer model replaced, so it is tune material: these
floors guard against regressions on it, while the quality bars are held on the corpora's holdout questions.

`python scripts/evaluate.py` prints the same metrics, per corpus and split, with every tune failure spelled out.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

import pytest

from index.eval_corpora import LEGACY_QUESTIONS, PROJECT_DOCS, ROOT
from index.eval_report import by_split, format_report
from index.eval_set import load_questions
from index.evaluation import run_questions

DISTRACTORS = ROOT / "tests" / "data" / "distractors"

# The instant of conftest's `now` fixture, which is function-scoped; the runs below are shared per corpus.
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

MIN_ANSWER_ACCURACY = 0.78
MIN_REFUSAL = 0.72  # the answer threshold is set to refuse at most 5 % of answerable tune questions
MAX_FALSE_REFUSAL = 0.10
MAX_MEDIAN_ANSWER_CHARS = 300


@pytest.fixture(scope="session")
def distractor_kb(embedder, tmp_path_factory):
    """A knowledge base built from docs/ plus the distractor documents."""
    from index.build import build_index
    from index.knowledge_base import KnowledgeBase

    docs = tmp_path_factory.mktemp("docs-with-distractors")
    shutil.copytree(PROJECT_DOCS, docs, dirs_exist_ok=True)
    shutil.copytree(DISTRACTORS, docs, dirs_exist_ok=True)
    out = tmp_path_factory.mktemp("index-with-distractors")
    build_index(docs, out, embedder)
    kb = KnowledgeBase.load(out, embedder)
    assert len(kb.manifest.documents) == 1 + len(list(DISTRACTORS.glob("*.md")))
    return kb


@pytest.fixture(scope="module", params=["docs", "docs+distractors"])
def summary(request) -> dict:
    kb = request.getfixturevalue("kb" if request.param == "docs" else "distractor_kb")
    splits = by_split(run_questions(kb, load_questions(LEGACY_QUESTIONS), now=NOW))
    result = splits["tune"]
    result["report"] = format_report(request.param, splits)  # shown when a bar is missed
    return result


def test_answer_accuracy(summary):
    assert summary["answer_accuracy"] >= MIN_ANSWER_ACCURACY, summary["report"]


def test_unanswerable_questions_are_refused(summary):
    assert summary["refusal_rate"] >= MIN_REFUSAL, summary["report"]


def test_answerable_questions_are_rarely_refused(summary):
    assert summary["false_refusal_rate"] <= MAX_FALSE_REFUSAL, summary["report"]


def test_answers_are_short(summary):
    assert summary["median_answer_chars"] <= MAX_MEDIAN_ANSWER_CHARS, summary["report"]
