"""A card as Discord's embed or as the console's text, and a plain message within Discord's limit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.rendering.cards import MESSAGE_LIMIT, Card, trim_text

if TYPE_CHECKING:
    import discord


_TONE_COLOURS = {"answer": "blurple", "abstain": "orange", "info": "dark_teal", "error": "red"}  # discord.Colour's


def to_embed(card: Card) -> discord.Embed:
    import discord  # here, not at the top: the console renders text and never needs discord.py

    embed = discord.Embed(
        title=card.title or None,
        description=card.description or None,
        colour=getattr(discord.Colour, _TONE_COLOURS.get(card.tone, "blurple"))(),
    )
    for item in card.fields:
        embed.add_field(name=item.name, value=item.value, inline=item.inline)
    if card.footer:
        embed.set_footer(text=card.footer)
    return embed


def card_to_text(card: Card) -> str:
    """The console's rendering: title, body, then each field indented under its name."""
    lines = [card.title, ""] if card.title else []
    if card.description:
        lines += [card.description, ""]
    for item in card.fields:
        lines.append(item.name)
        lines += [f"    {line}" for line in item.value.splitlines()]
    if card.footer:
        lines += ["", f"({card.footer})"]
    return "\n".join(lines).rstrip()


def message_text(text: str) -> str:
    """A plain message (notices, errors) within the 2000-character limit; `text` is ours, already safe."""
    return trim_text(text, MESSAGE_LIMIT)
