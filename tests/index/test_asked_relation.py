import numpy as np

from index.asked_relation import relation_value, relation_values
from index.features import UNIT_COLUMN, UNIT_FEATURES
from index.text import terms
from index.value_near import NO_KIND


def predicate(*words: str) -> dict[str, float]:
    return {terms(word)[0]: 1.0 for word in words}


def test_a_value_of_the_asked_kind_counts_with_the_asked_relation_in_its_clause_only():
    asked = predicate("storage")  # "How much storage does the Moscow node have?"
    assert relation_value(asked, "data", "The Moscow node, with 40 TB of storage, mirrors each release.") == 1.0
    assert relation_value(asked, "data", "The Moscow node has local storage; it sends 2 TB a day to Nanjing.") == 0.0
    # A date of another event: the workshop asked about is not in the clause of the date.
    asked = predicate("workshop", "selected")
    assert relation_value(asked, "date", "Selected teams are announced on 3 May, and a workshop follows.") == 0.5
    assert relation_value(asked, "date", "The workshop for selected teams is on 3 May.") == 1.0


def test_no_value_is_no_answer_and_no_asked_kind_or_predicate_is_neutral():
    asked = predicate("salary")
    assert relation_value(asked, "money", "The director-general's salary is set by the Council.") == 0.0
    assert relation_value(asked, "any", "The salary is USD 9,000.") == NO_KIND
    assert relation_value({}, "money", "It costs USD 9,000.") == NO_KIND


def test_the_named_things_and_the_relation_asked_about_must_be_held_together_by_one_candidate():
    matrix = np.zeros((2, len(UNIT_FEATURES)), dtype=np.float32)
    matrix[:, UNIT_COLUMN["names_context"]] = [1.0, 0.0]  # the first names the subject, the second does not
    matrix[:, UNIT_COLUMN["pred_context"]] = [0.2, 1.0]  # ... and only the second holds what is asked about it
    matrix[:, UNIT_COLUMN["missing_rare"]] = [0.9, 0.4]
    values = relation_values(matrix, predicate("salary"), "money", "The Secretariat employs 40 people.", names=True)
    assert values["joint_anywhere"] == np.float32(0.2)
    assert values["predicate_missing_anywhere"] == np.float32(0.4)
    assert values["best_relation_value"] == 0.0
    assert relation_values(matrix, {}, "money", "", names=False)["joint_anywhere"] == 1.0
