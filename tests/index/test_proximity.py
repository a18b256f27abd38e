from index.proximity import pair_share, question_pairs, term_sequence
from index.text import terms


def test_a_designation_is_one_position_with_its_word_and_number():
    sequence = term_sequence("When does Chang'e-8 launch?")
    assert any("change8" in held for held in sequence)
    assert question_pairs("When does Chang'e-8 launch?", terms("Chang'e-8 launch")) == [("change8", "launch")]


def test_word_pairs_count_only_when_kept_together_in_order():
    wanted = terms("letter of intent due")
    pairs = question_pairs("When is the letter of intent due?", wanted)
    weight = dict.fromkeys(wanted, 1.0)
    assert pair_share(pairs, weight, "The letter of intent is due on 31 December.") == 1.0
    assert pair_share(pairs, weight, "Send the intent form; a letter follows when due.") == 0.0
    assert pair_share([], weight, "anything") == 0.0
