"""Exporting the configured sentence-transformers model as an ONNX encoder, published only if it reproduces the
PyTorch model's vectors. Needs PyTorch; the encoder it writes does not."""

from __future__ import annotations

import json
import os
import shutil
import warnings
from pathlib import Path

import numpy as np

from index.embedding import Embedder, EmbeddingModelError
from index.onnx_encoder import (
    ENCODER_FILE,
    ENCODING_FIELDS,
    ONNX_FILE,
    SENTENCE_OUTPUT,
    TOKEN_OUTPUT,
    TOKENIZER_FILE,
    EncoderInfo,
    OnnxEmbedder,
    sha256_of,
)

MIN_COSINE = 0.9999
OPSET = 17  # old enough for any recent ONNX Runtime
# Texts an export must reproduce: one word, a question, punctuation and other scripts, digits, blank space, and a
# text past the maximum length (truncation).
VERIFICATION_TEXTS = (
    "x",
    "When is the application deadline?",
    "Which countries signed the agreement, and in which year did they sign it?",
    "Résumé — naïve café; 国际月球科研站 (ILRS), “quoted” text & symbols: 3.5%, $1,200, 2030-12-31.",
    "   leading and trailing spaces   ",
    "The rover carries six instruments. " * 60,
)


class ExportRefusedError(EmbeddingModelError):
    """The model cannot be exported to ONNX, or the export does not reproduce its vectors."""


def export_encoder(embedder: Embedder, directory: Path, *, source: str) -> EncoderInfo:
    """Export `embedder`'s model into `directory` (replacing what is there) once it matches PyTorch on every
    verification text; `source` is the fingerprint of the model files (see `index.onnx_encoder.encoder_dir`)."""
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = directory.parent / f".{directory.name}.{os.getpid()}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        info = _write_encoder(embedder, staging, source)
        info.min_cosine = _verify(embedder, staging)
        _write_info(staging, info)
        _replace_dir(staging, directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return info


def _write_encoder(embedder: Embedder, out: Path, source: str) -> EncoderInfo:
    import sentence_transformers
    import torch

    model = embedder.sentence_transformer
    tokenizer = getattr(model, "tokenizer", None)
    backend = getattr(tokenizer, "backend_tokenizer", None)
    if backend is None:
        raise ExportRefusedError(f"{embedder.model_id}'s tokenizer has no `tokenizers` version, so it cannot export")
    inputs = list(tokenizer.model_input_names)
    unknown = [name for name in inputs if name not in ENCODING_FIELDS]
    if unknown:
        raise ExportRefusedError(f"{embedder.model_id} takes inputs ONNX encoding does not feed: {', '.join(unknown)}")

    class SentenceEncoder(torch.nn.Module):
        """The whole sentence-transformers pipeline (transformer, pooling, any dense layers), then normalised; and
        the transformer's token embeddings before pooling."""

        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *tensors):
            features = dict(zip(inputs, tensors, strict=True))
            out = self.model(features)
            return torch.nn.functional.normalize(out["sentence_embedding"], dim=-1), out["token_embeddings"]

    # Two texts of different lengths, so the traced graph handles padding.
    example = tokenizer(list(VERIFICATION_TEXTS[1:3]), padding=True, truncation=True, return_tensors="pt")
    axes = {name: {0: "batch", 1: "sequence"} for name in inputs}
    try:
        with torch.inference_mode(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tracer warnings about shape-dependent branches; verified below
            torch.onnx.export(
                SentenceEncoder().eval(),
                tuple(example[name] for name in inputs),
                str(out / ONNX_FILE),
                dynamo=False,  # the TorchScript exporter: needs `onnx`, not `onnxscript`
                input_names=inputs,
                output_names=[SENTENCE_OUTPUT, TOKEN_OUTPUT],
                dynamic_axes={**axes, SENTENCE_OUTPUT: {0: "batch"}, TOKEN_OUTPUT: {0: "batch", 1: "sequence"}},
                opset_version=OPSET,
            )
    except Exception as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ExportRefusedError(f"{embedder.model_id} cannot be exported to ONNX ({reason})") from None
    backend.save(str(out / TOKENIZER_FILE))
    info = EncoderInfo(
        model=embedder.model_id,
        source=source,
        dimension=embedder.dimension,
        max_seq_length=int(model.max_seq_length or tokenizer.model_max_length),
        inputs=inputs,
        pad_id=int(tokenizer.pad_token_id or 0),
        padding_side=str(tokenizer.padding_side),
        truncation_side=str(tokenizer.truncation_side),
        min_cosine=0.0,
        outputs=[SENTENCE_OUTPUT, TOKEN_OUTPUT],
        exported_with={"torch": torch.__version__, "sentence-transformers": sentence_transformers.__version__},
        files={name: sha256_of(out / name) for name in (ONNX_FILE, TOKENIZER_FILE)},
    )
    _write_info(out, info)
    return info


def _verify(embedder: Embedder, staging: Path) -> float:
    """The worst cosine between PyTorch's and the export's vectors, batched and one text at a time; raises
    ExportRefusedError below MIN_COSINE."""
    exported = OnnxEmbedder(staging)
    texts = list(VERIFICATION_TEXTS)
    expected = embedder.encode(texts, batch_size=len(texts))
    batched = exported.encode(texts, batch_size=len(texts))
    single = np.stack([exported.encode_one(text) for text in texts])
    cosines = np.minimum((expected * batched).sum(axis=1), (expected * single).sum(axis=1))
    worst = int(np.argmin(cosines))
    if cosines[worst] < MIN_COSINE:
        raise ExportRefusedError(
            f"the ONNX export of {embedder.model_id} does not reproduce its vectors (cosine {cosines[worst]:.6f} < "
            f"{MIN_COSINE} on {texts[worst][:40]!r}); not publishing it"
        )
    return round(float(cosines.min()), 7)


def _write_info(directory: Path, info: EncoderInfo) -> None:
    (directory / ENCODER_FILE).write_text(json.dumps(info.to_json(), indent=1), encoding="utf-8")


def _replace_dir(staging: Path, directory: Path) -> None:
    """Make `staging` the encoder at `directory`: fsynced, then renamed into place."""
    for path in staging.iterdir():
        with path.open("rb") as handle:
            os.fsync(handle.fileno())
    old = directory.parent / f".{directory.name}.{os.getpid()}.old"
    if directory.exists():
        os.replace(directory, old)
    os.replace(staging, directory)
    shutil.rmtree(old, ignore_errors=True)
