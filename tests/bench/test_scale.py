"""bench/scale.py: what the scale section measures with: a synthetic knowledge base, recall, peak memory."""

from __future__ import annotations

import mmap
from pathlib import Path

import numpy as np
import pytest

from bench.scale import peak_rss_mib, recall_at_k, reset_peak_rss
from bench.synthetic import around, synthetic_corpus, synthetic_knowledge_base


def test_a_synthetic_knowledge_base_answers_and_exact_search_has_full_recall():
    corpus = synthetic_corpus(300, 10, dimension=32, seed=5)
    kb, store = synthetic_knowledge_base(corpus)
    assert store.kind == "flat" and kb.manifest.chunk_count == 300
    answers = [kb.ask(q) for q in corpus.questions]
    assert all(a.index_version == "synthetic-300" for a in answers)
    assert recall_at_k(store, corpus.chunk_vectors, corpus.question_vectors) == 1.0


def test_recall_counts_the_exact_neighbours_an_index_misses():
    class HalfBlind:
        def __init__(self, vectors):
            self.vectors = vectors

        def search(self, query, k):
            order = np.argsort(-(self.vectors @ query))
            return [(int(r), 0.0) for r in order[k // 2 : k // 2 + k]]  # skips the best k/2

    rng = np.random.default_rng(0)
    vectors = around(np.zeros((200, 16), dtype=np.float32), 1.0, rng)
    assert recall_at_k(HalfBlind(vectors), vectors, vectors[:20], k=10) == pytest.approx(0.5)


def _touch_and_release(mib: int) -> None:
    """Make `mib` MiB resident, then hand them back to the kernel: an anonymous mapping, which no allocator keeps."""
    block = mmap.mmap(-1, mib * 1024 * 1024, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    view = np.frombuffer(block, dtype=np.uint8)
    view[:] = 1
    del view
    block.close()


def _peak_above_resident_mib() -> float:
    """How far the peak-RSS mark stands above what is resident now."""
    peak = peak_rss_mib()
    resident = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmRSS:"))
    return peak - int(resident.split()[1]) / 1024


def test_peak_memory_can_be_reset_per_size():
    if not reset_peak_rss():
        pytest.skip("no /proc/self/clear_refs here")
    # Peak against resident memory, not absolute figures: the rest of a long test run holds and frees memory of
    # its own, so only the gap the released block leaves, and its closing on a reset, speak of the reset.
    _touch_and_release(64)
    assert _peak_above_resident_mib() > 48  # the peak remembers the released block...
    reset_peak_rss()
    assert _peak_above_resident_mib() < 16  # ... until it is reset to what is resident now
