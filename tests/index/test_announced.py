from datetime import date

import pytest

from index.announced import announced_items, announces, with_items
from index.asked_for import asks_for_several
from index.composing import compose
from index.excerpt import Match
from index.question import read_question
from index.schema import Chunk
from index.text import terms
from index.units import sentence_units, units_of

LEAD = "The network has three stations:"


def chunk(position: int, kind: str, sentences: tuple[str, ...], path=("Stations",), doc="net.md") -> Chunk:
    return Chunk(
        id=f"{doc}-{position}",
        doc_path=doc,
        title="The network",
        section=path[-1] if path else f"Paragraph {position}",
        position=position,
        text=" ".join(sentences),
        sentences=sentences,
        kind=kind,
        section_path=path,
    )


ROWS = (
    "Stations — Station: Jiamusi; Country: China; Antenna: 66 m",
    "Stations — Station: Kashi; Country: China; Antenna: 35 m",
    "Stations — Station: Neuquén; Country: Argentina; Antenna: 35 m",
)
INTRO = chunk(0, "prose", ("The network receives the missions' data.", LEAD))
TABLE = chunk(1, "table_row", ROWS)
AS_LIST = chunk(2, "list", (f"{LEAD} Station: Jiamusi; Kashi; Neuquén.",))
AFTER = chunk(3, "prose", ("Kashi also tracks the relay satellite.",))
DOCUMENT = [INTRO, TABLE, AS_LIST, AFTER]


def following(of: Chunk) -> list[Chunk]:
    return [c for c in DOCUMENT if c.position > of.position]


def lead_unit():
    return next(u for u in units_of(INTRO) if u.text == LEAD)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (LEAD, True),
        ("Abstracts are invited on the following", True),
        ("The rules are as follows", True),
        ("Kashi tracks the relay satellite.", False),
        ("Dates: 1 May 2026 and 2 June 2026.", False),
    ],
)
def test_a_span_announces_what_follows_when_it_ends_by_introducing_it(text, expected):
    assert announces(text) is expected


def test_a_lead_in_before_a_table_is_replaced_by_the_table_read_as_a_list_under_it():
    replaces, items, _ = announced_items(lead_unit(), following(INTRO))
    assert replaces
    assert [u.text for u in items] == [AS_LIST.sentences[0]]


def test_a_lead_in_before_table_rows_alone_is_followed_by_the_rows_whole():
    document = [INTRO, TABLE, AFTER]
    replaces, items, more = announced_items(lead_unit(), [c for c in document if c.position > 0])
    assert not replaces
    assert [u.text for u in items] == list(ROWS)
    assert more == 0


def test_an_faq_answer_introducing_a_list_is_quoted_with_the_list_that_follows():
    faq = chunk(0, "faq", ("Which instruments look for ice?\nSix instruments take part:",), ("Which instruments?",))
    items = chunk(1, "list", ("the neutron spectrometer; the orbital radar; the volatile analyser.",), ())
    replaces, found, _ = announced_items(sentence_units(faq)[0], [items])
    assert not replaces
    assert [u.text for u in found] == [items.sentences[0]]


def test_nothing_is_added_past_a_new_heading_another_kind_or_for_a_span_that_announces_nothing():
    other_section = chunk(1, "list", ("a; b; c.",), ("Elsewhere",))
    assert announced_items(lead_unit(), [other_section]) == (False, [], 0)
    assert announced_items(lead_unit(), [AFTER, TABLE]) == (False, [], 0)
    first = next(u for u in units_of(INTRO) if u.text.startswith("The network receives"))
    assert announced_items(first, following(INTRO)) == (False, [], 0)


def test_the_items_added_stay_within_the_bound_in_whole_units_and_the_rest_are_counted():
    long_rows = tuple(f"Stations — Station: S{i}; Role: {'tracking and data reception ' * 4}" for i in range(20))
    table = chunk(1, "table_row", long_rows)
    _, items, more = announced_items(lead_unit(), [table], budget=500)
    assert 1 <= len(items) < len(long_rows)
    assert sum(len(u.text) for u in items) <= 500
    assert all(u.text in long_rows for u in items)
    assert more == len(long_rows) - len(items)


def test_items_are_kept_in_order_for_a_list_and_best_matching_first_otherwise():
    rows = tuple(f"Stations — Station: S{i}; Role: {'tracking and data reception ' * 4}" for i in range(9))
    rows += ("Stations — Station: Kashi; Role: prime station for Queqiao-2",)
    table = chunk(1, "table_row", rows)
    _, in_order, _ = announced_items(lead_unit(), [table], budget=300)
    assert [u.text for u in in_order] == list(rows[: len(in_order)])
    best = Match({t: 1.0 for t in terms("Kashi role")})
    _, best_first, more = announced_items(lead_unit(), [table], best, budget=300)
    assert rows[-1] in [u.text for u in best_first]
    assert more == len(rows) - len(best_first)


def test_a_count_question_keeps_the_short_lead_in_and_a_list_question_gets_the_items():
    how_many = with_items([lead_unit()], following, read_question("How many stations does the network have?"))
    assert [[u.text for u in group.units] for group in how_many] == [[LEAD]]
    which = with_items([lead_unit()], following, read_question("Which stations are in the network?"))
    assert [[u.text for u in group.units] for group in which] == [[AS_LIST.sentences[0]]]


def test_lead_in_and_items_are_composed_each_cited_and_verbatim():
    faq = chunk(0, "faq", ("What does the fee cover?\nIt covers:",), ("Fees",))
    items = chunk(1, "list", ("the sessions; lunches; the conference dinner.",), ("Fees",))
    groups = with_items(sentence_units(faq), lambda c: [items] if c is faq else [], read_question("What is covered?"))
    units = [u for group in groups for u in group.units]
    answer = compose("What is covered?", units, date(2026, 11, 30), "v1", 1.0)
    assert answer.text.startswith("What does the fee cover?\nIt covers: [1] the sessions; lunches; the conference")
    assert [c.quote for c in answer.citations] == [faq.text, items.text]
    assert all(c.quote in source.text for c, source in zip(answer.citations, (faq, items), strict=True))


def test_an_item_already_quoted_is_not_repeated():
    list_unit = sentence_units(AS_LIST)[0]
    groups = with_items([list_unit, lead_unit()], following, read_question("Which stations are there?"))
    assert [[u.text for u in group.units] for group in groups] == [[list_unit.text], [LEAD]]


@pytest.mark.parametrize(
    ("question", "several"),
    [
        ("Which ground stations are in the ILRS network?", True),
        ("list the moon brick challenge prizes", True),
        ("What are the steps to join?", True),
        ("What sensors does LUDES have?", True),
        ("What does the conference fee include?", True),
        ("Which topics can abstracts be submitted on?", True),
        ("Which station tracks Queqiao-2?", False),
        ("How many stations are there?", False),
        ("What is the antenna of Kashi?", False),
        ("When does registration close?", False),
    ],
)
def test_questions_asking_for_several_things_are_told_apart(question, several):
    assert asks_for_several(question) is several
    assert read_question(question).several is several
