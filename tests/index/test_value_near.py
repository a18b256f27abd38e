from index.text import terms
from index.value_near import NO_KIND, value_near


def weights(*rare_to_common: str) -> dict[str, float]:
    """Question terms weighted from the rarest down."""
    return {terms(word)[0]: float(len(rare_to_common) - i) for i, word in enumerate(rare_to_common)}


def test_a_value_of_the_asked_kind_counts_only_in_the_clause_of_the_rarest_matched_word():
    asked = weights("well", "site")  # "How deep is Site B's well?"
    assert value_near(asked, "length", "Site B lies 12 km north of Site A, and it has a water well.") == 0.0
    assert value_near(asked, "length", "Site B lies north of Site A; its water well is 120 m deep.") == 1.0


def test_no_matched_word_or_no_value_is_no_answer_and_no_asked_kind_is_neutral():
    asked = weights("budget", "organisation")
    assert value_near(asked, "money", "The annual fee of each member is USD 50,000.") == 0.0  # no matched word
    assert value_near(asked, "money", "The budget is decided each year.") == 0.0  # no value
    assert value_near(asked, "money", "The budget is USD 2 million.") == 1.0
    assert value_near(asked, "any", "The budget is USD 2 million.") == NO_KIND
