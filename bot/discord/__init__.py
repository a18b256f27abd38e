"""The Discord front end: application commands generated from the declarations, mentions, buttons, reminders."""
