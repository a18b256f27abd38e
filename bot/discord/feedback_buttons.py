"""The 👍/👎 buttons under answers: dynamic items whose custom_id carries the vote and the logged question id,
so they keep working after a restart without any stored view state."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.features.feedback.votes import record_feedback


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
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())


def feedback_view(question_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(FeedbackButton("up", question_id))
    view.add_item(FeedbackButton("down", question_id))
    return view
