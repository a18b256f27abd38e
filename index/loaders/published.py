"""A document's date: from its front matter or HTML metadata, or a dateline / "Published on …" line near the top."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from index.dates import find_dates

DATE_KEYS = ("published", "date", "updated")  # front matter keys that date a document, preferred first
_NEAR_TOP_CHARS = 400
# "BEIJING, 3 May 2024 —": a place name, a comma, then the date.
_DATELINE = re.compile(r"(?:^|\n)[A-Z][\w .,'’-]{1,60},\s*$")
_WEEKDAY = r"(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?"
# "Date: 21 Oct 2026", "Published on Wednesday, 3 May 2024": a label, a weekday perhaps, then the date.
_DATE_LABEL = re.compile(
    rf"\b(?:published|posted|released|issued|dated|updated|revised|date)\b(?:\s+on)?\s*:?\s*(?:{_WEEKDAY}\s*)?$",
    re.I,
)


def iso_date(value: Any) -> str:
    """A date value as an ISO date string; ValueError with a short reason when it is not a real date."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    mentions = find_dates(text)
    if len(mentions) == 1 and mentions[0].precision == "day" and mentions[0].year is not None:
        mention = mentions[0]
        if text[: mention.start].strip(" ,") == "" or _DATE_LABEL.search(text[: mention.start]):
            return date(mention.year, mention.month, mention.day).isoformat()  # type: ignore[arg-type]
    raise ValueError(f"{text[:40]!r} is not a date")


def metadata_date(metadata: dict[str, Any], notes: list[str]) -> str | None:
    """The first valid date among DATE_KEYS; an invalid value is dropped from metadata with a note."""
    found = None
    for key in DATE_KEYS:
        if metadata.get(key) in (None, ""):
            continue
        try:
            value = iso_date(metadata[key])
        except ValueError as exc:
            notes.append(f"front matter {key}: {exc}; ignored")
            del metadata[key]
            continue
        metadata[key] = value
        found = found or value
    return found


def stated_date(text: str) -> str | None:
    """A date the text states near its top: a dateline or a "Published on …" line; None otherwise."""
    head = text[:_NEAR_TOP_CHARS]
    for mention in find_dates(head):
        if mention.precision != "day" or mention.year is None:
            continue
        before = head[: mention.start]
        if _DATELINE.search(before) or _DATE_LABEL.search(before):
            try:
                return date(mention.year, mention.month, mention.day).isoformat()  # type: ignore[arg-type]
            except ValueError:
                continue
    return None


def is_dateline(line: str) -> bool:
    """A line that is only a place and a date, or a date: "Beijing, 24 April 2026"."""
    mentions = find_dates(line)
    return bool(mentions) and mentions[-1].end == len(line.rstrip(" .")) and stated_date(line) is not None
