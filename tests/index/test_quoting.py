from datetime import date

from index.composing import compose
from index.excerpt import ELLIPSIS, Match, quotes_verbatim
from index.quoting import ANSWER_QUOTE_CHARS, CITATION_MARK_CHARS, LIST_QUOTE_CHARS, Group, quotes
from index.schema import Chunk
from index.text import terms
from index.units import sentence_units


def chunk(position: int, kind: str, sentences: tuple[str, ...]) -> Chunk:
    return Chunk(
        id=f"doc-{position}",
        doc_path="doc.md",
        title="The network",
        section="Stations",
        position=position,
        text=" ".join(sentences),
        sentences=sentences,
        section_path=("Stations",),
        kind=kind,
    )


def match(question: str, several: bool = False) -> Match:
    return Match({t: 1.0 for t in terms(question)}, "other", several)


ROWS = tuple(f"Stations — Station: S{i}; Role: tracking, data reception and ranging for the relay" for i in range(30))


def test_the_quotes_of_one_answer_stay_within_its_room_and_the_rest_of_the_list_is_counted():
    lead = sentence_units(chunk(0, "prose", ("The network has thirty stations:",)))[0]
    rows = [sentence_units(chunk(i + 1, "table_row", (row,)))[0] for i, row in enumerate(ROWS)]
    shown = quotes([Group([lead, *rows], more=5)], match("which stations", several=True))
    assert sum(len(q.text) + CITATION_MARK_CHARS for q in shown) <= LIST_QUOTE_CHARS
    assert 2 <= len(shown) < len(rows)
    assert shown[-1].more == len(rows) + 1 - len(shown) + 5
    assert all(q.more == 0 for q in shown[:-1])


def test_a_whole_list_that_fits_points_to_nothing():
    lead = sentence_units(chunk(0, "prose", ("The network has two stations:",)))[0]
    rows = [sentence_units(chunk(i + 1, "table_row", (row,)))[0] for i, row in enumerate(ROWS[:2])]
    shown = quotes([Group([lead, *rows])], match("which stations", several=True))
    assert [q.text for q in shown] == [lead.text, *ROWS[:2]] and all(q.more == 0 for q in shown)


def test_a_long_unit_is_quoted_in_part_and_the_answer_stays_within_its_room():
    long = " ".join(f"Sentence {i} says the station number {i} tracks the relay in the S band." for i in range(40))
    first = sentence_units(chunk(0, "prose", (long,)))[0]
    second = sentence_units(chunk(1, "prose", ("The prime station is Kashi, in Xinjiang, since 2023.",)))[0]
    shown = quotes([Group([first]), Group([second])], match("which station tracks number 7"))
    assert ELLIPSIS in shown[0].text and "station number 7" in shown[0].text
    assert quotes_verbatim(shown[0].text, long)
    assert sum(len(q.text) + CITATION_MARK_CHARS for q in shown) <= ANSWER_QUOTE_CHARS


def test_a_list_cut_short_points_to_the_rest_with_its_citation_and_the_citation_quotes_what_is_shown():
    lead = sentence_units(chunk(0, "prose", ("The network has thirty stations:",)))[0]
    rows = [sentence_units(chunk(i + 1, "table_row", (row,)))[0] for i, row in enumerate(ROWS)]
    shown = quotes([Group([lead, *rows])], match("which stations", several=True))
    answer = compose("Which stations?", shown, date(2026, 11, 30), "v1", 1.0)
    last = len(shown)
    assert answer.text.endswith(f"[{last}] {ELLIPSIS}and {shown[-1].more} more [{last}]")
    assert [c.quote for c in answer.citations] == [q.text for q in shown]


def test_a_list_whose_lead_in_the_question_matches_is_quoted_as_a_list_asked_for():
    items = "; ".join(
        f"item {i}: the part number {i} of the array, with what it does for the observatory" for i in range(6)
    )
    text = f"The observatory was judged against six criteria, in order of weight: {items}."
    unit = sentence_units(chunk(0, "list", (text,)))[0]
    shown = quotes([Group([unit])], match("what criteria was the observatory judged against"))
    assert len(shown) == 1 and shown[0].text.startswith("The observatory was judged against six criteria")
    assert "item 4" in shown[0].text and len(shown[0].text) + CITATION_MARK_CHARS <= LIST_QUOTE_CHARS
    # A question matching an item instead is quoted by that item within a unit's room.
    other = quotes([Group([unit])], match("what does part number 4 do"))
    assert "part number 4" in other[0].text and len(other[0].text) <= ANSWER_QUOTE_CHARS
