import pytest

from index.answer_kinds import question_form, unit_cues


@pytest.mark.parametrize(
    ("question", "form"),
    [
        ("When is the letter of intent due?", "when"),
        ("What year did Chang'e-6 land?", "when"),
        ("Why was the first flight delayed?", "why"),
        ("What was the reason for the delay?", "why"),
        ("How does the relay satellite reach the far side?", "how"),
        ("How long is the Mengzhou spacecraft?", "how_long"),
        ("How many countries have joined?", "how_many"),
        ("how much does the lander weigh", "how_much"),
        ("How far is the landing site from the pole?", "how_adj"),
        ("Does Queqiao-1 have any role in the ILRS?", "yesno"),
        ("Which ground stations receive data?", "which"),
        ("What are the names of the two astronauts?", "what"),
        ("Whose instrument flies on the orbiter?", "who"),
        ("Where will Chang'e-7 land?", "where"),
        ("Tell me when Egypt joined", "when"),
        ("List the partner countries", "other"),
        ("MUST MOON BRICK TEAMS BUILD THEIR MACHINE", "yesno"),
        ("Am I eligible as a student?", "yesno"),
        ("May observers vote?", "yesno"),
        ("Shouldn't the call be open by now?", "yesno"),
        ("Can you tell me when the call closes?", "when"),
    ],
)
def test_a_question_form_is_its_wh_word_class(question, form):
    assert question_form(question) == form


def test_unit_cues_say_what_a_span_gives():
    assert {"reason", "affirmation"} <= unit_cues("The flight slipped to May because a valve failed; it was confirmed.")
    assert "negation" in unit_cues("The orbiter will not carry foreign payloads.")
    assert "purpose" in unit_cues("Queqiao-2 is designed to relay signals from the far side.")
    assert "means" in unit_cues("Data reach Earth through the relay satellite.")
    assert not unit_cues("The rover weighs 140 kg.")
