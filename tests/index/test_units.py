from index.schema import Chunk
from index.units import counted, row_key, units_of

LEVELS = (
    "There are two alert levels for solar particle events.",
    "An SPE Watch means that an event is likely within the next 24 hours.",
    "An SPE Warning means that an event has begun at the base.",
    "The rules for each level are given in the radiation page.",
)


def chunk(sentences: tuple[str, ...], kind: str = "prose") -> Chunk:
    return Chunk("c", "brief.md", "Brief", "Alerts", 0, " ".join(sentences), sentences, kind=kind)


def test_a_short_sentence_stating_a_count_and_nothing_else_counts():
    assert counted(LEVELS[0]) == 2
    assert counted("It has three lines.") == 3
    assert counted("Two stations were added in 2025.") == 0  # a figure besides the count
    assert counted("The rover carries two cameras that map the ground in colour and in the infrared by day.") == 0
    assert counted(LEVELS[1]) == 0


def test_a_count_is_quoted_with_the_sentences_that_go_through_what_it_counts():
    spans = [(u.first, u.last, u.text) for u in units_of(chunk(LEVELS)) if u.last - u.first > 1]
    assert spans == [(0, 2, " ".join(LEVELS[:3]))]


def test_no_span_without_enough_sentences_after_the_count_or_outside_prose():
    assert [(u.first, u.last) for u in units_of(chunk(LEVELS[:2])) if u.last - u.first > 1] == []
    assert (0, 2) not in [(u.first, u.last) for u in units_of(chunk(LEVELS, "faq"))]  # an FAQ answer is whole


def test_a_table_row_s_key_is_its_first_cell_s_value():
    assert row_key("Results by lot — Lot: 4; Subject: Dust test equipment; Awarded to: Tianshan") == "4"
    assert row_key("Station: Kashi; Country: China") == "Kashi"
    assert row_key("Kashi; China") == "Kashi"  # a table without headers
