"""What a build did, or would do: the documents added, changed and removed, what was embedded, and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from index.loaders import LoadResult
from index.manifest import Manifest


@dataclass
class BuildReport:
    index_dir: Path
    version: str
    changed: bool  # False when the published index already matched the documents
    documents_added: list[str] = field(default_factory=list)
    documents_changed: list[str] = field(default_factory=list)
    documents_removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # problems in documents that were still indexed
    chunks: int = 0
    sentences_embedded: int = 0
    sentences_reused: int = 0
    words_embedded: int = 0  # distinct words of the corpus embedded alone (the others were reused)
    seconds: float = 0.0
    build_dir: Path | None = None  # the new build; published unless built with publish=False
    published: bool = False
    dry_run: bool = False
    corrupt: str = ""  # why the published index could not be built on: everything was (or would be) rebuilt

    def changes(self) -> list[str]:
        return (
            [f"+ {p}" for p in self.documents_added]
            + [f"~ {p}" for p in self.documents_changed]
            + [f"- {p}" for p in self.documents_removed]
        )

    def summary(self) -> str:
        if not self.changed:
            return f"index {self.version} is up to date ({self.chunks} chunks); nothing to do [{self.seconds:.2f}s]"
        if self.dry_run:
            lines = [f"would rebuild the index as {self.version}:", *[f"  {c}" for c in self.changes()]]
            if self.corrupt:
                lines.append(f"  the published index is corrupt ({self.corrupt}): everything would be rebuilt")
            elif not self.changes():
                lines.append("  (same documents; the model or chunking settings changed)")
        else:
            lines = [
                f"index {self.version}{'' if self.published else ' (built, not published)'}: {self.chunks} chunks; "
                f"documents added {len(self.documents_added)}, changed {len(self.documents_changed)}, "
                f"removed {len(self.documents_removed)}; sentences embedded {self.sentences_embedded}, "
                f"reused {self.sentences_reused}; words embedded {self.words_embedded} [{self.seconds:.2f}s]"
            ]
            if self.corrupt:
                lines.insert(0, f"the published index is corrupt ({self.corrupt}): rebuilt everything")
        lines += [f"  skipped {path}: {reason}" for path, reason in self.skipped]
        lines += [f"  note {path}: {note}" for path, note in self.notes]
        return "\n".join(lines)

    @classmethod
    def of_changes(cls, index_dir: Path, version: str, loaded: LoadResult, previous: Manifest | None) -> BuildReport:
        """A report of a build of `loaded` over the `previous` published build: the documents that differ."""
        old_docs = {d.path: d.sha256 for d in previous.documents} if previous else {}
        new_docs = {d.path: d.sha256 for d in loaded.documents}
        return cls(
            index_dir=index_dir,
            version=version,
            changed=True,
            documents_added=sorted(set(new_docs) - set(old_docs)),
            documents_changed=sorted(p for p in new_docs if p in old_docs and old_docs[p] != new_docs[p]),
            documents_removed=sorted(set(old_docs) - set(new_docs)),
            skipped=loaded.skipped,
            notes=loaded.notes,
        )
