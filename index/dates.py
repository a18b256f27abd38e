"""Find the dates a sentence mentions ("December 31", "September 2024", "the 2030s") with their precision.

Pure text processing: no model, no I/O. A year the text does not state stays unknown unless the caller passes
the document's publication date, and then the mention says it was inferred. What a mention covers and how it reads
relative to today is index/date_mention.py.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date

from index.date_mention import DateMention, Precision

MIN_YEAR = 1900
MAX_YEAR = 2199

MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}
_ABBREVIATIONS = {
    "Jan": 1,
    "Feb": 2,
    "Mar": 3,
    "Apr": 4,
    "Jun": 6,
    "Jul": 7,
    "Aug": 8,
    "Sep": 9,
    "Sept": 9,
    "Oct": 10,
    "Nov": 11,
    "Dec": 12,
}

# Month names are matched case-sensitively so the modal verb "may" and the verb "march" are not dates.
_MONTH = (
    r"(?P<month>"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + "|"
    + "|".join(rf"{abbr}\.?" for abbr in sorted(_ABBREVIATIONS, key=len, reverse=True))
    + r")"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20|21)\d\d)"
_SPACE = r"[ \t\u00a0]+"
# Nothing word-like or numeric may continue a match: "December 310", "2030x", "2030.5".
_END = r"(?![\w’'])(?![.,]\d)"
# A count rather than a date: "2030 satellites", "September 29 countries signed".
_QUANTITY_NOUN = re.compile(
    r"[ \t\u00a0]+(?:countries|nations|people|participants|members|partners|states|satellites|missions"
    r"|projects|proposals|km|kg|m|t|miles|kilometers|kilometres|meters|metres|kilograms|tons|tonnes"
    r"|feet|ft|years|days|hours|dollars|yuan)\b",
)
# Labels whose number is an identifier, not a year: "page 2019", "No. 2030", "Resolution 2025".
_LABEL_BEFORE = re.compile(
    r"(?:\b(?:p|pp|no|nr|vol|fig|ch|sec)\.|\b(?:page|pages|number|volume|issue|figure|table|section|chapter"
    r"|article|flight|model|version|resolution|room|code)|[#$€£¥])[ \t\u00a0]*$",
    re.IGNORECASE,
)
# A capitalised word inside a sentence just before a month makes the month part of a name: "a Long March 5
# rocket". A weekday does not ("Friday March 5"), nor does a sentence's first word ("On March 5").
_NAME_BEFORE_MONTH = re.compile(r"(?:^|[^.!?:;\s])[ \t\u00a0]+(?P<word>[A-Z][\w’'-]*)[ \t\u00a0]+$")
# The capitalised word just before a month wherever it stands, for a name that opens a sentence ("Long March 10 and
# Long March 10A compared"): it makes the month a name when the same pair stands inside a sentence elsewhere.
_WORD_BEFORE_MONTH = re.compile(r"(?:^|\s)(?P<word>[A-Z][\w’'-]*)[ \t\u00a0]+$")
_WEEKDAYS = frozenset(calendar.day_name) | frozenset(calendar.day_abbr)
# What joins the two ends of a range of dates: "10 September – 25 October 2027", "from 3 to 5 May 2026".
_RANGE_JOINT = re.compile(r"[ \t\u00a0]*(?:[-‐–—]|to|until|till|through|and)[ \t\u00a0]*$", re.IGNORECASE)
# A hyphen before a year is only a qualifier for these words ("mid-2025"); otherwise it is a designator.
_HYPHEN_QUALIFIERS = ("mid", "early", "late", "end", "pre", "post")

_PATTERNS: tuple[tuple[Precision, re.Pattern[str]], ...] = (
    ("day", re.compile(r"(?<![\w-])(?P<year>(?:19|20|21)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\w-])")),
    ("day", re.compile(rf"\b{_MONTH}{_SPACE}{_DAY},?{_SPACE}{_YEAR}{_END}")),
    ("day", re.compile(rf"(?<![\w.,]){_DAY}(?:{_SPACE}of)?{_SPACE}{_MONTH},?{_SPACE}{_YEAR}{_END}")),
    ("month", re.compile(rf"\b{_MONTH},?{_SPACE}(?:of{_SPACE})?{_YEAR}{_END}")),
    ("day", re.compile(rf"\b{_MONTH}{_SPACE}{_DAY}(?![\w’'])(?![.,:]\d)")),
    ("day", re.compile(rf"(?<![\w.,]){_DAY}(?:{_SPACE}of)?{_SPACE}{_MONTH}(?![\w’'])")),
    (
        "decade",
        re.compile(
            r"(?:\b[Tt]he[ \t\u00a0]+)?(?:\b(?:early|mid|late)(?:-|[ \t\u00a0]+))?"
            r"(?<![\w.,])(?P<year>(?:19|20|21)\d0)['’]?s\b"
        ),
    ),
    ("year", re.compile(rf"(?<![\w.,/:]){_YEAR}{_END}")),
    # A month with no day and no year counts only after a word that makes it a time: "by December".
    (
        "month",
        re.compile(
            r"\b(?i:in|by|until|till|before|after|from|since|through|during|of|early|mid|late)[ \t\u00a0]+"
            rf"(?P<date>{_MONTH})(?![\w’'])"
        ),
    ),
)


def find_dates(text: str, *, published: date | None = None, context: str = "") -> list[DateMention]:
    """Every date mentioned in `text`, in order; a missing year comes from `published` when given. `context` (the
    passage `text` was quoted from) also tells a month that opens a name ("Long March 10 is …") from a date."""
    candidates: list[DateMention] = []
    for precision, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            mention = _mention(text, match, precision, published, context)
            if mention is not None:
                candidates.append(mention)
    # Leftmost-longest, without overlaps: "December 31, 2024" wins over "December 31" and "2024".
    candidates.sort(key=lambda m: (m.start, -(m.end - m.start)))
    chosen: list[DateMention] = []
    for mention in candidates:
        if chosen and mention.start < chosen[-1].end:
            continue
        chosen.append(mention)
    return _ranges_dated_by_their_end(text, chosen)


def _ranges_dated_by_their_end(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """The start of a range that leaves its year to the end ("10 September – 25 October 2027") takes the end's
    year (or the year before, when it falls later in the year than the end), not the document's."""
    out = list(mentions)
    for i in range(len(out) - 2, -1, -1):
        start, end = out[i], out[i + 1]
        if (start.year is not None and not start.year_inferred) or start.month is None:
            continue
        if end.year is None or end.year_inferred or end.month is None or end.precision == "decade":
            continue
        if not _RANGE_JOINT.fullmatch(text[start.end : end.start]):
            continue
        later = (start.month, start.day or 1) > (end.month, end.day or 1)
        year = end.year - 1 if later else end.year
        if start.day is not None and not _valid_day(start.day, start.month, year):
            continue
        out[i] = replace(start, year=year, year_inferred=False)
    return out


def _mention(
    text: str, match: re.Match[str], precision: Precision, published: date | None, context: str = ""
) -> DateMention | None:
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    month = _month_number(groups["month"]) if groups.get("month") else None
    day = int(groups["day"]) if groups.get("day") else None
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not _valid_day(day, month, year):
        return None
    if precision in ("year", "decade", "day") and _QUANTITY_NOUN.match(text, match.end()):
        return None
    if precision == "year" and _is_identifier(text, match.start()):
        return None
    if groups.get("month") and match.start() == match.start("month") and _in_a_name(text, match.start(), context):
        return None
    inferred = False
    if year is None and published is not None:
        year, inferred = published.year, True
        if day is not None and not _valid_day(day, month, year):  # February 29 in a non-leap year
            year, inferred = None, False
    # A pattern that needs context to recognise a date ("by December") marks the date itself as `date`.
    span_group = "date" if "date" in groups else 0
    return DateMention(
        text=match.group(span_group),
        start=match.start(span_group),
        end=match.end(span_group),
        precision=precision,
        year=year,
        month=month,
        day=day,
        year_inferred=inferred,
    )


def _month_number(name: str) -> int:
    if name.isdigit():  # ISO 8601
        return int(name)
    name = name.rstrip(".")
    return MONTHS.get(name) or _ABBREVIATIONS[name]


def _valid_day(day: int, month: int | None, year: int | None) -> bool:
    if month is None:
        return False
    # Without a year, allow February 29: it exists in some year.
    last = calendar.monthrange(year if year is not None else 2000, month)[1]
    return 1 <= day <= last


def _in_a_name(text: str, start: int, context: str = "") -> bool:
    """True when the month at `start` follows a capitalised word in mid-sentence, as in "Long March 5", or follows,
    at a sentence's start, a word that makes the same month a name in mid-sentence elsewhere in `text` or `context`."""
    if _name_word_before(text, start):
        return True
    word = _WORD_BEFORE_MONTH.search(text[max(0, start - 40) : start])
    if not word or word.group("word") in _WEEKDAYS:
        return False
    month = re.match(r"\w+", text[start:])
    pair = re.compile(rf"(?<![\w’'-]){re.escape(word.group('word'))}{_SPACE}{month.group(0)}(?![\w’'])")
    return any(
        _name_word_before(where, m.end() - len(month.group(0)))
        for where in (text, context)
        for m in pair.finditer(where)
    )


def _name_word_before(text: str, start: int) -> bool:
    before = _NAME_BEFORE_MONTH.search(text[max(0, start - 40) : start])
    return bool(before) and before.group("word").strip(".,") not in _WEEKDAYS


def _is_identifier(text: str, start: int) -> bool:
    """True when the number at `start` is a label's number or a designator ("Chang’e-2030"), not a year."""
    before = text[max(0, start - 20) : start]
    if _LABEL_BEFORE.search(before):
        return True
    if before.endswith(("-", "‐", "–")) and len(before) >= 2 and not before[-2].isspace():
        word = re.search(r"(\w+)[-‐–]$", before)
        if word and re.fullmatch(r"(?:19|20|21)\d\d", word.group(1)):  # the end of a range: "2024–2025"
            return False
        return not (word and word.group(1).lower() in _HYPHEN_QUALIFIERS)
    return False
