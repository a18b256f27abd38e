"""Moderator reminders for deadlines: parsing, planning, storage and the alert scheduler."""
