"""Loading source documents (Markdown, plain text, HTML, PDF) into blocks that keep their structure.

A file that cannot be used is reported, not fatal: `load_documents` skips it with a one-line reason and loads the
rest. Problems that spoil one value but not the document (an impossible date) are reported as notes.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from index.errors import DocumentError
from index.loaders.blocks import Parsed
from index.loaders.encoding import decode
from index.loaders.html import load_html
from index.loaders.limits import time_limit
from index.loaders.markdown import load_markdown
from index.loaders.pdf import load_pdf
from index.loaders.published import file_name_date
from index.loaders.text import load_text
from index.schema import Document

log = logging.getLogger(__name__)

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

_TEXT_LOADERS: dict[str, Callable[[str, str], Parsed]] = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_text,
    ".text": load_text,
    ".html": load_html,
    ".htm": load_html,
}
SUPPORTED_SUFFIXES = (*_TEXT_LOADERS, ".pdf")


@dataclass
class LoadResult:
    documents: list[Document] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (relative path, reason)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (relative path, problem) of loaded documents


def load_document(path: Path, rel_path: str) -> Document:
    """Load one file; raise DocumentError with a short reason when it cannot be used."""
    return _load(path, rel_path)[0]


def _load(path: Path, rel_path: str) -> tuple[Document, list[str]]:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(f"unsupported file type {suffix or '(none)'}")
    data = _read(path)
    parsed = _parse(suffix, data, rel_path)
    if not any(block.text.strip() for block in parsed.blocks if block.kind != "heading"):
        raise DocumentError("no text after cleaning")
    if not parsed.metadata.get("published"):  # what the document states comes first; its file name only else
        named = file_name_date(rel_path)
        if named:
            parsed.metadata["published"] = named
    document = Document(
        path=rel_path,
        title=parsed.title,
        blocks=tuple(parsed.blocks),
        metadata=parsed.metadata,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    return document, parsed.notes


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            mib = 1024 * 1024
            raise DocumentError(f"too large ({size / mib:.1f} MiB; the limit is {MAX_DOCUMENT_BYTES / mib:g} MiB)")
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise DocumentError("empty file")
    return data


def _parse(suffix: str, data: bytes, rel_path: str) -> Parsed:
    """Run the format's parser, bounded in time; any failure of a third-party parser becomes a DocumentError."""
    try:
        with time_limit():
            if suffix == ".pdf":
                return load_pdf(data, rel_path)
            text, note = decode(data)
            parsed = _TEXT_LOADERS[suffix](text, rel_path)
            if note:
                parsed.notes.insert(0, note)
            return parsed
    except DocumentError:
        raise
    except RecursionError:
        raise DocumentError("nested too deeply to parse") from None
    except MemoryError:
        raise DocumentError("too large to parse") from None
    except Exception as exc:  # pypdf, trafilatura, lxml, yaml: one broken file must not stop the build
        detail = str(exc).splitlines()[0][:200] if str(exc) else ""
        kind = "PDF" if suffix == ".pdf" else suffix.lstrip(".").upper()
        raise DocumentError(f"unreadable {kind}: {type(exc).__name__}{': ' + detail if detail else ''}") from None


def iter_document_paths(docs_dir: Path) -> tuple[list[tuple[Path, str]], list[tuple[str, str]]]:
    """Files under docs_dir as (path, relative posix path), sorted, and the refused ones with a reason.

    Hidden files are ignored; a symlink that leads outside docs_dir is refused.
    """
    root = docs_dir.resolve()
    found, refused = [], []
    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir)
        if any(part.startswith(".") for part in rel.parts):
            continue
        inside = path.resolve().is_relative_to(root)
        if not inside and (path.is_symlink() or path.is_file()):
            refused.append((rel.as_posix(), "links outside the docs directory"))
        elif inside and path.is_file():
            found.append((path, rel.as_posix()))
    return found, refused


def load_documents(docs_dir: Path) -> LoadResult:
    if not docs_dir.is_dir():
        raise DocumentError(f"docs directory {docs_dir} does not exist")
    paths, refused = iter_document_paths(docs_dir)
    result = LoadResult(skipped=list(refused))
    for path, rel in paths:
        try:
            document, notes = _load(path, rel)
        except DocumentError as exc:
            result.skipped.append((rel, str(exc)))
            continue
        result.documents.append(document)
        result.notes += [(rel, note) for note in notes]
    for rel, reason in result.skipped:
        log.warning("skipping %s: %s", rel, reason)
    for rel, note in result.notes:
        log.warning("%s: %s", rel, note)
    result.skipped.sort()
    return result
