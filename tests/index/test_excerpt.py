from hypothesis import given, settings
from hypothesis import strategies as st

from index.excerpt import (
    ELLIPSIS,
    Match,
    asks_for_items,
    cuts,
    excerpt,
    fragments,
    pieces,
    protected,
    quotes_verbatim,
)
from index.text import terms

ARTICLE = (
    "Each Member State shall have one vote in the Council. Except as otherwise provided in this Convention, decisions "
    "of the Council shall be taken by a simple majority of the Member States present and voting. Decisions on the "
    "admission of new Members, on the adoption of the budget and on the scale of contributions shall be taken by a "
    "two-thirds majority of the Member States present and voting. Amendments to this Convention shall be adopted by "
    "a three-quarters majority of all Member States. A majority of the Member States shall constitute a quorum."
)


def match(question: str, answer_type: str = "other", several: bool = False) -> Match:
    return Match({t: 1.0 for t in terms(question)}, answer_type, several)


def test_a_short_unit_is_quoted_whole():
    assert excerpt("The seat is in Hefei.", match("where is the seat"), 300) == "The seat is in Hefei."


def test_a_long_unit_is_quoted_by_the_sentence_that_carries_the_match_with_ellipses_for_the_cuts():
    shown = excerpt(ARTICLE, match("What majority is needed to amend the Convention?"), 160)
    assert "three-quarters majority" in shown
    assert len(shown) <= 160
    assert shown.startswith(ELLIPSIS) and shown.endswith(ELLIPSIS)
    assert quotes_verbatim(shown, ARTICLE)
    assert all(f in ARTICLE for f in fragments(shown))


def test_pieces_far_apart_are_joined_by_an_ellipsis_and_neighbours_by_the_source_text():
    text = "Alpha opens the list of stations here. Beta follows it closely in the plan. Gamma is third in line now."
    shown = excerpt(text, match("alpha gamma"), 80)
    assert shown == f"Alpha opens the list of stations here. {ELLIPSIS} Gamma is third in line now."
    assert (
        excerpt(text, match("alpha beta"), 80)
        == f"Alpha opens the list of stations here. Beta follows it closely in the plan. {ELLIPSIS}"
    )


def test_a_sentence_that_leans_on_the_one_before_brings_it_along():
    text = (
        "Chang'e-7 was shipped to the Wenchang launch site in May 2026 after its tests. "
        "It carries eighteen instruments, six of them from partners abroad. "
        "The orbiter relays data through Queqiao-2 for the whole mission."
    )
    shown = excerpt(text, match("how many instruments carries"), 160)
    assert shown.startswith("Chang'e-7 was shipped") and "eighteen instruments" in shown


def test_a_list_asked_for_whole_is_quoted_from_its_lead_in_on():
    text = (
        "The roadmap divides the work into three phases: Reconnaissance, from 2021 to 2025, surveys the pole; "
        "Construction, from 2026 to 2035, assembles the station; Utilisation, from 2036 onwards, uses it for research "
        "and extends its facilities for all partners."
    )
    shown = excerpt(text, match("what are the phases"), 200, in_order=True)
    assert shown.startswith("The roadmap divides the work into three phases: Reconnaissance")
    assert shown.endswith(ELLIPSIS) and len(shown) <= 200


CRITERIA = (
    "A candidate site was judged against four criteria, in order of weight: shielding: how much the Moon weakens the "
    "radio noise at the site; flatness: the mean slope over the area an array would cover; rocks: the number of "
    "boulders larger than half a metre per hectare; relay visibility: the share of the time the relay sees the site."
)


def test_a_lead_in_is_never_quoted_alone_what_it_announces_follows_it():
    shown = excerpt(CRITERIA, match("What criteria were candidate sites judged against?"), 200)
    assert shown.startswith("A candidate site was judged against four criteria, in order of weight: shielding")
    assert quotes_verbatim(shown, CRITERIA) and len(shown) <= 200


def test_a_question_matching_the_lead_in_best_asks_for_the_items():
    assert asks_for_items(CRITERIA, match("What criteria were candidate sites judged against?"))
    assert not asks_for_items(CRITERIA, match("How are boulders per hectare counted?"))
    # The lead-in alone answers how many there are.
    assert not asks_for_items(CRITERIA, match("How many criteria was a candidate site judged against?", "number"))
    assert not asks_for_items("The site was judged on its shielding.", match("what was the site judged on"))


THEMES = (
    "The science is grouped into four themes: Lunar geology: the structure of the crust and the history of the basin. "
    "Water ice and other volatiles: where they are and how much there is. Astronomy from the Moon: radio astronomy "
    "from the far side, free of interference. Observing the Earth: its magnetosphere and plasmasphere from the Moon."
)


def test_a_labelled_list_too_long_for_its_room_is_shown_by_its_lead_in_and_every_item_s_label():
    shown = excerpt(THEMES, match("what are the science themes", several=True), 200, in_order=True)
    assert shown == (
        f"The science is grouped into four themes: Lunar geology: {ELLIPSIS} Water ice and other volatiles: {ELLIPSIS} "
        f"Astronomy from the Moon: {ELLIPSIS} Observing the Earth: {ELLIPSIS}"
    )
    assert quotes_verbatim(shown, THEMES)
    assert excerpt(THEMES, match("what are the science themes"), 400, in_order=True) == THEMES  # it fits whole


def test_labels_are_not_shown_alone_when_they_lose_the_kind_of_answer_asked_for():
    steps = (
        "The call runs in four steps: Call published: 15 June 2026. Industry day in Hefei: 7 July 2026. "
        "Requests for pre-qualification: by 17 July 2026. Award decision: by the end of October 2026."
    )
    shown = excerpt(steps, match("when are the steps of the call", "date", True), 120, in_order=True)
    assert shown.startswith("The call runs in four steps: Call published: 15 June 2026.")


def test_a_colon_parts_a_lead_in_only_never_a_label_from_its_value():
    timeline = "17 June 2025: Mengzhou zero-altitude escape test at the Jiuquan launch centre. " * 2
    assert all(timeline[end - 1] != ":" for end, _ in cuts(timeline))
    row = "Chapter I. Sessions — Convocation of an ordinary session: at least 60 days before the opening; Credentials"
    assert all(row[end - 1] != ":" for end, _ in cuts(row))
    lead = "The Partner Institution may: nominate researchers to the teams; host meetings of the Organization."
    assert lead[cuts(lead)[0][0] - 1] == ":"
    record = "Position: LSP-1 to LSP-4; Location: Lander panels; Maximum mass: 25 kg"
    assert [record[a:b] for a, b in pieces(record, lead_in=False)] == [
        "Position: LSP-1 to LSP-4;",
        "Location: Lander panels;",
        "Maximum mass: 25 kg",
    ]


def test_no_cut_after_an_abbreviation_or_an_initial():
    text = "The talk was given by Dr. Wu Weiren of the CLEP. He spoke for an hour about U.S. law and the ban."
    assert [text[a:b] for a, b in pieces(text)] == [
        "The talk was given by Dr. Wu Weiren of the CLEP.",
        "He spoke for an hour about U.S. law and the ban.",
    ]


def _inside(spans: list[tuple[int, int]], end: int, start: int) -> bool:
    return any(a < end and start < b for a, b in spans)


SENTENCE = st.sampled_from(
    [
        "The fixed part is USD 150,000 a year.",
        "Contributions are due by 31 March 2027.",
        "The Council met at Hefei on 15 and 16 September 2026.",
        "Its chair is Pavel Karpovich of Belarus.",
        "The relay orbiter Queqiao-2 launched on 20 March 2024.",
        "Dr. Li Chunlai leads the science team; the deputy is Prof. Anna Petrova.",
        "The mass limit is 1.5 kg per payload.",
        "It was signed in St. Petersburg, Russian Federation.",
        "Members: China; Russia; Belarus; Pakistan.",
        "The station is planned for the 2030s.",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(SENTENCE, min_size=2, max_size=8, unique=True),
    st.sampled_from(["date", "money", "person", "other"]),
    st.data(),
)
def test_an_excerpt_is_verbatim_within_its_room_and_never_cuts_a_number_a_date_or_a_name(sentences, kind, data):
    text = " ".join(sentences)
    room = data.draw(st.integers(min_value=60, max_value=len(text)))
    question = data.draw(st.sampled_from(["when did the council meet", "who is the chair", "how much", "mass"]))
    shown = excerpt(text, match(question, kind), room)
    assert quotes_verbatim(shown, text)
    spans = protected(text)
    for end, start in cuts(text):
        assert not _inside(spans, end, start)
    # Every piece shown starts and ends where the text may be cut, so no number, date or name is broken.
    bounds = {0, len(text)} | {e for e, _ in cuts(text)} | {s for _, s in cuts(text)}
    cursor = 0
    for fragment in fragments(shown):
        at = text.find(fragment, cursor)
        assert at in bounds and at + len(fragment) in bounds
        cursor = at + len(fragment)
    longest = max(b - a for a, b in pieces(text))
    assert len(shown) <= max(room, longest + 2 * (len(ELLIPSIS) + 1))
