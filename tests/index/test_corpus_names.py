from hypothesis import given
from hypothesis import strategies as st

from index.corpus_names import CorpusNames, key_of
from index.lexical import LexicalIndex
from index.question import read_question

TEXTS = [
    "The relay uses Queqiao-2, launched before Queqiao-3 is built. Queqiao-2 serves Chang'e-7 and Chang'e-8.",
    "Data are processed at the Nanjing node and the Nanchang node. Level 2A and Level 2B products follow.",
    "The Tansuo rover drives near the Lanyue lander. The LUDES instrument flies on ILRS-1.",
    "Bids for Lot 3A and Lot 3 open in May. The Long March 10A rocket launches the Moon lander.",
    "Teams may change their dates. The Moon is far; people see the Moon at night. The Office opens.",
]
DICTIONARY = frozenset("change people see night office moon long march the lot level node".split())


def names() -> CorpusNames:
    return CorpusNames.from_texts(TEXTS, DICTIONARY)


def test_the_corpus_names_are_its_capitalised_words_designations_and_acronyms():
    found = {spellings[0] for spellings in names().names.values()}
    assert {"Queqiao-2", "Chang'e-7", "Nanjing", "Tansuo", "LUDES", "ILRS-1", "Lot 3A", "Level 2B"} <= found
    assert {"Long March 10A", "March 10A"} <= found
    # Real words the corpus capitalises are words, and a sentence's first word is capitalised whatever it is.
    assert not {"Moon", "Office", "Teams", "Data", "The"} & found


def test_a_name_typed_in_lower_case_or_without_separators_is_written_as_the_corpus_writes_it():
    corpus = names()
    assert corpus.spelled("what orbit is queqiao 2 in") == "what orbit is Queqiao-2 in"
    assert corpus.spelled("how many grams did chang e 7 bring back") == "how many grams did Chang'e-7 bring back"
    assert corpus.spelled("change 8 launch date") == "Chang'e-8 launch date"
    assert corpus.spelled("budget of lot3a") == "budget of Lot 3A"
    assert corpus.spelled("ilrs1 calibration data") == "ILRS-1 calibration data"
    assert corpus.spelled("when does the nanjing node open") == "when does the Nanjing node open"
    assert corpus.spelled("what does the tan suo rover weigh") == "what does the Tansuo rover weigh"
    assert corpus.spelled("long march 10a first flight") == "Long March 10A first flight"


def test_everyday_words_stay_as_typed():
    corpus = names()
    assert corpus.spelled("can i change my dates") == "can i change my dates"
    assert corpus.spelled("who do i ask at the office about the moon") == "who do i ask at the office about the moon"


def test_a_typo_in_a_name_is_corrected_only_towards_the_one_closest_name_with_the_same_number():
    corpus = names()
    assert corpus.spelled("what orbit is queqaio-2 in") == "what orbit is Queqiao-2 in"
    assert corpus.spelled("the tansou rover") == "the Tansuo rover"
    assert corpus.spelled("mass of queqaio-5") == "mass of queqaio-5"  # no Queqiao-5: no name to correct it to
    assert corpus.spelled("mass of queqiao-5") == "mass of queqiao-5"


def test_near_identical_names_are_never_merged():
    corpus = names()
    assert corpus.spelled("the nanning node") == "the nanning node"  # one letter changed: another city
    assert corpus.spelled("when does the Nanjng node open") == "when does the Nanjng node open"  # typed as a name
    assert corpus.spelled("level 2c products") == "level 2c products"
    assert corpus.spelled("queqiao-3 orbit") == "Queqiao-3 orbit"
    assert corpus.spelled("which stations receive chang'e-9 data") == "which stations receive chang'e-9 data"


def test_a_name_typed_with_its_capitals_is_kept():
    corpus = CorpusNames.from_texts(["QUEQIAO-1\nThe relay Queqiao-2 works; QUEQIAO-1 retired."])
    assert corpus.spelled("Is Queqiao-1 retired?") == "Is Queqiao-1 retired?"
    assert corpus.spelled("is queqiao-1 retired?") == "is QUEQIAO-1 retired?"


def test_the_question_read_with_the_corpus_names_names_them():
    lexical = LexicalIndex(TEXTS, DICTIONARY)
    corrected = lexical.prepare("what does the tansuo rover weigh").corrected
    assert "tansuo" in read_question("what does the tansuo rover weigh", corrected).names
    lowered = lexical.prepare("how many grams did chang e 7 bring back").corrected
    assert "e7" not in read_question("x", lowered).names
    assert "change7" in read_question("x", lowered).names


def test_a_corpus_without_names_leaves_questions_as_typed():
    assert CorpusNames.from_texts([]).spelled("what is queqiao 2") == "what is queqiao 2"


NAMES = ["Queqiao-2", "Chang'e-7", "Lot 3A", "Level 2B", "ILRS-1", "Tansuo", "Lanyue", "Long March 10A"]
SEPARATORS = st.sampled_from(["", " ", "-"])


@st.composite
def typed_loosely(draw, name: str) -> str:
    """The name in any case, its parts joined by any separator."""
    parts = [p for p in key_of_parts(name) if p]
    typed = parts[0]
    for part in parts[1:]:
        typed += draw(SEPARATORS) + part
    return "".join(c.upper() if draw(st.booleans()) else c.lower() for c in typed)


def key_of_parts(name: str) -> list[str]:
    return name.replace("'", " ").replace("-", " ").split(" ")


@given(st.sampled_from(NAMES).flatmap(lambda name: st.tuples(st.just(name), typed_loosely(name))))
def test_any_casing_and_separators_of_a_corpus_name_read_as_that_name(case):
    name, typed = case
    assert key_of(names().spelled(f"tell me about {typed} please")) == key_of(f"tell me about {name} please")


@given(st.sampled_from(["Queqiao", "Chang'e", "Lot", "Level", "ILRS"]), st.integers(min_value=11, max_value=99))
def test_a_number_the_corpus_does_not_give_a_name_is_never_read_as_another(stem, number):
    typed = f"{stem.lower()}-{number}"
    assert names().spelled(f"what about {typed}?") == f"what about {typed}?"
