"""bench/build_corpus.py: corpora of unique sentences made from real ones."""

from __future__ import annotations

from pathlib import Path

from bench.build_corpus import source_sentences, unique_sentences, write_build_corpus
from index.loaders import load_documents

ROOT = Path(__file__).resolve().parents[2]


def test_unique_sentences_cycle_through_the_real_ones():
    made = unique_sentences(["The rover drives.", "It stops."], 3)
    assert made == ["In record 0, the rover drives.", "In record 1, it stops.", "In record 2, the rover drives."]


def test_the_build_corpus_has_exactly_the_unique_sentences_asked_for(tmp_path):
    sentences = source_sentences([ROOT / "docs"])
    files = write_build_corpus(tmp_path, sentences, 100, per_document=40)
    assert files == 3
    loaded = load_documents(tmp_path)
    assert not loaded.skipped and len(loaded.documents) == 3
    text = " ".join(block.text for doc in loaded.documents for block in doc.blocks)
    assert all(f"In record {n}," in text for n in range(100)) and "In record 100," not in text
