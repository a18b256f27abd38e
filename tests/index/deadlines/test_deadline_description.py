"""What a date is the date of, read from its sentence."""

from __future__ import annotations

import pytest

from index.deadlines.description import describe_what
from tests.index.deadlines.article import first_mention


@pytest.mark.parametrize(
    ("sentence", "what"),
    [
        (
            "Teams have until 1 June 2025 to register their payloads with the agency.",
            "register their payloads with the agency",
        ),
        ("The ILRS basic model is expected to be completed by 2035.", "ILRS basic model"),
        ("The station will operate until 2040.", "station"),
        ("China plans to launch Chang’e-6 in 2024.", "launch Chang’e-6"),
        ("Agencies signed the charter of the lunar station in April 2021.", "charter of the lunar station"),
        (
            "In 2019, Chang’e-4 landed on the far side of the moon.",
            "Chang’e-4 landed on the far side of the moon",
        ),
        ("Results will be announced in early 2025.", "Results"),
    ],
)
def test_describe_what(sentence, what):
    assert describe_what(*first_mention(sentence)) == what
