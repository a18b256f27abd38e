"""HTML: main content extracted by trafilatura (navigation, cookie banners, footers and sidebars dropped),
read into blocks with tables as rows under their headers; title, author, date and URL as metadata."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from index.errors import DocumentError
from index.loaders.blocks import BlockBuilder, Parsed, humanise
from index.loaders.html_tables import read_table, spread_spans
from index.loaders.published import iso_date, stated_date
from index.sentences import normalise_space

_HEADING_LEVELS = {f"h{level}": level for level in range(1, 7)}
# "By Jo Doe", also after a date: "Published 27 February 2024 · By Jo Doe, correspondent · 5 min read"; a name is
# one to four capitalised words, so "By continuing to browse …" in a cookie banner is no byline.
_BYLINE = re.compile(r"(?:^|[·|•—–]\s*)By\s+((?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*){0,3})(?=\s*(?:$|[·|•—–,]))")
_BYLINE_CHARS = 160


def load_html(text: str, rel_path: str) -> Parsed:
    import trafilatura
    from lxml import html as lxml_html

    logging.getLogger("trafilatura").setLevel(logging.ERROR)  # it logs every page it finds little text in
    # Parsed from bytes because a page may carry an XML encoding declaration; the text was read as UTF-8.
    tree = lxml_html.fromstring(text.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8"))
    extracted = trafilatura.bare_extraction(
        lxml_html.tostring(tree, encoding="unicode") if spread_spans(tree) else text,
        include_tables=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        with_metadata=True,
        favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if extracted is None or extracted.body is None:
        raise DocumentError("no main content found in the HTML")
    builder = BlockBuilder()
    title = normalise_space(extracted.title or "") or humanise(Path(rel_path).stem)
    children = list(extracted.body)
    # The page's own headline repeats its title: it is the title, not a section.
    if children and children[0].tag == "head" and normalise_space(_text(children[0])) == title:
        children = children[1:]
    for element in children:
        _read(element, builder)
    blocks = builder.finish()
    metadata: dict[str, Any] = {"title": title}
    author = _author(tree)
    if author:
        metadata["author"] = author
    if extracted.url:
        metadata["url"] = extracted.url
    published = _published(extracted, tree) or stated_date("\n".join(b.text for b in blocks[:4]))
    if published:
        metadata["published"] = published
    return Parsed(title, blocks, metadata)


def _published(extracted: Any, tree: Any) -> str | None:
    """The date in the page's markup: article meta tags (via trafilatura), else the first <time datetime>."""
    for value in [extracted.date, *tree.xpath("//time/@datetime")[:1]]:
        if value:
            try:
                return iso_date(value)
            except ValueError:
                continue
    return None


def _author(tree: Any) -> str:
    """The author named in the page's metadata, else in a byline that says "By …"."""
    for value in tree.xpath("//meta[@name='author']/@content | //meta[@property='article:author']/@content"):
        if value.strip():
            return normalise_space(value)
    for element in tree.iter("p", "span", "div", "address", "small"):
        text = normalise_space(element.text_content())
        match = _BYLINE.search(text) if len(text) <= _BYLINE_CHARS else None
        if match:
            return match.group(1)
    return ""


def _read(element: Any, builder: BlockBuilder) -> None:
    tag = element.tag
    if tag == "head":
        builder.heading(_text(element), _HEADING_LEVELS.get(element.get("rend", ""), 2))
    elif tag == "p" or tag == "code":
        builder.paragraph(_text(element))
    elif tag == "list":
        builder.list(_items(element))
    elif tag == "table":
        read_table(element, builder, _text)
    elif len(element):  # quote, div and other containers: read what they hold
        for child in element:
            _read(child, builder)
    else:
        builder.paragraph(_text(element))


def _items(list_element: Any) -> list[str]:
    """A list's items in order. A nested list's items follow their parent item and name it ("a drill: with a 2 m
    rod"); a definition list's terms lead their definitions ("SRS: Scheduled Relay Service")."""
    items: list[str] = []
    term = ""
    for item in list_element.iterchildren("item"):
        own = normalise_space(
            (item.text or "") + "".join(_text(child) + (child.tail or "") for child in item if child.tag != "list")
        )
        kind = item.get("rend", "")
        if kind.startswith("dt"):
            if term:
                items.append(term)
            term = own
            continue
        if kind.startswith("dd") and term:
            own, term = f"{term.rstrip(':')}: {own}", ""
        items.append(own)
        lead = own.rstrip(":")
        for nested in item.iterchildren("list"):
            items += [f"{lead}: {child}" if lead else child for child in _items(nested)]
    if term:
        items.append(term)
    return items


def _text(element: Any) -> str:
    """Text of an element; <lb/> line breaks kept as newlines."""
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "lb" else _text(child))
        parts.append(child.tail or "")
    return "".join(parts)
