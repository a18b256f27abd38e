"""scripts/benchmark.py's build, noop and scale sections: the corpora they make and what they measure with."""

from __future__ import annotations

import mmap
from pathlib import Path

import numpy as np
import pytest

from index.loaders import load_documents
from tests.scripts.script_loader import imported_script

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "benchmark.py"


@pytest.fixture(scope="module")
def bench():
    with imported_script("benchmark.py", "benchmark_script_reindex") as module:
        yield module


def test_the_new_sections_are_registered_with_their_options(bench):
    assert list(bench.SECTIONS)[2:] == ["startup", "encoders", "build", "noop", "scale", "alerts"]
    args = bench.build_parser().parse_args(["--only", "scale", "--scale-sizes", "500,2000", "--scale-no-model"])
    assert args.scale_sizes == [500, 2000] and args.scale_no_model and args.build_sentences == 1200
    with pytest.raises(SystemExit):
        bench.build_parser().parse_args(["--scale-sizes", "5"])
    args = bench.build_parser().parse_args(["--only", "alerts", "--alerts", "300", "--alert-processes", "1", "2"])
    assert args.alerts == 300 and args.alert_processes == [1, 2]


def test_the_build_corpus_has_exactly_the_unique_sentences_asked_for(bench, tmp_path):
    sentences = bench.source_sentences([ROOT / "docs"])
    files = bench.write_build_corpus(tmp_path, sentences, 100, per_document=40)
    assert files == 3
    loaded = load_documents(tmp_path)
    assert not loaded.skipped and len(loaded.documents) == 3
    text = " ".join(block.text for doc in loaded.documents for block in doc.blocks)
    assert all(f"In record {n}," in text for n in range(100)) and "In record 100," not in text


def test_synthetic_corpus_shapes_and_geometry(bench):
    corpus = bench.synthetic_corpus(400, 30, dimension=64, seed=3)
    assert len(corpus.chunks) == 400 and len({c.id for c in corpus.chunks}) == 400
    assert corpus.sentence_vectors.shape == (1200, 64) and corpus.chunk_vectors.shape == (400, 64)
    assert corpus.question_vectors.shape == (30, 64) and corpus.question_vectors.dtype == np.float32
    for vectors in (corpus.sentence_vectors, corpus.chunk_vectors, corpus.question_vectors):
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Every question shares words with its chunk and is its nearest chunk far more often than chance.
    nearest = (corpus.question_vectors @ corpus.chunk_vectors.T).argmax(axis=1)
    words = [set(q.split()[6:10]) for q in corpus.questions]
    chunk_words = [set(corpus.chunks[row].text.lower().replace(",", "").split()) for row in nearest]
    hits = sum(bool(asked & found) for asked, found in zip(words, chunk_words, strict=True))
    assert hits >= 20


def test_the_synthetic_embedder_finds_a_question_by_its_number(bench):
    vectors = np.eye(3, dtype=np.float32)
    embedder = bench.SyntheticEmbedder(vectors, 3)
    assert embedder.encode_one("What does the record say about kabe 2020, question 2?")[2] == 1.0
    assert {"record", "question", "about"} <= embedder.dictionary()


def test_a_synthetic_knowledge_base_answers_and_exact_search_has_full_recall(bench):
    corpus = bench.synthetic_corpus(300, 10, dimension=32, seed=5)
    kb, store = bench.synthetic_knowledge_base(corpus)
    assert store.kind == "flat" and kb.manifest.chunk_count == 300
    answers = [kb.ask(q) for q in corpus.questions]
    assert all(a.index_version == "synthetic-300" for a in answers)
    assert bench.recall_at_k(store, corpus.chunk_vectors, corpus.question_vectors) == 1.0


def test_recall_counts_the_exact_neighbours_an_index_misses(bench):
    class HalfBlind:
        def __init__(self, vectors):
            self.vectors = vectors

        def search(self, query, k):
            order = np.argsort(-(self.vectors @ query))
            return [(int(r), 0.0) for r in order[k // 2 : k // 2 + k]]  # skips the best k/2

    rng = np.random.default_rng(0)
    vectors = bench.around(np.zeros((200, 16), dtype=np.float32), 1.0, rng)
    assert bench.recall_at_k(HalfBlind(vectors), vectors, vectors[:20], k=10) == pytest.approx(0.5)


def _touch_and_release(mib: int) -> None:
    """Make `mib` MiB resident, then hand them back to the kernel: an anonymous mapping, which no allocator keeps."""
    block = mmap.mmap(-1, mib * 1024 * 1024, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    view = np.frombuffer(block, dtype=np.uint8)
    view[:] = 1
    del view
    block.close()


def _peak_above_resident_mib(bench) -> float:
    """How far the peak-RSS mark stands above what is resident now."""
    peak = bench._peak_rss_mib()
    resident = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmRSS:"))
    return peak - int(resident.split()[1]) / 1024


def test_peak_memory_can_be_reset_per_size(bench):
    if not bench._peak_rss_reset():
        pytest.skip("no /proc/self/clear_refs here")
    # Peak against resident memory, not absolute figures: the rest of a long test run holds and frees memory of
    # its own, so only the gap the released block leaves, and its closing on a reset, speak of the reset.
    _touch_and_release(64)
    assert _peak_above_resident_mib(bench) > 48  # the peak remembers the released block...
    bench._peak_rss_reset()
    assert _peak_above_resident_mib(bench) < 16  # ... until it is reset to what is resident now
