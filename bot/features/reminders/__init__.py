"""Moderators' deadline reminders: plan → confirm → post and pin, then alerts sent exactly once."""
