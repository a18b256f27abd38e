"""Help forums: every new post in FORUM_CHANNEL_IDS is answered once in its own thread, with "Solved" and "Still
need help" buttons that apply the forum's tags; a refusal applies the "needs human" tag so moderators see it."""

from __future__ import annotations

import logging
import re
from typing import Any

import discord

from bot.commands.spec import Caller, Context
from bot.discord.responders import message_kwargs
from bot.features.ask.commands import answer
from bot.rendering.styles import DISCORD_STYLE

log = logging.getLogger(__name__)

REFUSAL_NOTE = "I couldn't answer this from the documents, so I've tagged it for a human to look at."
STATES = {"solved": "Solved", "open": "Still need help"}


def forum_question(title: str, body: str) -> str:
    """The post's title and first message, read as one question."""
    title, body = " ".join(title.split()), " ".join(body.split())
    if not body or body.casefold() == title.casefold():
        return title
    return f"{title.rstrip(' .')}. {body}" if not title.endswith("?") else f"{title} {body}"


def find_tag(forum: Any, name: str) -> Any | None:
    """The forum's tag with this name (case-insensitive), or None."""
    wanted = name.casefold()
    return next((tag for tag in getattr(forum, "available_tags", ()) if tag.name.casefold() == wanted), None)


def missing_tags(forum: Any, names: list[str]) -> list[str]:
    return [name for name in names if find_tag(forum, name) is None]


def tag_names(settings) -> dict[str, str]:
    discord_settings = settings.discord
    return {
        "solved": discord_settings.forum_solved_tag,
        "open": discord_settings.forum_open_tag,
        "needs_human": discord_settings.forum_needs_human_tag,
    }


async def apply_tag(thread: discord.Thread, name: str, *, replacing: tuple[str, ...] = ()) -> bool:
    """Add the forum's tag called `name` to the post (taking off the `replacing` ones); False if it has none."""
    forum = thread.parent
    tag = find_tag(forum, name)
    if tag is None:
        return False
    kept = [t for t in thread.applied_tags if t.name.casefold() not in {n.casefold() for n in replacing}]
    if tag not in kept:
        kept.append(tag)
    await thread.edit(applied_tags=kept[:5])  # Discord allows five tags on a post
    return True


class ForumStateButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"ilrs:forum:(?P<state>solved|open):(?P<thread_id>[0-9]{1,20})",
):
    """ "Solved" / "Still need help" under the answer; the custom_id carries everything, so restarts don't matter."""

    def __init__(self, state: str, thread_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                style=discord.ButtonStyle.success if state == "solved" else discord.ButtonStyle.secondary,
                label=STATES[state],
                custom_id=f"ilrs:forum:{state}:{thread_id}",
            )
        )
        self.state = state
        self.thread_id = thread_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ForumStateButton:
        return cls(match["state"], int(match["thread_id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        thread = interaction.channel
        names = tag_names(interaction.client.settings)
        allowed = isinstance(thread, discord.Thread) and (
            interaction.user.id == thread.owner_id or interaction.permissions.manage_threads
        )
        if not allowed:
            text = "Only the person who opened this post (or a moderator) can mark it."
        else:
            other = names["open"] if self.state == "solved" else names["solved"]
            replacing = (other, names["needs_human"]) if self.state == "solved" else (other,)
            try:
                applied = await apply_tag(thread, names[self.state], replacing=replacing)
            except discord.HTTPException:
                log.warning("could not tag forum post %s", thread.id)
                applied = False
            text = (
                f"Marked as “{names[self.state]}”."
                if applied
                else f"Noted, but this forum has no “{names[self.state]}” tag to apply."
            )
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())


def state_view(thread_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ForumStateButton("solved", thread_id))
    view.add_item(ForumStateButton("open", thread_id))
    return view


class ThreadResponder:
    """Posts the answer in the forum post's thread."""

    style = DISCORD_STYLE

    def __init__(self, thread: discord.Thread) -> None:
        self.thread = thread

    async def acknowledge(self, *, private: bool) -> None:
        return None

    async def send(self, reply) -> None:
        await self.thread.send(**message_kwargs(reply))


async def answer_forum_post(client, thread: discord.Thread) -> bool:
    """Answer a new post of a configured forum once; True when this call answered it."""
    settings = client.services.settings
    me = client.user
    if me is None or thread.parent_id not in settings.discord.forum_channel_ids or thread.owner_id == me.id:
        return False
    starter = thread.starter_message
    if starter is None:
        try:
            starter = await thread.fetch_message(thread.id)  # a post's first message has the thread's id
        except discord.HTTPException:
            starter = None
    if starter is not None and starter.author.bot:
        return False  # the bot's own posts and other bots'
    if not await client.forum_posts.claim(thread.id, thread.guild.id, thread.parent_id):
        return False  # answered already (a replayed event, a restart, another process)
    question = forum_question(thread.name, starter.content if starter is not None else "")
    caller = Caller(source="forum", user_id=thread.owner_id, guild_id=thread.guild.id, channel_id=thread.id)
    responder = ThreadResponder(thread)
    try:
        reply = await answer(Context(client.services, caller, responder, client.front_end), question)
        await responder.send(reply)
        refused = reply.card is not None and reply.card.tone == "abstain"
        if refused:
            await thread.send(REFUSAL_NOTE)
            await apply_tag(thread, tag_names(settings)["needs_human"])
        await thread.send("Did this answer your question?", view=state_view(thread.id))
    except discord.HTTPException:
        log.exception("could not answer forum post %s", thread.id)
    return True


def forum_problems(client) -> list[str]:
    """One line per configured forum that is not a forum the bot sees, or lacks a configured tag."""
    problems = []
    names = list(tag_names(client.services.settings).values())
    for forum_id in client.services.settings.discord.forum_channel_ids:
        forum = client.get_channel(forum_id)
        if not isinstance(forum, discord.ForumChannel):
            problems.append(f"FORUM_CHANNEL_IDS: {forum_id} is not a forum channel the bot can see")
        elif missing := missing_tags(forum, names):
            problems.append(
                f"forum #{forum.name} has no tag {', '.join(repr(n) for n in missing)}: it won't be applied"
            )
    return problems
