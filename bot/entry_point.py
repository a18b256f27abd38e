"""How every command-line entry point ends on a failure: one line on standard error, never a traceback unless
debugging (`--debug`, or LOG_LEVEL=DEBUG in the environment or .env).

A failure the user can act on (`ActionableError`: the index, the embedding model, a setting, a document, the
database, the Discord API) is shown as its own message. Anything else is a bug: one line says so and how to
see the traceback.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from index.errors import ActionableError

DEBUG_FLAG = "--debug"
MESSAGE_LIMIT = 500  # characters of an error message shown; the rest is never the useful part


def one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"


def debugging(argv: Sequence[str]) -> bool:
    """--debug among the arguments, or LOG_LEVEL=DEBUG in the environment or in .env."""
    if DEBUG_FLAG in argv:
        return True
    level = os.environ.get("LOG_LEVEL")
    if level is None and Path(".env").is_file():
        from dotenv import dotenv_values

        level = dotenv_values(".env").get("LOG_LEVEL")
    return (level or "").strip().upper() == "DEBUG"


def cannot_start(error: BaseException) -> int:
    """A front end that could not start (index, model, database, Discord API): one line why; exit status 1."""
    print(f"Cannot start: {one_line(error)}", file=sys.stderr)
    return 1


def run_entry_point(main: Callable[[], int], argv: Sequence[str] | None = None) -> int:
    """Run `main`; its exit status, or 1 after one line on stderr for an error (130 when interrupted)."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        return main()
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if debugging(argv):
            traceback.print_exc()
        if isinstance(error, ActionableError):
            print(f"error: {one_line(error)}", file=sys.stderr)
        else:
            print(
                f"error: unexpected {type(error).__name__}: {one_line(error)} (a bug; run again with {DEBUG_FLAG} "
                "or LOG_LEVEL=DEBUG for the traceback)",
                file=sys.stderr,
            )
        return 1
