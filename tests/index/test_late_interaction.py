"""Late interaction: each question word against the closest word of a unit, as the model read both."""

import numpy as np

from index.late_interaction import LATE_FEATURES, late_features, question_weights, word_matches
from index.token_vectors import ContextualWords, Projection, TokenVectors

AXES = np.eye(4, dtype=np.float32)
IDENTITY = Projection(np.eye(4, dtype=np.float32))


def store(*sentences: list[int]) -> TokenVectors:
    """One sentence per list of axes: its words point along them."""
    starts = np.concatenate([[0], np.cumsum([len(s) for s in sentences])]).astype(np.int64)
    rows = [AXES[i] for s in sentences for i in s]
    return TokenVectors(IDENTITY, np.array(rows, dtype=np.float16).reshape(-1, 4), starts)


def column(name: str) -> int:
    return LATE_FEATURES.index(name)


def test_a_question_word_weighs_its_terms_idf_once_and_function_words_nothing():
    question = ContextualWords(("launch", "mission", "launches", "when"), np.zeros((4, 4), dtype=np.float32))
    idf = {"launch": 2.0, "mission": 0.5}.get
    assert question_weights(question, ("launch", "mission"), idf).tolist() == [2.0, 0.5, 0.0, 0.0]


def test_a_unit_scores_by_its_closest_word_to_each_question_word():
    question = ContextualWords(("chang", "launch"), AXES[[0, 1]])
    weights = np.array([1.0, 3.0], dtype=np.float32)
    # Units: the name alone; the name and what is asked over two sentences; neither; a sentence without words.
    spans = [range(0, 1), range(0, 2), range(2, 3), range(3, 4)]
    out = late_features(word_matches(question, weights, store([0, 2], [1], [3], []), spans), weights)
    assert out[:, column("late_content")].tolist() == [0.25, 1.0, 0.0, 0.0]
    assert out[:, column("late_gap")].tolist() == [-0.75, 0.0, -1.0, -1.0]


def test_a_question_without_content_words_misses_nothing():
    question = ContextualWords(("when",), AXES[[0]])
    weights = np.zeros(1, dtype=np.float32)
    out = late_features(word_matches(question, weights, store([0]), [range(0, 1)]), weights)
    assert out[0].tolist() == [1.0, 0.0]
