"""One date found in a text: the days it covers, and where it stands relative to today, in words."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Literal

Precision = Literal["day", "month", "year", "decade"]
Status = Literal["past", "upcoming", "current", "unknown"]


class MonthDate(date):
    """A date known to its month only (a document dated "2026-09"): it orders as the month's middle day, the
    nearest guess to any day of it, and reads as the month."""

    MIDDLE = 15

    @classmethod
    def of(cls, year: int, month: int) -> MonthDate:
        return cls(year, month, cls.MIDDLE)

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    __str__ = isoformat


@dataclass(frozen=True)
class DateMention:
    """One date in a text: the verbatim span, where it is, and what it covers."""

    text: str  # verbatim span as in the input: "December 31", "September 2024", "the 2030s", "2030"
    start: int
    end: int
    precision: Precision
    year: int | None  # None when the text omits it (never invented)
    month: int | None = None
    day: int | None = None
    year_inferred: bool = False  # year taken from the document's `published` date, not the text

    def span(self) -> tuple[date, date] | None:
        """The first and last day the mention covers; None when the year is unknown."""
        if self.year is None:
            return None
        if self.precision == "decade":
            return date(self.year, 1, 1), date(self.year + 9, 12, 31)
        if self.precision == "year" or self.month is None:
            return date(self.year, 1, 1), date(self.year, 12, 31)
        if self.precision == "month" or self.day is None:
            last = calendar.monthrange(self.year, self.month)[1]
            return date(self.year, self.month, 1), date(self.year, self.month, last)
        day = date(self.year, self.month, self.day)
        return day, day

    def status(self, today: date) -> Status:
        covered = self.span()
        if covered is None:
            return "unknown"
        first, last = covered
        if today < first:
            return "upcoming"
        if today > last:
            return "past"
        return "current"

    @property
    def label(self) -> str:
        """A tidy name for the date: "December 31, 2024", "December 31", "September 2024", "the 2030s"."""
        if self.precision == "decade":
            return self.text if self.text.lower().startswith("the ") else f"the {self.text}"
        year = "" if self.year is None else str(self.year)
        if self.precision == "year":
            return year
        month = calendar.month_name[self.month] if self.month else ""
        if self.precision == "month":
            return f"{month} {year}".strip()
        return f"{month} {self.day}, {year}" if year else f"{month} {self.day}"

    def describe(self, today: date) -> str:
        """Where the date stands relative to today, in words: "September 2024 is in the past"."""
        status = self.status(today)
        if status == "unknown":
            return f"{self.label} — the source does not state the year"
        plural = self.precision == "decade"
        verb = "are" if plural else "is"
        if status == "past":
            phrase = f"{verb} in the past"
        elif status == "upcoming":
            phrase = f"{verb} upcoming"
        else:
            phrase = {
                "day": "is today",
                "month": "is this month",
                "year": "is this year",
                "decade": "are this decade",
            }[self.precision]
        name = self.label
        if self.year_inferred:
            name += " (year assumed from the document's publication date)"
        return f"{name} {phrase}"
