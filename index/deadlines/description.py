"""What a date in a sentence is the date of: a short phrase of the sentence ("final selection of proposals")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from index.date_mention import DateMention
from index.deadlines.clauses import CLAUSE_BREAK, clause_bounds, masked
from index.deadlines.words import (
    AUXILIARIES,
    CONTROL_WORDS,
    DETERMINERS,
    PRONOUNS,
    RELATIVES,
    SUBORDINATORS,
    Word,
    is_stop_word,
    is_verb_like,
    split_words,
    starts_verb,
)

MAX_WHAT_CHARS = 120

# Words that tie a date to what precedes it: "in 2026", "by December 2025", "no later than 31 December".
_DATE_LEAD = re.compile(
    r"(?:\b(?:no|not)\s+later\s+than|\bas\s+early\s+as|\b(?:the\s+)?(?:end|beginning|start|middle)\s+of"
    r"|\b(?:until|till|before|after|since|during|through|around|between|by|in|on|from|of|at|early|mid|late))\s*$",
    re.IGNORECASE,
)


def describe_what(sentence: str, mention: DateMention, others: Iterable[DateMention] = ()) -> str:
    """A short phrase of the sentence naming what the date is for, tried in this order:

    1. a purpose clause after the date: "until December 31 to submit a letter …" → "submit a letter …";
    2. an infinitive the date ends: "ambition to become a power by 2030" → "China’s ambition to become …";
    3. the subject of the verb the date completes: "The selection … will be made in" → "selection …";
    4. the noun phrase the date attaches to: "followed by the Chang’e-7 mission in" → "Chang’e-7 mission".
    Else the date's clause itself.
    """
    others = list(others)
    start, end = clause_bounds(sentence, mention, others)
    left_end = mention.start
    lead = _DATE_LEAD.search(sentence, start, left_end)
    while lead:  # "in early 2030", "by the end of 2025": drop every word tying the date to the phrase
        left_end = lead.start()
        lead = _DATE_LEAD.search(sentence, start, left_end)
    left = split_words(sentence, start, left_end)
    right = split_words(sentence, mention.end, end)
    if not left and not right:  # "In 2019, Chang’e-4 landed …": the date heads the clause after it
        following = _following_clause(sentence, mention, others)
        return _shorten(following) if following else mention.text
    for rule in (_purpose_after, _infinitive_before, _subject_of_verb, _noun_phrase_before):
        phrase = rule(sentence, left, right, start)
        if phrase:
            return _shorten(phrase)
    return _shorten(_tidy(sentence[start:end]))


def _following_clause(sentence: str, mention: DateMention, others: Iterable[DateMention]) -> str:
    """The clause after the first clause break that follows the date."""
    text = masked(sentence, (mention, *others))
    first = CLAUSE_BREAK.search(text, mention.end)
    if first is None:
        return ""
    second = CLAUSE_BREAK.search(text, first.end())
    return _tidy(sentence[first.end() : second.start() if second else len(sentence)])


def _purpose_after(sentence: str, left: list[Word], right: list[Word], start: int) -> str | None:
    """ "… until December 31 to submit a letter of intent" → "submit a letter of intent"."""
    if len(right) >= 2 and right[0][2] == "to" and starts_verb(sentence, right[1]):
        return _tidy(sentence[right[1][0] : right[-1][1]])
    return None


def _infinitive_before(sentence: str, left: list[Word], right: list[Word], start: int) -> str | None:
    """ "China’s ambition to become a space power by 2030" → the whole phrase; "aims to put …" → "put …"."""
    for i in range(len(left) - 2, -1, -1):
        if left[i][2] == "to" and starts_verb(sentence, left[i + 1]):
            if all(is_verb_like(w[2]) for w in left[i + 1 :]):
                return None  # "is expected to be completed": the subject says what
            phrase_start = left[i + 1][0]
            if i > 0 and left[i - 1][2] not in CONTROL_WORDS and not left[i - 1][2].endswith("ed"):
                owner = _noun_phrase_start(left[:i])
                if owner is not None:
                    phrase_start = owner
            elif i > 0 and left[0][2] in RELATIVES:
                # "NASA’s Artemis program, which aims to put …": name the antecedent, before the comma
                antecedent = _antecedent(sentence, start)
                if antecedent:
                    return f"{antecedent} to {_tidy(sentence[phrase_start : left[-1][1]])}"
            return _tidy(sentence[phrase_start : left[-1][1]])
    return None


def _subject_of_verb(sentence: str, left: list[Word], right: list[Word], start: int) -> str | None:
    """ "The final selection of proposals will be made in September 2024" → "final selection of proposals"."""
    run = len(left)
    while run > 0 and (is_verb_like(left[run - 1][2]) or left[run - 1][2] == "to"):
        run -= 1
    if run > 1 and left[run - 1][2].isalpha() and left[run - 2][2] in AUXILIARIES:
        run -= 2  # an auxiliary and a main verb no list knows: "will operate until 2040"
        while run > 0 and left[run - 1][2] in AUXILIARIES:
            run -= 1
    if run == len(left) or run == 0:
        return None
    subject = left[:run]
    while subject and (subject[0][2] in SUBORDINATORS or subject[0][2] in DETERMINERS):
        subject = subject[1:]
    if not subject or any(w[2] in AUXILIARIES or w[2] in PRONOUNS for w in subject):
        return None
    return _tidy(sentence[subject[0][0] : subject[-1][1]])


def _noun_phrase_before(sentence: str, left: list[Word], right: list[Word], start: int) -> str | None:
    """ "will be followed by the Chang’e-7 mission in 2026" → "Chang’e-7 mission"."""
    return _final_noun_phrase(sentence, left)


def _final_noun_phrase(text: str, words: list[Word]) -> str | None:
    """The noun phrase the words end with, without its determiners."""
    phrase_start = _noun_phrase_start(words)
    if phrase_start is None:
        return None
    kept = [w for w in words if w[0] >= phrase_start]
    while kept and kept[0][2] in DETERMINERS:
        kept = kept[1:]
    return _tidy(text[kept[0][0] : kept[-1][1]]) if kept else None


def _noun_phrase_start(words: list[Word]) -> int | None:
    """Where the noun phrase ending the words begins (through "of": "construction of the station"), if any."""
    i = len(words)
    while i > 0:
        word = words[i - 1][2]
        if word in DETERMINERS:
            if i >= 2 and words[i - 2][2] == "of":
                i -= 2  # "construction of the station": keep going past "of the"
                continue
            i -= 1
            break
        if word == "of" and i < len(words):
            i -= 1
            continue
        if not word or is_stop_word(word):
            break
        i -= 1
    if i == len(words) or (i == len(words) - 1 and words[i][2] in ("of", *DETERMINERS)):
        return None
    return words[i][0]


def _antecedent(sentence: str, clause_start: int) -> str | None:
    """The noun phrase just before the comma that opens a relative clause."""
    before = sentence[:clause_start].rstrip().rstrip(",")
    return _final_noun_phrase(before, split_words(before, 0, len(before)))


def _tidy(text: str) -> str:
    text = " ".join(text.split())
    text = text.rstrip(" ,;:—–-")
    if text.endswith(".") and not re.search(r"\b[A-Z]\.$", text):
        text = text[:-1]
    return text.strip()


def _shorten(text: str) -> str:
    if len(text) <= MAX_WHAT_CHARS:
        return text
    cut = text[: MAX_WHAT_CHARS - 1].rsplit(" ", 1)[0]
    return f"{cut}…"
