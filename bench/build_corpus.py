"""Corpora of unique sentences made from real ones, for the build and encoder sections."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

from bench.registry import BenchmarkError


def source_sentences(directories: Sequence[Path]) -> list[str]:
    """The sentences of every document in the directories, as the build splits them."""
    from index.chunking import chunk_document
    from index.loaders import load_documents

    sentences: list[str] = []
    for directory in directories:
        for document in load_documents(directory).documents:
            sentences += [s for chunk in chunk_document(document) for s in chunk.sentences]
    if not sentences:
        raise BenchmarkError("no sentences in " + ", ".join(map(str, directories)))
    return sentences


def unique_sentences(sentences: Sequence[str], count: int) -> list[str]:
    """`count` distinct sentences made from real ones."""
    return [
        f"In record {n}, {s[0].lower()}{s[1:]}" for n, s in zip(range(count), itertools.cycle(sentences), strict=False)
    ]


def write_build_corpus(out: Path, sentences: Sequence[str], count: int, *, per_document: int = 40) -> int:
    """`count` unique sentences made from real ones, as plain-text documents of paragraphs; the files written."""
    out.mkdir(parents=True, exist_ok=True)
    unique = unique_sentences(sentences, count)
    files = 0
    for start in range(0, len(unique), per_document):
        paragraphs = [" ".join(unique[i : i + 4]) for i in range(start, min(start + per_document, len(unique)), 4)]
        (out / f"record-{start // per_document:04d}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        files += 1
    return files
