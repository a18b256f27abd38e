"""Whether a unit states the attribute a question asks of the things it names, each of its words read in place.

The asked attribute is the question's predicate words (its content words that name nothing, nor are the word part
of a numbered name it asks about: "budget" of "What is the budget of the Chang'e-7 relay?"), matched with the unit's
words as the model read each in its sentence (index/late_interaction.py). A unit about the right subject that gives
another of its attributes (its launch date, its mass) matches the asked words poorly. Read by the refusal model for the
best unit (index/refusal_features.py); its weight is learned. In the decision cross-validated by corpus on tune
(scripts/train_answerer.py), it refuses 40.3 % of the unstated questions against 38.4 % without it and 64.0 %
against 62.3 % of every question to refuse, false refusal 5.6 % against 5.4 %, answer 72.6 % both. The least matched
word as well refuses as many (40.5 %) but 5.8 % falsely, alone 38.8 %; matched by word vectors out of context
(weakest, rarest word, heading only, value in its clause), or with the named things around the unit, the attribute
refused no more than without it (question folds).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

ATTRIBUTE_FEATURES = (
    "attr_in_place",  # idf-weighted mean of the predicate words' closest matches in the unit, each read in place
)


def attribute_terms(content_terms: Iterable[str], names: Iterable[str]) -> tuple[str, ...]:
    """The question's content terms that name nothing and are not the word part of a numbered name it asks about
    ("chang" of change7, "ilr" of ilrs3): what is asked of the named things."""
    names = tuple(names)
    numbered = [n for n in names if any(c.isdigit() for c in n)]
    return tuple(
        t
        for t in content_terms
        if t not in names and not any(n.startswith(t) and any(c.isdigit() for c in n[len(t) :]) for n in numbered)
    )


def neutral_attribute(n: int) -> np.ndarray:
    """ATTRIBUTE_FEATURES of `n` units for a question that asks nothing of what it names: nothing missing."""
    return np.ones((n, len(ATTRIBUTE_FEATURES)), dtype=np.float32)


def attribute_features(matches: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """ATTRIBUTE_FEATURES of each span, from the question's words matched in it (index/late_interaction.py
    `word_matches`, its content words weighed) and the weights of the attribute's words (`question_weights` of
    `attribute_terms`: content terms too, so matched there)."""
    out = neutral_attribute(len(matches))
    if len(matches) and (weights > 0).any():
        out[:, 0] = matches @ weights / weights.sum()
    return out
