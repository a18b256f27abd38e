"""Who may run a command: checks shared by several features."""

from __future__ import annotations

from bot.commands.spec import Access, Context


def maintainers_only(refusal: str) -> Access:
    """Administrators, and members holding the configured maintainer role (the console's user is one)."""

    async def check(ctx: Context) -> str | None:
        caller = ctx.caller
        role = ctx.services.settings.discord.maintainer_role_id
        allowed = caller.rights.administrator or (role is not None and role in caller.role_ids)
        return None if allowed else refusal

    return Access(check, "maintainers only")
