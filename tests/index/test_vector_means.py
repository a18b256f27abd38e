"""A passage's vector from its sentences' vectors."""

import numpy as np

from index.vector_means import chunk_vectors_from_sentences, normalised_mean


def test_a_chunk_vector_is_the_unit_mean_of_its_own_sentences():
    sentences = np.array([[1, 0], [0, 1], [3, 4], [-1, 0], [1, 0]], dtype=np.float32)
    chunks = chunk_vectors_from_sentences(sentences, [2, 1, 0, 2])
    expected = [[0.70710677, 0.70710677], [0.6, 0.8], [0, 0], [0, 0]]  # no sentences, or cancelling out: zeros
    np.testing.assert_allclose(chunks, expected, atol=1e-7)
    assert chunks.dtype == np.float32
    np.testing.assert_allclose(normalised_mean(sentences[:2]), chunks[0])
