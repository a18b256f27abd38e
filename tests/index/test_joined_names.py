from index.joined_names import as_the_corpus_writes
from index.text import terms


def _known(*written: str):
    vocabulary = {t for text in written for t in terms(text)}
    return vocabulary.__contains__


def test_a_letter_hyphenated_to_its_number_is_read_as_the_corpus_writes_the_name():
    question = terms("Who builds the rover R-1?")
    assert "roverr1" in question
    assert as_the_corpus_writes(question, _known("R-1 is built in China.")) == ("build", "rover", "1", "r1")
    # The corpus writing "rover R-1" somewhere does not make the word before it part of the name.
    assert "roverr1" not in as_the_corpus_writes(question, _known("The rover R-1 is built in China."))


def test_a_name_typed_without_its_apostrophe_keeps_the_join_the_corpus_writes():
    question = terms("when does chang e 8 launch")
    assert {"e8", "change8"} <= set(question)
    kept = as_the_corpus_writes(question, _known("Chang'e-8 launches in 2028."))
    assert "change8" in kept and "e8" not in kept


def test_joins_the_corpus_never_writes_are_all_kept():
    question = terms("Who builds the rover R-9?")
    assert as_the_corpus_writes(question, _known("R-1 is built in China.")) == tuple(question)
