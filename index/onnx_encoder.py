"""Sentence embeddings with ONNX Runtime and the `tokenizers` library: the same vectors as the PyTorch model,
without importing PyTorch, so a question is answered a second after start-up.

An exported encoder is a directory in the model cache (see `index.encoders`):
    model.onnx      the model's whole sentence-transformers pipeline plus L2 normalisation, one graph
    tokenizer.json  the model's tokenizer
    encoder.json    how to feed them (maximum length, padding) and the sha256 of both files, written last
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from index.batch_encoding import encode_in_batches, encode_with_words_in_batches
from index.embedding import EmbeddingModelError, words_of
from index.token_vectors import ContextualWords, contextual_words

ONNX_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
ENCODER_FILE = "encoder.json"
SENTENCE_OUTPUT = "sentence_embedding"
TOKEN_OUTPUT = "token_embeddings"  # the transformer's token embeddings, before pooling
EXPORT_COMMAND = "python scripts/export_encoder.py"

# Model input name -> the attribute of a `tokenizers.Encoding` that holds it.
ENCODING_FIELDS = {"input_ids": "ids", "attention_mask": "attention_mask", "token_type_ids": "type_ids"}


class EncoderError(EmbeddingModelError):
    """The ONNX encoder cannot be used; the message names the command that rebuilds it."""

    def __init__(self, problem: str) -> None:
        super().__init__(f"{problem}; rebuild it with `{EXPORT_COMMAND}`")
        self.problem = problem


class EncoderMissingError(EncoderError):
    """No ONNX encoder has been exported for this model yet."""


class EncoderCorruptError(EncoderError):
    """The exported ONNX encoder is incomplete or damaged."""


class EncoderOutdatedError(EncoderCorruptError):
    """The exported ONNX encoder lacks an output the index uses (exported by an earlier version)."""


@dataclass
class EncoderInfo:
    model: str  # the model id an index records
    source: str  # fingerprint of the model files it was exported from
    dimension: int
    max_seq_length: int
    inputs: list[str]  # graph inputs, each a key of ENCODING_FIELDS
    pad_id: int
    padding_side: str  # "right" or "left"
    truncation_side: str
    min_cosine: float  # the worst cosine to the PyTorch model's vectors on the verification texts
    exported_with: dict[str, str] = field(default_factory=dict)  # library versions
    outputs: list[str] = field(default_factory=lambda: [SENTENCE_OUTPUT])  # graph outputs
    files: dict[str, str] = field(default_factory=dict)  # file name -> sha256

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EncoderInfo:
        return cls(**data)


def sha256_of(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def source_fingerprint(location: str) -> str:
    """Names and sizes of a local model's files (its name when it is not on disk): cheap, and moving the model
    does not change it."""
    root = Path(location)
    if root.is_dir():
        files = [p for p in root.rglob("*") if p.is_file() and ".cache" not in p.parts]
        entries = sorted((str(p.relative_to(root)), p.stat().st_size) for p in files)
    else:
        entries = [(location, 0)]
    return hashlib.sha256(json.dumps(entries).encode()).hexdigest()


def encoder_dir(cache_dir: Path, model_id: str, location: str) -> Path:
    """Where the encoder of this model (these very files) lives in the cache."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", model_id).strip("._") or "model"
    return Path(cache_dir) / f"{name}-{source_fingerprint(location)[:12]}"


def read_encoder_info(directory: Path) -> EncoderInfo:
    """The encoder's description, its files checked against their checksums."""
    try:
        info = EncoderInfo.from_json(json.loads((directory / ENCODER_FILE).read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise EncoderMissingError(f"no ONNX encoder has been exported into {directory}") from None
    except (OSError, ValueError, TypeError) as exc:
        raise EncoderCorruptError(f"the ONNX encoder description in {directory} is unreadable ({exc})") from None
    for name in (ONNX_FILE, TOKENIZER_FILE):
        path = directory / name
        if not path.is_file() or name not in info.files:
            raise EncoderCorruptError(f"the ONNX encoder's {name} is missing from {directory}")
        if sha256_of(path) != info.files[name]:
            raise EncoderCorruptError(f"the ONNX encoder's {name} in {directory} is corrupt (checksum mismatch)")
    return info


class OnnxEmbedder:
    """Encodes texts to L2-normalised float32 vectors with an exported encoder; the Embedder's interface."""

    runtime = "onnx"

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.info = read_encoder_info(self.directory)
        import onnxruntime
        from tokenizers import Tokenizer

        if TOKEN_OUTPUT not in self.info.outputs:
            raise EncoderOutdatedError(f"the ONNX encoder in {self.directory} gives no token embeddings")
        self.model_id, self.dimension = self.info.model, self.info.dimension
        try:
            self._tokenizer = Tokenizer.from_file(str(self.directory / TOKENIZER_FILE))
            options = onnxruntime.SessionOptions()
            # Threads that spin while waiting for work slow everything else on a small shared machine.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            options.log_severity_level = 3  # errors only
            self._session = onnxruntime.InferenceSession(
                str(self.directory / ONNX_FILE), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # a file that hashes right but neither library can read
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise EncoderCorruptError(f"the ONNX encoder in {self.directory} cannot be loaded ({reason})") from None
        # Truncate as sentence-transformers does; padding is done here, per batch, so one text is never padded.
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(
            self.info.max_seq_length, strategy="longest_first", direction=self.info.truncation_side
        )

    def dictionary(self) -> frozenset[str]:
        """Whole English words the model's tokenizer knows: a spelling-correction guard ("allowed" is a word)."""
        return words_of(self._tokenizer.get_vocab())

    def describe(self) -> dict[str, Any]:
        """What the manifest records about the encoder that made an index's vectors."""
        return {
            "runtime": self.runtime,
            "onnx_sha256": self.info.files[ONNX_FILE],
            "tokenizer_sha256": self.info.files[TOKENIZER_FILE],
            "min_cosine_to_pytorch": self.info.min_cosine,
        }

    def _run(self, encodings, *, tokens: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
        """Sentence vectors of a batch, and with `tokens` its token embeddings (batch x positions x dimension)."""
        length = max(len(e.ids) for e in encodings)
        feeds = {}
        for name in self.info.inputs:
            fill = self.info.pad_id if name == "input_ids" else 0
            array = np.full((len(encodings), length), fill, dtype=np.int64)
            for row, encoding in enumerate(encodings):
                values = getattr(encoding, ENCODING_FIELDS[name])
                if self.info.padding_side == "left":
                    array[row, length - len(values) :] = values
                else:
                    array[row, : len(values)] = values
            feeds[name] = array
        outputs = self._session.run([SENTENCE_OUTPUT, TOKEN_OUTPUT] if tokens else [SENTENCE_OUTPUT], feeds)
        return np.ascontiguousarray(outputs[0], dtype=np.float32), outputs[1] if tokens else None

    def _words(self, texts: list[str], encodings, hidden: np.ndarray) -> list[ContextualWords]:
        out = []
        for text, encoding, states in zip(texts, encodings, hidden, strict=True):
            n = len(encoding.ids)
            out.append(
                contextual_words(text, encoding, states[-n:] if self.info.padding_side == "left" else states[:n])
            )
        return out

    def encode(self, texts: list[str], *, batch_size: int = 64, show_progress: bool = False) -> np.ndarray:
        def encode_batch(batch: list[str]) -> np.ndarray:
            return self._run(self._tokenizer.encode_batch(batch))[0]

        return encode_in_batches(texts, encode_batch, self.dimension, batch_size=batch_size, progress=show_progress)

    def encode_with_words(
        self, texts: list[str], *, batch_size: int = 64, show_progress: bool = False
    ) -> tuple[np.ndarray, list[ContextualWords]]:
        """Sentence vectors, and each text's contextual content words from the same forward pass."""

        def encode_batch(batch: list[str]) -> tuple[np.ndarray, list[ContextualWords]]:
            encodings = self._tokenizer.encode_batch(batch)
            vectors, hidden = self._run(encodings, tokens=True)
            return vectors, self._words(batch, encodings, hidden)

        return encode_with_words_in_batches(
            texts, encode_batch, self.dimension, batch_size=batch_size, progress=show_progress
        )

    def encode_one(self, text: str) -> np.ndarray:
        """One query, unpadded."""
        return self._run([self._tokenizer.encode(text)])[0][0]

    def encode_one_with_words(self, text: str) -> tuple[np.ndarray, ContextualWords]:
        """One query, unpadded, with its contextual content words from the same forward pass."""
        encoding = self._tokenizer.encode(text)
        vectors, hidden = self._run([encoding], tokens=True)
        return vectors[0], self._words([text], [encoding], hidden)[0]
