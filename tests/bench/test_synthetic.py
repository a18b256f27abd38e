"""bench/synthetic.py: the synthetic corpus and the embedder that finds its questions."""

from __future__ import annotations

import numpy as np

from bench.synthetic import SyntheticEmbedder, synthetic_corpus


def test_synthetic_corpus_shapes_and_geometry():
    corpus = synthetic_corpus(400, 30, dimension=64, seed=3)
    assert len(corpus.chunks) == 400 and len({c.id for c in corpus.chunks}) == 400
    assert corpus.sentence_vectors.shape == (1200, 64) and corpus.chunk_vectors.shape == (400, 64)
    assert corpus.question_vectors.shape == (30, 64) and corpus.question_vectors.dtype == np.float32
    for vectors in (corpus.sentence_vectors, corpus.chunk_vectors, corpus.question_vectors):
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Every question shares words with its chunk and is its nearest chunk far more often than chance.
    nearest = (corpus.question_vectors @ corpus.chunk_vectors.T).argmax(axis=1)
    words = [set(q.split()[6:10]) for q in corpus.questions]
    chunk_words = [set(corpus.chunks[row].text.lower().replace(",", "").split()) for row in nearest]
    hits = sum(bool(asked & found) for asked, found in zip(words, chunk_words, strict=True))
    assert hits >= 20


def test_the_synthetic_embedder_finds_a_question_by_its_number():
    vectors = np.eye(3, dtype=np.float32)
    embedder = SyntheticEmbedder(vectors, 3)
    assert embedder.encode_one("What does the record say about kabe 2020, question 2?")[2] == 1.0
    assert {"record", "question", "about"} <= embedder.dictionary()
