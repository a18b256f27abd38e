"""The one error a command raises for input the user can fix, and how such an error quotes what was typed."""

# Error messages quote what was typed up to this many characters: enough to recognise it, never a flood.
ECHO_LIMIT = 80


class UserError(ValueError):
    """Shown to the user as it is (one line, privately); nothing was changed."""


def quoted(text: str | None) -> str:
    """What the user typed, for an error message: one line, at most ECHO_LIMIT characters, in quotes."""
    cleaned = "".join(char for char in " ".join((text or "").split()) if char.isprintable())
    if len(cleaned) > ECHO_LIMIT:
        cleaned = cleaned[: ECHO_LIMIT - 1] + "…"
    return f"'{cleaned}'"
