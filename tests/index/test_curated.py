"""The curated document: entries the Markdown loader reads as FAQ pairs, escaped, removable, written whole."""

from __future__ import annotations

from datetime import UTC, datetime

from index.curated import CuratedEntry, append_entry, as_question, escape_markdown, remove_entry
from index.loaders.markdown import load_markdown

WHEN = datetime(2026, 11, 30, 13, 0, tzinfo=UTC)


def entry(entry_id: int, question: str, answer: str, **changes) -> CuratedEntry:
    values = dict(approved_by="Mod", approved_at=WHEN, link="https://discord.com/channels/1/2/3")
    return CuratedEntry(entry_id, question, answer, **values | changes)


def faqs(text: str) -> list[str]:
    return [block.text for block in load_markdown(text, "community-answers.md").blocks if block.kind == "faq"]


def test_entries_are_question_headings_paired_with_their_answers(tmp_path):
    path = tmp_path / "docs" / "community-answers.md"
    append_entry(path, tmp_path / "index", entry(1, "Who runs the payload office", "The payload office is run by Ana."))
    append_entry(path, tmp_path / "index", entry(2, "Is there a fee?", "No fee is charged."))
    text = path.read_text()
    parsed = load_markdown(text, "community-answers.md")
    assert parsed.title == "Answers approved by the community moderators"
    assert faqs(text) == [
        "Who runs the payload office?\nThe payload office is run by Ana.",
        "Is there a fee?\nNo fee is charged.",
    ]
    assert (
        "<!-- entry 1: approved by Mod on 2026-11-30T13:00:00+00:00; from https://discord.com/channels/1/2/3 -->"
        in text
    )
    assert not [b for b in parsed.blocks if "approved by" in b.text]  # provenance is never quoted


def test_markup_in_entries_shows_as_typed_and_adds_no_structure(tmp_path):
    path = tmp_path / "community-answers.md"
    hostile = "# Big [link](http://evil.example) <b>x</b> *stars* `code` | a &amp; b ~~s~~"
    append_entry(path, tmp_path / "index", entry(1, "## What is <this>?", hostile, approved_by="Eve --> <!--"))
    text = path.read_text()
    parsed = load_markdown(text, "community-answers.md")
    assert [b.kind for b in parsed.blocks] == ["heading", "faq"]
    assert parsed.blocks[1].text == f"## What is <this>?\n{hostile}"
    assert text.count("-->") == 1  # the approver's name cannot close the comment early


def test_leading_list_and_numbering_marks_are_escaped():
    assert escape_markdown("- not a list") == "\\- not a list"
    assert escape_markdown("1. not numbered") == "1\\. not numbered"
    assert escape_markdown("a\n\nb") == "a b"
    assert as_question("When does it launch.") == "When does it launch?"


def test_removing_an_entry_keeps_the_others_and_reports_a_missing_one(tmp_path):
    path = tmp_path / "community-answers.md"
    for number in (1, 2, 3):
        append_entry(path, tmp_path / "index", entry(number, f"Question {number}?", f"Answer {number}."))
    assert remove_entry(path, tmp_path / "index", 2)
    assert faqs(path.read_text()) == ["Question 1?\nAnswer 1.", "Question 3?\nAnswer 3."]
    assert not remove_entry(path, tmp_path / "index", 2)
    assert not remove_entry(tmp_path / "absent.md", tmp_path / "index", 1)
    assert not list(tmp_path.glob(".community-answers.md.*"))  # no temporary file left behind
