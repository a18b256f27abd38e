"""Contextual word vectors: content words from word pieces, reduced and stored, read back checked."""

from dataclasses import dataclass

import numpy as np
import pytest

from index.errors import IndexCorruptError
from index.token_vectors import DIMENSION, ContextualWords, Projection, TokenVectors, contextual_words


@dataclass
class FakeEncoding:
    """What `contextual_words` reads of a `tokenizers.Encoding`."""

    word_ids: list
    offsets: list


def words(*names: str, dimension: int = 8, seed: int = 0) -> ContextualWords:
    rng = np.random.default_rng(seed)
    return ContextualWords(tuple(names), rng.standard_normal((len(names), dimension)).astype(np.float32))


def test_a_word_is_the_mean_of_its_pieces_and_function_words_and_punctuation_are_left_out():
    text = "When is Chang'e-7 launching?"
    # [CLS] when is chang ' e - 7 launch ##ing ? [SEP]
    encoding = FakeEncoding(
        word_ids=[None, 0, 1, 2, 3, 4, 5, 6, 7, 7, 8, None],
        offsets=[
            (0, 0),
            (0, 4),
            (5, 7),
            (8, 13),
            (13, 14),
            (14, 15),
            (15, 16),
            (16, 17),
            (18, 24),
            (24, 27),
            (27, 28),
            (0, 0),
        ],
    )
    hidden = np.arange(12 * 2, dtype=np.float32).reshape(12, 2)
    found = contextual_words(text, encoding, hidden)
    assert found.words == ("chang", "7", "launching")
    assert np.allclose(found.vectors[2], hidden[8:10].mean(axis=0))


def test_the_projection_keeps_the_leading_directions_and_the_cosines_of_the_model():
    rng = np.random.default_rng(1)
    # Vectors that share one direction (as token embeddings do) and spread along a few others.
    vectors = rng.standard_normal((500, 16)) * np.r_[4.0, 3.0, 2.0, np.full(13, 0.05)] + np.r_[np.zeros(15), 6.0]
    projection = Projection.fit(vectors, dimension=4)
    reduced = projection.apply(vectors)
    assert reduced.shape == (500, 4) and np.allclose(np.linalg.norm(reduced, axis=1), 1.0, atol=1e-5)
    assert np.abs(projection.components[[0, 1, 2, 15], :]).sum(axis=0).min() > 0.9  # the shared one kept
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    assert np.abs(reduced[:50] @ reduced[50:100].T - unit[:50] @ unit[50:100].T).max() < 0.05


def test_fewer_words_than_dimensions_leave_the_other_directions_empty():
    projection = Projection.fit(words("alpha", "beta", "gamma").vectors, dimension=DIMENSION)
    assert projection.components.shape == (8, DIMENSION) and not projection.components[:, 8:].any()


def test_an_incremental_build_reuses_a_sentences_reduced_rows_with_the_same_projection():
    first = TokenVectors.assemble(["a", "b"], {"a": words("lander", "drill"), "b": words("rover", seed=1)}, {}, None)
    fresh = {"c": words("orbiter", "relay", seed=2)}
    second = TokenVectors.assemble(["b", "c"], fresh, first.by_key(["a", "b"]), first.projection)
    assert second.starts.tolist() == [0, 1, 3]
    assert np.array_equal(second.vectors[0], first.vectors[2])
    assert np.allclose(second.vectors[1:], first.projection.apply(fresh["c"].vectors), atol=1e-3)


def test_it_is_stored_without_pickle_and_read_back_checked(tmp_path):
    stored = TokenVectors.assemble(["a", "b"], {"a": words("lander", "drill"), "b": words()}, {}, None)
    path = tmp_path / "token_vectors.npz"
    stored.save(path)
    loaded = TokenVectors.load(path, dimension=8, sentences=2)
    assert loaded.vectors.dtype == np.float16 and np.array_equal(loaded.vectors, stored.vectors)
    assert loaded.starts.tolist() == [0, 2, 2] and loaded.rows(1).size == 0
    with pytest.raises(IndexCorruptError, match="does not match the index"):
        TokenVectors.load(path, dimension=8, sentences=3)
    path.write_bytes(b"not an npz")
    with pytest.raises(IndexCorruptError, match=r"cannot read token_vectors\.npz"):
        TokenVectors.load(path, dimension=8, sentences=2)
