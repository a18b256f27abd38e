"""A date is a deadline when its own clause says something is due, must be sent or closes."""

from __future__ import annotations

import pytest

from index.dates import find_dates
from index.deadlines.classification import classify
from index.deadlines.description import describe_what
from tests.index.deadlines.article import first_mention


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Letters of intent must be sent no later than 31 March 2025.", "deadline"),
        ("The deadline is June 30, 2025.", "deadline"),
        ("Papers are due on 1 May 2025.", "deadline"),
        ("Registration closes in October 2025.", "deadline"),
        ("Teams have until 2027 to apply.", "deadline"),
        ("The station will operate until 2040.", "milestone"),
        ("China aims to land astronauts on the moon by 2030.", "milestone"),
        ("The results will be announced in March 2025.", "milestone"),
        ("Chang’e-6 returned samples in 2024.", "milestone"),
    ],
)
def test_classify(sentence, kind):
    assert classify(*first_mention(sentence)) == kind


def test_each_date_of_a_sentence_is_classified_by_its_own_clause():
    sentence = "Letters must be submitted by 1 March 2025, and the results will be announced in June 2025."
    deadline, announcement = find_dates(sentence)
    assert classify(sentence, deadline, [announcement]) == "deadline"
    assert classify(sentence, announcement, [deadline]) == "milestone"
    assert describe_what(sentence, announcement, [deadline]) == "results"
