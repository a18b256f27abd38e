import pytest

from index.followups.phrases import (
    anaphors,
    ends_pointing_back,
    has_own_subject,
    names,
    noun_phrases,
    shorten,
    with_noun,
    words,
)


def texts(phrases):
    return [p.text for p in phrases]


def test_words_keep_names_whole_and_split_contractions():
    assert [w.text for w in words("what's Chang'e-8's CE8-AO-01 at ce8-payloads@clep.org.cn?")] == [
        "what",
        "'s",
        "Chang'e-8's",
        "CE8-AO-01",
        "at",
        "ce8-payloads@clep.org.cn",
    ]


def test_names_join_capitalised_words_and_skip_question_words():
    assert texts(names("When did the China National Space Administration sign?")) == [
        "the China National Space Administration"
    ]
    assert texts(names("Who runs the Lunar Payload Cooperation Office or Chang'e-7?")) == [
        "the Lunar Payload Cooperation Office",
        "Chang'e-7",
    ]
    assert names("when is the letter of intent due?") == []


def test_a_capital_a_right_after_a_name_word_is_a_letter_of_the_name_not_an_article():
    assert texts(names("When did Lenghu Analogue Site A open?")) == ["Lenghu Analogue Site A"]
    assert texts(names("Was Site A a good choice?")) == ["Site A"]
    assert texts(names("Is A Site the best?")) == ["Site"]  # "A" opening a phrase is an article


def test_a_possessive_name_ends_the_name():
    found = names("Which agency signed Nigeria's ILRS agreement?")
    assert texts(found) == ["Nigeria's", "ILRS"]
    assert found[0].possessive and found[0].bare == "Nigeria's"


def test_noun_phrases_join_of_and_and():
    assert texts(noun_phrases("Can I apply to the lander and rover call with a letter of intent?")) == [
        "apply",
        "the lander and rover call",
        "a letter of intent",
    ]


def test_anaphors_are_pronouns_and_demonstratives_but_not_a_joining_that():
    assert [w.key for w in anaphors("who do I send it to?")] == ["it"]
    assert [w.key for w in anaphors("what's her phone number?")] == ["her"]
    assert [w.key for w in anaphors("is that still open?")] == ["that"]
    assert anaphors("Which payloads said that the call is open?") == []
    assert anaphors("When is the deadline, and who do I ask?") == []


def test_own_subject():
    assert has_own_subject("Is India part of the ILRS?")
    assert has_own_subject("what's the backup site?")
    assert not has_own_subject("how much does it cost?")


def test_names_and_noun_phrases_stop_at_punctuation():
    row = "Stations — Station: Hartebeesthoek; Country: South Africa; Operator: SANSA"
    labels_and_values = ["Stations", "Station", "Hartebeesthoek", "Country", "South Africa", "Operator", "SANSA"]
    assert texts(names(row)) == labels_and_values
    assert texts(noun_phrases("the letter of intent, and who sends it?")) == ["the letter of intent", "sends"]


@pytest.mark.parametrize(
    ("question", "goes_with_a_noun"),
    [
        ("why was that lot cancelled?", True),
        ("can this payload fly on the rover?", True),
        ("which frequencies will that use?", False),
        ("does that include the antenna?", False),
        ("what is that?", False),
    ],
)
def test_a_demonstrative_goes_with_a_noun_unless_a_verb_follows_it(question, goes_with_a_noun):
    items = words(question)
    at = next(i for i, w in enumerate(items) if w.key in {"this", "that"})
    assert with_noun(items, at) is goes_with_a_noun


@pytest.mark.parametrize(
    ("question", "points_back"),
    [
        ("what was the date before?", True),
        ("how many people per team there?", True),
        ("what happens then?", True),
        ("is there?", False),
        ("what happened before the launch?", False),
    ],
)
def test_a_final_adverb_after_a_word_of_the_question_points_back(question, points_back):
    assert ends_pointing_back(words(question)) is points_back


def test_shortening_a_phrase_to_the_documents_words_never_cuts_off_a_name():
    text = "What is the estimated budget of lot 2?"
    phrase = next(p for p in noun_phrases(text) if p.text.startswith("the estimated budget"))
    assert shorten(phrase, text, "the estimated budget of the call").text == "the estimated budget of lot 2"
    plain = "What is the estimated budget of the call?"
    phrase = next(p for p in noun_phrases(plain) if p.text.startswith("the estimated budget"))
    assert shorten(phrase, plain, "an estimated budget was set").text == "the estimated budget"
