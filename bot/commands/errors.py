"""The one error a command raises for input the user can fix."""


class UserError(ValueError):
    """Shown to the user as it is (one line, privately); nothing was changed."""
