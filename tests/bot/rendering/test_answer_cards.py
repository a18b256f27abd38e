"""bot/rendering/answers.py: answer and abstention cards, their citations, within every limit."""

from __future__ import annotations

import re

from bot.rendering.answers import render_answer
from bot.rendering.cards import FIELD_COUNT_LIMIT
from bot.rendering.output import card_to_text, to_embed
from bot.rendering.styles import PLAIN_STYLE
from index.schema import Answer
from tests.bot.conftest import citation
from tests.bot.rendering.card_limits import assert_within_limits

PING = re.compile(r"@(everyone|here)|<@[!&]?\d+>")


def answer(**changes) -> Answer:
    values = dict(
        question="When is the deadline?",
        text="Letters of intent are due by December 31 [1].",
        abstained=False,
        citations=(citation(1),),
        latency_ms=12.0,
        index_version="abc123",
    )
    values.update(changes)
    return Answer(**values)


def test_answer_card_has_numbered_citations_with_section_quote_link_and_version():
    card = render_answer(answer(citations=(citation(1), citation(2, section="Deadlines", url=None))))
    assert card.title == "When is the deadline?"
    assert "December 31 \\[1\\]" in card.description  # Discord shows "[1]": brackets never open a masked link
    first, second = card.fields
    assert first.name.startswith("[1] China’s Lunar Mission")
    assert "*Paragraph 6*" in first.value
    assert "“Interested parties have until December 31" in first.value
    assert "[Read the source](https://example.org/article)" in first.value
    assert second.name.startswith("[2] ")
    assert "Read the source" not in second.value and "proposal-article.md" in second.value
    assert card.footer.startswith("Index abc123")
    assert_within_limits(card)


def test_mentions_and_markdown_in_the_question_and_documents_are_neutralised():
    hostile = "@everyone <@&123456789012345678> <@42> **bold** [click](https://evil.example) # Heading @here"
    card = render_answer(
        answer(
            question=hostile,
            text=f"Answer quoting {hostile} [1].",
            citations=(citation(1, title=hostile, section="@here ||spoiler||", quote=hostile),),
        )
    )
    embed = to_embed(card)
    rendered = [embed.title, embed.description, embed.footer.text]
    rendered += [text for item in embed.fields for text in (item.name, item.value)]
    for text in rendered:
        assert not PING.search(text), text
        assert "**bold**" not in text
        assert not re.search(r"(?<!\\)\[click\]\(", text)  # a masked link only when unescaped
    assert r"\*\*bold\*\*" in embed.title
    assert "\\|\\|spoiler\\|\\|" in embed.fields[0].value


def test_unsafe_urls_are_not_linked():
    card = render_answer(answer(citations=(citation(1, url="javascript:alert(1)"), citation(2, url="https://a.b/x)y"))))
    assert all("Read the source" not in item.value for item in card.fields)


def test_huge_answer_stays_within_every_limit_and_cuts_at_sentence_and_citation_boundaries():
    sentence = "The Chang’e-8 mission will search the lunar south pole for resources [1]. "
    huge_quote = "The station will be built in stages by many partners. " * 60
    citations = tuple(citation(n, title="T" * 400, section="S" * 300, quote=huge_quote) for n in range(1, 41))
    card = render_answer(answer(question="Q" * 1000, text=sentence * 200, citations=citations))
    assert_within_limits(card)
    assert card.description.endswith("\\[1\\].…")  # whole sentences only, the marker kept with its sentence
    numbers = [int(re.match(r"\[(\d+)\]", item.name).group(1)) for item in card.fields]
    assert numbers == list(range(1, len(numbers) + 1))  # citations in order, none skipped
    assert len(numbers) < 40 and f"{40 - len(numbers)} more sources not shown" in card.footer
    for item in card.fields:
        # Every shown citation is whole: its quote marks close and its source line survives.
        assert item.value.count("“") == 1 and item.value.count("”") == 1
        assert item.value.rstrip().endswith("[Read the source](https://example.org/article)")


def test_a_citation_with_huge_section_and_url_keeps_its_quote_and_closing_line():
    long_url = "https://example.org/" + "a" * 2000
    card = render_answer(answer(citations=(citation(1, section="S " * 900, source="p" * 900, url=long_url),)))
    value = card.fields[0].value
    assert "“Interested parties have until December 31" in value and "”\n" in value
    assert value.rstrip().endswith("…") and long_url not in value
    assert_within_limits(card)


def test_many_short_citations_are_capped_at_25_fields():
    card = render_answer(answer(citations=tuple(citation(n, quote="Short.") for n in range(1, 31))))
    assert len(card.fields) == FIELD_COUNT_LIMIT
    assert "5 more sources not shown" in card.footer
    assert_within_limits(card)


def test_abstention_card_lists_closest_sections_and_date_notes():
    card = render_answer(
        answer(
            question="Who won the 1998 World Cup?",
            text="The indexed sources do not answer that.",
            abstained=True,
            citations=(),
            suggestions=("China’s Lunar Mission — Paragraph 6",),
            date_notes=("September 2024 is in the past",),
        )
    )
    assert card.tone == "abstain"
    assert "Closest sections:\n• China’s Lunar Mission — Paragraph 6" in card.description
    assert "*September 2024 is in the past*" in card.description
    assert card.fields == ()
    repeated = render_answer(
        answer(text="Due December 31 (the year is not stated) [1].", date_notes=("the year is not stated",))
    )
    assert "•" not in repeated.description


def test_plain_style_for_the_console_keeps_text_readable():
    card = render_answer(answer(question="What is *ILRS*?"), PLAIN_STYLE)
    text = card_to_text(card)
    assert text.startswith("What is *ILRS*?")
    assert "\\" not in text
    assert "[1] China’s Lunar Mission" in text
    assert "Read the source: https://example.org/article" in text
    assert "(Index abc123 · 12 ms)" in text
