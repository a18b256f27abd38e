"""Incremental reindexing of a tiny corpus with the real model: reuse, removal, safety, the golden guard, PDF pages."""

from __future__ import annotations

import pytest

import index.build
import index.build_writer
import index.reindex
from index.build import build_index
from index.build_lock import BuildLockedError, build_lock
from index.knowledge_base import KnowledgeBase
from index.reindex import DRY_RUN, FAILED, PUBLISHED, REFUSED, RELOADED, UNCHANGED, reindex
from index.storage import current_build_dir
from tests.index.reindex_support import (
    ALPHA,
    ALPHA_WITHOUT_REACTOR,
    BETA,
    GOLDEN,
    build_names,
    make_pdf,
    published_build,
    write_corpus,
)


@pytest.fixture
def docs(tmp_path):
    return write_corpus(tmp_path / "docs")


@pytest.fixture
def index_dir(tmp_path, docs, embedder):
    out = tmp_path / "index"
    build_index(docs, out, embedder)
    return out


@pytest.fixture
def current(index_dir, embedder):
    return KnowledgeBase.load(index_dir, embedder)


@pytest.fixture
def encoded(embedder, monkeypatch):
    """Every list of texts the model is asked to encode (sentences with their words, or words), in order."""
    calls: list[list[str]] = []

    def recording(original):
        def encode(texts, **kwargs):
            calls.append(list(texts))
            return original(texts, **kwargs)

        return encode

    for name in ("encode", "encode_with_words"):
        monkeypatch.setattr(embedder, name, recording(getattr(embedder, name)))
    return calls


def test_a_changed_document_re_embeds_only_its_new_sentences(docs, index_dir, current, embedder, encoded, now):
    changed = ALPHA.replace("forty kilowatts", "sixty kilowatts") + "\nA second reactor is planned for 2031.\n"
    (docs / "alpha.md").write_text(changed, encoding="utf-8")

    result = reindex(docs, index_dir, embedder, current, golden=GOLDEN, now=now)

    assert result.status == PUBLISHED, result.summary()
    report = result.report
    assert (report.documents_added, report.documents_changed, report.documents_removed) == ([], ["alpha.md"], [])
    new_sentences = ["The reactor delivers sixty kilowatts of electricity.", "A second reactor is planned for 2031."]
    assert encoded[0] == new_sentences  # the build's only encode call: nothing else was re-embedded
    assert report.sentences_embedded == 2
    assert report.sentences_reused == sum(len(c.sentences) for c in result.kb.chunks) - 2
    assert "changed 1" in result.summary() and "sentences embedded 2" in result.summary()
    assert published_build(index_dir).endswith(result.kb.version)
    assert "sixty kilowatts" in result.kb.search("reactor kilowatts of electricity", k=1)[0].chunk.text
    assert not any("forty kilowatts" in chunk.text for chunk in result.kb.chunks)


def test_unchanged_documents_keep_their_chunks_without_being_split_again(docs, index_dir, embedder, monkeypatch):
    chunked = []
    original = index.build.chunk_document

    def recording(document, config=None):
        chunked.append(document.path)
        return original(document, config)

    monkeypatch.setattr(index.build, "chunk_document", recording)
    before = KnowledgeBase.load(index_dir, embedder)
    (docs / "beta.md").write_text(BETA + "\nThe radar maps ice layers.\n", encoding="utf-8")

    build_index(docs, index_dir, embedder)

    assert chunked == ["beta.md"]
    after = KnowledgeBase.load(index_dir, embedder)
    assert [c for c in after.chunks if c.doc_path != "beta.md"] == [c for c in before.chunks if c.doc_path != "beta.md"]
    build_index(docs, index_dir, embedder, full=True)
    assert sorted(chunked[1:]) == ["alpha.md", "beta.md", "gamma.txt"]  # a full build splits everything again


def test_a_removed_document_disappears_from_search_citations_and_deadlines(docs, index_dir, current, embedder, now):
    assert any(record.source == "gamma.txt" for record in current.deadlines)
    (docs / "gamma.txt").unlink()

    result = reindex(docs, index_dir, embedder, current, golden=GOLDEN, now=now)

    assert result.status == PUBLISHED, result.summary()
    assert result.report.documents_removed == ["gamma.txt"]
    kb = result.kb
    assert all(chunk.doc_path != "gamma.txt" for chunk in kb.chunks)
    assert "gamma.txt" not in [doc.path for doc in kb.manifest.documents]
    assert all(hit.chunk.doc_path != "gamma.txt" for hit in kb.search("Gamma lander Shackleton crater", k=10))
    for question in ("Where will the Gamma lander touch down?", "What is the next deadline?"):
        answer = kb.ask(question, now=now)
        assert all(c.source != "gamma.txt" for c in answer.citations), answer.text
    assert all(record.source != "gamma.txt" for record in kb.deadlines)


def test_nothing_changed_builds_nothing(docs, index_dir, current, embedder, encoded):
    before = build_names(index_dir)
    result = reindex(docs, index_dir, embedder, current, golden=GOLDEN)
    assert result.status == UNCHANGED and result.kb is None
    assert "up to date" in result.summary()
    assert encoded == [] and build_names(index_dir) == before


def test_the_model_is_only_made_when_something_changed(docs, index_dir, embedder):
    made = []

    def factory():
        made.append(1)
        return embedder

    assert reindex(docs, index_dir, factory, golden=GOLDEN).status == UNCHANGED
    assert made == []
    (docs / "delta.md").write_text("The Delta orbiter relays signals from the far side.", encoding="utf-8")
    result = reindex(docs, index_dir, factory, golden=GOLDEN, compare_with_published=True)
    assert result.status == PUBLISHED and made == [1]
    assert result.guard.current_score == result.guard.candidate_score == len(GOLDEN)


def test_a_dry_run_lists_the_changes_and_builds_nothing(docs, index_dir, current, embedder, encoded):
    (docs / "alpha.md").write_text(ALPHA_WITHOUT_REACTOR, encoding="utf-8")
    (docs / "delta.md").write_text("The Delta orbiter relays signals from the far side.", encoding="utf-8")
    (docs / "beta.md").unlink()
    before, serving = build_names(index_dir), published_build(index_dir)

    result = reindex(docs, index_dir, embedder, current, golden=GOLDEN, dry_run=True)

    assert result.status == DRY_RUN and result.kb is None
    assert result.report.changes() == ["+ delta.md", "~ alpha.md", "- beta.md"]
    assert "would rebuild" in result.summary()
    assert encoded == [] and build_names(index_dir) == before and published_build(index_dir) == serving


def test_an_index_published_elsewhere_is_picked_up(docs, index_dir, current, embedder):
    (docs / "delta.md").write_text("The Delta orbiter relays signals from the far side.", encoding="utf-8")
    build_index(docs, index_dir, embedder)  # say, scripts/build_index.py while the bot runs
    result = reindex(docs, index_dir, embedder, current, golden=GOLDEN)
    assert result.status == RELOADED
    assert result.kb.version != current.version and published_build(index_dir).endswith(result.kb.version)


def test_the_guard_refuses_a_worse_index_unless_forced(docs, index_dir, current, embedder, now):
    (docs / "alpha.md").write_text(ALPHA_WITHOUT_REACTOR, encoding="utf-8")
    before, serving = build_names(index_dir), published_build(index_dir)

    refused = reindex(docs, index_dir, embedder, current, golden=GOLDEN, now=now)

    assert refused.status == REFUSED and refused.kb is None and not refused.ok
    assert (refused.guard.current_score, refused.guard.candidate_score) == (3, 2)
    assert [r.id for r in refused.guard.regressions] == ["power"]
    assert "still serving" in refused.summary() and "regressed [power]" in refused.summary()
    assert published_build(index_dir) == serving
    assert build_names(index_dir) == before  # the refused build was deleted

    forced = reindex(docs, index_dir, embedder, current, golden=GOLDEN, force=True, now=now)
    assert forced.status == PUBLISHED and forced.guard is None
    assert "not checked (forced)" in forced.summary()
    assert published_build(index_dir).endswith(forced.kb.version)
    assert "greenhouse" in forced.kb.ask("What does the Alpha greenhouse grow?", now=now).text


def test_an_interrupted_build_leaves_the_previous_index_serving(docs, index_dir, current, embedder, monkeypatch):
    (docs / "alpha.md").write_text(ALPHA_WITHOUT_REACTOR, encoding="utf-8")
    before, serving = build_names(index_dir), published_build(index_dir)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt  # halfway through writing the new build's files

    monkeypatch.setattr(index.build_writer, "write_records", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_index(docs, index_dir, embedder)
    with pytest.raises(KeyboardInterrupt):
        reindex(docs, index_dir, embedder, current, golden=GOLDEN)

    assert published_build(index_dir) == serving and build_names(index_dir) == before
    assert KnowledgeBase.load(index_dir, embedder).version == current.version
    monkeypatch.undo()
    assert build_index(docs, index_dir, embedder).published  # and the next build goes through


def test_a_failure_after_the_build_discards_it(docs, index_dir, current, embedder, monkeypatch):
    (docs / "alpha.md").write_text(ALPHA_WITHOUT_REACTOR, encoding="utf-8")
    before, serving = build_names(index_dir), published_build(index_dir)

    def broken_guard(*args, **kwargs):
        raise RuntimeError("the guard crashed")

    monkeypatch.setattr(index.reindex, "guard", broken_guard)
    with pytest.raises(RuntimeError, match="guard crashed"):
        reindex(docs, index_dir, embedder, current, golden=GOLDEN)
    assert published_build(index_dir) == serving and build_names(index_dir) == before


def test_a_second_build_is_refused_while_one_holds_the_lock(docs, index_dir, current, embedder):
    (docs / "alpha.md").write_text(ALPHA_WITHOUT_REACTOR, encoding="utf-8")
    serving = published_build(index_dir)
    with build_lock(index_dir):
        with pytest.raises(BuildLockedError, match="another build"):
            build_index(docs, index_dir, embedder)
        result = reindex(docs, index_dir, embedder, current, golden=GOLDEN)
        assert result.status == FAILED and "another build" in result.reason
        assert "still serving" in result.summary()
    assert published_build(index_dir) == serving
    assert reindex(docs, index_dir, embedder, current, golden=GOLDEN, force=True).status == PUBLISHED


def test_malformed_documents_are_skipped_and_the_rest_published(docs, index_dir, current, embedder):
    (docs / "bad-front.md").write_text("---\ntitle: [unclosed\n---\nBody text.\n", encoding="utf-8")
    (docs / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (docs / "delta.md").write_text("The Delta orbiter relays signals from the far side.", encoding="utf-8")

    result = reindex(docs, index_dir, embedder, current, golden=GOLDEN)

    assert result.status == PUBLISHED, result.summary()
    skipped = dict(result.report.skipped)
    assert set(skipped) == {"bad-front.md", "binary.txt"}
    assert "front matter" in skipped["bad-front.md"] and "binary" in skipped["binary.txt"]
    assert "skipped bad-front.md" in result.summary()
    paths = [doc.path for doc in result.kb.manifest.documents]
    assert paths == ["alpha.md", "beta.md", "delta.md", "gamma.txt"]


def test_a_symlink_leaving_the_docs_directory_is_not_indexed_and_listed_as_skipped(tmp_path, docs, embedder):
    (tmp_path / "secret.md").write_text("The vault combination is 4417.", encoding="utf-8")
    (docs / "leak.md").symlink_to(tmp_path / "secret.md")
    (docs / "inside.md").symlink_to(docs / "beta.md")  # a link within the directory is fine

    report = build_index(docs, tmp_path / "index", embedder)
    kb = KnowledgeBase.load(tmp_path / "index", embedder)

    assert "leak.md" not in [doc.path for doc in kb.manifest.documents]
    assert "inside.md" in [doc.path for doc in kb.manifest.documents]
    assert all("4417" not in chunk.text for chunk in kb.chunks)
    assert report.published
    assert kb.manifest.skipped == [["leak.md", "links outside the docs directory"]]
    assert "skipped leak.md: links outside the docs directory" in report.summary()


def test_bad_values_and_resource_bombs_do_not_stop_a_build(tmp_path, docs, embedder):
    (docs / "bad-date.md").write_text("---\npublished: 2026-13-45\n---\nThe Epsilon rover.\n", encoding="utf-8")
    bomb = "\n".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10))
    (docs / "bomb.md").write_text(f"---\na0: &a0 [lol]\n{bomb}\n---\nBody.\n", encoding="utf-8")

    report = build_index(docs, tmp_path / "index", embedder)
    kb = KnowledgeBase.load(tmp_path / "index", embedder)

    assert "bad-date.md" in [doc.path for doc in kb.manifest.documents]
    assert [path for path, _ in kb.manifest.skipped] == ["bomb.md"]
    assert kb.manifest.notes == [["bad-date.md", "front matter published: '2026-13-45' is not a date; ignored"]]
    assert "note bad-date.md: front matter published" in report.summary()


def test_pdf_answers_cite_their_page(tmp_path, embedder, now):
    docs = tmp_path / "docs"
    docs.mkdir()
    pages = [
        ["Lunar Survey Report.", "The survey covers the lunar south pole."],
        ["The drill reaches a depth of two meters.", "Ice samples return to Earth in 2029."],
    ]
    (docs / "survey.pdf").write_bytes(make_pdf(pages, "Lunar Survey"))
    build_index(docs, tmp_path / "index", embedder)
    kb = KnowledgeBase.load(tmp_path / "index", embedder)

    answer = kb.ask("How deep does the drill reach?", now=now)

    assert not answer.abstained, answer.text
    citation = answer.citations[0]
    assert (citation.source, citation.page, citation.title) == ("survey.pdf", 2, "Lunar Survey")
    assert "two meters" in citation.quote
    assert {chunk.page for chunk in kb.chunks} == {1, 2}


def test_the_published_index_is_what_the_loader_sees(index_dir, current):
    assert current_build_dir(index_dir).name.endswith(current.version)


def test_a_malformed_golden_set_fails_before_any_embedding(tmp_path, docs, index_dir, current, embedder, encoded):
    (docs / "alpha.md").write_text(ALPHA_WITHOUT_REACTOR, encoding="utf-8")
    golden = tmp_path / "golden.jsonl"
    golden.write_text('{"id": "x", "question": "q"}\n', encoding="utf-8")
    before = build_names(index_dir)

    result = reindex(docs, index_dir, embedder, current, golden=golden)

    assert result.status == FAILED and "golden.jsonl:1" in result.reason
    assert encoded == [] and build_names(index_dir) == before
