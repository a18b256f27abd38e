"""The deadline record (one dated statement of a document) and the JSON file the index keeps them in."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from index.date_mention import DateMention, Status
from index.schema import Citation

Kind = Literal["deadline", "milestone"]

FORMAT_VERSION = 1


@dataclass(frozen=True)
class DeadlineRecord:
    """One dated statement: the date, what it dates, whether it is a deadline, and the sentence saying so."""

    id: str  # stable: a hash of the document, the sentence and the date's place in it
    date: DateMention
    what: str  # short description taken from the sentence: "final selection of proposals"
    kind: Kind
    source: str  # document path relative to the docs directory
    title: str
    section: str
    quote: str  # the verbatim sentence
    chunk_id: str
    url: str | None = None
    page: int | None = None

    def status(self, today: date | datetime) -> Status:
        return self.date.status(as_date(today))

    def describe(self, today: date | datetime) -> str:
        """ "the final selection of proposals (milestone): September 2024 is in the past" """
        return f"{self.what} ({self.kind}): {self.date.describe(as_date(today))}"

    def citation(self, number: int) -> Citation:
        return Citation(
            number=number,
            source=self.source,
            title=self.title,
            section=self.section,
            quote=self.quote,
            chunk_id=self.chunk_id,
            url=self.url,
            page=self.page,
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["date"] = asdict(self.date)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DeadlineRecord:
        """The inverse of `to_json`; raises ValueError naming the first missing or malformed field."""
        try:
            mention = DateMention(**dict(data["date"]))
            record = cls(**{**dict(data), "date": mention})
        except (KeyError, TypeError) as exc:
            raise ValueError(f"malformed deadline record: {exc}") from None
        if record.kind not in ("deadline", "milestone"):
            raise ValueError(f"malformed deadline record: unknown kind {record.kind!r}")
        if record.date.precision not in ("day", "month", "year", "decade"):
            raise ValueError(f"malformed deadline record: unknown precision {record.date.precision!r}")
        return record


def as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def write_records(path: Path, records: Iterable[DeadlineRecord]) -> None:
    """Save the records as JSON (the index builder writes deadlines.json next to the index)."""
    payload = {"version": FORMAT_VERSION, "records": [r.to_json() for r in records]}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")


def read_records(path: Path) -> list[DeadlineRecord]:
    """Load records saved by `write_records`; ValueError with a one-line reason when the file is unusable."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path.name}: unreadable ({exc.__class__.__name__})") from None
    if not isinstance(payload, dict) or payload.get("version") != FORMAT_VERSION:
        raise ValueError(f"{path.name}: not a version {FORMAT_VERSION} deadlines file")
    records = payload.get("records")
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ValueError(f"{path.name}: 'records' is not a list of objects")
    return [DeadlineRecord.from_json(r) for r in records]
