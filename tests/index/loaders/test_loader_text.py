from index.loaders import load_document

RELEASE = """ILRS press release

BEIJING, 3 May 2024 — The China National Space Administration said on Friday
that Pakistan has joined the International Lunar Research Station.

Background

The station's partners include:
- Russia
- Belarus, which joined
  in 2023

Q: Who leads the ILRS?
A: China and Russia lead it
together.

When will it be built?

In the 2030s.
"""


def test_title_dateline_headings_lists_and_faq(write):
    doc = load_document(write("release.txt", RELEASE), "release.txt")
    assert doc.title == "ILRS press release"
    assert doc.published == "2024-05-03"
    assert [(b.kind, b.section, b.text) for b in doc.blocks if b.kind != "heading"] == [
        (
            "paragraph",
            (),
            "BEIJING, 3 May 2024 — The China National Space Administration said on Friday that Pakistan has "
            "joined the International Lunar Research Station.",
        ),
        ("list", ("Background",), "The station's partners include: Russia; Belarus, which joined in 2023."),
        ("faq", ("Background", "Who leads the ILRS?"), "Who leads the ILRS?\nChina and Russia lead it together."),
        ("faq", ("When will it be built?",), "When will it be built?\nIn the 2030s."),
    ]


def test_plain_text_without_a_title_line_is_titled_from_the_file_name(write):
    doc = load_document(write("mission-notes.txt", "line one\nwrapped.\n\nsecond para.\n"), "mission-notes.txt")
    assert doc.title == "Mission notes"
    assert [b.text for b in doc.blocks] == ["line one wrapped.", "second para."]
    assert doc.published is None


def test_a_published_on_line_dates_the_text(write):
    doc = load_document(write("n.txt", "Notes\n\nPublished on March 4, 2025.\n\nBody text.\n"), "n.txt")
    assert doc.published == "2025-03-04"
