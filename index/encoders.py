"""Choosing the encoder: the model's exported ONNX encoder (exported on first use), PyTorch when it can't export.

The ONNX encoder answers without importing PyTorch and gives the same vectors (cosine ≥ 0.9999, checked before
it is published), so an index built with either encoder is read by the other.
"""

from __future__ import annotations

import logging
from pathlib import Path

from filelock import FileLock

from index.embedding import Embedder, resolve_model
from index.onnx_encoder import (
    EncoderCorruptError,
    EncoderError,
    EncoderMissingError,
    OnnxEmbedder,
    encoder_dir,
    source_fingerprint,
)

log = logging.getLogger(__name__)

REFUSED_SUFFIX = ".refused"  # beside an encoder directory: why the model could not be exported


def load_embedder(model: str | None, cache_dir: Path, *, export: bool = True) -> OnnxEmbedder | Embedder:
    """The ONNX encoder of `model` from `cache_dir`, exported there first if missing or damaged (with `export`;
    otherwise that is an EncoderError naming the command). A model that cannot be exported gives the PyTorch
    encoder, with a one-line notice."""
    model_id, location = resolve_model(model)
    directory = encoder_dir(cache_dir, model_id, location)
    refused = directory.with_name(directory.name + REFUSED_SUFFIX)
    if refused.is_file():
        log.warning("%s; answering with PyTorch", refused.read_text(encoding="utf-8").strip())
        return Embedder(model)
    try:
        return OnnxEmbedder(directory)
    except EncoderMissingError:
        if not export:
            raise
        log.warning("Exporting the ONNX encoder of %s into %s (once; takes a few seconds)", model_id, directory)
    except EncoderCorruptError as exc:
        if not export:
            raise
        log.warning("%s: exporting it again", exc.problem)
    return export_and_load(model, cache_dir, unless_ready=True)


def export_and_load(
    model: str | None, cache_dir: Path, *, torch_embedder: Embedder | None = None, unless_ready: bool = False
):
    """Export `model`'s ONNX encoder into `cache_dir` (under a lock: one export at a time) and load it; the PyTorch
    encoder with a one-line notice when the model cannot be exported. With `unless_ready`, an encoder that another
    process exported while this one waited for the lock is used as it is."""
    from index.onnx_export import ExportRefusedError, export_encoder

    model_id, location = resolve_model(model)
    directory = encoder_dir(cache_dir, model_id, location)
    refused = directory.with_name(directory.name + REFUSED_SUFFIX)
    directory.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(directory.parent / ".export.lock")):
        if unless_ready:
            try:
                return OnnxEmbedder(directory)
            except EncoderError:
                pass
        torch_embedder = torch_embedder or Embedder(model)
        try:
            export_encoder(torch_embedder, directory, source=source_fingerprint(location))
        except ExportRefusedError as exc:
            refused.write_text(f"{exc}\n", encoding="utf-8")
            log.warning("%s; answering with PyTorch", exc)
            return torch_embedder
        refused.unlink(missing_ok=True)
    return OnnxEmbedder(directory)
