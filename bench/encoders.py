"""The ONNX encoder against the PyTorch model it is exported from."""

from __future__ import annotations

import argparse
from typing import Any

from bench.build_corpus import source_sentences, unique_sentences
from bench.context import DEFAULT_DISTRACTORS, BenchContext
from bench.registry import BenchmarkError, Metrics, section
from bench.timing import latency_stats, time_calls, timed


def _encoders_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("encoders")
    group.add_argument(
        "--encoder-sentences", type=int, default=1200, help="unique sentences each encoder embeds (default 1200)"
    )


@section(
    "encoders",
    "ONNX vs PyTorch: document embedding rate (which the build should use), query encoding and kb.ask latency",
    _encoders_arguments,
)
def encoders(ctx: BenchContext) -> Metrics:
    import numpy as np

    from index.onnx_encoder import OnnxEmbedder

    onnx, torch = ctx.embedder, ctx.torch_embedder
    if not isinstance(onnx, OnnxEmbedder):
        raise BenchmarkError(f"{onnx.model_id} has no ONNX encoder to compare (it could not be exported)")
    sentences = unique_sentences(source_sentences([ctx.args.docs, DEFAULT_DISTRACTORS]), ctx.args.encoder_sentences)
    for encoder in (onnx, torch):
        encoder.encode(sentences[:64])  # first-call costs
        encoder.encode_one("warm-up")
    # Each measured twice, interleaved, keeping the best.
    runs: dict[str, list[tuple[Any, float, float]]] = {"onnx": [], "pytorch": []}
    for _ in range(2):
        runs["onnx"].append(timed(lambda: onnx.encode(sentences)))
        runs["pytorch"].append(timed(lambda: torch.encode(sentences)))
    metrics: Metrics = {"sentences": len(sentences)}
    for name, encoder in (("onnx", onnx), ("pytorch", torch)):
        metrics[f"{name}_sentences_per_s"] = len(sentences) / min(run[1] for run in runs[name])
        metrics[f"{name}_cpu_s"] = round(min(run[2] for run in runs[name]), 2)
        stats = latency_stats(time_calls(encoder.encode_one, ctx.questions, warmup=10))
        metrics[f"{name}_query_p50_ms"], metrics[f"{name}_query_p95_ms"] = stats["p50_ms"], stats["p95_ms"]
    # Whole answers from the same index with each encoder, interleaved.
    from datetime import UTC, datetime

    from index.knowledge_base import KnowledgeBase

    now = datetime.now(UTC)
    kbs = {"onnx": ctx.kb, "pytorch": KnowledgeBase.load(ctx.index_dir, torch)}
    asks: dict[str, list[float]] = {name: [] for name in kbs}
    for _ in range(2):
        for name, kb in kbs.items():
            asks[name] += time_calls(lambda q, kb=kb: kb.ask(q, now=now), ctx.questions, warmup=10)
    for name, samples in asks.items():
        stats = latency_stats(samples)
        metrics[f"{name}_ask_p50_ms"], metrics[f"{name}_ask_p95_ms"] = stats["p50_ms"], stats["p95_ms"]
    cosines = (runs["onnx"][0][0] * runs["pytorch"][0][0]).sum(axis=1)
    metrics["min_cosine"] = round(float(np.min(cosines)), 6)
    faster = "onnx" if metrics["onnx_sentences_per_s"] >= metrics["pytorch_sentences_per_s"] else "pytorch"
    metrics["faster_for_documents"] = faster
    return metrics
