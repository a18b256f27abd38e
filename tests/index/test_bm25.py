"""The numpy BM25 gives exactly bm25s's scores (and so the same rankings), on the real corpora and on any corpus."""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from index.bm25 import Bm25
from index.eval_set import load_questions
from index.lexical import LexicalIndex
from index.text import terms

ROOT = Path(__file__).resolve().parents[2]
TEXT_SUFFIXES = {".md", ".txt", ".html", ".htm"}


def reference_scores(documents: list[list[str]], query: list[str]) -> np.ndarray:
    """bm25s's scores, as the knowledge base computed them with it: unknown terms dropped, none known is zeros."""
    model = bm25s.BM25()
    model.index(documents, show_progress=False)
    known = [t for t in query if any(t in doc for doc in documents)]
    if not known:
        return np.zeros(len(documents), dtype=np.float32)
    return np.asarray(model.get_scores(known), dtype=np.float32)


def corpus_paragraphs() -> list[list[str]]:
    folders = [ROOT / "docs", *sorted((ROOT / "tests" / "data" / "corpora").glob("*/docs"))]
    files = sorted(p for folder in folders for p in folder.rglob("*") if p.suffix in TEXT_SUFFIXES)
    paragraphs = [p for f in files for p in f.read_text(encoding="utf-8").split("\n\n")]
    return [terms(p) for p in paragraphs]


def eval_questions() -> list[list[str]]:
    files = [ROOT / "tests" / "data" / "eval" / "questions.jsonl"]
    files += sorted((ROOT / "tests" / "data" / "corpora").glob("*/questions.jsonl"))
    return [terms(q.question) for f in files for q in load_questions(f)]


def test_scores_are_bm25s_scores_bit_for_bit_on_the_corpora_and_eval_questions():
    documents, questions = corpus_paragraphs(), eval_questions()
    assert len(documents) > 200 and len(questions) > 100
    model = bm25s.BM25()
    model.index(documents, show_progress=False)
    ours = Bm25(documents)
    for query in questions:
        known = [t for t in query if t in ours.df]
        expected = model.get_scores(known) if known else np.zeros(len(documents), dtype=np.float32)
        got = ours.scores(query)
        assert got.dtype == np.float32
        np.testing.assert_array_equal(got, expected)
        assert LexicalIndex.best(got, 20) == LexicalIndex.best(np.asarray(expected, dtype=np.float32), 20)


WORDS = st.sampled_from(["moon", "lander", "rover", "orbit", "drill", "sample", "deadline", "ilrs"])


@given(
    documents=st.lists(st.lists(WORDS, max_size=12), min_size=1, max_size=12).filter(any),  # bm25s needs a term
    query=st.lists(st.sampled_from(["moon", "rover", "drill", "ilrs", "mars"]), min_size=1, max_size=5),
)
def test_scores_are_bm25s_scores_bit_for_bit_on_any_corpus(documents, query):
    np.testing.assert_array_equal(Bm25(documents).scores(query), reference_scores(documents, query))


def test_a_corpus_without_terms_scores_nothing():
    assert Bm25([]).scores(["moon"]).shape == (0,)
    assert Bm25([[], []]).scores(["moon"]).tolist() == [0.0, 0.0]


def test_weighted_terms_add_their_parts_times_their_weights():
    documents = [["moon", "rover"], ["moon", "drill", "drill"], ["ilrs"]]
    bm25 = Bm25(documents)
    weighted = bm25.scores(["moon", "drill", "mars"], [0.25, 2.0, 9.0])
    expected = 0.25 * bm25.scores(["moon"]) + 2.0 * bm25.scores(["drill"])
    np.testing.assert_allclose(weighted, expected, rtol=1e-6)
    np.testing.assert_array_equal(bm25.scores(["moon"], [1.0]), bm25.scores(["moon"]))
