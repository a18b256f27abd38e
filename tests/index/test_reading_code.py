"""An index built by other reading code (loaders, chunking, record extraction) is rebuilt, reusing its vectors."""

from __future__ import annotations

import pytest

from index import build, reading_code
from index.build import build_index
from tests.index.reindex_support import write_corpus


def test_the_fingerprint_covers_every_loader_module():
    files = {path.name for module in reading_code.READING_MODULES for path in reading_code._source_files(module)}
    assert {"pdf.py", "html.py", "markdown.py", "chunking.py", "sentences.py"} <= files


def test_the_fingerprint_changes_with_the_source_of_a_reading_module(tmp_path, monkeypatch):
    before = reading_code.reading_fingerprint()
    edited = tmp_path / "chunking.py"
    edited.write_text(reading_code._source_files("index.chunking")[0].read_text() + "\n# edited\n")
    real = reading_code._source_files
    monkeypatch.setattr(
        reading_code, "_source_files", lambda module: [edited] if module == "index.chunking" else real(module)
    )
    reading_code.reading_fingerprint.cache_clear()
    try:
        assert reading_code.reading_fingerprint() != before
    finally:
        monkeypatch.undo()
        reading_code.reading_fingerprint.cache_clear()
    assert reading_code.reading_fingerprint() == before


def test_a_build_by_other_reading_code_is_rebuilt_with_its_vectors_reused(tmp_path, embedder, monkeypatch):
    docs = write_corpus(tmp_path / "docs")
    out = tmp_path / "index"
    first = build_index(docs, out, embedder)
    assert not build_index(docs, out, embedder).changed

    chunked = []
    real_chunk_document = build.chunk_document
    monkeypatch.setattr(
        build, "chunk_document", lambda doc, cfg: chunked.append(doc.path) or real_chunk_document(doc, cfg)
    )
    for module in ("index.build", "index.build_reuse"):
        monkeypatch.setattr(f"{module}.reading_fingerprint", lambda: "other-reading-code")
    report = build_index(docs, out, embedder)
    assert report.changed and report.published
    assert report.version != first.version
    assert sorted(chunked) == sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file())
    assert report.sentences_reused > 0 and report.sentences_embedded == 0
    assert not build_index(docs, out, embedder).changed


def test_a_missing_reading_module_is_named():
    with pytest.raises(ModuleNotFoundError, match=r"index\.nowhere"):
        reading_code._source_files("index.nowhere")
