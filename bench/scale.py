"""Answer latency, peak memory and ANN recall on synthetic corpora of growing size."""

from __future__ import annotations

import argparse
import resource
from pathlib import Path

from bench.context import BenchContext
from bench.registry import Metrics, section
from bench.synthetic import synthetic_corpus, synthetic_knowledge_base
from bench.timing import latency_stats, time_calls, timed


def recall_at_k(store, chunk_vectors, queries, k: int = 10) -> float:
    """The share of exact search's top k that the store also returns in its top k."""
    import faiss
    import numpy as np

    exact = faiss.IndexFlatIP(chunk_vectors.shape[1])
    exact.add(chunk_vectors)
    matrix = np.stack(list(queries))
    _, truth = exact.search(matrix, k)
    found = [len({row for row, _ in store.search(q, k)} & set(t)) for q, t in zip(matrix, truth, strict=True)]
    return sum(found) / (k * len(matrix))


def reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark (Linux), so each corpus size reports its own peak."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def peak_rss_mib() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of chunk counts: {text!r}") from None
    if not sizes or min(sizes) < 10:
        raise argparse.ArgumentTypeError("chunk counts must be at least 10")
    return sizes


def _scale_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("scale")
    group.add_argument(
        "--scale-sizes", type=_sizes, default=[1_000, 10_000, 100_000], help="chunk counts (default 1000,10000,100000)"
    )
    group.add_argument("--scale-questions", type=int, default=300, help="questions per size (default 300)")
    group.add_argument(
        "--scale-no-model",
        action="store_true",
        help="skip the model's query encoding (by default each question also pays it, as in the bot)",
    )


@section(
    "scale", "kb.ask latency, peak memory and ANN recall@10 on synthetic 1k/10k/100k-chunk corpora", _scale_arguments
)
def scale(ctx: BenchContext) -> Metrics:
    import gc

    model = None if ctx.args.scale_no_model else ctx.embedder
    dimension = model.dimension if model is not None else 384
    metrics: Metrics = {"query_encoding": "excluded" if model is None else "included"}
    per_size = True
    for size in ctx.args.scale_sizes:
        corpus = synthetic_corpus(size, ctx.args.scale_questions, dimension=dimension)
        gc.collect()
        per_size = reset_peak_rss() and per_size  # from here: vector store, lexical index, answering
        (kb, store), load_s, _ = timed(lambda corpus=corpus: synthetic_knowledge_base(corpus, model))
        samples = time_calls(kb.ask, corpus.questions, warmup=min(20, len(corpus.questions)))
        stats = latency_stats(samples)
        label = f"{size // 1000}k" if size % 1000 == 0 else str(size)
        metrics[f"{label}_index"] = store.kind
        metrics[f"{label}_index_and_bm25_build_s"] = round(load_s, 1)
        metrics[f"{label}_ask_p50_ms"] = stats["p50_ms"]
        metrics[f"{label}_ask_p95_ms"] = stats["p95_ms"]
        metrics[f"{label}_recall_at_10"] = round(recall_at_k(store, corpus.chunk_vectors, corpus.question_vectors), 4)
        metrics[f"{label}_peak_rss_mib"] = round(peak_rss_mib(), 1)
        del kb, store, corpus
    if not per_size:
        metrics["note"] = "peak RSS is the process's since start (no /proc/self/clear_refs)"
    return metrics
