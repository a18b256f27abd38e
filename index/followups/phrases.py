"""Reading a question's shape: its words, the names and noun phrases it mentions, and the words that point elsewhere.

The function words it reads them with are listed in index/followups/word_classes.py. A phrase is a run of a
question's own words, so a rewrite built from phrases reads like the asker's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.followups.word_classes import (
    ANAPHORS,
    BACK_ADVERBS,
    BARE_VERB_AUXILIARIES,
    CLAUSE_ADVERBS,
    DETERMINERS,
    NAME_JOINERS,
    OBJECT_PRONOUNS,
    PLACE_ADVERBS,
    PREPOSITIONS,
    SPEAKERS,
    STOP,
    TITLES,
    WH,
    WH_MODIFIERS,
)

# A word: letters/digits with inner apostrophes, hyphens, dots and @ ("Chang'e-8", "CE8-AO-01", "a@b.org").
_WORD = re.compile(r"[\w][\w'’@.\-]*[\w]|[\w]")
_QUOTES = str.maketrans({"’": "'", "‘": "'"})


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int
    in_name: bool = False  # a function word spelled as part of a name: "Long" in "Long March 10B"

    @property
    def key(self) -> str:
        """Lower-cased, possessive 's dropped: the form compared with the word lists."""
        lower = self.text.translate(_QUOTES).lower()
        return lower[:-2] if lower.endswith("'s") and len(lower) > 2 else lower

    @property
    def possessive(self) -> bool:
        return self.text.translate(_QUOTES).lower().endswith("'s")

    @property
    def is_name(self) -> bool:
        """Spelled as a name: a capital letter or a digit in it ("Chang'e-7", "ILRS", "CE8-AO-01")."""
        return any(c.isupper() or c.isdigit() for c in self.text)

    @property
    def is_stop(self) -> bool:
        return self.key in STOP and not self.in_name


@dataclass(frozen=True)
class Phrase:
    """A run of a question's words: a name ("the Artemis Accords") or a noun phrase ("the letter of intent")."""

    text: str  # as written, with a leading "the" when the question had one
    start: int  # character offsets in the source text
    end: int
    is_name: bool
    possessive: bool = False

    @property
    def bare(self) -> str:
        """Without a leading determiner."""
        first, _, rest = self.text.partition(" ")
        return rest if first.lower() in DETERMINERS and rest else self.text


def words(text: str) -> list[Word]:
    """The words of `text`; "what's" gives "what" and "'s", so contractions are seen as the auxiliary they are."""
    out: list[Word] = []
    for match in _WORD.finditer(text):
        token = match.group(0)
        lower = token.translate(_QUOTES).lower()
        base = lower[:-2] if lower.endswith("'s") else ""
        if base in WH or base in ANAPHORS or base in PLACE_ADVERBS:
            cut = match.start() + len(token) - 2
            out.append(Word(token[:-2], match.start(), cut))
            out.append(Word(token[-2:], cut, match.end()))
        else:
            out.append(Word(token, match.start(), match.end()))
    # "Long March 10B", "Big Bear Observatory": a capitalised "long"/"big" before a name (not after "how") is in it.
    for i, word in enumerate(out[:-1]):
        follows_how = i > 0 and out[i - 1].key == "how"
        if word.key in WH_MODIFIERS and word.text[0].isupper() and out[i + 1].is_name and not follows_how:
            out[i] = Word(word.text, word.start, word.end, in_name=not out[i + 1].is_stop)
    # "Lenghu Analogue Site A", "Plan A": a capital "A" right after a name word is a letter naming it, not an article.
    for i, word in enumerate(out[1:], start=1):
        before = out[i - 1]
        if word.text == "A" and before.is_name and not before.is_stop and text[before.end : word.start] == " ":
            out[i] = Word(word.text, word.start, word.end, in_name=True)
    return out


def content_words(items: list[Word]) -> list[Word]:
    return [w for w in items if not w.is_stop]


def _sentence_initial(items: list[Word], i: int, text: str) -> bool:
    return i == 0 or text[items[i - 1].end : items[i].start].strip() in {".", "?", "!"}


def _apart(text: str, left: Word, right: Word) -> bool:
    """Punctuation stands between two words: a phrase never spans "Station: Hartebeesthoek; Country"."""
    return bool(text[left.end : right.start].strip())


def names(text: str) -> list[Phrase]:
    """Runs of name-like words ("China National Space Administration", "Chang'e-7", "Nigeria's").

    A capitalised first word counts only when it is no function word ("When", "Is" don't); "of"/"and"/"for"
    between two name words joins them ("Lunar Payload Cooperation Office", "Research and Development Agency").
    """
    items = words(text)
    out: list[Phrase] = []
    i = 0
    while i < len(items):
        word = items[i]
        if not word.is_name or word.is_stop or word.key in TITLES:
            i += 1
            continue
        j = i
        while j + 1 < len(items):
            nxt = items[j + 1]
            if items[j].possessive or _apart(text, items[j], nxt):
                break
            if nxt.is_name and not nxt.is_stop:
                j += 1
            elif (
                nxt.key in NAME_JOINERS
                and not items[j].text.isdigit()  # "in 2026 for Chang'e-7": a year joins no name
                and j + 2 < len(items)
                and items[j + 2].is_name
                and not _apart(text, nxt, items[j + 2])
            ):
                j += 2
            else:
                break
        start = items[i].start
        if i > 0 and items[i - 1].key == "the":
            start = items[i - 1].start
        out.append(Phrase(text[start : items[j].end], start, items[j].end, True, items[j].possessive))
        i = j + 1
    return out


def noun_phrases(text: str) -> list[Phrase]:
    """Runs of content words, joined by "of"/"and" ("letter of intent", "lander and rover call"), names included."""
    items = words(text)
    out: list[Phrase] = []
    i = 0
    while i < len(items):
        if items[i].is_stop or (items[i].key in TITLES):
            i += 1
            continue
        j = i
        while j + 1 < len(items) and not items[j].possessive and not _apart(text, items[j], items[j + 1]):
            nxt = items[j + 1]
            if not nxt.is_stop:
                j += 1
            elif (
                nxt.key in {"of", "and"}
                and j + 2 < len(items)
                and not items[j + 2].is_stop
                and not _apart(text, nxt, items[j + 2])
            ):
                j += 2
            else:
                break
        after = j + 1
        while j > i and items[j].key in CLAUSE_ADVERBS and (j + 1 == len(items) or items[j + 1].is_stop):
            j -= 1
        start = items[i].start
        if i > 0 and items[i - 1].key in DETERMINERS:
            start = items[i - 1].start
        phrase_words = items[i : j + 1]
        named = all(w.is_name for w in content_words(phrase_words)) and not _sentence_initial(items, i, text)
        out.append(Phrase(text[start : items[j].end], start, items[j].end, named, items[j].possessive))
        i = after
    return out


def shorten(phrase: Phrase, source: str, known: str) -> Phrase:
    """Drop trailing words of `phrase` while the phrase does not occur in `known` (lower-cased text).

    A phrase of several words is not cut to one: "scientific merit" is kept whole rather than read as "scientific";
    nor is a name it holds cut off: "the estimated budget of lot 2" is another thing than "the estimated budget".
    """
    items = [w for w in words(source) if phrase.start <= w.start and w.end <= phrase.end]
    shortest = 1 if len(content_words(items)) <= 1 else 2
    for end in range(len(items), 0, -1):
        if len(content_words(items[:end])) < shortest or any(w.is_name and not w.is_stop for w in items[end:]):
            break
        candidate = source[items[0].start : items[end - 1].end]
        if items[end - 1].is_stop:
            continue
        bare = Phrase(candidate, items[0].start, items[end - 1].end, phrase.is_name).bare
        if bare.translate(_QUOTES).lower() in known:
            return Phrase(candidate, items[0].start, items[end - 1].end, phrase.is_name, items[end - 1].possessive)
    return phrase


def head(phrase: str) -> Word | None:
    """The word a noun phrase is about: the last before its first preposition ("letter" of "the letter of intent",
    "topping" of "the best pizza topping")."""
    items = words(phrase)
    cut = next((i for i, w in enumerate(items) if w.key in PREPOSITIONS), len(items))
    return items[cut - 1] if cut else None


def anaphors(text: str) -> list[Word]:
    """The pronouns and demonstratives of `text`; a "that" right after a noun or verb joins a clause: left out."""
    items = words(text)
    out = []
    for i, word in enumerate(items):
        if word.key not in ANAPHORS:
            continue
        if word.key == "that" and i > 0 and not items[i - 1].is_stop:
            continue
        out.append(word)
    return out


def with_noun(items: list[Word], i: int) -> bool:
    """The demonstrative `items[i]` goes with the noun after it ("why was *that lot* cancelled?"), not alone before
    a verb: after an auxiliary, a word followed by nothing or by a function word that opens an object or a
    complement is a verb ("which frequencies will *that* use?", "does *this* include the mast?")."""
    following = items[i + 1] if i + 1 < len(items) else None
    if following is None or following.is_stop:
        return False
    if i == 0 or items[i - 1].key not in BARE_VERB_AUXILIARIES:
        return True
    after = items[i + 2] if i + 2 < len(items) else None
    return after is not None and after.key not in DETERMINERS | PREPOSITIONS | OBJECT_PRONOUNS | SPEAKERS


def ends_pointing_back(items: list[Word]) -> bool:
    """The question ends in an adverb that stands for a time or place said before ("what was the date before?")."""
    return len(items) > 1 and items[-1].key in BACK_ADVERBS and not items[-2].is_stop


def has_own_subject(text: str) -> bool:
    """The question names something itself: a name, or a noun phrase after "the"."""
    if names(text):
        return True
    items = words(text)
    return any(w.key == "the" and i + 1 < len(items) and not items[i + 1].is_stop for i, w in enumerate(items))
