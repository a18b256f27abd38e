"""BM25 over chunk terms, with typo correction and acronym expansion of queries against the corpus."""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from index.bm25 import Bm25
from index.corpus_names import CorpusNames
from index.text import STOPWORDS, content_terms, raw_tokens, terms

# Words questions are made of, which a corpus may never use: typos in them matter to how a question is read.
QUESTION_WORDS = tuple(
    """
    which what when where who whom whose why how deadline deadlines wrote written write writer author
    article title headline country countries nation nations partner partners join joined joining
    participate agency receive receives submit submitted letter intent date year month when cost launch
    rocket apply
    """.split()
)
MIN_CORRECTABLE = 5  # shorter words have too many near neighbours ("moon", "noon") to correct safely
_SMALL_WORDS = {"of", "the", "for", "and", "on", "in", "de", "du", "la", "to"}
_ACRONYM = re.compile(r"((?:[A-Z][\w’'-]*\s+(?:(?:of|the|for|and|on)\s+)*){2,8})\(([A-Z]{2,8})\)")
_CAPITALISED = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][A-Za-z0-9]*")


def find_acronyms(text: str) -> dict[str, str]:
    """Acronyms a text defines, "International Lunar Research Station (ILRS)" → {"ilrs": "International …"}."""
    found: dict[str, str] = {}
    for match in _ACRONYM.finditer(text):
        words = match.group(1).split()
        acronym = match.group(2)
        # Walk back from the parenthesis, keeping as many words as the acronym has letters (small words free).
        picked: list[str] = []
        letters = 0
        for word in reversed(words):
            picked.insert(0, word)
            if word.lower() not in _SMALL_WORDS:
                letters += 1
            if letters == len(acronym):
                break
        initials = "".join(w[0] for w in picked if w.lower() not in _SMALL_WORDS).upper()
        if initials == acronym:
            found[acronym.lower()] = " ".join(picked)
    return found


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _closest(word: str, choices, limit: int) -> str | None:
    """The choice fewest edits away; among equals, the one sharing the longest start with the word, then one that
    only adds letters (a dropped letter is the commonest typo: "wher" is "where" before it is "when")."""
    matches = process.extract(word, choices, scorer=OSA.distance, score_cutoff=limit, limit=None)
    if not matches:
        return None
    return min(matches, key=lambda m: (m[1], -_common_prefix(word, m[0]), len(m[0]) < len(word), m[2]))[0]


def _documents_holding(texts_terms: list[list[str]], documents: list) -> Counter[str]:
    """How many documents hold each term, a document being the texts given the same name."""
    held: dict[object, set[str]] = {}
    for document, text_terms in zip(documents, texts_terms, strict=True):
        held.setdefault(document, set()).update(text_terms)
    return Counter(term for held_terms in held.values() for term in held_terms)


@dataclass(frozen=True)
class Query:
    text: str  # the question with typos corrected and acronyms spelled out: what is embedded
    terms: list[str]  # stemmed content terms of `text`
    core_terms: list[str]  # the same before acronyms are spelled out: what the asker's own words ask about
    corrected: str = ""  # the question with typos corrected, acronyms as typed


class LexicalIndex:
    def __init__(
        self, texts: list[str], dictionary: frozenset[str] = frozenset(), documents: list[str] | None = None
    ) -> None:
        """`documents` names the document each text comes from (by default, each text is a document of its own)."""
        self._dictionary = dictionary  # real words, never "corrected" even when the corpus lacks them
        self._corpus_terms = [terms(text) for text in texts]
        self._bm25 = Bm25(self._corpus_terms)
        documents = list(range(len(texts))) if documents is None else documents
        self._documents_holding = _documents_holding(self._corpus_terms, documents)
        self._num_documents = max(len(set(documents)), 1)
        self._vocabulary = sorted({t for text in texts for t in raw_tokens(text) if t not in STOPWORDS})
        self._known_words = frozenset(self._vocabulary)
        self._df = self._bm25.df
        self._n = max(len(texts), 1)
        self.acronyms: dict[str, str] = {}
        for text in texts:
            self.acronyms.update(find_acronyms(text))
        self.names = CorpusNames.from_texts(texts, dictionary)
        # A question is read twice (for the records, then for retrieval) and typos recur across questions: each
        # word's correction is looked up in the vocabulary once.
        self.correct = functools.lru_cache(maxsize=4096)(self.correct)

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency; an unseen term weighs most."""
        return math.log(1 + (self._n + 1) / (self._df.get(term, 0) + 0.5))

    def rarity(self, term: str) -> float:
        """The share of the index's documents that lack the term: 0 for a term every document holds."""
        return 1 - self._documents_holding.get(term, 0) / self._num_documents

    def specific_scores(self, query_terms: list[str]) -> np.ndarray:
        """BM25 of the query's terms, each weighed by its rarity across documents (not chunks): a term most documents
        hold adds little, however rare it is among their chunks."""
        return self._bm25.scores(query_terms, [self.rarity(t) for t in query_terms])

    def knows(self, term: str) -> bool:
        return term in self._df

    def correct(self, word: str) -> str:
        """The word one or two edits away from an unknown one ("deadlnes" → "deadlines"), or the word itself.

        Candidates are the corpus's words and the everyday words of questions ("wich" → "which").
        """
        if word in self._known_words or word in QUESTION_WORDS or not word.isalpha() or len(word) < 4:
            return word
        if word in self._dictionary:
            return word
        match = _closest(word, QUESTION_WORDS, 1)
        if match:
            return match
        if len(word) < MIN_CORRECTABLE or not self._vocabulary:
            return word
        limit = 1 if len(word) <= 7 else 2
        return _closest(word, self._vocabulary, limit) or word

    def prepare(self, question: str) -> Query:
        # The corpus's names as the corpus spells them ("queqaio 2" → "Queqiao-2"), then a capitalised word
        # mid-sentence is a name the asker spelled on purpose: never "correct" it.
        question = self.names.spelled(question)
        names = {m.group(0).lower() for m in _CAPITALISED.finditer(question)}
        words = re.findall(r"[\w’'-]+|[^\w\s]", question)
        out: list[str] = []
        core: list[str] = []
        for i, word in enumerate(words):
            key = word.lower()
            # "chang e 8": a word followed by a lone letter is a name typed without its apostrophe.
            split_name = i + 1 < len(words) and len(words[i + 1]) == 1 and words[i + 1].isalpha()
            if key in self.acronyms:
                core.append(word)
                out.append(f"{word} ({self.acronyms[key]})")
            elif word.isalpha() and key not in names and key not in STOPWORDS and not split_name:
                fixed = self.correct(key)
                core.append(word if fixed == key else fixed)
                out.append(core[-1])
            else:
                core.append(word)
                out.append(word)
        text = re.sub(r"\s+([?.!,;:])", r"\1", " ".join(out))
        corrected = re.sub(r"\s+([?.!,;:])", r"\1", " ".join(core))
        return Query(text=text, terms=terms(text), core_terms=content_terms(raw_tokens(corrected)), corrected=corrected)

    def scores(self, query_terms: list[str]) -> np.ndarray:
        return self._bm25.scores(query_terms)

    def top(self, query_terms: list[str], k: int) -> list[tuple[int, float]]:
        return self.best(self.scores(query_terms), k)

    @staticmethod
    def best(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The k highest-scoring rows with a positive score, best first, from scores already computed."""
        if not len(scores):
            return []
        k = min(k, len(scores))
        rows = np.argpartition(-scores, k - 1)[:k]
        return sorted(((int(r), float(scores[r])) for r in rows if scores[r] > 0), key=lambda p: (-p[1], p[0]))
