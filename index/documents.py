"""Loading source documents: Markdown with YAML front matter, plain text, HTML and PDF.

Every loader returns a `Document` whose sections carry clean text (no markup) under their headings. A file that
cannot be read is reported, not fatal: `load_documents` skips it with a reason and loads the rest.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.errors import DocumentError
from index.schema import Document, Section

log = logging.getLogger(__name__)

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(https?://[^>]+)>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_QUOTE_MARK = re.compile(r"^\s*>\s?")


@dataclass
class LoadResult:
    documents: list[Document] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (relative path, reason)


def _humanise(stem: str) -> str:
    return re.sub(r"[-_]+", " ", stem).strip().capitalize() or stem


def _decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise DocumentError("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"not valid UTF-8 (byte {exc.start})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _paragraphs_to_text(lines: list[str]) -> str:
    """Join wrapped lines into paragraphs separated by one blank line."""
    paragraphs, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def _strip_inline_markdown(line: str) -> str:
    line = _IMAGE.sub(lambda m: m.group(1), line)
    line = _LINK.sub(lambda m: m.group(1), line)
    line = _AUTOLINK.sub(lambda m: m.group(1), line)
    line = _HTML_TAG.sub("", line)
    line = _QUOTE_MARK.sub("", line)
    line = _LIST_MARK.sub("", line)
    for _ in range(2):  # nested emphasis such as ***bold italic***
        line = _EMPHASIS.sub(lambda m: m.group(2), line)
    return line


def _markdown_sections(body: str, title: str) -> list[Section]:
    sections: list[Section] = []
    heading, lines, in_fence = "", [], False  # text before the first heading has no heading
    for raw in body.split("\n"):
        if _FENCE.match(raw):
            in_fence = not in_fence
            continue
        match = None if in_fence else _HEADING.match(raw)
        if match:
            text = _paragraphs_to_text(lines)
            if text:
                sections.append(Section(heading=heading, text=text))
            heading, lines = _strip_inline_markdown(match.group(2)).strip(), []
            continue
        lines.append(raw if in_fence else _strip_inline_markdown(raw))
    text = _paragraphs_to_text(lines)
    if text:
        sections.append(Section(heading=heading, text=text))
    return sections


def _clean_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    """Keep front matter JSON-friendly: dates become ISO strings, nested values are kept as they are."""
    clean: dict[str, Any] = {}
    for key, value in metadata.items():
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        clean[str(key)] = value
    return clean


def load_markdown(text: str, rel_path: str) -> tuple[str, list[Section], dict[str, Any]]:
    import frontmatter
    import yaml

    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
        raise DocumentError(f"malformed front matter: {first_line}") from None
    metadata = _clean_metadata(dict(post.metadata))
    body = post.content
    title = str(metadata.get("title") or "").strip()
    if not title:
        # No title in front matter: a leading level-1 heading is the title, else the file name.
        match = re.match(r"\s*#\s+(.+?)\s*#*\s*(?:\n|$)", body)
        title = _strip_inline_markdown(match.group(1)) if match else _humanise(Path(rel_path).stem)
        if match:
            body = body[match.end() :]
    return title, _markdown_sections(body, title), metadata


def load_text(text: str, rel_path: str) -> tuple[str, list[Section], dict[str, Any]]:
    title = _humanise(Path(rel_path).stem)
    body = _paragraphs_to_text(text.split("\n"))
    return title, ([Section(heading="", text=body)] if body else []), {}


_HTML_DROP = ("script", "style", "noscript", "nav", "footer", "header", "aside", "form", "template", "svg")
_HTML_BLOCKS = ("p", "li", "blockquote", "pre", "td", "th", "dd", "dt", "figcaption")
_HTML_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def load_html(text: str, rel_path: str) -> tuple[str, list[Section], dict[str, Any]]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    metadata: dict[str, Any] = {}
    for name in ("author", "description"):
        tag = soup.find("meta", attrs={"name": name})
        if tag and tag.get("content"):
            metadata[name] = str(tag["content"]).strip()
    canonical = soup.find("link", rel="canonical")
    if canonical and canonical.get("href"):
        metadata["url"] = str(canonical["href"]).strip()
    h1 = soup.find("h1")
    title_tag = soup.find("title")
    title = (
        (title_tag.get_text(" ", strip=True) if title_tag else "")
        or (h1.get_text(" ", strip=True) if h1 else "")
        or _humanise(Path(rel_path).stem)
    )
    metadata["title"] = title
    for tag in soup(_HTML_DROP):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    sections: list[Section] = []
    heading, paragraphs = "", []
    for element in root.find_all((*_HTML_HEADINGS, *_HTML_BLOCKS)):
        # A block nested in another block (a <p> in a <li>) is read with its parent only.
        if element.find_parent(_HTML_BLOCKS):
            continue
        content = re.sub(r"\s+", " ", element.get_text(" ", strip=True)).strip()
        if not content:
            continue
        if element.name in _HTML_HEADINGS:
            if paragraphs:
                sections.append(Section(heading=heading, text="\n\n".join(paragraphs)))
            heading, paragraphs = content, []
        else:
            paragraphs.append(content)
    if paragraphs:
        sections.append(Section(heading=heading, text="\n\n".join(paragraphs)))
    return title, sections, metadata


def load_pdf(data: bytes, rel_path: str) -> tuple[str, list[Section], dict[str, Any]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        info = reader.metadata or {}
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise DocumentError(f"unreadable PDF: {exc}") from None
    title = str(info.get("/Title") or "").strip() or _humanise(Path(rel_path).stem)
    metadata: dict[str, Any] = {"title": title}
    if info.get("/Author"):
        metadata["author"] = str(info["/Author"]).strip()
    sections = []
    for number, page_text in enumerate(pages, start=1):
        body = _paragraphs_to_text(page_text.split("\n"))
        if body:
            sections.append(Section(heading="", text=body, page=number))
    return title, sections, metadata


_TEXT_LOADERS: dict[str, Callable[[str, str], tuple[str, list[Section], dict[str, Any]]]] = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_text,
    ".text": load_text,
    ".html": load_html,
    ".htm": load_html,
}
SUPPORTED_SUFFIXES = (*_TEXT_LOADERS, ".pdf")


def load_document(path: Path, rel_path: str) -> Document:
    """Load one file; raise DocumentError with a short reason when it cannot be used."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(f"unsupported file type {suffix or '(none)'}")
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise DocumentError(f"too large ({size // (1024 * 1024)} MiB > {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB)")
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise DocumentError("empty file")
    if suffix == ".pdf":
        title, sections, metadata = load_pdf(data, rel_path)
    else:
        title, sections, metadata = _TEXT_LOADERS[suffix](_decode(data), rel_path)
    if not any(section.text.strip() for section in sections):
        raise DocumentError("no text after cleaning")
    metadata.setdefault("title", title)
    return Document(
        path=rel_path,
        title=title,
        sections=tuple(sections),
        metadata=metadata,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def iter_document_paths(docs_dir: Path) -> list[tuple[Path, str]]:
    """Files under docs_dir as (path, relative posix path), sorted; hidden files and escaping symlinks refused."""
    root = docs_dir.resolve()
    found = []
    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        found.append((path, rel.as_posix()))
    return [(p, r) for p, r in found if p.resolve().is_relative_to(root) or _warn_escape(r)]


def _warn_escape(rel: str) -> bool:
    log.warning("skipping %s: it links outside the docs directory", rel)
    return False


def load_documents(docs_dir: Path) -> LoadResult:
    if not docs_dir.is_dir():
        raise DocumentError(f"docs directory {docs_dir} does not exist")
    result = LoadResult()
    for path, rel in iter_document_paths(docs_dir):
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            result.skipped.append((rel, f"unsupported file type {path.suffix or '(none)'}"))
            continue
        try:
            result.documents.append(load_document(path, rel))
        except DocumentError as exc:
            log.warning("skipping %s: %s", rel, exc)
            result.skipped.append((rel, str(exc)))
    return result
