"""/teach in the console: the entry is previewed, confirmed, written to the curated document and answered."""

from __future__ import annotations

import io

from bot.console.app import run_console
from bot.settings import Settings
from tests.bot.teach.conftest import PARAPHRASE, TEACH


def chat(settings: Settings, embedder, text: str) -> str:
    out = io.StringIO()
    assert run_console(settings, stdin=io.StringIO(text), out=out, embedder=embedder) == 0
    return out.getvalue()


def test_taught_answer_is_quoted_for_a_paraphrase_with_a_citation_to_the_curated_document(teach_settings, embedder):
    paraphrase = PARAPHRASE + "\n"
    output = chat(teach_settings, embedder, paraphrase + TEACH + "/teach confirm\n" + paraphrase)
    before, preview_and_after = output.split("Question: ", 1)
    assert "tortoise" not in before
    assert preview_and_after.startswith("Which animal is the mascot of the Alpha station?")
    assert "Type /teach confirm to add it" in preview_and_after
    assert "Added entry #1 to community-answers.md. The index was rebuilt and is serving it" in preview_and_after
    answer = preview_and_after.split("is serving it", 1)[1]
    assert "grey tortoise called Basalt" in answer
    assert "Answers approved by the community moderators" in answer  # the citation names the curated document
    curated = (teach_settings.knowledge.docs_dir / "community-answers.md").read_text()
    assert "## Which animal is the mascot of the Alpha station?" in curated


def test_teach_list_and_remove_take_the_entry_out_again(teach_settings, embedder):
    lines = "/teach confirm\n/teach list\n/teach remove entry:1\n/teach confirm\n"
    output = chat(teach_settings, embedder, TEACH + lines)
    assert "#1 Which animal is the mascot of the Alpha station?" in output
    assert "Removed entry #1 from community-answers.md." in output
    assert "Basalt" not in (teach_settings.knowledge.docs_dir / "community-answers.md").read_text()


def test_an_incomplete_entry_is_refused_and_nothing_is_written(teach_settings, embedder):
    output = chat(teach_settings, embedder, "/teach question: Why?\n/teach confirm\n")
    assert "Give answer" in output
    assert "Nothing is waiting for confirmation." in output
    assert not (teach_settings.knowledge.docs_dir / "community-answers.md").exists()
