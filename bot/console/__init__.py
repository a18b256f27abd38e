"""The console front end: the same commands typed in a terminal, reminders on a simulated server."""
