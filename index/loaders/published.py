"""A document's date: from its front matter or HTML metadata, a dateline / "Published on …" line near the top, or
else its file name ("briefing-2026-09.pdf")."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any

from index.dates import MAX_YEAR, MIN_YEAR, find_dates

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
# A document dated to its month only ("2026-09"), in front matter or by its file name.
YEAR_MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>\d\d)")
# A date in a file name: year, month and perhaps day, one separator throughout ("2026-07-16", "2026_09",
# "2026.11"). Nothing alphanumeric may touch it ("v2026-09", "2026-09x") and no further number may follow it
# ("2026-09-2027", "2026.10.1"): a version, a range or an identifier rather than a date.
_NAME_DATE = re.compile(
    r"(?<![A-Za-z0-9])(?P<year>\d{4})(?P<sep>[-_.])(?P<month>\d\d)(?:(?P=sep)(?P<day>\d\d))?"
    r"(?![A-Za-z0-9])(?![-_.]\d)"
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
    month = YEAR_MONTH.fullmatch(text)
    if month and 1 <= int(month["month"]) <= 12 and MIN_YEAR <= int(month["year"]) <= MAX_YEAR:
        return text  # a document dated to its month ("2026-09"), as a file name may date it
    mentions = find_dates(text)
    if len(mentions) == 1 and mentions[0].year is not None and mentions[0].precision in ("day", "month"):
        mention = mentions[0]
        if text[: mention.start].strip(" ,") == "" or _DATE_LABEL.search(text[: mention.start]):
            if mention.precision == "month":
                return f"{mention.year:04d}-{mention.month:02d}"
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


def file_name_date(rel_path: str) -> str | None:
    """The date a file's name gives, for a document that states none: "2026-07-16" from
    "press-release-2026-07-16-entry-into-force.txt", "2026-09" (that month) from "briefing-2026-09.pdf"; None when
    the name holds no date, an impossible one, or two that differ.

    A bare year ("summer-school-2027", "conference-2026-programme") is not taken: in a name it is as often the year
    the document is about as the year it was written. Only the file's own name counts, not its folders.
    """
    found = set()
    for match in _NAME_DATE.finditer(PurePosixPath(rel_path).stem):
        year, month = int(match["year"]), int(match["month"])
        if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
            return None
        if match["day"] is None:
            found.add(f"{year:04d}-{month:02d}")
        elif 1 <= int(match["day"]) <= calendar.monthrange(year, month)[1]:
            found.add(date(year, month, int(match["day"])).isoformat())
        else:
            return None
    return found.pop() if len(found) == 1 else None
