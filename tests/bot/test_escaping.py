"""escape_discord against a reference model of Discord's markdown: whatever the text, nothing it tries to
create is rendered, and it reads as written. Property-based (Hypothesis), plus the payloads seen in the wild."""

from __future__ import annotations

import re

import discord
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.commands.spec import Reply
from bot.discord.responders import message_kwargs
from bot.escaping import escape_discord, escape_plain
from bot.rendering.answers import render_answer
from bot.rendering.cards import Card, CardField
from bot.rendering.output import to_embed
from index.schema import Answer, Citation
from tests.bot.discord_markdown import live_constructs, shown_text

# Fragments that each try to create something; Hypothesis glues them to each other and to arbitrary text.
ATTACKS = [
    "@everyone",
    "@here",
    "<@123456789012345678>",
    "<@!123456789012345678>",
    "<@&987654321098765432>",
    "<#123456789012345678>",
    "</ask:123456789012345678>",
    "<:emoji:123456789012345678>",
    "<t:1700000000:R>",
    "[click](https://evil.example)",
    "[a](b)",
    "||spoiler||",
    "**bold**",
    "*italic*",
    "_italic_",
    "__underline__",
    "~~strike~~",
    "`code`",
    "```py\nprint(1)\n```",
    "# heading",
    "## heading",
    "-# subtext",
    "> quote",
    ">>> quote",
    "- item",
    "* item",
    "+ item",
    "1. item",
    "https://example.org/a_b_c",
    "https://example.org/x)*y*",
    "\\",
    "\\*",
    "\n",
    "  ",
    "(",
    ")",
    "[",
    "]",
]
MARKDOWN_CHARS = "*_~|`[]()<>@#:-+!&/\\. \n1a"

texts = st.one_of(
    st.lists(st.one_of(st.sampled_from(ATTACKS), st.text(alphabet=MARKDOWN_CHARS, max_size=6)), max_size=12).map(
        "".join
    ),
    st.text(max_size=200),
)
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_the_reference_model_sees_what_the_attacks_create():
    """The model must be able to fail: unescaped, every attack is live."""
    expected = {
        "@everyone": "everyone",
        "<@123456789012345678>": "mention",
        "<@&987654321098765432>": "mention",
        "<#123456789012345678>": "mention",
        "<t:1700000000:R>": "mention",
        "[click](https://evil.example)": "masked link",
        "||spoiler||": "spoiler",
        "**bold**": "bold",
        "_italic_": "italic",
        "__underline__": "underline",
        "~~strike~~": "strike",
        "`code`": "code",
        "```py\nprint(1)\n```": "code",
        "# heading": "heading",
        "-# subtext": "heading",
        "> quote": "quote",
        "- item": "list",
        "1. item": "list",
    }
    for attack, construct in expected.items():
        assert construct in live_constructs(attack), attack
    assert live_constructs("https://example.org/a_b_c") == set()  # inside a bare link nothing is formatted


@pytest.mark.parametrize(
    "text",
    [
        "[a](b) ||spoiler|| **bold** ```x``` (x)",
        "[x](https://a.example) then ||hidden|| and **loud** (done)",
        "see [1](x) and <@&1234567890123456789> @everyone",
        "https://example.org/x)*y* ||z||",
        "# Title\n-# small\n> quoted\n- listed\n12. numbered",
    ],
)
def test_payloads_from_the_wild_render_nothing(text):
    escaped = escape_discord(text)
    assert live_constructs(escaped) == set(), escaped


@PROPERTY_SETTINGS
@given(texts)
def test_escaped_text_renders_no_markdown_or_mention(text):
    escaped = escape_discord(text)
    assert live_constructs(escaped) == set(), (text, escaped)


@PROPERTY_SETTINGS
@given(texts.filter(lambda t: "://" not in t))
def test_escaped_text_reads_as_written(text):
    """Outside web addresses, the reader sees exactly the input (control characters removed)."""
    assert shown_text(escape_discord(text)) == escape_plain(text).replace("\u200b", "")


@PROPERTY_SETTINGS
@given(question=texts, body=texts, quote=texts, title=texts)
def test_answers_built_from_any_text_render_nothing_and_ping_nobody(question, body, quote, title):
    citation = Citation(number=1, source="doc.md", title=title, section=title, quote=quote, chunk_id="c")
    answer = Answer(question=question, text=body, citations=(citation,), abstained=False, index_version="v1")
    embed = to_embed(render_answer(answer))
    for part in [embed.title, embed.description, *(f.name for f in embed.fields)]:
        assert live_constructs(part or "") == set(), part
    for item in embed.fields:
        # The bot's own formatting: a section line, when shown, is emphasised ("*Section*"); the rest is inert.
        head, _, rest = item.value.partition("\n")
        if re.fullmatch(r"\*.+\*", head):
            head = head[1:-1]
        assert live_constructs(head) == set() and live_constructs(rest) == set(), item.value
    kwargs = message_kwargs(Reply(text=escape_discord(body), card=render_answer(answer)))
    assert kwargs["allowed_mentions"].to_dict() == discord.AllowedMentions.none().to_dict()


def test_a_card_title_with_a_masked_link_and_mentions_stays_inert():
    card = Card(title=escape_discord("[x](https://e.example) <@1> ||s||"), fields=(CardField("n", "v"),))
    assert live_constructs(to_embed(card).title) == set()


def test_the_bot_citation_formatting_is_the_only_live_markdown():
    citation = Citation(number=1, source="doc.md", title="T", section="S", quote="Q", chunk_id="c")
    card = render_answer(Answer(question="q", text="a", citations=(citation,), abstained=False, index_version="v"))
    assert re.search(r"^\*S\*$", card.fields[0].value, re.M)


def test_escape_handles_line_start_markdown_and_discord_tokens():
    text = "# Big\n-# small\n> quote\n* bullet\n1. item\n<#123> </ask:456> <t:1700000000:R>"
    escaped = escape_discord(text)
    for line in escaped.splitlines():
        assert line.startswith(("\\", "1\\.", "<\u200b")), line
    assert "<#" not in escaped and "</" not in escaped and "<t:" not in escaped
