"""The curated document: answers moderators approved, one Markdown file in the docs directory.

Each entry is a question-shaped level-2 heading, the answer as one paragraph (so the Markdown loader pairs them
as an FAQ), and an HTML comment naming the entry, who approved it, when, and the message it came from (a comment,
so the index never quotes it). Text is escaped so it shows as typed and cannot add Markdown structure. Writes are
atomic (a temporary file renamed over the old one) and hold the index directory's build lock, so no build reads
the file half-written.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from index.build_lock import build_lock

TITLE = "Answers approved by the community moderators"
LOCK_WAIT_SECONDS = 120.0  # a build in progress finishes first
_FRONT_MATTER = f"---\ntitle: {TITLE}\n---\n"
# Characters with a meaning anywhere in a Markdown line; a backslash makes each literal (CommonMark escapes).
_INLINE = re.compile(r"([\\`*_\[\]<>#|~!&])")
_MARKER = re.compile(r"^<!-- entry (\d+):")
_COMMENT_UNSAFE = re.compile(r"-->|[<>\n\r]")


@dataclass(frozen=True)
class CuratedEntry:
    id: int
    question: str
    answer: str
    approved_by: str  # the approving moderator's name as shown
    approved_at: datetime
    link: str | None = None  # the message the answer came from


def escape_markdown(text: str) -> str:
    """One line of literal text: whitespace collapsed, markup characters and a leading list/quote mark escaped."""
    line = _INLINE.sub(r"\\\1", " ".join(text.split()))
    # A line starting with "-", "+", "=", or "1." / "1)" would open a list or underline a heading.
    line = re.sub(r"^([-+=])", r"\\\1", line)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", line)


def as_question(text: str) -> str:
    """The heading text: the loader reads a heading as a question when it ends with a question mark."""
    text = " ".join(text.split()).rstrip(" .:;!")
    return text if text.endswith("?") else text + "?"


def _comment_text(text: str) -> str:
    return _COMMENT_UNSAFE.sub(" ", text).strip()


def render_entry(entry: CuratedEntry) -> str:
    """The entry's Markdown: heading, answer paragraph, provenance comment."""
    provenance = f"approved by {_comment_text(entry.approved_by)} on {entry.approved_at.isoformat(timespec='seconds')}"
    if entry.link:
        provenance += f"; from {_comment_text(entry.link)}"
    return (
        f"## {escape_markdown(as_question(entry.question))}\n\n"
        f"{escape_markdown(entry.answer)}\n\n"
        f"<!-- entry {entry.id}: {provenance} -->\n"
    )


def _sections(text: str) -> tuple[str, list[str]]:
    """The text before the first entry heading, and each entry's text (from its heading to the next)."""
    parts = re.split(r"(?m)^(?=## )", text)
    return parts[0], parts[1:]


def _entry_id(section: str) -> int | None:
    for line in section.splitlines():
        if match := _MARKER.match(line.strip()):
            return int(match.group(1))
    return None


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def append_entry(path: Path, index_dir: Path, entry: CuratedEntry) -> None:
    """Add the entry at the end of the curated document (created with its front matter when missing)."""
    with build_lock(Path(index_dir), wait=LOCK_WAIT_SECONDS):
        existing = path.read_text(encoding="utf-8") if path.exists() else _FRONT_MATTER
        if not existing.endswith("\n"):
            existing += "\n"
        _write_atomically(path, f"{existing}\n{render_entry(entry)}")


def remove_entry(path: Path, index_dir: Path, entry_id: int) -> bool:
    """Take the entry's section out of the curated document; False when the file has no such entry."""
    with build_lock(Path(index_dir), wait=LOCK_WAIT_SECONDS):
        if not path.exists():
            return False
        head, sections = _sections(path.read_text(encoding="utf-8"))
        kept = [section for section in sections if _entry_id(section) != entry_id]
        if len(kept) == len(sections):
            return False
        _write_atomically(path, head + "".join(kept))
        return True
