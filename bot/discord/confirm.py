"""Confirm / Discard buttons under a preview: the action runs only when the user who asked confirms."""

from __future__ import annotations

import contextlib

import discord

from bot.commands.spec import Confirmation, settle
from bot.rendering.output import message_text
from bot.rendering.styles import DISCORD_STYLE

CONFIRM_TIMEOUT_SECONDS = 180.0


class ConfirmView(discord.ui.View):
    def __init__(self, owner_id: int, confirmation: Confirmation, *, timeout: float = CONFIRM_TIMEOUT_SECONDS) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.confirmation = confirmation
        self.origin: discord.Interaction | None = None  # the command's interaction, to expire the question

    async def on_timeout(self) -> None:
        if self.origin is not None:
            with contextlib.suppress(discord.HTTPException):
                await self.origin.edit_original_response(content="No answer in time; nothing was changed.", view=None)

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message("Only the person who ran the command can answer.", ephemeral=True)
            return False
        return True

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.success)
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.defer()
        outcome = await settle(self.confirmation, DISCORD_STYLE)
        await interaction.edit_original_response(
            content=message_text(outcome), view=None, allowed_mentions=discord.AllowedMentions.none()
        )

    @discord.ui.button(label="Discard", style=discord.ButtonStyle.secondary)
    async def discard(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(content="Discarded; nothing was changed.", view=None)


async def ask_confirmation(interaction: discord.Interaction, confirmation: Confirmation) -> None:
    """Show the preview privately with the two buttons (as a follow-up when the handler already deferred)."""
    view = ConfirmView(interaction.user.id, confirmation)
    send = interaction.followup.send if interaction.response.is_done() else interaction.response.send_message
    await send(
        content=message_text(confirmation.preview),
        view=view,
        ephemeral=True,
        allowed_mentions=discord.AllowedMentions.none(),
    )
    view.origin = interaction
