"""Markdown (CommonMark with pipe tables) read with markdown-it into blocks; YAML front matter as metadata."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from index.errors import DocumentError
from index.loaders.blocks import BlockBuilder, Parsed, humanise
from index.loaders.front_matter import split_front_matter
from index.loaders.published import metadata_date
from index.sentences import normalise_space

_HTML_TAG = re.compile(r"<[^>]*>")
# A definition list as Markdown extensions write it: a term, then its definition on a line starting with ": ".
_DEFINITION = re.compile(r"(?m)^(?P<term>[^\n:][^\n]*)\n:[ \t]+")


@functools.cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def load_markdown(text: str, rel_path: str) -> Parsed:
    metadata, body, notes = split_front_matter(text)
    if metadata and not body.strip():
        raise DocumentError("front matter only, no text")
    published = metadata_date(metadata, notes)
    nodes = SyntaxTreeNode(_parser().parse(body)).children
    title = normalise_space(str(metadata.get("title") or ""))
    # A leading level-1 heading is the title (when front matter has none) or repeats it: either way not a section.
    if nodes and nodes[0].type == "heading" and nodes[0].tag == "h1":
        heading = _inline(nodes[0].children[0]) if nodes[0].children else ""
        if not title or normalise_space(heading) == title:
            title, nodes = title or normalise_space(heading), nodes[1:]
    builder = BlockBuilder()
    for node in nodes:
        _read(node, builder)
    metadata["title"] = title or humanise(Path(rel_path).stem)
    if published:
        metadata["published"] = published
    return Parsed(metadata["title"], builder.finish(), metadata, notes)


def _read(node: SyntaxTreeNode, builder: BlockBuilder) -> None:
    if node.type == "heading":
        builder.heading(_text(node), int(node.tag[1:]))
    elif node.type == "paragraph":
        builder.paragraph(_DEFINITION.sub(r"\g<term>: ", _text(node)))
    elif node.type in ("bullet_list", "ordered_list"):
        builder.list(_items(node))
    elif node.type == "table":
        rows = [[_text(cell) for cell in row.children] for row in _rows(node)]
        head = [section for section in node.children if section.type == "thead"]
        header = rows.pop(0) if head and rows else []
        builder.table(header, rows)
    elif node.type in ("fence", "code_block"):
        builder.paragraph(node.content)
    elif node.type == "html_block":
        builder.paragraph(_HTML_TAG.sub(" ", node.content))
    else:  # blockquote and any container: read what it holds
        for child in node.children:
            _read(child, builder)


def _rows(table: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    return [row for section in table.children for row in section.children if row.type == "tr"]


def _items(list_node: SyntaxTreeNode) -> list[str]:
    """A list's items in order; a nested list's items follow their parent item and name it ("a drill: with a 2 m
    rod"), so that each keeps its meaning alone."""
    items: list[str] = []
    for item in list_node.children:
        own, nested = [], []
        for child in item.children:
            if child.type in ("bullet_list", "ordered_list"):
                nested += _items(child)
            else:
                own.append(_text(child))
        text = normalise_space(" ".join(part for part in own if part))
        lead = text.rstrip(":")
        items += [text, *(f"{lead}: {child}" if lead else child for child in nested)]
    return items


def _text(node: SyntaxTreeNode) -> str:
    """A block's text without markup; line breaks kept as newlines."""
    if node.type == "inline":
        return _inline(node)
    return "\n".join(_text(child) for child in node.children)


def _inline(node: SyntaxTreeNode) -> str:
    if node.type in ("text", "code_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return "\n"
    if node.type == "html_inline":
        return ""
    return "".join(_inline(child) for child in node.children)
