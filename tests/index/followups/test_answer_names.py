from index.followups.answer_names import answer_names, asked_for_a_thing
from index.followups.memory import Turn


def turn(question: str, answer: str, *, abstained: bool = False) -> Turn:
    return Turn(question, question, None, answer, abstained)


def test_a_name_opening_a_table_cell_is_the_whole_cell():
    last = turn(
        "Which accepted test facility is in Thailand?",
        "Facilities — Facility: Environmental Test Laboratory, GISTDA; City: Chonburi; Country: Thailand [1]",
    )
    assert answer_names(last)[0] == "Environmental Test Laboratory, GISTDA"


def test_labels_numbers_and_capitalised_first_words_of_a_cell_name_nothing():
    last = turn("Who won lot 4?", "Lot: 4; Subject: Dust test equipment; Awarded to: Tianshan Vacuum Co., Ltd. [1]")
    assert answer_names(last) == ["Tianshan Vacuum Co., Ltd."]


def test_names_of_the_passage_closest_to_the_question_come_first():
    last = turn(
        "Who won lot 4 of the tender?",
        "The Procurement Office announces five awards. [1] Tender results — Lot: 4; Awarded to: Tianshan Co. [2]",
    )
    assert answer_names(last)[:2] == ["Tianshan Co.", "the Procurement Office"]


def test_a_person_is_never_named_with_a_determiner():
    last = turn("Who signs?", "The Partner Institution signs, through Zhou Lina. [1]")
    assert answer_names(last, person=True) == ["Zhou Lina"]


def test_a_who_or_which_question_answered_asked_for_a_thing():
    assert asked_for_a_thing(turn("Which station tracks Queqiao-2?", "Kashi [1]"))
    assert not asked_for_a_thing(turn("Which station tracks Queqiao-2?", "", abstained=True))
    assert not asked_for_a_thing(turn("When was Queqiao-2 launched?", "2024 [1]"))


def test_after_a_which_question_the_cell_labelled_with_its_noun_comes_first():
    last = turn(
        "Which method does the ISRU Demonstration Plant use to get oxygen?",
        "ISRU plants — Plant: ISRU Demonstration Plant; Where: Moon, delivered by ILRS-2; "
        "Method: Molten salt electrolysis (MSE); Mass: 420 kg [1]",
    )
    assert answer_names(last)[0] == "molten salt electrolysis (MSE)"  # a value going on in lower case is no name
    stations = turn("Which stations track Queqiao-2?", "Stations — Station: Kashi; Role: prime [1]")
    assert answer_names(stations)[0] == "Kashi"
