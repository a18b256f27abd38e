"""An e-mail saved as text: its header lines ("From:", "To:", "Date:", "Subject:") give the title and the date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.parser import HeaderParser
from email.utils import parsedate_to_datetime

from index.loaders.published import stated_date

_HEADER_LINE = re.compile(r"^[A-Z][A-Za-z-]{0,24}:\s*\S")
_ADDRESS_FIELDS = {"from", "to", "cc", "bcc", "reply-to", "sender"}


@dataclass(frozen=True)
class EmailHeader:
    subject: str | None
    published: str | None


def read_email_header(lines: list[str]) -> EmailHeader | None:
    """The header of a paragraph of "Field: value" lines that names a sender or recipient and a subject or date;
    None when the paragraph is not an e-mail header."""
    if not lines or not all(_HEADER_LINE.match(line) for line in lines):
        return None
    fields = HeaderParser().parsestr("\n".join(lines) + "\n\n")
    names = {key.lower() for key in fields}
    if not names & _ADDRESS_FIELDS or not names & {"subject", "date"}:
        return None
    subject = " ".join(str(fields.get("subject", "")).split()) or None
    return EmailHeader(subject, _date(str(fields.get("date", ""))))


def _date(value: str) -> str | None:
    """An RFC 2822 date ("Wed, 21 Oct 2026 09:40:12 +0800") or a written one ("21 October 2026"), as ISO."""
    if not value.strip():
        return None
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return stated_date(f"Date: {value}")
