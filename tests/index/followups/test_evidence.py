from index.followups.evidence import SEARCH_K, names_in_lower_case, off_corpus, strays
from tests.index.followups.fake_kb import WordOverlapKB

KB = WordOverlapKB(
    [
        "The dish at Kalyazin is 64 m wide, and the suit, Wangyu, weighs 90 kg.",
        "Station: Hartebeesthoek; Criterion: Price; Weight: 35 points",
        "Price is scored last.",
    ]
)


def names_in_lower_case_found(question: str) -> bool:
    """As the reader asks it: of the passages the question itself retrieves."""
    return names_in_lower_case(question, KB.search(question, k=SEARCH_K))


def test_a_word_the_documents_capitalise_mid_sentence_is_a_name_typed_in_lower_case():
    assert names_in_lower_case_found("how big is the dish at kalyazin?")
    assert names_in_lower_case_found("how heavy is wangyu?")  # after a comma: no sentence's first word


def test_a_capital_that_only_opens_a_sentence_or_a_cell_makes_no_name():
    assert not names_in_lower_case_found("how many points is price worth?")
    assert not names_in_lower_case_found("what is the weight of the dish?")  # "dish" is written in lower case
    assert not names_in_lower_case_found("How big is the dish at Kalyazin?")  # typed as a name already


def test_a_question_whose_phrases_are_about_words_the_documents_never_use_is_off_corpus():
    rim = WordOverlapKB(["The best site is at the top of the crater rim."])
    assert off_corpus(rim, "What is the best pizza topping?")  # "best" and "top" do not mention a topping
    assert not off_corpus(rim, "Where are the best sites?")
    assert not off_corpus(KB, "How wide is the dish?")
    assert not off_corpus(KB, "How many points is a price worth?")  # "points" found as typed, in the plural


def test_one_phrase_about_a_word_the_documents_never_use_strays_from_them():
    assert strays(KB, "How wide is the dish on my microwave?")  # "dish" is used, "microwave" never
    assert not off_corpus(KB, "How wide is the dish on my microwave?")
    assert not strays(KB, "How wide is the dish?")
    assert not strays(KB, "How many points is a price worth?")
