"""The 👍/👎 buttons under answers: dynamic items whose custom_id carries the vote and the logged question id,
so they keep working after a restart without any stored view state."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.features.feedback.votes import THANKS_DOWN, record_downvote_reason, record_feedback
from bot.storage.downvote_reasons import NOTE_LIMIT, REASONS


class FeedbackButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"ilrs:feedback:(?P<vote>up|down):(?P<question_id>[0-9]{1,18})",
):
    def __init__(self, vote: str, question_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                style=discord.ButtonStyle.secondary,
                emoji="👍" if vote == "up" else "👎",
                custom_id=f"ilrs:feedback:{vote}:{question_id}",
            )
        )
        self.vote = vote
        self.question_id = question_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> FeedbackButton:
        return cls(match["vote"], int(match["question_id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        feedback = interaction.client.services.feedback
        text = await record_feedback(feedback, self.question_id, interaction.user.id, self.vote)
        if self.vote == "down" and text == THANKS_DOWN:
            await interaction.response.send_modal(WhyDownModal(self.question_id))  # the vote is already saved
            return
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())


class WhyDownModal(discord.ui.Modal, title="What was wrong with this answer?"):
    """Asked after a 👎: a reason and an optional note, stored with the vote. Closing it keeps the bare vote."""

    def __init__(self, question_id: int) -> None:
        super().__init__(timeout=600)
        self.question_id = question_id
        self.reason = discord.ui.Select(
            options=[discord.SelectOption(label=label, value=value) for value, label in REASONS.items()],
            min_values=1,
            max_values=1,
        )
        self.note = discord.ui.TextInput(
            style=discord.TextStyle.paragraph, required=False, max_length=NOTE_LIMIT, placeholder="Optional"
        )
        self.add_item(discord.ui.Label(text="Reason", component=self.reason))
        self.add_item(discord.ui.Label(text="Anything to add?", component=self.note))

    async def on_submit(self, interaction: discord.Interaction, /) -> None:
        feedback = interaction.client.services.feedback
        reason = self.reason.values[0] if self.reason.values else ""
        text = await record_downvote_reason(
            feedback, self.question_id, interaction.user.id, reason, self.note.value or None
        )
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())


def feedback_view(question_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(FeedbackButton("up", question_id))
    view.add_item(FeedbackButton("down", question_id))
    return view
