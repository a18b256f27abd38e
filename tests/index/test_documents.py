from pathlib import Path

import pytest

from index.documents import load_document, load_documents
from index.errors import DocumentError

ROOT = Path(__file__).resolve().parents[2]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_the_article_is_clean_and_keeps_its_front_matter():
    doc = load_document(ROOT / "docs" / "proposal-article.md", "proposal-article.md")
    assert doc.title.startswith("China’s Lunar Mission Collaboration Proposal")
    assert doc.metadata["author"] == "Akash Osta"
    body = "\n".join(s.text for s in doc.sections)
    for noise in ("728 x 90", "Avatar of", "CONTRIBUTOR", "PROFILE"):
        assert noise not in body
    assert doc.title not in body  # the repeated headline is gone from the body
    assert "until December 31 to submit a letter of intent" in body


def test_markdown_headings_become_sections_and_markup_is_stripped(tmp_path):
    path = write(
        tmp_path / "guide.md",
        "---\ntitle: Guide\nurl: https://example.org/guide\n---\nIntro text.\n\n## Deadlines\n"
        "Send **everything** by [the form](https://x.y).\n\n```\ncode # not a heading\n```\n### Later\n- item one\n",
    )
    doc = load_document(path, "guide.md")
    assert [s.heading for s in doc.sections] == ["", "Deadlines", "Later"]
    assert doc.sections[1].text.startswith("Send everything by the form.")
    assert "code # not a heading" in doc.sections[1].text
    assert doc.sections[2].text == "item one"
    assert doc.url == "https://example.org/guide"


def test_markdown_without_front_matter_takes_its_title_from_the_first_heading(tmp_path):
    doc = load_document(write(tmp_path / "notes.md", "# Field notes\n\nBody.\n"), "notes.md")
    assert doc.title == "Field notes"
    assert [s.text for s in doc.sections] == ["Body."]


def test_html_keeps_headings_drops_navigation_and_reads_metadata(tmp_path):
    html = """<html><head><title>Station news</title><meta name="author" content="Jo Doe">
    <link rel="canonical" href="https://example.org/news"></head><body><nav>Home | About</nav>
    <main><h1>Station news</h1><p>First paragraph.</p><h2>Partners</h2><p>Russia joined.</p>
    <script>var x = 1;</script></main><footer>© site</footer></body></html>"""
    doc = load_document(write(tmp_path / "news.html", html), "news.html")
    assert doc.title == "Station news"
    assert doc.metadata["author"] == "Jo Doe"
    assert doc.url == "https://example.org/news"
    assert [(s.heading, s.text) for s in doc.sections] == [
        ("Station news", "First paragraph."),
        ("Partners", "Russia joined."),
    ]


def test_plain_text_is_one_section_titled_from_the_file_name(tmp_path):
    doc = load_document(
        write(tmp_path / "mission-notes.txt", "line one\nwrapped\n\nsecond para\n"), "mission-notes.txt"
    )
    assert doc.title == "Mission notes"
    assert doc.sections[0].text == "line one wrapped\n\nsecond para"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.md", "", "empty"),
        ("blank.txt", "   \n\n", "empty"),
        ("binary.txt", b"\x00\x01\x02data", "binary"),
        ("latin1.txt", "caf\xe9".encode("latin-1"), "UTF-8"),
        ("bad-front.md", "---\ntitle: [unclosed\n---\nbody\n", "front matter"),
        ("only-front.md", "---\ntitle: x\n---\n", "no text"),
        ("broken.pdf", b"%PDF-1.4 not really", "PDF"),
    ],
)
def test_unreadable_files_are_skipped_with_a_reason_and_the_rest_load(tmp_path, name, content, reason):
    write(tmp_path / "good.md", "Good text here.")
    write(tmp_path / name, content)
    result = load_documents(tmp_path)
    assert [d.path for d in result.documents] == ["good.md"]
    assert len(result.skipped) == 1
    assert result.skipped[0][0] == name and reason in result.skipped[0][1]


def test_hidden_files_are_ignored_and_symlinks_out_of_the_docs_dir_refused(tmp_path):
    docs = tmp_path / "docs"
    write(docs / "a.md", "Inside.")
    write(docs / ".draft.md", "Hidden.")
    write(tmp_path / "secret.md", "Outside the docs directory.")
    (docs / "link.md").symlink_to(tmp_path / "secret.md")
    result = load_documents(docs)
    assert [d.path for d in result.documents] == ["a.md"]


def test_a_missing_docs_directory_is_a_clear_error(tmp_path):
    with pytest.raises(DocumentError, match="does not exist"):
        load_documents(tmp_path / "nope")
