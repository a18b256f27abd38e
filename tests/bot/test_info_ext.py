"""/sources and /help as Discord registers them."""

from __future__ import annotations

from dataclasses import dataclass

from tests.bot.conftest import make_interaction, run_slash, sent_kwargs


@dataclass
class Doc:
    path: str
    title: str
    url: str | None
    chunks: int


@dataclass
class Manifest:
    built_at: str
    model: str
    version: str
    documents: list[Doc]


async def test_sources_lists_documents_and_build_time(discord_bot, fake_kb):
    fake_kb.manifest = Manifest(
        "2026-11-25T08:00:00+00:00",
        "all-MiniLM-L6-v2",
        "abc123",
        [
            Doc("proposal-article.md", "China’s Lunar Mission", "https://example.org/a", 6),
            Doc("b.md", "B", None, 2),
        ],
    )
    interaction = make_interaction()
    await run_slash(discord_bot, "sources", interaction)
    embed = sent_kwargs(interaction.response.send_message)["embed"]
    assert "2 documents, index built 2026-11-25T08:00:00+00:00 with all-MiniLM-L6-v2" in embed.description
    assert embed.fields[0].name == "1. China’s Lunar Mission"
    assert "proposal-article.md · 6 passages" in embed.fields[0].value
    assert "[Open](https://example.org/a)" in embed.fields[0].value
    assert embed.footer.text == "Index abc123"


async def test_sources_without_a_readable_manifest_says_so(discord_bot):
    interaction = make_interaction()  # the fake knowledge base has no manifest
    await run_slash(discord_bot, "sources", interaction)
    kwargs = sent_kwargs(interaction.response.send_message)
    assert kwargs["ephemeral"] is True and "can't read the index details" in kwargs["content"]


async def test_help_lists_exactly_the_registered_commands_and_their_options(discord_bot):
    interaction = make_interaction()
    await run_slash(discord_bot, "help", interaction)
    embed = sent_kwargs(interaction.response.send_message)["embed"]
    names = [field.name for field in embed.fields]
    assert names[:4] == ["/ask question:<text> [private:True]", "/sources", "/help", "/stats [days:<number>]"]
    assert "(maintainers only)" in embed.fields[3].value
    assert "/remind add channel:<#channel> zone:<text> [deadline:<text>]" in names[5]
    assert names[5:10] == [n for n in names if n.startswith("/remind ")]  # add, list, edit, cancel, settings
    assert names[-3:-1] == ["/reindex [mode:run|dry-run] [force:True]", "/privacy [action:export|delete]"]
    assert names[-1] == "Apps › Add to knowledge base (on a message)"
    assert "/teach add question:<text> answer:<text>" in names
    assert not [n for n in names if "confirm" in n or "channel " in n.split(" ", 2)[1:2]]  # console-only ones
    assert "Mention me" in embed.description
