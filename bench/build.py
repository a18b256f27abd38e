"""Build throughput next to the model's raw encoding rate, and a build after one changed document."""

from __future__ import annotations

import argparse

from bench.build_corpus import source_sentences, write_build_corpus
from bench.context import DEFAULT_DISTRACTORS, BenchContext
from bench.registry import BenchmarkError, Metrics, section
from bench.timing import timed


def _build_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("build")
    group.add_argument(
        "--build-sentences", type=int, default=1200, help="unique sentences in the build corpus (default 1200)"
    )


@section("build", "build throughput next to the model's raw encode rate on the same texts", _build_arguments)
def build_throughput(ctx: BenchContext) -> Metrics:
    """A full build of a corpus made from docs/ and the distractors, timed against encoding its texts directly.

    The build embeds sentences (a chunk's vector is the mean of its sentences'), so the like-for-like rate is
    the model's on the same sentences; the rate on the chunk texts themselves is reported beside it.
    """
    from index.build import build_index
    from index.storage import current_build_dir, load_chunks

    embedder = ctx.embedder
    corpus = ctx.workdir / "build-corpus"
    write_build_corpus(corpus, source_sentences([ctx.args.docs, DEFAULT_DISTRACTORS]), ctx.args.build_sentences)
    out = ctx.workdir / "build-index"
    embedder.encode(source_sentences([ctx.args.docs])[:64])  # warm up the model's first-call costs

    # Each measured twice, interleaved, keeping the best: a busy machine slows whichever runs at the wrong moment.
    builds = [timed(lambda: build_index(corpus, out, embedder, full=True))]
    chunks = load_chunks(current_build_dir(out))
    sentences = list(dict.fromkeys(s for chunk in chunks for s in chunk.sentences))  # what the build embedded
    chunk_texts = [chunk.text for chunk in chunks]
    raw = [timed(lambda: embedder.encode(sentences))]
    raw_chunks = [timed(lambda: embedder.encode(chunk_texts))]
    builds.append(timed(lambda: build_index(corpus, out, embedder, full=True)))
    raw.append(timed(lambda: embedder.encode(sentences)))
    raw_chunks.append(timed(lambda: embedder.encode(chunk_texts)))
    report = builds[0][0]
    if len(sentences) != report.sentences_embedded:
        raise BenchmarkError(f"the build embedded {report.sentences_embedded} sentences, expected {len(sentences)}")
    build_s, build_cpu = min(b[1] for b in builds), min(b[2] for b in builds)
    raw_s, raw_cpu = min(r[1] for r in raw), min(r[2] for r in raw)
    raw_chunks_s, raw_chunks_cpu = min(r[1] for r in raw_chunks), min(r[2] for r in raw_chunks)

    # One changed document: only its new sentence may be embedded.
    first = sorted(corpus.iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nOne more sentence was added by the benchmark.\n")
    incremental, incremental_s, _ = timed(lambda: build_index(corpus, out, embedder))
    return {
        "chunks": len(chunks),
        "sentences": len(sentences),
        "build_s": round(build_s, 2),
        "build_chunks_per_s": len(chunks) / build_s,
        "build_sentences_per_s": len(sentences) / build_s,
        "raw_encode_sentences_per_s": len(sentences) / raw_s,
        "build_vs_raw_encode_percent": 100 * raw_s / build_s,
        "build_vs_raw_encode_cpu_percent": 100 * raw_cpu / build_cpu,
        "raw_encode_chunk_texts_chunks_per_s": len(chunks) / raw_chunks_s,
        "build_vs_raw_chunk_encode_percent": 100 * raw_chunks_s / build_s,
        "build_vs_raw_chunk_encode_cpu_percent": 100 * raw_chunks_cpu / build_cpu,
        "one_doc_changed_sentences_embedded": incremental.sentences_embedded,
        "one_doc_changed_sentences_reused": incremental.sentences_reused,
        "one_doc_changed_s": round(incremental_s, 2),
    }
