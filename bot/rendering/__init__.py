"""Answers, sources, help and stats as message cards within every Discord limit, for Discord or plain text.

A `Card` is an embed-shaped value: `to_embed` makes the discord.Embed, `card_to_text` the console's text.
Text from users and documents goes through the style's `escape` first (Discord: markdown and mentions
neutralised), and anything too long is trimmed at a sentence boundary; citations are dropped whole, never cut
in half.
"""
