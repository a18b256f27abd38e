"""A build's report: the documents added, changed and removed against the published build, and its summary."""

from pathlib import Path

from index.build_report import BuildReport
from index.loaders import LoadResult
from index.manifest import DocumentInfo, Manifest
from index.schema import Document


def _published(*documents: tuple[str, str]) -> Manifest:
    infos = [DocumentInfo(path=path, title=path, sha256=sha, chunks=1) for path, sha in documents]
    return Manifest("model", 384, {}, infos, len(infos), len(infos), "2026-01-01T00:00:00+00:00", "old", "flat")


def _loaded(*documents: tuple[str, str], skipped=(), notes=()) -> LoadResult:
    docs = [Document(path=path, title=path, blocks=(), sha256=sha) for path, sha in documents]
    return LoadResult(docs, list(skipped), list(notes))


def test_documents_are_told_apart_by_path_and_bytes():
    loaded = _loaded(("kept.md", "1"), ("edited.md", "2b"), ("added.md", "3"), skipped=[("bad.pdf", "empty")])
    previous = _published(("kept.md", "1"), ("edited.md", "2a"), ("gone.md", "4"))
    report = BuildReport.of_changes(Path("index"), "new", loaded, previous)
    assert (report.documents_added, report.documents_changed, report.documents_removed) == (
        ["added.md"],
        ["edited.md"],
        ["gone.md"],
    )
    assert report.changes() == ["+ added.md", "~ edited.md", "- gone.md"]
    assert report.skipped == [("bad.pdf", "empty")] and report.changed


def test_without_a_published_build_every_document_is_added():
    report = BuildReport.of_changes(Path("index"), "new", _loaded(("b.md", "2"), ("a.md", "1")), None)
    assert report.documents_added == ["a.md", "b.md"] and not report.documents_removed


def test_the_summary_says_what_a_dry_run_would_do_and_why():
    report = BuildReport.of_changes(Path("index"), "new", _loaded(("a.md", "1")), _published(("a.md", "1")))
    report.dry_run = True
    assert report.summary().splitlines()[1:] == ["  (same documents; the model or chunking settings changed)"]
    report.corrupt = "chunks.json is missing"
    assert "corrupt (chunks.json is missing): everything would be rebuilt" in report.summary()
    report.changed = False
    assert report.summary().startswith("index new is up to date")
