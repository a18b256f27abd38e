"""Where a question's terms fall in a span: whether its word pairs stay together ("letter of intent", "first
signed")."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Mapping

from index.text import STOPWORDS, raw_tokens, stem

PAIR_REACH = 2  # a question's word pair is kept when the second word follows within this many content words


@functools.lru_cache(maxsize=65536)
def term_sequence(text: str) -> tuple[frozenset[str], ...]:
    """The text's content words in order, each as the terms it matches: its stem, and a designation it forms with
    a number ("Chang'e-8" → {change, change8}, {8, change8})."""
    tokens = [t for t in raw_tokens(text) if t not in STOPWORDS]
    positions = [{s} for s in stem(tokens)]
    for i, token in enumerate(tokens):
        if token.isdigit() and i and not tokens[i - 1].isdigit():
            positions[i - 1].add(tokens[i - 1] + token)
            positions[i].add(tokens[i - 1] + token)
            if i > 1 and len(tokens[i - 1]) == 1 and not tokens[i - 2].isdigit():
                joined = tokens[i - 2] + tokens[i - 1] + token
                positions[i - 2].add(joined)
                positions[i].add(joined)
    return tuple(frozenset(p) for p in positions)


def _positions(sequence: tuple[frozenset[str], ...]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for i, held in enumerate(sequence):
        for term in held:
            found.setdefault(term, []).append(i)
    return found


def question_pairs(question: str, wanted: Iterable[str]) -> list[tuple[str, str]]:
    """Neighbouring content terms of the question, among the `wanted` ones, in order."""
    keep = set(wanted)
    # A designation stands for its word and number together ("change8", not "chang").
    sequence = [max(sorted(held & keep), key=len) for held in term_sequence(question) if held & keep]
    return list(dict.fromkeys((a, b) for a, b in itertools.pairwise(sequence) if a != b))


def pair_share(pairs: list[tuple[str, str]], weight: Mapping[str, float], text: str) -> float:
    """Weighted share of the question's word pairs that the text keeps together, in order."""
    if not pairs:
        return 0.0
    where = _positions(term_sequence(text))
    total = kept = 0.0
    for a, b in pairs:
        w = weight.get(a, 0.0) + weight.get(b, 0.0)
        total += w
        if any(0 < j - i <= PAIR_REACH for i in where.get(a, ()) for j in where.get(b, ())):
            kept += w
    return kept / total if total else 0.0
