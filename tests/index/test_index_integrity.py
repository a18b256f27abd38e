"""A damaged published index is never taken for current: builds check it whole and rebuild it, loading refuses
it in one line, and a CURRENT pointer naming anything but a build of this index stops everything but --full."""

from __future__ import annotations

import hashlib
import json

import pytest

from index.build import build_index
from index.errors import IndexCorruptError, IndexError_
from index.knowledge_base import KnowledgeBase
from index.manifest import read_manifest
from index.storage import BUILDS, CURRENT, FAISS_INDEX, MANIFEST, current_build_dir
from tests.index.reindex_support import write_corpus


@pytest.fixture
def built(tmp_path, embedder):
    docs = write_corpus(tmp_path / "docs")
    out = tmp_path / "index"
    build_index(docs, out, embedder)
    return docs, out


def published(out):
    return current_build_dir(out)


def test_a_plain_build_rebuilds_a_truncated_faiss_file_and_says_so(built, embedder):
    docs, out = built
    faiss_file = published(out) / FAISS_INDEX
    faiss_file.write_bytes(faiss_file.read_bytes()[:100])

    check = build_index(docs, out, embedder, dry_run=True)
    assert check.changed and "corrupt" in check.corrupt and FAISS_INDEX in check.corrupt
    assert "the published index is corrupt" in check.summary()

    report = build_index(docs, out, embedder)
    assert report.published and report.sentences_reused == 0
    assert report.summary().startswith("the published index is corrupt (")
    assert "rebuilt everything" in report.summary()
    KnowledgeBase.load(out, embedder)  # serving again
    assert not build_index(docs, out, embedder).changed


def test_a_faiss_file_that_matches_its_checksum_but_cannot_be_read_is_corrupt(built, embedder):
    docs, out = built
    build = published(out)
    (build / FAISS_INDEX).write_bytes(b"not a faiss index")
    manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"][FAISS_INDEX] = hashlib.sha256(b"not a faiss index").hexdigest()
    (build / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    report = build_index(docs, out, embedder, dry_run=True)
    assert report.changed and "FAISS index cannot be read" in report.corrupt
    with pytest.raises(IndexCorruptError, match="FAISS index cannot be read"):
        KnowledgeBase.load(out, embedder)


@pytest.mark.parametrize(
    ("files", "reason"),
    [
        (None, "files"),
        ([], "files"),
        ({}, "lists no checksum"),
        ({"chunks.json": 5}, "files.chunks.json"),
    ],
)
def test_malformed_manifest_shapes_are_one_line_corrupt_errors(built, embedder, files, reason):
    _, out = built
    build = published(out)
    manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"] = files
    (build / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexCorruptError, match=reason) as caught:
        KnowledgeBase.load(out, embedder)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "document",
    [None, [], "text", {"model": "m"}, {"documents": [{"path": 3}]}],
    ids=["null", "list", "string", "fields-missing", "bad-document"],
)
def test_manifests_that_are_not_manifests_are_corrupt(built, document):
    _, out = built
    build = published(out)
    (build / MANIFEST).write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(IndexCorruptError, match=r"index manifest .* is corrupt"):
        read_manifest(build)


@pytest.mark.parametrize(
    ("pointer", "problem"),
    [
        (b"\xff\xfe builds/x", "is not UTF-8"),
        (b"builds/\x00x", "control characters"),
        (b"", "is empty"),
        (b"   \n", "is empty"),
        (b"../../etc", "not a build inside"),
        (b"/etc", "not a build inside"),
        (b"builds/../../outside", "not a build inside"),
        (b"builds", "not a build inside"),
        (b"builds/20990101T000000Z-gone", "does not exist"),
        (b"x" * 5000, "longer than"),
    ],
)
def test_a_bad_current_pointer_is_one_line_naming_what_to_run(built, embedder, pointer, problem):
    docs, out = built
    (out / CURRENT).write_bytes(pointer)
    builds_before = sorted(p.name for p in (out / BUILDS).iterdir())
    for attempt in (
        lambda: current_build_dir(out, required=False),
        lambda: KnowledgeBase.load(out, embedder),
        lambda: build_index(docs, out, embedder),
        lambda: build_index(docs, out, embedder, dry_run=True),
    ):
        with pytest.raises(IndexCorruptError, match=problem) as caught:
            attempt()
        message = str(caught.value)
        assert "\n" not in message and "build_index.py --full --out" in message
    # Nothing was built over it: the pointer is untouched, no build was added.
    assert (out / CURRENT).read_bytes() == pointer
    assert sorted(p.name for p in (out / BUILDS).iterdir()) == builds_before


def test_full_replaces_a_bad_pointer_and_nothing_outside_the_index_is_touched(built, embedder, tmp_path):
    docs, out = built
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine", encoding="utf-8")
    (out / CURRENT).write_text("../outside", encoding="utf-8")
    report = build_index(docs, out, embedder, full=True)
    assert report.published and "not a build inside" in report.corrupt
    assert (outside / "keep.txt").read_text(encoding="utf-8") == "mine"
    KnowledgeBase.load(out, embedder)


def test_every_index_error_is_an_index_error(built, embedder):
    _, out = built
    (out / CURRENT).write_bytes(b"\x00")
    with pytest.raises(IndexError_):
        KnowledgeBase.load(out, embedder)
