"""Errors the knowledge base raises, each with a one-line message fit to show a user or a maintainer."""


class IndexError_(RuntimeError):
    """The index cannot be used."""


class IndexMissingError(IndexError_):
    """No index has been built at the given location."""


class IndexCorruptError(IndexError_):
    """The index exists but is incomplete, damaged, or was built with another model."""


class QuestionError(ValueError):
    """The question cannot be answered as asked: empty, or too long."""


class DocumentError(ValueError):
    """A document cannot be read: binary, badly encoded, empty or malformed."""
