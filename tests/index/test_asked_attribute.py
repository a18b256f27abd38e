"""Whether a unit states the attribute a question asks of the things it names, its words read in place."""

from __future__ import annotations

import numpy as np

from index.asked_attribute import ATTRIBUTE_FEATURES, attribute_features, attribute_terms
from index.late_interaction import question_weights, word_matches
from index.token_vectors import ContextualWords, Projection, TokenVectors

AXES = np.eye(4, dtype=np.float32)
COLUMN = {name: i for i, name in enumerate(ATTRIBUTE_FEATURES)}
# "What is the budget of the Chang'e-7 relay?" as the model read it: the name, then the two words asked of it.
QUESTION = ContextualWords(("chang", "budget", "relay"), AXES[[0, 1, 2]])
IDF = {"budget": 3.0, "relay": 1.0, "chang": 5.0}


def store(*sentences: list[int]) -> TokenVectors:
    """One sentence per list of axes: its words point along them."""
    starts = np.concatenate([[0], np.cumsum([len(s) for s in sentences])]).astype(np.int64)
    rows = [AXES[i] for s in sentences for i in s]
    return TokenVectors(
        Projection(np.eye(4, dtype=np.float32)), np.array(rows, dtype=np.float16).reshape(-1, 4), starts
    )


def test_the_attribute_is_what_the_question_asks_of_its_names_not_the_word_part_of_a_numbered_one():
    content = ("chang", "7", "budget", "relay", "change7")
    assert attribute_terms(content, ("change7",)) == ("7", "budget", "relay")
    assert attribute_terms(("ilr", "3", "launch", "ilrs3"), ("ilrs3",)) == ("3", "launch")
    assert attribute_terms(("budget", "relay"), ()) == ("budget", "relay")


def test_a_unit_about_the_subject_that_gives_another_of_its_attributes_misses_the_asked_word():
    # Sentences: the name and the relay (its launch date); the relay's budget; a sentence of another subject.
    sentences = store([0, 2, 3], [2, 1], [3])
    spans = [range(0, 1), range(1, 2), range(0, 2), range(2, 3)]
    content = question_weights(QUESTION, ("chang", "budget", "relay"), IDF.get)
    matches = word_matches(QUESTION, content, sentences, spans)
    out = attribute_features(matches, question_weights(QUESTION, ("budget", "relay"), IDF.get))
    assert out[:, COLUMN["attr_in_place"]].tolist() == [0.25, 1.0, 1.0, 0.0]


def test_a_question_asking_nothing_of_what_it_names_misses_no_attribute():
    content = question_weights(QUESTION, ("chang",), IDF.get)
    matches = word_matches(QUESTION, content, store([0]), [range(0, 1)])
    out = attribute_features(matches, question_weights(QUESTION, (), IDF.get))
    assert out.tolist() == [[1.0]]
