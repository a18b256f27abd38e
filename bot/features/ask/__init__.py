"""Answering questions: /ask, mentions and replies, with a per-user cooldown."""
