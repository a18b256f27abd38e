#!/usr/bin/env python
"""Export the embedding model's ONNX encoder into the model cache, checked against the PyTorch model first.

The bot, the console and `python -m bot ask` answer with this encoder and never import PyTorch. It is exported
automatically the first time it is needed (the first index build or question); run this to export it ahead of
time, or again with `--force`. A model that cannot be exported (or whose export does not reproduce its vectors,
cosine below 0.9999 on the check texts) is recorded as such, and the PyTorch encoder is used instead.
Exit status: 0 when the ONNX encoder is ready; 1 when the model could not be exported.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere


def main(argv: list[str] | None = None) -> int:
    from bot.settings import load_settings

    settings = load_settings().knowledge
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=settings.embedding_model, help="embedding model name or path")
    parser.add_argument(
        "--cache", type=Path, default=settings.model_cache_dir, help=f"model cache (default {settings.model_cache_dir})"
    )
    parser.add_argument("--force", action="store_true", help="export again even if a valid encoder is there")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")

    from index.embedding import EmbeddingModelError
    from index.encoders import export_and_load, load_embedder
    from index.onnx_encoder import ONNX_FILE, OnnxEmbedder

    try:
        embedder = export_and_load(args.model, args.cache) if args.force else load_embedder(args.model, args.cache)
    except EmbeddingModelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if not isinstance(embedder, OnnxEmbedder):
        return 1
    info = embedder.info
    print(
        f"ONNX encoder of {info.model} ready in {embedder.directory} "
        f"(worst cosine to PyTorch {info.min_cosine:.7f}, sha256 {info.files[ONNX_FILE][:12]})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
