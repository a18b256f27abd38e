"""/privacy: what the bot stores about you; `action:export` sends it to you, `action:delete` deletes it.

In the console the same command also takes `user:<id>`, for maintainers answering someone's request; without it
the console's own questions (logged without a user id) are the ones exported or deleted.
"""

from __future__ import annotations

import json

from bot.commands.access import maintainers_only
from bot.commands.spec import Attachment, Command, Confirmation, Context, Option, Reply, UserError, notice
from bot.features.privacy.notice import privacy_card
from bot.storage.privacy import PrivacyStore
from bot.storage.user_data import UserDataCounts

ACTIONS = ("export", "delete")
MAINTAINERS = maintainers_only("Only maintainers can export or delete another person's data.")


def _store(ctx: Context) -> PrivacyStore:
    if ctx.services.privacy is None:
        raise UserError("Data requests are not available here.")
    return ctx.services.privacy.store


async def _subject(ctx: Context, user: int | None) -> int | None:
    """Whose data: the caller's own, or (maintainers) the given user's."""
    if user is None:
        return ctx.caller.user_id
    if refusal := await MAINTAINERS.check(ctx):
        raise UserError(refusal)
    return user


def _who(user_id: int | None, ctx: Context) -> str:
    if user_id == ctx.caller.user_id:
        return "you" if user_id is not None else "this console"
    return f"user {user_id}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("s" if number != 1 else "")


def _listing(counts: UserDataCounts) -> str:
    return f"{_count(counts.questions, 'question')} and {_count(counts.votes, 'vote')}"


async def export(ctx: Context, user_id: int | None) -> Reply:
    data = await _store(ctx).export_user_data(user_id)
    name = f"ilrs-bot-data-{user_id if user_id is not None else 'console'}.json"
    body = json.dumps(data, ensure_ascii=False, indent=2).encode()
    counts = UserDataCounts(
        len(data["questions"]), len(data["votes"]), len(data["reminders_created"]), len(data["taught_answers"])
    )
    text = f"Everything the bot holds about {_who(user_id, ctx)}: {_listing(counts)}"
    if counts.reminders:
        text += f", {_count(counts.reminders, 'reminder')} created as a moderator"
    if counts.taught_answers:
        text += f", {_count(counts.taught_answers, 'taught answer')} approved or written"
    text += "."
    return Reply(text=text, private=True, file=Attachment(name, body))


async def delete(ctx: Context, user_id: int | None) -> Reply | Confirmation:
    store = _store(ctx)
    counts = await store.count_user_data(user_id)
    who = _who(user_id, ctx)
    kept = (
        f" Reminders created as a moderator ({counts.reminders}) stay: they belong to their server."
        if counts.reminders
        else ""
    )
    if counts.taught_answers:
        kept += (
            f" Taught answers ({counts.taught_answers}) stay in the knowledge base; the bot forgets that you "
            "approved or wrote them."
        )
    if not (counts.questions or counts.votes or counts.taught_answers):
        return notice(f"The bot holds no questions or votes from {who}.{kept}")

    async def apply() -> str:
        deleted = await store.delete_user_data(user_id)
        forgotten = (
            f" Forgotten on {_count(deleted.taught_answers, 'taught answer')}." if deleted.taught_answers else ""
        )
        return f"Deleted {_listing(deleted)} from {who}.{forgotten}"

    preview = f"This permanently deletes {_listing(counts)} from {who}.{kept}"
    return Confirmation(preview=preview, action="delete them", apply=apply)


async def privacy(ctx: Context, action: str | None = None, user: int | None = None) -> Reply | Confirmation:
    if action is None:
        if user is not None:
            raise UserError("Give an action with user: `/privacy action:export user:<id>` or `action:delete`.")
        return Reply(card=privacy_card(ctx.services.settings.privacy), private=True)
    user_id = await _subject(ctx, user)
    if action == "delete":
        return await delete(ctx, user_id)  # a quick count: the confirmation must be the interaction's first reply
    await ctx.acknowledge(private=True)  # the export reads every row: defer first
    return await export(ctx, user_id)


PRIVACY = Command(
    name="privacy",
    description="What the bot stores about you; export or delete it",
    run=privacy,
    options=(
        Option("action", "export: send me my data; delete: delete it (default: what is stored)", choices=ACTIONS),
        Option(
            "user",
            "Maintainers: the Discord user id whose data to export or delete",
            kind="integer",
            front_ends=frozenset({"console"}),  # on Discord, a person's own data only
        ),
    ),
    confirms=True,
    details="What the bot stores about you, why and for how long; `action:export` or `action:delete` for your data.",
)
