"""The "it" that stands for nothing: "how long does it take?", "will it rain?", "what time is it?"."""

from __future__ import annotations

from itertools import pairwise

from index.followups.phrases import Word
from index.followups.word_classes import BE, CLAUSE_ADVERBS, DETERMINERS, OBJECT_PRONOUNS, PREPOSITIONS, WH

# Verbs whose "it" points at nothing ("how long does it take?", "how much does it cost to join?").
COST_VERBS = frozenset("cost costs".split())
IMPERSONAL_VERBS = frozenset("take takes took taken".split()) | COST_VERBS
WEATHER_VERBS = frozenset("rain rains rained snow snows snowed".split())  # "will it rain?"
CLOCK_WORDS = frozenset("time day date year month hour".split())  # "what time is it?"


def impersonal(items: list[Word], i: int) -> bool:
    """`items[i]` is an "it" that may stand for nothing: "how long does *it* take (to …)?", not "will it take off?"."""
    verb = i + 1
    while verb < len(items) and items[verb].key.endswith("ly"):  # "does it usually take"
        verb += 1
    if items[i].key != "it" or verb >= len(items):
        return False
    if items[verb].key in WEATHER_VERBS:
        return True
    if items[verb].key not in IMPERSONAL_VERBS:
        return False
    rest = items[verb + 1 :]
    if not rest or rest[0].key in {"to", "for"}:
        return True
    # "does it cost a partner to book …", "did it take them long to …": an object, then what it takes to do.
    opens_object = rest[0].key in DETERMINERS or rest[0].key in OBJECT_PRONOUNS
    return opens_object and any(
        w.key == "to" and nxt.key not in DETERMINERS and not nxt.is_name for w, nxt in pairwise(rest[1:5])
    )


def asks_the_time(items: list[Word], i: int) -> bool:
    """`items[i]` is the "it" of "what time is it (in Beijing)?", "what day was it?": it stands for nothing. Not the
    "it" of "what year was it launched?", which a verb follows."""
    if items[i].key != "it" or i < 3 or items[i - 3].key not in WH:
        return False
    if items[i - 1].key not in BE or items[i - 2].key not in CLOCK_WORDS:
        return False
    after = items[i + 1].key if i + 1 < len(items) else None
    return after is None or after in PREPOSITIONS or after in CLAUSE_ADVERBS or after == "right"


def takes_or_costs(items: list[Word], i: int) -> bool:
    """`items[i]` is an impersonal "it" that asks what something takes or costs (not "will it rain?")."""
    return impersonal(items, i) and not any(w.key in WEATHER_VERBS for w in items[i + 1 : i + 4])


def asks_the_cost(items: list[Word]) -> bool:
    """The question asks what something costs ("what does it cost?"), not how long it takes."""
    return any(w.key in COST_VERBS for w in items)
