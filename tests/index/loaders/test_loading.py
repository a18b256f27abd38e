import contextlib

import pytest

from index.errors import DocumentError
from index.loaders import load_documents

BILLION_LAUGHS = (
    "---\n"
    + "\n".join(
        [
            'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
            *(f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)),
        ]
    )
    + "\n---\nBody text.\n"
)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.md", "", "empty"),
        ("blank.txt", "   \n\n", "empty"),
        ("binary.txt", b"\x00\x01\x02data", "binary"),
        ("noise.txt", bytes(range(128, 256)) * 4, "not valid UTF-8"),
        ("bad-front.md", "---\ntitle: [unclosed\n---\nbody\n", "front matter"),
        ("only-front.md", "---\ntitle: x\n---\n", "no text"),
        ("broken.pdf", b"%PDF-1.4 not really", "PDF"),
        ("bomb.md", BILLION_LAUGHS, "aliases"),
        ("deep.md", "---\nx: " + "[" * 50 + "]" * 50 + "\n---\nBody.\n", "nested"),
        ("huge-front.md", "---\n" + "k: v\n" * 5000 + "---\nBody.\n", "front matter longer"),
        ("notes.docx", b"PK\x03\x04", "unsupported file type"),
        ("empty.html", "<html><body></body></html>", "HTML"),
    ],
)
def test_unusable_files_are_skipped_with_a_reason_and_the_rest_load(tmp_path, write, name, content, reason):
    write("good.md", "Good text here.")
    write(name, content)
    result = load_documents(tmp_path)
    assert [d.path for d in result.documents] == ["good.md"]
    assert len(result.skipped) == 1
    assert result.skipped[0][0] == name and reason in result.skipped[0][1]


def test_a_bad_date_is_a_note_and_the_document_still_loads(tmp_path, write):
    write("a.md", "---\ntitle: A\npublished: 2026-13-45\ndate: 2024-02-30\nupdated: 2024-06-01\n---\nBody.\n")
    result = load_documents(tmp_path)
    [doc] = result.documents
    assert doc.published == "2024-06-01"  # the first valid one of published, date, updated
    assert "date" not in doc.metadata
    assert [path for path, _ in result.notes] == ["a.md", "a.md"]
    assert "2026-13-45" in result.notes[0][1]


def test_a_crashing_parser_is_reported_per_document(tmp_path, write, monkeypatch):
    import index.loaders as loaders

    def explode(text, rel_path):
        raise KeyError("internal parser state")

    monkeypatch.setitem(loaders._TEXT_LOADERS, ".html", explode)
    write("a.html", "<p>x</p>")
    write("b.md", "Fine.")
    result = load_documents(tmp_path)
    assert [d.path for d in result.documents] == ["b.md"]
    assert result.skipped == [("a.html", "unreadable HTML: KeyError: 'internal parser state'")]


def test_hidden_files_are_ignored_and_escaping_symlinks_listed_as_skipped(tmp_path, write):
    docs = tmp_path / "docs"
    write("a.md", "Inside.", docs)
    write(".draft.md", "Hidden.", docs)
    write("secret.md", "Outside the docs directory.")
    write("outside/more.md", "Outside too.")
    (docs / "link.md").symlink_to(tmp_path / "secret.md")
    (docs / "linked-dir").symlink_to(tmp_path / "outside")
    (docs / "inner.md").symlink_to(docs / "a.md")
    result = load_documents(docs)
    assert [d.path for d in result.documents] == ["a.md", "inner.md"]
    assert result.skipped == [
        ("link.md", "links outside the docs directory"),
        ("linked-dir", "links outside the docs directory"),
    ]


def test_a_missing_docs_directory_is_a_clear_error(tmp_path):
    with pytest.raises(DocumentError, match="does not exist"):
        load_documents(tmp_path / "nope")


def test_a_parse_that_runs_too_long_is_refused_even_if_the_parser_catches_exceptions(tmp_path, write, monkeypatch):
    import time

    import index.loaders as loaders
    import index.loaders.limits as limits

    def stubborn(text, rel_path):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):  # what a careless parser does
                time.sleep(0.01)
        raise AssertionError("the time limit did not stop the parser")

    monkeypatch.setitem(loaders._TEXT_LOADERS, ".html", stubborn)
    monkeypatch.setattr(limits, "PARSE_SECONDS", 0.2)
    write("slow.html", "<p>x</p>")
    result = load_documents(tmp_path)
    assert result.skipped == [("slow.html", "parsing took longer than 0.2 s")]


def test_a_file_over_the_size_limit_is_skipped_with_its_size_and_the_rest_load(tmp_path, write, monkeypatch):
    import index.loaders as loaders

    monkeypatch.setattr(loaders, "MAX_DOCUMENT_BYTES", 1024 * 1024)
    write("good.md", "Good text here.")
    write("huge.txt", "A long line of text.\n" * 60_000)
    result = load_documents(tmp_path)
    assert [d.path for d in result.documents] == ["good.md"]
    assert result.skipped == [("huge.txt", "too large (1.2 MiB; the limit is 1 MiB)")]


def test_a_file_saved_in_a_legacy_encoding_loads_with_a_note(tmp_path, write):
    write("notice.txt", "Deadline moved \u2013 the \u201copen call\u201d closes 5 May.\n".encode("cp1252"))
    result = load_documents(tmp_path)
    [doc] = result.documents
    assert doc.blocks[0].text == "Deadline moved \u2013 the \u201copen call\u201d closes 5 May."
    assert result.notes == [("notice.txt", "not UTF-8; read as cp1252")]
