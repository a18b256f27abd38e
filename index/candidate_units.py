"""A question's candidate answer units and what retrieval knows about each: the Evidence the answer model reads."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from index.asked_attribute import attribute_features, attribute_terms
from index.deadlines.extraction import published_date
from index.features import Evidence, predicate_weights
from index.focus import Focus
from index.hybrid_search import HybridSearch, Retrieval
from index.joined_names import as_the_corpus_writes
from index.late_interaction import late_features, question_weights, word_matches
from index.question import read_question, readable
from index.question_kind import KindModel, kind_inputs
from index.soft_coverage import soft_coverage
from index.text import raw_tokens, terms
from index.token_vectors import TokenVectors
from index.unit_facts import facts
from index.units import Unit, units_of
from index.vector_means import normalised_mean
from index.word_vectors import WordVectors

ANSWER_CHUNKS = 8  # fused chunks whose units compete to answer
CLOSEST_SENTENCES = 4  # ... with the chunks of the sentences closest in meaning to the question
# ... and the chunks that match the question's exact terms best (BM25): a right unit's chunk missing from the
# candidates is most often ranked high by its terms alone (2nd to 5th), rarely by its meaning
BEST_LEXICAL = 3
# ... and the chunks that match the asker's own terms best (acronyms as typed), each term weighed by how few of the
# index's documents hold it: in an index of many corpora, the terms most documents share ("lunar", "agreement")
# drown the few that say which passage is meant
SPECIFIC_LEXICAL = 3
# ... and the chunks right before and after the best fused chunk in its section: an answer often runs on past the
# end of the chunk that matches the question best (a list or table split over chunks, a paragraph's next block)
NEIGHBOURS_OF_BEST = 1
# Words that say what kind of answer is wanted ("target date", "how many"), not what the question is about.
TYPE_WORDS = frozenset(terms("date dates day days year years month months time number"))


class CandidateUnits:
    """Gathers the units that compete to answer a question, from the chunks hybrid search finds for it."""

    def __init__(
        self,
        search: HybridSearch,
        word_vectors: WordVectors,
        token_vectors: TokenVectors,
        kinds: KindModel | None,
    ) -> None:
        self._search = search
        self._kinds = kinds
        self._word_vectors = word_vectors
        self._token_vectors = token_vectors
        self._unit_cache: dict[int, list[Unit]] = {}

    def evidence(self, question: str, focus: Focus | None = None) -> tuple[Retrieval, Evidence]:
        """The candidate units of the best chunks for a question, with what retrieval knows about each; a focus adds
        the passages of its documents closest to the question."""
        search, lexical = self._search, self._search.lexical
        retrieval = search.retrieve(readable(question), ANSWER_CHUNKS)
        info = read_question(question, retrieval.query.corrected)
        # A name with a number, joined the way the corpus writes it ("R-1" read as r1, not roverr1).
        written = set(as_the_corpus_writes((*retrieval.query.core_terms, *info.names), lexical.knows))
        info = replace(info, names=tuple(t for t in info.names if t in written))
        acronyms = tuple(
            (term, lexical.acronyms[token])
            for token in dict.fromkeys(raw_tokens(info.text))
            if token in lexical.acronyms
            for term in terms(token)
        )
        q = retrieval.query_vector
        chunk_rows = [search.rows[hit.chunk.id] for hit in retrieval.hits]
        # Chunks holding the sentences closest in meaning join the candidates, whatever their fused rank.
        # So do the chunks that match its exact terms best: a passage holding the question's rare terms (a name,
        # a code) may be far from it in meaning when it says much else, and fall out of the fused ranking.
        best_lexical = [row for row, _ in lexical.best(retrieval.lexical_scores, BEST_LEXICAL)]
        asked = list(dict.fromkeys(retrieval.query.core_terms))
        best_lexical += [row for row, _ in lexical.best(lexical.specific_scores(asked), SPECIFIC_LEXICAL)]
        # The chunks beside the best ones: the rest of a passage cut in two.
        beside = [near for row in chunk_rows[:NEIGHBOURS_OF_BEST] for near in search.section_neighbours(row)]
        for row in search.rows_of_closest_sentences(q, CLOSEST_SENTENCES) + best_lexical + beside:
            if row not in chunk_rows:
                chunk_rows.append(row)
        if focus is not None:
            fitting = search.fitting_in(focus.documents, retrieval, focus.weights.chunks)
            near = search.near_rows(focus.chunk_ids)
            chunk_rows += [row for row in dict.fromkeys(fitting + near) if row not in chunk_rows]
        units: list[Unit] = []
        rows: list[int] = []
        ranks: list[int] = []
        for rank, row in enumerate(chunk_rows):
            for unit in self._units(row):
                units.append(unit)
                rows.append(row)
                ranks.append(rank)
        content_terms = tuple(
            t for t in dict.fromkeys(retrieval.query.core_terms) if t not in TYPE_WORDS and t in written
        )
        unseen = lexical.idf("\x00")
        predicate = {t: w / unseen for t, w in predicate_weights(content_terms, info.names, lexical.idf).items()}
        unit_vectors = np.stack([self._unit_vector(r, u) for r, u in zip(rows, units, strict=True)]) if units else None
        late, attribute = self._in_place(retrieval, content_terms, info.names, rows, units)
        evidence = Evidence(
            info=info,
            content_terms=content_terms,
            acronyms=acronyms,
            units=units,
            unit_similarity=unit_vectors @ q if units else np.zeros(0, dtype=np.float32),
            chunk_similarity=search.chunk_vectors[rows] @ q if units else np.zeros(0, dtype=np.float32),
            chunk_lexical=retrieval.lexical_scores[rows] if units else np.zeros(0, dtype=np.float32),
            chunk_rank=np.array(ranks, dtype=np.float32),
            published=[facts(u.text).as_of or published_date(u.chunk.published) for u in units],
            soft=soft_coverage(retrieval.query.corrected, predicate, info.focus, units, self._word_vectors),
            late=late,
            kinds=self._kinds.probabilities(kind_inputs(q, info.text)) if self._kinds is not None else None,
            attribute=attribute,
        )
        return retrieval, evidence

    def _in_place(
        self, retrieval: Retrieval, content_terms: tuple[str, ...], names, rows: list[int], units: list[Unit]
    ) -> tuple[np.ndarray, np.ndarray]:
        """LATE_FEATURES and ATTRIBUTE_FEATURES of each unit: the query's words matched with the unit's words, each
        as read in place, once for both."""
        words, idf = retrieval.query_words, self._search.lexical.idf
        weights = question_weights(words, content_terms, idf)
        matches = word_matches(words, weights, self._token_vectors, self._spans(rows, units))
        asked = question_weights(words, attribute_terms(content_terms, names), idf)
        return late_features(matches, weights), attribute_features(matches, asked)

    def _spans(self, rows: list[int], units: list[Unit]) -> list[range]:
        """Each unit's sentences, numbered over the whole index."""
        start = self._search.sentence_start
        return [range(start[r] + u.first, start[r] + u.last + 1) for r, u in zip(rows, units, strict=True)]

    def _units(self, row: int) -> list[Unit]:
        units = self._unit_cache.get(row)
        if units is None:
            units = self._unit_cache[row] = units_of(self._search.chunks[row])
        return units

    def _unit_vector(self, row: int, unit: Unit) -> np.ndarray:
        start = self._search.sentence_start[row]
        vectors = self._search.sentence_vectors[start + unit.first : start + unit.last + 1]
        return vectors[0] if len(vectors) == 1 else normalised_mean(vectors)
