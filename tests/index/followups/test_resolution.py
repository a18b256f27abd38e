import numpy as np
import pytest

from index.focus import Cited
from index.followups import Turn, resolve
from index.followups.resolution import turn_of
from index.schema import Answer, Citation
from tests.index.followups.fake_kb import WordOverlapKB


def after(*questions: str, answers: dict[str, str] | None = None, kb=None) -> list[Turn]:
    """The history left by asking `questions` in turn (answers as given, else empty)."""
    history: list[Turn] = []
    for question in questions:
        reading = resolve(question, history, kb)
        answer = Answer(question=question, text=(answers or {}).get(question, ""), abstained=False)
        history.append(turn_of(reading, answer))
    return history


def test_a_first_question_is_returned_unchanged():
    reading = resolve("  When is the letter of intent due? ", [])
    assert reading.text == "When is the letter of intent due?"
    assert not reading.used_context and reading.note is None
    assert reading.subject == "the letter of intent"


def test_a_pronoun_is_read_as_the_previous_subject():
    reading = resolve("who do I send it to?", after("When is the letter of intent due?"))
    assert reading.used_context
    assert reading.text == "who do I send the letter of intent to?"
    assert reading.note == "Reading 'it' as the letter of intent"


def test_a_possessive_pronoun_becomes_a_possessive():
    reading = resolve("what is its launch mass?", after("When will Chang'e-7 launch?"))
    assert reading.text == "what is Chang'e-7's launch mass?"


def test_they_prefers_a_plural_subject():
    history = after("How will Chang'e-8 make bricks?")
    assert resolve("how big will they be?", history).text == "how big will bricks be?"
    assert resolve("when will it launch?", history).text == "when will Chang'e-8 launch?"


def test_she_after_a_who_question_is_the_person_in_the_answer():
    question = "Who is the point of contact for the lander and rover call?"
    history = after(question, answers={question: "Point of contact: Ms. Zhou Lina, payload coordinator [1]"})
    reading = resolve("what's her phone number?", history)
    assert reading.text == "what's Zhou Lina's phone number?"
    assert reading.note == "Reading 'her' as Zhou Lina"


def test_what_about_replaces_the_subject():
    history = after("When did Chang'e-5 launch?", "how much did it bring back?")
    reading = resolve("what about Chang'e-6?", history)
    assert reading.text == "how much did Chang'e-6 bring back?"
    assert reading.subject == "Chang'e-6"
    assert reading.note == "Reading this as: how much did Chang'e-6 bring back?"


def test_and_x_replaces_a_name_of_the_same_shape():
    history = after("How many countries signed the Artemis Accords?", "did India sign them?")
    assert history[-1].asked == "did India sign the Artemis Accords?"
    assert resolve("and China?", history).text == "did China sign the Artemis Accords?"
    history = after("Which agency signed Nigeria's ILRS agreement?")
    assert resolve("and Uzbekistan's?", history).text == "Which agency signed Uzbekistan's ILRS agreement?"


def test_and_on_x_changes_the_modifier_of_a_lowercase_subject():
    history = after("How heavy can a lander payload be?")
    assert resolve("and on the rover?", history).text == "How heavy can a rover payload be?"


def test_a_possessive_in_a_continuation_stands_for_what_it_replaces():
    history = after("When was Queqiao-2 launched?", "and its successor?")
    assert history[-1].asked == "When was Queqiao-2's successor launched?"
    assert history[-1].subject == "Queqiao-2's successor"
    assert resolve("how heavy will it be?", history).text == "how heavy will Queqiao-2's successor be?"


class MeaningKB(WordOverlapKB):
    """Words of one kind (vehicles) are close in meaning, any others far apart."""

    KIND = frozenset({"lander", "rover", "orbiter"})

    def word_similarity(self, word, others):
        return np.array([0.9 if {word, other} <= self.KIND else 0.1 for other in others])


def test_a_one_word_continuation_replaces_the_word_closest_in_meaning():
    kb = MeaningKB(["Random vibration levels for lander payloads and rover payloads."])
    history = after("What is the random vibration level for rover payloads?", kb=kb)
    assert resolve("and for the lander?", history, kb).text == "What is the random vibration level for lander payloads?"


def test_a_month_in_a_continuation_replaces_the_period_asked_about():
    history = after("What was the relay availability in the third quarter of 2026?")
    assert resolve("what about october?", history).text == "What was the relay availability in october of 2026?"
    assert resolve("and may 2027?", history).text == "What was the relay availability in may 2027?"
    history = after("How many windows were booked in March 2026?")
    assert resolve("and in april?", history).text == "How many windows were booked in april 2026?"


def test_an_infinitive_in_a_continuation_replaces_the_last_questions_infinitive():
    history = after("What majority does the Council need to admit an observer?")
    reading = resolve("and to amend the convention?", history)
    assert reading.text == "What majority does the Council need to amend the convention?"


def test_a_one_in_a_continuation_keeps_the_head_of_the_phrase_it_replaces():
    assert resolve("and the lander one?", after("When is the orbiter call due?")).text == "When is the lander call due?"
    history = after("When is the 2026 data release?")
    assert resolve("what about the 2027 one?", history).text == "When is the 2027 data release?"


class CategoryKB(WordOverlapKB):
    """Words of one kind (age categories) are close in meaning, whatever their case; any others far apart."""

    def word_similarity(self, word, others):
        kind = {"junior", "senior"}
        return np.array([0.9 if {word.lower(), other.lower()} <= kind else 0.1 for other in others])


def test_a_one_keeps_the_head_and_replaces_the_modifier_closest_in_meaning_even_a_capitalised_one():
    kb = CategoryKB(["Junior team members must be 14 to 18 years old and Senior team members 18 to 25."])
    history = after("How old must new Junior team members be in the design competition?", kb=kb)
    reading = resolve("and for the senior one?", history, kb)
    assert reading.text == "How old must new senior team members be in the design competition?"


def test_a_continuation_with_the_same_head_replaces_the_phrase_with_that_head():
    history = after("What is the career radiation limit for ILRS crews?")
    assert resolve("what about the 30-day limit?", history).text == "What is the 30-day limit for ILRS crews?"
    assert resolve("and the annual one?", history).text == "What is the annual radiation limit for ILRS crews?"


def test_and_with_a_question_word_swaps_the_question_words():
    history = after("How many countries have joined the ILRS?")
    assert resolve("and how many organisations?", history).text == "how many organisations have joined the ILRS?"


def test_a_question_word_after_a_preposition_asks_the_previous_question_again():
    history = after("Which station is the prime station for tracking Queqiao-2 at the moment?")
    reading = resolve("until when?", history)
    assert reading.used_context
    assert reading.text == "until when is the prime station for tracking Queqiao-2 at the moment?"


def test_how_with_one_word_of_degree_asks_the_previous_question_again():
    history = after("Who must approve the launch of ILRS-4?")
    reading = resolve("how early?", history)
    assert reading.used_context
    assert reading.text == "how early must approve the launch of ILRS-4?"
    assert not resolve("how early does the launch window open?", history).text.startswith("how early must")


def test_a_bare_question_word_asks_the_previous_question_again():
    history = after("When will China land astronauts on the Moon?")
    reading = resolve("where?", history)
    assert reading.used_context
    assert reading.text == "where will China land astronauts on the Moon?"


def test_a_self_contained_question_is_never_rewritten():
    history = after("When is the letter of intent due?")
    for question in ("How many countries signed the Artemis Accords?", "What is the capital of Australia?"):
        reading = resolve(question, history)
        assert reading.text == question and not reading.used_context and reading.note is None


KB = WordOverlapKB(
    [
        "Interested parties have until December 31 to submit a letter of intent to the CNSA.",
        "The Haworth crater area has been named as a backup site for the lunar station.",
        "There is no membership fee for the lunar station.",
        "India signed the Artemis Accords in 2023.",
        "Thailand joined the lunar station in May 2024.",
    ]
)


def test_with_a_knowledge_base_a_question_with_its_own_subject_keeps_it_unless_the_documents_prefer_the_rewrite():
    history = after("When did Thailand join the lunar station?", kb=KB)
    kept = resolve("Did India sign the Artemis Accords and when did it?", history, KB)
    assert kept.text == "Did India sign the Artemis Accords and when did it?" and not kept.used_context


def test_with_a_knowledge_base_a_subjectless_question_gets_the_subject_when_passages_fit_it_much_better():
    strict = WordOverlapKB([c.text for c in KB.chunks], answer_above=0.5)  # refuses "is there a fee?" as typed
    history = after("Where will the lunar station be built?", kb=strict)
    reading = resolve("is there a fee?", history, strict, subject_gain=0.05)
    assert reading.used_context
    assert reading.text == "is there a fee of the lunar station?"
    assert reading.note == "Reading this as about the lunar station"
    assert reading.subject == "a fee"  # its own noun phrase is what a next "it" points at


def test_below_the_subject_gain_a_question_gets_the_subject_only_when_the_documents_answer_it_with_it():
    # "is there a fee?" finds a third of the fee passage, "is there a fee of the lunar station?" two thirds.
    answers_the_rewrite = WordOverlapKB([c.text for c in KB.chunks], answer_above=0.5)
    history = after("Where will the lunar station be built?", kb=answers_the_rewrite)
    reading = resolve("is there a fee?", history, answers_the_rewrite, subject_gain=0.9)
    assert reading.used_context and reading.text == "is there a fee of the lunar station?"
    refuses_both = WordOverlapKB([c.text for c in KB.chunks], answer_above=0.7)
    assert not resolve("is there a fee?", history, refuses_both, subject_gain=0.9).used_context
    assert resolve("is there a fee?", history, refuses_both, subject_gain=0.05).used_context


def test_a_question_the_documents_answer_as_typed_or_that_names_its_subject_gets_no_carried_subject():
    history = after("Where will the lunar station be built?", kb=KB)
    assert KB.ask("is there a fee?").abstained is False
    assert not resolve("is there a fee?", history, KB, subject_gain=0.05).used_context
    named = resolve("When did Thailand sign?", history, KB, subject_gain=0.0)
    assert named.text == "When did Thailand sign?" and not named.used_context


def test_a_question_naming_something_in_lower_case_gets_no_carried_subject():
    # Asked as typed, the passage is refused; with "the relay station" it would be answered.
    kb = WordOverlapKB(["The relay station dish size at Kalyazin is 64 m."], answer_above=0.5)
    history = after("When did the relay station open?", kb=kb)
    reading = resolve("kalyazin dish size", history, kb, subject_gain=0.0)
    assert reading.text == "kalyazin dish size" and not reading.used_context
    assert resolve(
        "kalyazin dish size",
        history,
        WordOverlapKB([c.text.lower() for c in kb.chunks], answer_above=0.5),
        subject_gain=0.0,
    ).used_context


def test_a_pronoun_bound_inside_its_own_question_is_left_alone():
    history = after("When is the letter of intent due?")
    for question in (
        "What has China achieved in its space program in recent years?",
        "How long can a team keep its lander data to itself before it is made public?",
        "If my payload is selected in the orbiter call, could it fly on the lander instead?",
        "When does China pick the proposals it will go ahead with?",
        "Why is this collaboration offer important?",
        "will it rain in Beijing tomorrow?",
    ):
        assert resolve(question, history).text == question
    # An object pronoun is never its clause's own subject; "the mass of its lander" is no antecedent of "its".
    assert resolve("can applicants change it?", history).text == "can applicants change the letter of intent?"
    assert resolve("what is the mass of its envelope?", history).used_context
    # "this <noun>" points back when an earlier question named such a thing.
    assert resolve("is this letter still open?", history).text == "is the letter of intent still open?"


def test_a_question_with_a_subject_of_its_own_keeps_it_unless_the_documents_know_nothing_close():
    kb = WordOverlapKB(
        [
            "The backup site is Haworth.",
            "The lunar station is near Shackleton crater.",
            "The programme welcomes partners from many countries and organisations.",
        ]
    )
    history = after("Where will the lunar station be built?", kb=kb)
    assert not resolve("what is the backup site?", history, kb, subject_gain=0.0).used_context
    vague = resolve("who leads the programme?", history, kb, subject_gain=0.0)
    assert vague.used_context and vague.text == "who leads the programme of the lunar station?"


def test_the_knowledge_base_trims_a_carried_subject_to_words_the_documents_use():
    history = after("When is the letter of intent due for partners?")
    assert history[-1].subject == "the letter of intent due"
    assert resolve("who do I send it to?", history, KB).text == "who do I send the letter of intent to?"


def test_a_question_without_a_conversation_does_not_search():
    kb = WordOverlapKB(["Anything at all."])
    resolve("When is the letter of intent due?", [], kb)
    assert kb.searched == []


def test_the_grammatical_subject_is_what_a_turn_is_about():
    assert resolve("What was the rover of Chang'e-4 called?", []).subject == "the rover of Chang'e-4"
    assert resolve("What is the backup site?", []).subject == "the backup site"
    assert resolve("did India sign the Artemis Accords?", []).subject == "India"
    history = after("When is the letter of intent deadline for the orbiter call?")
    assert resolve("and the full proposals?", history).text == "When is the full proposals for the orbiter call?"


def test_a_question_about_something_the_documents_never_mention_is_not_given_the_last_subject():
    history = after("When is the letter of intent due?", kb=KB)
    for question in ("What is the capital of France?", "what's the capital of france?"):
        reading = resolve(question, history, KB, subject_gain=0.0)
        assert reading.text == question and not reading.used_context and reading.note is None
    # A vague subject the documents do use still gets the conversation's: "the station" of "who leads the station?".
    vague = resolve(
        "who leads the station?", after("Where will the lunar station be built?", kb=KB), KB, subject_gain=0.0
    )
    assert vague.used_context


def test_a_question_about_one_thing_the_documents_never_mention_is_not_given_the_last_subject():
    strict = WordOverlapKB([c.text for c in KB.chunks], answer_above=0.5)  # refuses "is there a fee?" as typed
    history = after("Where will the lunar station be built?", kb=strict)
    assert resolve("is there a fee?", history, strict, subject_gain=0.05).used_context
    # A fee is in the documents, "my microwave" is not: the question is a fresh one.
    question = "is there a fee for my microwave?"
    reading = resolve(question, history, strict, subject_gain=0.05)
    assert reading.text == question and not reading.used_context


def test_a_pronoun_after_an_off_topic_refusal_points_at_the_turn_before():
    history = after("When is the letter of intent due?", kb=KB)
    off_topic = resolve("What is the capital of France?", history, KB)
    refusal = Answer(question=off_topic.text, text="The indexed documents don't cover this.", abstained=True)
    history.append(turn_of(off_topic, refusal))
    reading = resolve("who do I send it to?", history, KB)
    assert reading.text == "who do I send the letter of intent to?"


def test_it_as_the_subject_points_back_even_in_a_question_with_a_phrase_of_its_own():
    kb = WordOverlapKB(["Interest charged for the delay: none.", "Egypt pledged USD 6 million to Phase B."])
    history = after("How much has Egypt pledged to Phase B?", kb=kb)
    reading = resolve("how much interest was it charged for the delay?", history, kb)
    assert reading.text == "how much interest was Egypt charged for the delay?"
    # A "they" with a subject of its own is still people in general.
    assert not resolve("when did they test the lander?", after("What is the lunar suit called?")).used_context


def test_an_impersonal_it_is_completed_from_the_last_question():
    history = after("How does a country join the ILRS?")
    reading = resolve("how long does it take?", history)
    assert reading.text == "how long does it take for a country to join the ILRS?"
    assert reading.subject == "the ILRS"
    assert resolve("how long does it take?", after("How do I apply?")).text == "how long does it take to apply?"
    # "… to join?" gets an object: a thing the last question named, not its doer.
    history = after("Who is China inviting to take part in Chang'e-8?")
    assert resolve("how much does it cost to join?", history).text == "how much does it cost to join Chang'e-8?"
    # Without an infinitive, a thing named costs; an action costs when anyone may do it.
    history = after("how much power does the Thermal Probe TP-1 need at night?")
    assert resolve("what does it cost?", history).text == "what does the Thermal Probe TP-1 cost?"
    assert resolve("how much does it cost?", after("How do I apply?")).text == "how much does it cost to apply?"
    history = after("Who is China inviting to take part in Chang'e-8?")
    # With its infinitive whole, the question leans on nothing.
    whole = resolve("how much does it cost to join the ILRS?", history)
    assert whole.text == "how much does it cost to join the ILRS?" and not whole.used_context


def test_it_after_a_which_question_is_the_thing_the_answer_names():
    question = "Which international organisation joined the ILRS first?"
    answer = "The International Lunar Observatory Association was the first international organisation to join. [1]"
    reading = resolve("where is it based?", after(question, answers={question: answer}))
    assert reading.text == "where is the International Lunar Observatory Association based?"


def test_they_for_a_who_the_answer_did_not_name_is_left_and_the_next_pointer_read():
    history = after("Who owns Category B data?", answers={"Who owns Category B data?": "Data are shared. [1]"})
    reading = resolve("for how long can they keep them to themselves?", history)
    assert reading.text == "for how long can they keep Category B to themselves?"
    # When the answer names the owner, "they" is the owner.
    named = {"Who owns Category B data?": "The Principal Investigator Team owns Category B data. [1]"}
    reading = resolve(
        "for how long can they keep them to themselves?", after("Who owns Category B data?", answers=named)
    )
    assert reading.text.startswith("for how long can the Principal Investigator Team keep")


def test_a_pronoun_carries_the_prepositional_phrases_of_its_referent():
    history = after("What is the deadline for full proposals to CE8-AO-01?")
    reading = resolve("why was it moved?", history)
    assert reading.text == "why was the deadline for full proposals to CE8-AO-01 moved?"
    assert resolve("who do I send it to?", after("When is the letter of intent due?")).text == (
        "who do I send the letter of intent to?"
    )


def test_they_with_a_place_of_its_own_is_the_people_there():
    history = after("Where does China want to set up a permanent habitat?")
    reading = resolve("What language do they speak in Russia?", history)
    assert reading.text == "What language do they speak in Russia?" and not reading.used_context
    # Without a place of its own, "they" still points back.
    assert resolve("when will they land?", after("Which countries are sending astronauts?")).used_context


def test_an_adverb_closing_the_last_question_is_no_part_of_its_subject():
    history = after("Which international organisation joined the ILRS first?")
    reading = resolve("how long does it usually take to join?", history)
    assert reading.text == "how long does it usually take to join the ILRS?"
    # An adjective inside a phrase stays: "the first mission".
    assert resolve("When did the first mission launch?", []).subject == "the first mission"


def test_a_reading_that_uses_the_conversation_carries_the_last_answers_sources_as_its_focus():
    cited = Citation(1, "call.md", "Call", "Key dates", "It is due on 31 December.", "c1")
    answered = Answer(question="When is the letter of intent due?", text="… [1]", abstained=False, citations=(cited,))
    history = [turn_of(resolve("When is the letter of intent due?", []), answered)]
    follow_up = resolve("who do I send it to?", history)
    assert follow_up.focus is not None
    assert follow_up.focus.cited == (Cited("call.md", "Key dates", "c1", "It is due on 31 December."),)
    assert resolve("What is the capital of France?", history).focus is None


def test_they_that_finds_nothing_plural_before_it_in_a_question_with_its_own_subject_is_people_in_general():
    history = after("What is the lunar suit called?")
    question = "when did they test the lander lifting off from fake moon ground?"
    assert not resolve(question, history).used_context
    # Something plural before it: "they" points back.
    assert resolve("how big will they be?", after("How will Chang'e-8 make bricks?")).text == "how big will bricks be?"


def test_after_how_and_an_adjective_the_whole_phrase_is_the_subject():
    assert resolve("how heavy is the lunar suit?", []).subject == "the lunar suit"
    history = after("What is the lunar suit called?", "how heavy is it?")
    reading = resolve("and how long can someone work in it?", history)
    assert reading.text == "how long can someone work in the lunar suit?"


# A continuation that only points reads as the last subject; one with a preposition replaces what followed that
# preposition; a pronoun in a replaced infinitive is a name of the last question agreeing in number; a designation of
# several words ("Long March 10B", "the Chang'e-7 orbiter") is one named thing.
@pytest.mark.parametrize(
    ("question", "previous", "read"),
    [
        pytest.param(
            "what about that one?", "When is the orbiter call due?", "what about the orbiter call?", id="pointing"
        ),
        pytest.param("what about this one?", "When will Chang'e-7 launch?", "what about Chang'e-7?", id="pointing"),
        pytest.param("What about it?", "Who chairs the Council?", "What about the Council?", id="pointing"),
        pytest.param(
            "and to CNSA?",
            "When did Egypt send its letter to ESA?",
            "When did Egypt send its letter to CNSA?",
            id="preposition",
        ),
        pytest.param(
            "and with Russia?",
            "When did China sign an agreement with Egypt?",
            "When did China sign an agreement with Russia?",
            id="preposition",
        ),
        pytest.param(
            "and for the rover?",
            "What is the mass limit for the lander?",
            "What is the mass limit for the rover?",
            id="preposition",
        ),
        pytest.param(
            "and in 2027?",
            "How many payloads were selected in 2026 for Chang'e-7?",
            "How many payloads were selected in 2027 for Chang'e-7?",
            id="preposition",
        ),
        pytest.param(
            "and to leave it?",
            "How long does it take to join the ILRS?",
            "How long does it take to leave the ILRS?",
            id="infinitive",
        ),
        pytest.param(
            "and to quit them?",
            "Why did Egypt decide to join the Artemis Accords?",
            "Why did Egypt decide to quit the Artemis Accords?",
            id="infinitive",
        ),
        pytest.param(
            "what about the Chang'e-7 orbiter?",
            "When does the Chang'e-8 lander launch?",
            "When does the Chang'e-7 orbiter launch?",
            id="designation",
        ),
        pytest.param(
            "and the Chang'e-7 orbiter?",
            "What is the mass of the Chang'e-8 lander?",
            "What is the mass of the Chang'e-7 orbiter?",
            id="designation",
        ),
        pytest.param(
            "what about Long March 10B?",
            "When is the maiden flight of Long March 10A?",
            "When is the maiden flight of Long March 10B?",
            id="designation",
        ),
        pytest.param(
            "what does it carry?", "When does Long March 10B fly?", "what does Long March 10B carry?", id="designation"
        ),
        pytest.param(
            "when will it launch?",
            "What does the Chang'e-7 orbiter carry?",
            "when will the Chang'e-7 orbiter launch?",
            id="designation",
        ),
    ],
)
def test_an_elliptical_or_pointing_follow_up_reads_as_a_whole_question(question, previous, read):
    assert resolve(question, after(previous)).text == read


@pytest.mark.parametrize("question", ["and that one?", "what about the other one?"])
def test_a_continuation_that_points_at_nothing_said_is_read_as_typed(question):
    reading = resolve(question, after("When will Chang'e-7 launch?"))
    assert reading.text == question and not reading.used_context


def test_a_demonstrative_with_its_noun_still_names_that_noun():
    history = after("When is the letter of intent due?")
    assert resolve("is this letter still open?", history).text == "is the letter of intent still open?"


@pytest.mark.parametrize(
    "question", ["what time is it in Beijing right now", "What time is it?", "what day is it today?"]
)
def test_the_it_of_asking_the_time_points_at_nothing(question):
    reading = resolve(question, after("What is the first prize for senior teams?"))
    assert reading.text == question and not reading.used_context


def test_the_it_of_a_clock_word_followed_by_a_verb_still_points_back():
    reading = resolve("what year was it launched?", after("What is Queqiao-2?"))
    assert reading.text == "what year was Queqiao-2 launched?" and reading.used_context


def test_she_after_a_who_question_is_no_name_the_answer_uses_with_the():
    question = "Who is the head of the Payload Office?"
    answer = "The Review Board may ask for changes. The Review Board reports to the head of the office. [1]"
    history = after(question, answers={question: answer})
    assert resolve("how long is her term?", history).text == "how long is the head's term?"


def test_a_possessive_of_a_phrase_with_a_complement_is_turned_into_of():
    reading = resolve("what is its power?", after("How heavy is the lander of Chang'e-8?"))
    assert reading.text == "what is the power of the lander of Chang'e-8?"


def test_she_after_a_question_about_her_term_is_the_owner_of_the_term():
    history = after("Who is the head of the Payload Office?", "how long is her term?")
    assert resolve("how much is she paid?", history).text == "how much is the head paid?"
    history = after("When was Zhou Lina's term renewed?")
    assert resolve("how much is she paid?", history).text == "how much is Zhou Lina paid?"


def test_a_year_replacing_the_year_of_a_noun_phrase_keeps_its_determiner():
    history = after("How many teams entered the 2024 design contest?")
    assert resolve("what about 2023?", history).text == "How many teams entered the 2023 design contest?"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("and an SRS one?", "How far ahead must an SRS window be requested?"),
        ("and the SRS one?", "How far ahead must the SRS window be requested?"),
        ("and SRS?", "How far ahead must a SRS window be requested?"),
        ("what about an SRS window?", "How far ahead must an SRS window be requested?"),
        ("and the SRS window?", "How far ahead must the SRS window be requested?"),
    ],
)
def test_a_new_determiner_takes_the_place_of_the_old_one(question, expected):
    assert resolve(question, after("How far ahead must a COR window be requested?")).text == expected


@pytest.mark.parametrize("question", ["and a rover?", "what about the rover?"])
def test_a_common_noun_replaces_the_head_of_a_named_thing_not_its_name(question):
    history = after("When will the Chang'e-7 lander launch?")
    assert resolve(question, history).text == "When will the Chang'e-7 rover launch?"
    assert resolve("and on the rover?", after("How heavy can a lander payload be?")).text == (
        "How heavy can a rover payload be?"
    )


def test_a_demonstrative_before_a_verb_stands_alone():
    history = after("When is Queqiao-3 expected to launch?")
    assert resolve("which frequencies will that use?", history).text == "which frequencies will Queqiao-3 use?"


def test_a_demonstrative_with_its_noun_points_at_a_phrase_with_that_noun():
    history = after("What is the mass limit of the lot 5 antenna mast?")
    reading = resolve("why was that lot cancelled?", history)
    assert reading.text == "why was the lot 5 antenna mast cancelled?"
    assert reading.note == "Reading 'that lot' as the lot 5 antenna mast"


def test_that_with_a_noun_after_a_who_question_is_the_answer():
    question = "Who won lot 4 of the equipment tender?"
    answer = (
        "The Procurement Office announces the award of five lots. [1] Results by lot — Lot: 4; Subject: Dust test "
        "equipment; Tenders received: 3; Awarded to: Tianshan Vacuum Equipment Co., Ltd.; Value: 8.75 [2]"
    )
    history = after(question, answers={question: answer})
    reading = resolve("where is that company based?", history)
    assert reading.text == "where is Tianshan Vacuum Equipment Co., Ltd. based?"
    # "this" is what is at hand: a fresh question.
    assert not resolve("who wrote this article?", history).used_context


def test_a_question_ending_in_before_is_about_the_last_subject():
    reading = resolve("what was the date before?", after("When must the structural-thermal model be delivered now?"))
    assert reading.used_context
    assert reading.text == "what was the date of the structural-thermal model before?"
    # "there" that opens the question asks whether something exists: no sign of leaning on anything.
    assert not resolve("is there a fee?", after("When must the structural-thermal model be delivered?")).used_context


def test_a_whole_question_opened_by_and_goes_on_about_the_last_subject_with_its_focus():
    cited = Citation(1, "round3.md", "Round 3", "Dates", "Round 3 now closes on 15 January 2027.", "c1")
    answered = Answer(question="When does round 3 close now?", text="… [1]", abstained=False, citations=(cited,))
    history = [turn_of(resolve("When does round 3 close now?", []), answered)]
    kb = WordOverlapKB(["Round 3 now closes on 15 January 2027.", "Results are expected in April 2027."])
    reading = resolve("and when are the results expected?", history, kb)
    assert reading.used_context and reading.focus is not None
    assert reading.text == "when are the results expected?"  # asked as typed, without the "and"
    assert reading.note == "Reading this as about round 3"
    # Without the "and", the same question is a fresh one; with a name of its own it is about that name; about
    # something the documents never mention, it is asked as typed.
    assert not resolve("when are the results expected?", history, kb).used_context
    assert not resolve("and when does Thailand sign?", history, kb).used_context
    assert not resolve("and how is the weather today?", history, kb).used_context


def test_a_pronoun_for_a_phrase_with_a_name_in_it_keeps_the_name():
    # The documents say "estimated budget" but never "estimated budget of lot 2": the lot stays all the same.
    kb = WordOverlapKB(["The estimated budget of the call is 154.6 million CNY.", "Lot 2 covers the solar simulator."])
    history = after("What is the estimated budget of lot 2?", kb=kb)
    assert resolve("what was it before?", history, kb).text == "what was the estimated budget of lot 2 before?"
