"""Moderators teach the bot: approved answers go into the curated document and the index."""
