"""The manifest of an index build: what it was built from and with, and every file's checksum, checked on load."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from index.errors import IndexCorruptError
from index.storage import (
    FORMAT_VERSION,
    MANIFEST,
    REQUIRED_FILES,
    fsync_dir,
    fsync_file,
    repair_hint,
    sha256_file,
    write_json,
)


@dataclass
class DocumentInfo:
    path: str
    title: str
    sha256: str
    chunks: int
    url: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class Manifest:
    model: str
    dimension: int
    chunking: dict[str, Any]
    documents: list[DocumentInfo]
    chunk_count: int
    sentence_count: int
    built_at: str  # ISO 8601, UTC
    version: str  # short hash of the content: changes whenever what the bot answers from changes
    index_type: str
    skipped: list[list[str]] = field(default_factory=list)  # [relative path, reason]
    notes: list[list[str]] = field(default_factory=list)  # [relative path, problem] of documents still indexed
    files: dict[str, str] = field(default_factory=dict)  # file name -> sha256
    extra_files: list[str] = field(default_factory=list)  # written by later stages, e.g. deadlines.json
    encoder: dict[str, Any] = field(default_factory=dict)  # the runtime and files that embedded the sentences
    reading: str = ""  # index/reading_code.py's fingerprint of the code that read and chunked the documents
    format_version: int = FORMAT_VERSION

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> Manifest:
        """The manifest in `data`, every field checked for its type; ValueError naming the first bad field."""
        try:
            return _MANIFEST_SCHEMA.validate_python(data)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(part) for part in error["loc"]) or "the manifest"
            raise ValueError(f"{where}: {error['msg']}") from None


_MANIFEST_SCHEMA = TypeAdapter(Manifest)


def seal_build(build_dir: Path, manifest: Manifest) -> None:
    """Record every file's hash in the manifest, write it last, and fsync it all."""
    names = sorted(p.name for p in build_dir.iterdir() if p.is_file() and p.name != MANIFEST)
    manifest.files = {name: sha256_file(build_dir / name) for name in names}
    write_json(build_dir / MANIFEST, manifest.to_json())
    for name in [*names, MANIFEST]:
        fsync_file(build_dir / name)
    fsync_dir(build_dir)


def read_manifest(build_dir: Path) -> Manifest:
    try:
        data = json.loads((build_dir / MANIFEST).read_text(encoding="utf-8"))
        manifest = Manifest.from_json(data)
    except FileNotFoundError:
        raise IndexCorruptError(f"index build {build_dir} has no manifest; {repair_hint(build_dir)}") from None
    except OSError as exc:
        raise IndexCorruptError(f"index manifest in {build_dir} cannot be read ({exc.strerror or exc})") from None
    except ValueError as exc:  # not JSON, not UTF-8, or not a manifest
        raise IndexCorruptError(f"index manifest in {build_dir} is corrupt ({exc}); {repair_hint(build_dir)}") from None
    if manifest.format_version != FORMAT_VERSION:
        raise IndexCorruptError(
            f"index format {manifest.format_version} is not the supported {FORMAT_VERSION}; {repair_hint(build_dir)}"
        )
    return manifest


def verify_files(build_dir: Path, manifest: Manifest) -> None:
    """Every file the manifest lists is there with its recorded checksum, and it lists every file a build has."""
    unlisted = [name for name in REQUIRED_FILES if name not in manifest.files]
    if unlisted:
        raise IndexCorruptError(
            f"index manifest in {build_dir} lists no checksum for {', '.join(unlisted)}; {repair_hint(build_dir)}"
        )
    for name, expected in manifest.files.items():
        path = build_dir / name
        if Path(name).name != name or not path.is_file():
            raise IndexCorruptError(f"index file {name} is missing from {build_dir}; {repair_hint(build_dir)}")
        if sha256_file(path) != expected:
            raise IndexCorruptError(
                f"index file {name} in {build_dir} is corrupt (checksum mismatch); {repair_hint(build_dir)}"
            )
