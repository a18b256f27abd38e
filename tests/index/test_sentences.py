from hypothesis import given, settings
from hypothesis import strategies as st

from index.sentences import WINDOW, _windows, split_sentences


def test_a_line_break_always_ends_a_sentence():
    assert split_sentences("Partners\nRussia joined in 2021. Belarus followed") == [
        "Partners",
        "Russia joined in 2021.",
        "Belarus followed",
    ]


def test_a_long_paragraph_is_split_in_windows_at_sentence_ends():
    text = "The station is planned for the south pole. " * 200
    pieces = _windows(text)
    assert len(pieces) > 1 and "".join(pieces) == text
    assert all(len(piece) <= WINDOW for piece in pieces)
    assert all(piece.endswith("pole. ") for piece in pieces[:-1])
    assert set(split_sentences(text)) == {"The station is planned for the south pole."}


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .?!\n\u00a0"), max_size=4 * WINDOW))
def test_sentences_are_verbatim_and_in_order(text):
    cursor = 0
    for sentence in split_sentences(text):
        cursor = text.index(sentence, cursor) + len(sentence)
