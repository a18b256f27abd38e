"""The corpus's own names, and a question's loosely typed spans read as the names they stand for.

The corpus is the dictionary: a word it writes capitalised wherever it is not opening a sentence ("Tansuo",
"Nanjing", "ILRS") and a name with a number or code ("Queqiao-2", "Chang'e-7", "Lot 3A", "Long March 10A") are its
names. A question may type them in any case, with or without spaces, hyphens and apostrophes ("chang e 5",
"lot3a", "queqiao 2"), or with a slip of the keyboard ("queqaio-2"); it is read with the corpus's spelling, so that
the name is seen as a name. A number or code never bends: "queqiao-3" is never read as Queqiao-2, and a name the
corpus does not hold ("Chang'e-9") stays as typed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from index.text import STOPWORDS, normalise

CAPITALISED_SHARE = 0.9  # a word is a name when the corpus capitalises it this often away from a sentence's start
MAX_WORDS = 4  # words a name may be typed in ("long march 10 a")
MIN_KEY = 3  # shorter keys ("us", "it") are everyday words far more often than names
LONG_NAME = 10  # letters from which a name may hold two typos, of any kind
MIN_FUZZY = 5  # letters a name needs before a typo in it is corrected: shorter ones have too many neighbours
# A name's number or code: digits with at most two letters after ("2", "10A", "004").
_CODE = re.compile(r"^\d+[a-z]{0,2}$")
_WORD = re.compile(r"[A-Za-z0-9]+")
_JOINERS = frozenset("-'’")
_GLUE = re.compile(r"^[\s'’-]?$")  # what may join the parts of one name: nothing, a space, a hyphen, an apostrophe
_SENTENCE_END = re.compile(r"[.!?:;\n#*|>\-•]\s*$")
# A name with its number in running text: capitalised words (or an acronym), then the number or code.
_DESIGNATION = re.compile(
    r"\b((?:[A-Z][A-Za-z]*(?:['’][A-Za-z]+)?[ -]){0,2}[A-Z][A-Za-z]*(?:['’][A-Za-z]+)?)[ -]?(\d+[A-Za-z]{0,2})\b"
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_NAME_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’][A-Za-z]+)?")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


def key_of(text: str) -> str:
    """How a name is matched: lower case, without spaces, hyphens or apostrophes ("Chang'e-5" → "change5")."""
    return "".join(_WORD.findall(normalise(text))).lower()


def _split_code(key: str) -> tuple[str, str]:
    """ "queqiao2" → ("queqiao", "2"), "lot3a" → ("lot", "3a"): a key's letters and its number or code."""
    match = re.search(r"\d+[a-z]{0,2}$", key)
    if not match or not key[: match.start()].isalpha():
        return key, ""
    return key[: match.start()], match.group(0)


def _whole(question: str, span: _Span) -> bool:
    """The span is all of what was typed without a space ("chang" of "chang'e-9" is not)."""
    before, after = question[span.start - 1 : span.start], question[span.end : span.end + 2]
    glued_after = after[:1] in _JOINERS and after[1:2].isalnum() and after.lower() not in ("'s", "’s")
    return before not in _JOINERS and not glued_after


def _word_cases(texts: list[str]) -> tuple[Counter[str], Counter[str]]:
    """How often each word is written capitalised (by spelling) and in lower case (by lower-case word), away from the
    start of a sentence, heading or item, where every word is capitalised."""
    capitalised: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for text in texts:
        for match in _NAME_WORD.finditer(text):
            if match.start() == 0 or _SENTENCE_END.search(text[max(0, match.start() - 3) : match.start()]):
                continue
            word = _POSSESSIVE.sub("", match.group(0))
            if word[0].isupper():
                capitalised[word] += 1
            else:
                lower[word.lower()] += 1
    return capitalised, lower


def _designations(texts: list[str]) -> Counter[str]:
    """Names with a number or code, as written, each also without its leading words ("Long March 10A", "March 10A";
    "The Chang'e-5" is "Chang'e-5")."""
    found: Counter[str] = Counter()
    for text in texts:
        for match in _DESIGNATION.finditer(text):
            if _YEAR.match(match.group(2)):
                continue
            for start in [0, *(m.end() for m in re.finditer(r"[ -]", match.group(1)))]:
                spelling = match.group(0)[start:]
                if spelling.split()[0].lower() not in STOPWORDS:
                    found[spelling] += 1
    return found


@dataclass(frozen=True)
class _Span:
    start: int  # character offsets in the question
    end: int
    key: str
    words: int


class CorpusNames:
    """The names a corpus writes, each under its key; `spelled` reads a question with the corpus's spelling."""

    def __init__(self, names: dict[str, tuple[str, ...]], words: frozenset[str] = frozenset()) -> None:
        self.names = names  # key → the corpus's spellings, the one to write first
        self._words = words  # lower-case words (the corpus's, real ones): never a typo of a name
        by_code: dict[str, list[str]] = {}
        for key in names:
            letters, code = _split_code(key)
            if len(letters) >= MIN_FUZZY:
                by_code.setdefault(code, []).append(letters)
        self._letters_by_code = by_code
        self._letters = frozenset(_split_code(key)[0] for key in names)

    @classmethod
    def from_texts(cls, texts: Iterable[str], dictionary: frozenset[str] = frozenset()) -> CorpusNames:
        texts = [normalise(t) for t in texts]
        capitalised, lower = _word_cases(texts)
        spellings: dict[str, Counter[str]] = {}
        mixed = {key_of(w) for w in capitalised if not w.isupper()}
        for word, count in capitalised.items():
            # A name alone is an acronym ("LUDES", never written otherwise) or a word no dictionary holds ("Tansuo"),
            # that the corpus capitalises: "Moon" and "Office" are words, "Chang'e" would be read into "change".
            key = key_of(word)
            acronym = word.isupper() and key not in mixed
            if key in lower or (not acronym and key in dictionary) or len(key) < MIN_KEY or key in STOPWORDS:
                continue
            if count >= CAPITALISED_SHARE * (count + lower[word.lower()]):
                spellings.setdefault(key, Counter())[word] += count
        designations = _designations(texts)
        by_key = Counter()
        for spelling, count in designations.items():
            by_key[key_of(spelling)] += count
        for spelling, count in designations.items():
            key = key_of(spelling)
            shorter = spelling.split(" ", 1)[1] if " " in spelling else ""
            # "Long March 10A" is a name whenever "March 10A" is; "First Level 3" is "first" and Level 3.
            if shorter and 2 * by_key[key] < by_key[key_of(shorter)]:
                continue
            spellings.setdefault(key, Counter())[spelling] += count
        names = {
            # Running text's spelling before a heading's in capitals, then the commonest.
            key: tuple(sorted(counts, key=lambda s, c=counts: (s.isupper() and not all(map(str.isupper, c)), -c[s], s)))
            for key, counts in spellings.items()
        }
        return cls(names, frozenset(lower) | dictionary)

    def spelled(self, question: str) -> str:
        """The question with each span that types one of the corpus's names written as the corpus writes it."""
        if not self.names:
            return question
        out: list[str] = []
        last = 0
        for span, name in self._found(question):
            out.append(question[last : span.start])
            out.append(name)
            last = span.end
        out.append(question[last:])
        return "".join(out)

    def _found(self, question: str) -> list[tuple[_Span, str]]:
        words = list(_WORD.finditer(question))
        found: list[tuple[_Span, str]] = []
        i = 0
        while i < len(words):
            match = self._longest(question, words, i)
            if match is None:
                i += 1
                continue
            found.append(match)
            i += match[0].words
        return found

    def _longest(self, question: str, words: list[re.Match[str]], i: int) -> tuple[_Span, str] | None:
        """The longest span of words from the i-th that types a name, exactly or with one typo."""
        spans: list[_Span] = []
        for j in range(i, min(i + MAX_WORDS, len(words))):
            if j > i and not _GLUE.match(question[words[j - 1].end() : words[j].start()]):
                break
            key = "".join(w.group(0) for w in words[i : j + 1]).lower()
            spans.append(_Span(words[i].start(), words[j].end(), key, j - i + 1))
        for span in reversed(spans):
            # Only a whole typed name: "queqiao" of "queqiao-5" is no name the corpus holds.
            if span.key in self.names and _whole(question, span) and not self._everyday(words, span):
                typed = question[span.start : span.end]
                spellings = self.names[span.key]
                # A name typed with its capitals is kept as typed ("Queqiao-1" of a corpus writing "QUEQIAO-1").
                kept = typed in spellings or (not typed.islower() and typed.lower() in map(str.lower, spellings))
                return span, typed if kept else spellings[0]
        for span in reversed(spans):
            # A name typed with a capital is spelled on purpose ("Nanning" is no typo of Nanjing).
            if _whole(question, span) and question[span.start : span.end].islower():
                name = self._near(span)
                if name is not None:
                    return span, name
        return None

    @staticmethod
    def _everyday(words: list[re.Match[str]], span: _Span) -> bool:
        """A span holding a function word ("do i", "us") is everyday words, whatever name its letters spell."""
        typed = (w.group(0).lower() for w in words if span.start <= w.start() < span.end)
        return any(len(w) > 1 and w in STOPWORDS for w in typed)

    def _near(self, span: _Span) -> str | None:
        """The one name a word is a typo away from (the first letter kept), with exactly the same number or code:
        "queqaio-2" is Queqiao-2, never Queqiao-3."""
        letters, code = _split_code(span.key)
        # One word of letters, its number typed on or after it: a typo never spans two words.
        if span.words > (2 if code else 1) or (span.words == 2 and not _CODE.match(code)) or len(letters) < MIN_FUZZY:
            return None
        if letters in self._words or letters in self._letters:
            return None  # a real word, or the letters of a name with another number ("Chang'e-9")
        choices = [c for c in self._letters_by_code.get(code, []) if c[0] == letters[0]]
        limit = 1 if len(letters) < LONG_NAME else 2
        matches = process.extract(letters, choices, scorer=OSA.distance, score_cutoff=limit, limit=None)
        if not matches:
            return None
        best = min(m[1] for m in matches)
        closest = [m[0] for m in matches if m[1] == best]
        if len(closest) > 1:
            return None  # two names as close: the typo does not say which
        # One letter changed in a short name is another name as often as a typo ("Nanning", "Nanjing"); a letter
        # dropped, doubled or two swapped is a typo.
        if len(letters) < LONG_NAME and len(closest[0]) == len(letters) and sorted(closest[0]) != sorted(letters):
            return None
        return self.names[closest[0] + code][0]
