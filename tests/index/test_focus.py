"""Where a candidate unit comes from, seen from a conversation's focus, and what that is worth."""

import numpy as np

from index.focus import Cited, Focus, FocusWeights
from index.schema import Chunk
from index.units import Unit


def unit(chunk_id: str, doc: str, section: str, text: str) -> Unit:
    chunk = Chunk(id=chunk_id, doc_path=doc, title="", section=section, position=0, text=text, sentences=(text,))
    return Unit(chunk, text, 0, 0, "prose", "")


FOCUS = Focus((Cited("call.md", "Key dates", "c1", "It is due on 31 December."),))
UNITS = [
    unit("c1", "call.md", "Key dates", "It is due on 31 December."),  # quoted
    unit("c1", "call.md", "Key dates", "Send it to the CNSA."),  # same passage, not quoted
    unit("c2", "call.md", "Contacts", "Write to the office."),  # the next passage, another section
    unit("c9", "call.md", "Annex", "Forms."),  # the same document only
    unit("x1", "other.md", "Key dates", "Unrelated."),  # a section of the same name in another document
]


def test_each_unit_is_placed_by_where_it_comes_from_a_quoted_one_being_nothing_else():
    placement = FOCUS.placement(UNITS, frozenset({"c1", "c2"}))
    assert placement.tolist() == [[1, 0, 0, 0], [0, 1, 1, 1], [0, 0, 1, 1], [0, 0, 0, 1], [0, 0, 0, 0]]


def test_the_prior_adds_the_weights_of_every_place_a_unit_has():
    focus = Focus(FOCUS.cited, FocusWeights(quoted=-1.0, section=2.0, near=0.5, document=0.25))
    prior = focus.prior(UNITS, frozenset({"c1", "c2"}))
    assert np.allclose(prior, [-1.0, 2.75, 0.75, 0.25, 0.0])
    assert focus.chunk_ids == ("c1",) and focus.documents == {"call.md"}
