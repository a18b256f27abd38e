"""Synthetic corpora for the scale section, and a real knowledge base over one.

Made-up words with a Zipf-like frequency, three sentences a chunk, vectors in clusters (chunks about the same
topic), questions near one chunk in meaning and sharing its words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

_SYLLABLES = "ba be bi bo ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri ro sa se si so ta te ti to".split()


def synthetic_vocabulary(size: int, rng) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES, size=int(rng.integers(2, 5)))))
    return sorted(words)


def around(vectors, spread: float, rng, *, block: int = 20_000):
    """Unit vectors scattered around the given ones: cosine to their origin about 1 / sqrt(1 + spread²)."""
    import numpy as np

    out = np.array(vectors, dtype=np.float32)  # a copy, filled in blocks to keep the peak memory down
    scale = np.float32(spread / np.sqrt(out.shape[-1]))
    for first in range(0, len(out), block):
        part = out[first : first + block]
        part += rng.standard_normal(part.shape, dtype=np.float32) * scale
        part /= np.linalg.norm(part, axis=-1, keepdims=True)
    return out


def synthetic_vectors(rows: int, dimension: int, rng, *, clusters: int, spread: float):
    """Unit vectors in `clusters` topics: two of one topic have cosine about 1 / (1 + spread²)."""
    import numpy as np

    centres = around(np.zeros((clusters, dimension), dtype=np.float32), 1.0, rng)
    return around(centres[rng.integers(0, clusters, rows)], spread, rng)


QUESTION_TEMPLATE = "What does the record say about {words}, question {number}?"


def random_unit_vectors(count: int, dimension: int, seed: int = 11):
    """Unrelated unit vectors: made-up words mean nothing to each other."""
    import numpy as np

    vectors = np.random.default_rng(seed).standard_normal((count, dimension), dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


class SyntheticEmbedder:
    """Returns each synthetic question's made-up vector; with a real model, also pays its encoding cost.

    A question ends with its number ("... question 17?"), which survives the knowledge base's query clean-up.
    """

    model_id = "synthetic"

    def __init__(self, vectors: Sequence[Any], dimension: int, model=None) -> None:
        self._vectors, self.dimension, self._model = vectors, dimension, model

    def _vector(self, text: str):
        return self._vectors[int(re.findall(r"\d+", text)[-1])]

    def encode_one(self, text: str):
        if self._model is not None:
            self._model.encode_one(text)  # the real query's cost; its vector means nothing to this corpus
        return self._vector(text)

    def encode_one_with_words(self, text: str):
        """The question's made-up vector, and its words as the real model reads them (made up without one)."""
        if self._model is not None:
            _, words = self._model.encode_one_with_words(text)  # one model call, as a real question costs
            return self._vector(text), words
        from index.token_vectors import ContextualWords, is_content_word

        found = tuple(w for w in text.lower().replace("?", " ").replace(",", " ").split() if is_content_word(w))
        return self._vector(text), ContextualWords(found, random_unit_vectors(len(found), self.dimension))

    def encode(self, texts: list[str], *, batch_size: int = 64, show_progress: bool = False):
        """Made-up unit vectors for words the synthetic corpus lacks (with a real model, at its cost)."""
        if self._model is not None:
            self._model.encode(texts, batch_size=batch_size)
        return random_unit_vectors(len(texts), self.dimension)

    def dictionary(self) -> frozenset[str]:
        # Without the model, at least the question template's words are known English (not typos to correct).
        template = frozenset(QUESTION_TEMPLATE.lower().replace(",", "").replace("?", "").split())
        return self._model.dictionary() if self._model is not None else template


@dataclass
class SyntheticCorpus:
    chunks: list
    sentence_vectors: Any
    chunk_vectors: Any
    questions: list[str]
    question_vectors: Any


def synthetic_corpus(chunk_count: int, questions: int, *, dimension: int, seed: int = 7) -> SyntheticCorpus:
    """Made-up words with a Zipf-like frequency, three sentences a chunk, vectors in topics, and questions each
    near one chunk in meaning (cosine about 0.6, like a real question and its answer) and sharing its words."""
    import numpy as np

    from index.schema import Chunk
    from index.vector_means import chunk_vectors_from_sentences

    rng = np.random.default_rng(seed)
    vocabulary = np.array(synthetic_vocabulary(20_000, rng))
    weights = 1.0 / np.arange(1, len(vocabulary) + 1)
    per_chunk, words_per_sentence = 3, 15
    words = rng.choice(vocabulary, size=(chunk_count * per_chunk, words_per_sentence), p=weights / weights.sum())
    sentences = [" ".join(row).capitalize() + "." for row in words]
    chunks = [
        Chunk(
            id=f"c{row:07d}",
            doc_path=f"synthetic-{row // 50:05d}.md",
            title=f"Synthetic document {row // 50}",
            section=f"Paragraph {row % 50 + 1}",
            position=row % 50,
            text=" ".join(sentences[row * per_chunk : (row + 1) * per_chunk]),
            sentences=tuple(sentences[row * per_chunk : (row + 1) * per_chunk]),
        )
        for row in range(chunk_count)
    ]
    topics = synthetic_vectors(chunk_count, dimension, rng, clusters=max(10, chunk_count // 100), spread=1.0)
    sentence_vectors = around(np.repeat(topics, per_chunk, axis=0), 0.8, rng)
    del topics
    chunk_vectors = chunk_vectors_from_sentences(sentence_vectors, [per_chunk] * chunk_count)
    targets = rng.integers(0, chunk_count, questions)
    texts = []
    for n, target in enumerate(targets):
        picked = rng.choice(words[target * per_chunk : (target + 1) * per_chunk].ravel(), size=4, replace=False)
        texts.append(QUESTION_TEMPLATE.format(words=" ".join(picked), number=n))
    return SyntheticCorpus(chunks, sentence_vectors, chunk_vectors, texts, around(chunk_vectors[targets], 1.33, rng))


def synthetic_knowledge_base(corpus: SyntheticCorpus, model=None):
    """A real KnowledgeBase over the synthetic corpus (its vector store built as the index build would), and
    the store itself."""
    from index.knowledge_base import KnowledgeBase
    from index.manifest import DocumentInfo, Manifest
    from index.vector_store import VectorStore
    from index.word_vectors import WordVectors, chunk_vocabulary

    store = VectorStore.build(corpus.chunk_vectors)
    count, dimension = corpus.chunk_vectors.shape
    manifest = Manifest(
        model="synthetic",
        dimension=dimension,
        chunking={},
        documents=[
            DocumentInfo(path=f"synthetic-{d:05d}.md", title=f"Synthetic document {d}", sha256="", chunks=50)
            for d in range(math.ceil(count / 50))
        ],
        chunk_count=count,
        sentence_count=len(corpus.sentence_vectors),
        built_at="",
        version=f"synthetic-{count}",
        index_type=store.kind,
    )
    embedder = SyntheticEmbedder(corpus.question_vectors, dimension, model)
    words = chunk_vocabulary(corpus.chunks)
    word_vectors = WordVectors(words, random_unit_vectors(len(words), dimension).astype("float16"))
    kb = KnowledgeBase(
        manifest,
        corpus.chunks,
        corpus.sentence_vectors,
        store,
        embedder,
        word_vectors=word_vectors,
        token_vectors=synthetic_token_vectors(corpus, dimension),
    )
    return kb, store


def synthetic_token_vectors(corpus: SyntheticCorpus, dimension: int):
    """Made-up contextual vectors for every content word of every sentence, reduced as a build reduces them."""
    import numpy as np

    from index.token_vectors import DIMENSION, Projection, TokenVectors, is_content_word

    counts = [
        sum(is_content_word(w) for w in s.lower().rstrip(".").split()) for c in corpus.chunks for s in c.sentences
    ]
    starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    projection = Projection(random_unit_vectors(dimension, DIMENSION))
    return TokenVectors(projection, random_unit_vectors(int(starts[-1]), DIMENSION).astype("float16"), starts)
