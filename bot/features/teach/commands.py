"""/teach add|list|remove and "Add to knowledge base" on a message: moderators add answers to the curated document.

Each addition or removal is previewed and made only once the moderator confirms; the moderator rule is the
reminders' (Manage Messages, Pin Messages or a moderator role), checked every time.
"""

from __future__ import annotations

from bot.commands.access import moderators_only
from bot.commands.spec import (
    Choice,
    Command,
    Confirmation,
    Context,
    Group,
    MessageAction,
    MessageRef,
    Option,
    Prompt,
    Reply,
    UserError,
)
from bot.features.teach.curate import curated_path, forget, teach
from bot.rendering.cards import Card, trim_text

QUESTION_LIMIT = 300
ANSWER_LIMIT = 1500
LISTED = 20
REFUSAL = (
    "Only moderators can teach the bot: you need the Manage Messages or Pin Messages permission here, "
    "or a moderator role."
)


MODERATORS = moderators_only(
    REFUSAL, lambda ctx: "Teaching the bot is not available here." if ctx.services.taught is None else None
)


def _checked(question: str, answer: str) -> tuple[str, str]:
    question, answer = " ".join(question.split()), " ".join(answer.split())
    if len(question) < 5 or len(answer) < 2:
        raise UserError("Give both a question (at least 5 characters) and its answer.")
    if len(question) > QUESTION_LIMIT or len(answer) > ANSWER_LIMIT:
        raise UserError(f"Keep the question under {QUESTION_LIMIT} and the answer under {ANSWER_LIMIT} characters.")
    return question, answer


def _preview(ctx: Context, question: str, answer: str, link: str | None) -> str:
    escape = ctx.style.escape
    lines = [
        f"Add this entry to {curated_path(ctx.services).name}, then rebuild the index?",
        f"Question: {escape(question)}",
        f"Answer: {escape(answer)}",
        f"Approved by: {escape(ctx.caller.name) if ctx.caller.name else 'you'}",
    ]
    if link:
        lines.append(f"From: {link}")
    return "\n".join(lines)


def _confirmation(ctx: Context, question: str, answer: str, author_id: int | None, link: str | None) -> Confirmation:
    question, answer = _checked(question, answer)

    async def add_it() -> str:
        return await teach(ctx.services, ctx.caller, question, answer, author_id=author_id, link=link)

    return Confirmation(_preview(ctx, question, answer, link), "add it", add_it)


async def add(ctx: Context, question: str, answer: str) -> Confirmation:
    return _confirmation(ctx, question, answer, ctx.caller.user_id, None)


async def add_message(ctx: Context, message: MessageRef) -> Confirmation | Prompt:
    """The question is the message the answer replies to; when it replies to none, the moderator types it."""
    if message.replied_to:
        return _confirmation(ctx, message.replied_to, message.content, message.author_id, message.url)
    _checked("a question", message.content)  # an empty or overlong answer is refused before asking anything

    async def with_question(question: str) -> Confirmation:
        return _confirmation(ctx, question, message.content, message.author_id, message.url)

    return Prompt("Add to knowledge base", "The question this message answers", QUESTION_LIMIT, with_question)


async def list_entries(ctx: Context) -> Reply:
    entries = await ctx.services.taught.list(ctx.caller.guild_id)
    escape = ctx.style.escape
    if not entries:
        return Reply(text="No answers have been taught here yet.", private=True)
    shown = entries[-LISTED:]
    lines = [f"#{e.id} {escape(trim_text(e.question, 150))} ({e.created_at.date().isoformat()})" for e in shown]
    more = len(entries) - len(shown)
    title = f"Taught answers in {curated_path(ctx.services).name}"
    footer = f"{more} older entries not shown." if more else ""
    return Reply(card=Card(title=title, description="\n".join(lines), footer=footer, tone="info"), private=True)


async def _entries(ctx: Context, typed: str) -> list[Choice]:
    if ctx.services.taught is None:
        return []
    return Choice.numbered(((e.id, e.question) for e in await ctx.services.taught.list(ctx.caller.guild_id)), typed)


async def remove(ctx: Context, entry: int) -> Confirmation:
    known = {e.id: e for e in await ctx.services.taught.list(ctx.caller.guild_id)}
    if entry not in known:
        raise UserError(f"There is no taught answer #{entry} here; /teach list shows them.")

    async def remove_it() -> str:
        return await forget(ctx.services, ctx.caller, entry)

    preview = f"Remove entry #{entry} “{ctx.style.escape(known[entry].question)}” and rebuild the index?"
    return Confirmation(preview, "remove it", remove_it)


TEACH = Group(
    name="teach",
    description="Moderators: add answers to the knowledge base",
    guild_only=True,
    shown_to=("manage_messages",),
    default="add",
    commands=(
        Command(
            name="add",
            description="Add a question and its answer to the curated document, then reindex",
            run=add,
            options=(
                Option("question", "The question, as people ask it", required=True, max_length=QUESTION_LIMIT),
                Option("answer", "The answer to quote", required=True, max_length=ANSWER_LIMIT),
            ),
            access=MODERATORS,
            confirms=True,
            details="The entry is shown first; confirmed, it is appended and the index rebuilt.",
        ),
        Command(name="list", description="The answers taught here", run=list_entries, access=MODERATORS),
        Command(
            name="remove",
            description="Remove a taught answer, then reindex",
            run=remove,
            options=(
                Option(
                    "entry", "The entry to remove", kind="integer", required=True, min_value=1, autocomplete=_entries
                ),
            ),
            access=MODERATORS,
            confirms=True,
        ),
    ),
)

ADD_TO_KNOWLEDGE_BASE = MessageAction(
    name="Add to knowledge base",
    description="Add a moderator's answer, with the question it replies to, to the curated document",
    run=add_message,
    access=MODERATORS,
    confirms=True,
    guild_only=True,
)
