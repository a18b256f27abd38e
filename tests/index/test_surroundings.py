import numpy as np

from index.features import UNIT_FEATURES, feature_matrix
from index.schema import Chunk
from index.surroundings import SURROUNDING_FEATURES, before_terms, surrounding_features
from index.text import terms
from index.units import sentence_units, units_of
from tests.index.test_answering import evidence_for

COLUMN = {name: i for i, name in enumerate(SURROUNDING_FEATURES)}
CALL = (
    "Chang'e-8 will carry payloads from partner agencies.",
    "Proposals are reviewed by a joint panel of experts.",
    "The deadline for proposals is 15 March 2026.",
)


def chunk(sentences: tuple[str, ...], kind: str = "prose", section: str = "Calls") -> Chunk:
    return Chunk("c", "calls.md", "Open calls", section, 0, " ".join(sentences), sentences, kind=kind)


def weights(*words: str) -> dict[str, float]:
    return {terms(word)[0]: 1.0 for word in words}


def test_a_sentence_whose_subject_is_named_sentences_before_it_sees_that_name_there():
    units = sentence_units(chunk(CALL))
    names = weights("Chang'e-8")
    got = surrounding_features(units, names, weights("Chang'e-8", "deadline"), [])
    deadline = got[2]
    assert deadline[COLUMN["names_before"]] == 1.0  # not in the sentence nor its heading, but two sentences before
    assert deadline[COLUMN["names_around"]] == 1.0
    assert deadline[COLUMN["cov_before"]] == 0.5  # the name is before it; "deadline" only in the unit
    assert deadline[COLUMN["cov_around"]] == 1.0
    assert got[0][COLUMN["names_before"]] == 0.0  # the chunk's first sentence has nothing before it
    assert got[0][COLUMN["names_around"]] == 1.0  # ... and names the thing itself


def test_the_window_stops_at_the_chunk_and_is_what_comes_before_not_after():
    units = sentence_units(chunk(tuple(reversed(CALL))))
    got = surrounding_features(units, weights("Chang'e-8"), weights("Chang'e-8"), [])
    assert got[0][COLUMN["names_before"]] == 0.0  # the name comes after the deadline: no help for it
    assert got[0][COLUMN["names_around"]] == 0.0
    assert got[2][COLUMN["names_before"]] == 0.0  # the naming sentence itself


def test_a_table_row_gets_no_window_earlier_rows_are_siblings_not_its_subject():
    rows = ("Mission: Chang'e-7; Launch: 2026", "Mission: Chang'e-8; Launch: 2028")
    table = chunk(rows, kind="table_row", section="Missions")
    assert before_terms(units_of(table)[1]) == frozenset()
    got = surrounding_features(units_of(table), weights("Chang'e-7"), weights("Chang'e-7"), [])
    assert got[1][COLUMN["names_before"]] == 0.0


def test_an_acronym_counts_when_its_expansion_is_spelled_out_before():
    sentences = ("The International Lunar Research Station opens a call.", "Applications close in June 2026.")
    units = sentence_units(chunk(sentences))
    acronym = [(terms("ILRS")[0], frozenset(terms("International Lunar Research Station")))]
    got = surrounding_features(units, weights("ILRS"), weights("ILRS"), acronym)
    assert got[1][COLUMN["names_before"]] == 1.0


def test_the_feature_matrix_carries_the_surroundings_in_its_own_columns():
    evidence = evidence_for("When is the deadline of Chang'e-8's call?", [chunk(CALL)])
    matrix = feature_matrix(evidence, lambda _t: 1.0)
    deadline = next(i for i, u in enumerate(evidence.units) if u.first == 2 and u.last == 2)
    names_before = UNIT_FEATURES.index("names_before")
    assert matrix[deadline, names_before] == 1.0
    assert matrix[deadline, UNIT_FEATURES.index("names_context")] == 0.0  # the unit and its heading name nothing
    assert np.all(matrix[[i for i, u in enumerate(evidence.units) if u.first == 0], names_before] == 0.0)
