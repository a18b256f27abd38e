"""/help: what the bot does, then every command of the front end it runs in, with its real options."""

from __future__ import annotations

from bot.commands.spec import Command, Context, Reply
from bot.rendering.listings import render_help

HELP_INTRO = (
    "I answer questions about China's Chang'e-8 mission and International Lunar Research Station (ILRS) "
    "collaboration proposal, quoting the indexed sources. Each answer numbers its citations [1], [2]… "
    "with the document, section and quoted sentence; when the sources do not say, I tell you so and "
    "point to the closest sections. Mention me with a question, or reply to one of my answers, to ask in "
    "the conversation; rate answers with 👍/👎 to help the maintainers."
)


async def show_help(ctx: Context) -> Reply:
    return Reply(card=render_help(ctx.front_end.help_entries(), intro=HELP_INTRO, style=ctx.style))


HELP = Command(name="help", description="How to ask questions and what each command does", run=show_help)
