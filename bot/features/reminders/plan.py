"""Lead times ("7d,1d,1h") and the alert instants they give for a deadline."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.features.reminders.parsing import ReminderInputError, quoted

MAX_LEAD_TIMES = 8
MAX_LEAD = timedelta(days=365)

_UNITS = {"w": timedelta(weeks=1), "d": timedelta(days=1), "h": timedelta(hours=1), "m": timedelta(minutes=1)}
_UNIT_NAMES = (("day", timedelta(days=1)), ("hour", timedelta(hours=1)))
_LEAD_PATTERN = re.compile(r"^(\d{1,4})\s*([wdhm])$")

# Alert kinds: a lead alert posts a reminder message; the close alert, at the deadline itself, marks the
# pinned message closed and unpins it.
LEAD = "lead"
CLOSE = "close"


class LeadTimeError(ReminderInputError):
    pass


@dataclass(frozen=True)
class PlannedAlert:
    kind: str  # LEAD or CLOSE
    due_at: datetime  # aware UTC
    lead: timedelta  # how long before the deadline; zero for CLOSE


def parse_lead_times(text: str) -> tuple[timedelta, ...]:
    """'7d, 1d, 1h' → (7 days, 1 day, 1 hour), longest first, duplicates dropped."""
    parts = [part.strip().lower() for part in re.split(r"[,\s]+", text or "") if part.strip()]
    if not parts:
        raise LeadTimeError("Give at least one lead time, for example '7d,1d,1h'.")
    leads = set()
    for part in parts:
        match = _LEAD_PATTERN.match(part)
        if not match:
            raise LeadTimeError(
                f"Cannot read the lead time {quoted(part)}: use a number and a unit w, d, h or m, e.g. '7d,1d,1h'."
            )
        lead = int(match[1]) * _UNITS[match[2]]
        if lead <= timedelta(0) or lead > MAX_LEAD:
            raise LeadTimeError(f"The lead time {quoted(part)} must be between 1 minute and {MAX_LEAD.days} days.")
        leads.add(lead)
    if len(leads) > MAX_LEAD_TIMES:
        raise LeadTimeError(f"At most {MAX_LEAD_TIMES} lead times per reminder.")
    return tuple(sorted(leads, reverse=True))


def format_lead(lead: timedelta) -> str:
    """7 days → '7d', 90 minutes → '90m': the canonical text parse_lead_times reads back."""
    minutes = int(lead.total_seconds() // 60)
    for unit, size in (("d", 24 * 60), ("h", 60)):
        if minutes % size == 0:
            return f"{minutes // size}{unit}"
    return f"{minutes}m"


def format_leads(leads: Iterable[timedelta]) -> str:
    return ",".join(format_lead(lead) for lead in leads)


def describe_lead(lead: timedelta) -> str:
    """7 days → '7 days', 1 hour → '1 hour', 90 minutes → '90 minutes'."""
    for name, size in _UNIT_NAMES:
        if lead % size == timedelta(0):
            count = lead // size
            return f"{count} {name}{'s' if count != 1 else ''}"
    minutes = int(lead.total_seconds() // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def alert_instant(deadline: datetime, lead: timedelta, zone: ZoneInfo) -> datetime:
    """`lead` before `deadline`. Whole days count on the local calendar ("7 days before 12:00" is 12:00, even
    across a daylight-saving change); shorter leads are exact durations ("1 hour before")."""
    if lead % timedelta(days=1):
        return deadline - lead
    wall = deadline.astimezone(zone).replace(tzinfo=None) - lead
    # fold=0: a wall time skipped by the change maps to just after it; a repeated one to its first occurrence.
    return wall.replace(tzinfo=zone, fold=0).astimezone(UTC)


def plan_alerts(
    deadline: datetime, leads: Sequence[timedelta], created_at: datetime, zone: ZoneInfo | str = "UTC"
) -> list[PlannedAlert]:
    """An alert per lead time still ahead at `created_at`, then the close at the deadline; in time order."""
    zone = ZoneInfo(zone) if isinstance(zone, str) else zone
    alerts = []
    for lead in sorted(set(leads), reverse=True):
        due = alert_instant(deadline, lead, zone)
        if created_at < due < deadline:
            alerts.append(PlannedAlert(LEAD, due, lead))
    alerts.append(PlannedAlert(CLOSE, deadline.astimezone(UTC), timedelta(0)))
    return alerts
