"""The ONNX encoder: the PyTorch model's vectors, checked before publishing, and one-line errors when damaged."""

import json
import logging
import shutil

import numpy as np
import pytest

from index import encoders, onnx_export
from index.embedding import Embedder
from index.encoders import export_and_load, load_embedder
from index.onnx_encoder import (
    ENCODER_FILE,
    EXPORT_COMMAND,
    ONNX_FILE,
    TOKENIZER_FILE,
    EncoderCorruptError,
    EncoderMissingError,
    EncoderOutdatedError,
    OnnxEmbedder,
)
from index.onnx_export import ExportRefusedError, export_encoder

TEXTS = [
    "When is the letter of intent due?",
    "ILRS partners",
    "x",
    "  spaced  out  ",
    "Which countries take part, and which instruments do they send to the Moon in 2028?",
    "a long text that is cut at the model's maximum length " * 40,
]


@pytest.fixture
def encoder_copy(embedder, tmp_path):
    """A copy of the session's exported encoder that a test may damage."""
    target = tmp_path / "cache" / embedder.directory.name
    shutil.copytree(embedder.directory, target)
    return target


def test_it_gives_the_pytorch_models_vectors_batched_and_one_at_a_time(embedder, torch_embedder):
    expected = torch_embedder.encode(TEXTS)
    assert (embedder.encode(TEXTS, batch_size=4) * expected).sum(axis=1).min() >= 0.9999
    single = np.stack([embedder.encode_one(text) for text in TEXTS])
    assert (single * expected).sum(axis=1).min() >= 0.9999
    assert single.dtype == np.float32 and np.allclose(np.linalg.norm(single, axis=1), 1.0, atol=1e-5)


def test_each_texts_content_words_come_from_the_same_pass_as_the_pytorch_model_reads_them(embedder, torch_embedder):
    texts = [TEXTS[0], TEXTS[4], TEXTS[5]]
    vectors, found = embedder.encode_with_words(texts, batch_size=2)
    assert (vectors * embedder.encode(texts)).sum(axis=1).min() >= 0.9999
    _, expected = torch_embedder.encode_with_words(texts)
    assert found[0].words == expected[0].words == ("letter", "intent", "due")
    for mine, theirs in zip(found, expected, strict=True):
        assert mine.words == theirs.words
        cosines = (mine.vectors * theirs.vectors).sum(axis=1)
        cosines /= np.linalg.norm(mine.vectors, axis=1) * np.linalg.norm(theirs.vectors, axis=1)
        assert cosines.min() >= 0.999
    vector, alone = embedder.encode_one_with_words(TEXTS[4])  # unpadded: the same words as in a batch
    assert np.allclose(vector, vectors[1], atol=1e-5) and alone.words == found[1].words
    assert np.allclose(alone.vectors, found[1].vectors, atol=1e-3)


def test_an_encoder_without_token_embeddings_is_outdated(encoder_copy):
    info = json.loads((encoder_copy / ENCODER_FILE).read_text())
    del info["outputs"]  # as exported before token embeddings were kept
    (encoder_copy / ENCODER_FILE).write_text(json.dumps(info))
    with pytest.raises(EncoderOutdatedError, match="gives no token embeddings") as raised:
        OnnxEmbedder(encoder_copy)
    assert EXPORT_COMMAND in str(raised.value)


def test_it_reports_the_same_model_dimension_and_dictionary(embedder, torch_embedder):
    assert (embedder.model_id, embedder.dimension) == (torch_embedder.model_id, torch_embedder.dimension)
    assert embedder.dictionary() == torch_embedder.dictionary()
    assert {"allowed", "deadline"} <= embedder.dictionary()


def test_the_export_records_its_checksums_and_verification(embedder):
    info = json.loads((embedder.directory / ENCODER_FILE).read_text())
    assert set(info["files"]) == {ONNX_FILE, TOKENIZER_FILE}
    assert info["min_cosine"] >= onnx_export.MIN_COSINE
    assert info["max_seq_length"] == 256  # the model's, not the 128 its tokenizer file carries
    assert embedder.describe()["onnx_sha256"] == info["files"][ONNX_FILE]


def test_a_missing_encoder_names_the_command_that_exports_it(tmp_path):
    with pytest.raises(EncoderMissingError) as raised:
        OnnxEmbedder(tmp_path / "none")
    assert EXPORT_COMMAND in str(raised.value) and "\n" not in str(raised.value)


@pytest.mark.parametrize("damage", ["flip", "truncate", "delete"])
def test_a_damaged_model_file_is_corrupt_in_one_line(encoder_copy, damage):
    path = encoder_copy / ONNX_FILE
    if damage == "delete":
        path.unlink()
    else:
        data = bytearray(path.read_bytes())
        if damage == "flip":
            data[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(data if damage == "flip" else data[: len(data) // 2]))
    with pytest.raises(EncoderCorruptError) as raised:
        OnnxEmbedder(encoder_copy)
    assert EXPORT_COMMAND in str(raised.value) and "\n" not in str(raised.value)


def test_an_unreadable_description_is_corrupt(encoder_copy):
    (encoder_copy / ENCODER_FILE).write_text("{not json")
    with pytest.raises(EncoderCorruptError, match="unreadable"):
        OnnxEmbedder(encoder_copy)


class _Shifted:
    """The PyTorch embedder with vectors that no export can match."""

    def __init__(self, real: Embedder) -> None:
        self._real = real
        self.model_id, self.dimension = real.model_id, real.dimension
        self.sentence_transformer = real.sentence_transformer

    def encode(self, texts, **options):
        vectors = self._real.encode(texts, **options)
        return np.roll(vectors, 1, axis=1)


def test_an_export_that_does_not_reproduce_the_vectors_is_refused_and_not_published(torch_embedder, tmp_path):
    with pytest.raises(ExportRefusedError, match=r"does not reproduce its vectors \(cosine [-0-9.]+ < 0.9999"):
        export_encoder(_Shifted(torch_embedder), tmp_path / "encoder", source="test")
    assert list(tmp_path.iterdir()) == []  # nothing published, no staging left behind


def test_a_corrupt_encoder_is_exported_again_automatically(embedder, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    target = encoders.encoder_dir(cache, embedder.model_id, encoders.resolve_model(None)[1])
    shutil.copytree(embedder.directory, target)
    (target / TOKENIZER_FILE).write_text("{}")
    exported = []
    monkeypatch.setattr(
        encoders, "export_and_load", lambda model, cache_dir, **options: exported.append(cache_dir) or embedder
    )
    assert load_embedder(None, cache) is embedder and exported == [cache]
    with pytest.raises(EncoderCorruptError):
        load_embedder(None, cache, export=False)


def test_a_model_that_cannot_export_answers_with_pytorch(torch_embedder, tmp_path, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise ExportRefusedError("model X cannot be exported to ONNX (unsupported operator)")

    monkeypatch.setattr(onnx_export, "export_encoder", refuse)
    with caplog.at_level(logging.WARNING, logger="index.encoders"):
        assert export_and_load(None, tmp_path, torch_embedder=torch_embedder) is torch_embedder
    assert [r.getMessage() for r in caplog.records] == [
        "model X cannot be exported to ONNX (unsupported operator); answering with PyTorch"
    ]
    # Later starts remember the refusal instead of exporting again.
    monkeypatch.setattr(encoders, "Embedder", lambda model: torch_embedder)
    monkeypatch.setattr(encoders, "export_and_load", lambda *a, **k: pytest.fail("exported again"))
    assert load_embedder(None, tmp_path) is torch_embedder


def test_an_encoder_exported_by_another_process_meanwhile_is_used_as_it_is(embedder, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    shutil.copytree(embedder.directory, encoders.encoder_dir(cache, embedder.model_id, encoders.resolve_model(None)[1]))
    monkeypatch.setattr(onnx_export, "export_encoder", lambda *a, **k: pytest.fail("exported again"))
    monkeypatch.setattr(encoders, "Embedder", lambda model: pytest.fail("PyTorch loaded"))
    assert isinstance(export_and_load(None, cache, unless_ready=True), OnnxEmbedder)
