"""The words of a sentence and the word classes (determiners, auxiliaries, verb-like words …) a phrase is read by."""

from __future__ import annotations

import re

Word = tuple[int, int, str]  # start, end, normalised word (lower case, edge punctuation removed)


def _vocabulary(words: str) -> frozenset[str]:
    return frozenset(words.split())


DETERMINERS = _vocabulary("the a an this that these those its their our his her your my some any each every upcoming")
SUBORDINATORS = _vocabulary("as while when whereas although though since because if and but so then however also")
RELATIVES = _vocabulary("which that who whom whose where")
_PREPOSITIONS = _vocabulary(
    "in on at by for with from to into onto upon about around after before during until till since through"
    " throughout over under between among against toward towards via per without within across behind beyond"
    " like than as"
)
AUXILIARIES = _vocabulary(
    "will shall would should can could may might must is are was were be been being has have had do does did am"
)
PRONOUNS = _vocabulary("it they we he she you i this there")
# Verb-like words that can stand between a subject and its date: "will be made in", "takes place in".
_VERB_LIKE = _vocabulary(
    "made held set done taken given put built begun run sent chosen known seen shown take takes taking place"
    " happen happens occur occurs start starts begin begins end ends close closes open opens finish finishes"
    " due likely officially finally formally also only not then expected scheduled planned slated launch"
    " launches arrive arrives follow follows come comes go goes"
)
# Words before "to <verb>" that govern the infinitive rather than own it: "aims to put", "is expected to".
CONTROL_WORDS = _vocabulary(
    "aim aims aimed plan plans planned want wants wanted intend intends intended hope hopes hoped seek seeks"
    " sought expect expects expected need needs needed try tries tried agree agrees agreed decide decides"
    " decided promise promises promised pledge pledges pledged continue continues continued set scheduled"
    " due going able likely ready invited invite invites welcomed used order ordered asked ask asks required"
    " until"
)
_WORD = re.compile(r"\S+")
_EDGE_PUNCTUATION = "\"“”‘’'()[]{},.;:!?"


def split_words(text: str, start: int, end: int) -> list[Word]:
    """The words of `text[start:end]`, each with its place."""
    return [(m.start(), m.end(), m.group(0).strip(_EDGE_PUNCTUATION).lower()) for m in _WORD.finditer(text, start, end)]


def is_stop_word(word: str) -> bool:
    return (
        word in _PREPOSITIONS
        or word in AUXILIARIES
        or word in SUBORDINATORS
        or word in RELATIVES
        or word in PRONOUNS
        or word in CONTROL_WORDS
        or word in _VERB_LIKE
    )


def is_verb_like(word: str) -> bool:
    return word in AUXILIARIES or word in _VERB_LIKE or (word.endswith("ed") and "-" not in word)


def starts_verb(sentence: str, word: Word) -> bool:
    """Whether the word after "to" begins an infinitive ("to submit"), not a destination ("to the CNSA")."""
    raw = sentence[word[0] : word[1]]
    text = word[2]
    return raw.isalpha() and raw.islower() and text not in DETERMINERS and text not in PRONOUNS
