"""A name with a number read the way the corpus writes it.

A number typed after a lone letter is joined both with the letter and with the word before it (index/text.py
`content_terms`): "chang e 8" gives "e8" and "change8", "the rover R-1" gives "r1" and "roverr1". Only one of the two
is the name: the letter belongs to the number ("R-1") wherever the corpus writes letter and number as a name, and to
the word before ("Chang'e-8") only where it does not. Kept, the other join counts as a name the passages miss.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


def _joined(term: str) -> bool:
    """A term of letters ending in a number ("r1", "change8"): what joining a word and a number gives."""
    digits = len(term) - len(term.rstrip("0123456789"))
    return 0 < digits < len(term) and term[: len(term) - digits].isalpha()


def _same_number(term: str, other: str) -> bool:
    """Two joins of one number: the longer ends with the shorter ("roverr1" and "r1")."""
    return other != term and _joined(other) and (term.endswith(other) or other.endswith(term))


def as_the_corpus_writes(terms: Iterable[str], known: Callable[[str], bool]) -> tuple[str, ...]:
    """`terms` with, of the joins of one number, only the shortest the corpus writes (all of them when it writes
    none)."""
    terms = tuple(dict.fromkeys(terms))

    def kept(term: str) -> bool:
        if not _joined(term):
            return True
        written = [o for o in terms if _same_number(term, o) and known(o)]
        return not written or (known(term) and len(term) < min(map(len, written)))

    return tuple(t for t in terms if kept(t))
