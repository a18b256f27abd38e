"""Errors the knowledge base raises, each with a one-line message fit to show a user or a maintainer."""


class ActionableError(Exception):
    """A failure the user can fix: the message says what is wrong and what to do, in one line.

    Every entry point shows such an error as that one line (a traceback only when debugging); the bot's own
    errors of this kind (a bad setting, an unavailable database, an unreachable Discord API) derive from it too.
    """


class IndexError_(ActionableError, RuntimeError):
    """The index cannot be used."""


class IndexMissingError(IndexError_):
    """No index has been built at the given location."""


class IndexCorruptError(IndexError_):
    """The index exists but is incomplete, damaged, or was built with another model."""


class QuestionError(ActionableError, ValueError):
    """The question cannot be answered as asked: empty, or too long."""


class DocumentError(ActionableError, ValueError):
    """A document cannot be read: binary, badly encoded, empty or malformed."""
