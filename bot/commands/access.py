"""Who may run a command: checks shared by several features."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bot.commands.spec import Access, Context, Rights


def maintainers_only(refusal: str) -> Access:
    """Administrators, and members holding the configured maintainer role (the console's user is one)."""

    async def check(ctx: Context) -> str | None:
        caller = ctx.caller
        role = ctx.services.settings.discord.maintainer_role_id
        allowed = caller.rights.administrator or (role is not None and role in caller.role_ids)
        return None if allowed else refusal

    return Access(check, "maintainers only")


def is_moderator(rights: Rights, role_ids: Iterable[int], moderator_role_ids: Iterable[int]) -> bool:
    """Manage Messages or Pin Messages in the channel, or one of the configured moderator roles."""
    return rights.manage_messages or rights.pin_messages or bool(set(role_ids) & set(moderator_role_ids))


def moderators_only(refusal: str, unavailable: Callable[[Context], str | None]) -> Access:
    """Moderators (`is_moderator_here`), once `unavailable` finds nothing missing here (it returns the reason)."""

    async def check(ctx: Context) -> str | None:
        return unavailable(ctx) or (None if await is_moderator_here(ctx) else refusal)

    return Access(check, "moderators: Manage Messages, Pin Messages or a moderator role")


async def is_moderator_here(ctx: Context) -> bool:
    """The moderator rule: Manage Messages or Pin Messages where the command runs, or a moderator role (the bot's
    setting, or the server's own when reminders are configured there)."""
    caller = ctx.caller
    if ctx.services.reminders is not None and caller.guild_id is not None:
        configured = tuple(await ctx.services.reminders.moderator_role_ids(caller.guild_id))
    else:
        configured = ctx.services.settings.reminders.moderator_role_ids
    return is_moderator(caller.rights, caller.role_ids, configured)
