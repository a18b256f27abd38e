"""Turn a moderator's date, optional time and IANA time zone into an exact UTC instant, or a clear error."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.commands.errors import UserError, quoted

END_OF_DAY = time(23, 59, 59)

_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d %Y",
    "%b %d %Y",
)
_TIME_PATTERN = re.compile(
    r"""^\s*(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?(?::(?P<second>\d{2}))?\s*
        (?P<meridiem>am|pm|a\.m\.|p\.m\.)?\s*
        (?:(?:utc|gmt)?\s*(?P<offset>[+-]\d{1,2}(?::?\d{2})?))?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


# No IANA zone name is longer than this; past it there is no "did you mean" (matching would be slow).
ZONE_NAME_LIMIT = 64
TITLE_LIMIT = 240  # the longest title a server may allow (REMINDERS_MAX_TITLE_CHARS); Discord's max_length too


class ReminderInputError(UserError):
    """Something a moderator typed cannot become a reminder; the message says why, in one line."""


class UnknownZoneError(ReminderInputError):
    pass


class InvalidDateError(ReminderInputError):
    pass


class NonexistentLocalTimeError(ReminderInputError):
    pass


class AmbiguousLocalTimeError(ReminderInputError):
    pass


class PastDeadlineError(ReminderInputError):
    pass


class BeyondHorizonError(ReminderInputError):
    pass


@dataclass(frozen=True)
class ParsedDeadline:
    utc: datetime  # aware, UTC
    zone: str  # canonical IANA key, e.g. "America/New_York"
    date_only: bool  # True when no time was given: the deadline is the end of that day

    @property
    def local(self) -> datetime:
        return self.utc.astimezone(ZoneInfo(self.zone))


@lru_cache(maxsize=1)
def _zones_by_folded_name() -> dict[str, str]:
    return {name.casefold(): name for name in available_timezones()}


def resolve_zone(name: str) -> ZoneInfo:
    """The zone for an IANA name (case-insensitive); UnknownZoneError with close matches otherwise."""
    cleaned = (name or "").strip().replace(" ", "_")
    if not cleaned:
        raise UnknownZoneError("Give a time zone as an IANA name, for example Europe/Paris or Asia/Shanghai.")
    if cleaned.upper() in {"UTC", "Z", "GMT"}:
        return ZoneInfo("UTC")
    canonical = _zones_by_folded_name().get(cleaned.casefold())
    if canonical is not None:
        try:
            return ZoneInfo(canonical)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    close = []
    if len(cleaned) <= ZONE_NAME_LIMIT:
        close = difflib.get_close_matches(cleaned, sorted(_zones_by_folded_name().values()), n=3, cutoff=0.6)
    hint = f" Did you mean {', '.join(close)}?" if close else " Use an IANA name such as Europe/Paris."
    raise UnknownZoneError(f"Unknown time zone {quoted(name)}.{hint}")


def zone_suggestions(text: str, limit: int = 25) -> list[str]:
    """IANA names containing `text` (any case), prefix matches and shorter names first: for autocomplete."""
    needle = (text or "").strip().replace(" ", "_").casefold()
    names = _zones_by_folded_name().values()
    if not needle:
        popular = ["UTC", "Europe/London", "Europe/Paris", "America/New_York", "Asia/Shanghai", "Asia/Tokyo"]
        return popular[:limit]
    matches = [name for name in names if needle in name.casefold()]
    matches.sort(key=lambda name: (not name.casefold().startswith(needle), len(name), name))
    return matches[:limit]


def parse_date(text: str) -> date:
    cleaned = re.sub(r"\s+", " ", (text or "").replace(",", " ")).strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise InvalidDateError(
        f"Cannot read the date {quoted(text)}: use YYYY-MM-DD (e.g. 2026-12-31) or '31 December 2026'."
    )


def parse_time(text: str) -> tuple[time, timedelta | None]:
    """A wall-clock time and, when the moderator added one (to pick a side of a DST fold), its UTC offset."""
    match = _TIME_PATTERN.match(text or "")
    if not match:
        raise InvalidDateError(f"Cannot read the time {quoted(text)}: use 24-hour HH:MM, e.g. 17:30.")
    hour = int(match["hour"])
    minute = int(match["minute"] or 0)
    second = int(match["second"] or 0)
    meridiem = (match["meridiem"] or "").replace(".", "").lower()
    if meridiem:
        if not 1 <= hour <= 12:
            raise InvalidDateError(f"Cannot read the time {quoted(text)}: with am/pm the hour is 1 to 12.")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise InvalidDateError(f"Cannot read the time {quoted(text)}: hours go to 23, minutes to 59.")
    return time(hour, minute, second), _parse_offset(match["offset"])


def _parse_offset(text: str | None) -> timedelta | None:
    if not text:
        return None
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (int(digits), 0) if len(digits) <= 2 else (int(digits[:-2]), int(digits[-2:]))
    if hours > 14 or minutes > 59:
        raise InvalidDateError(f"The UTC offset {quoted(text)} is out of range.")
    return sign * timedelta(hours=hours, minutes=minutes)


def format_offset(offset: timedelta | None) -> str:
    total = int((offset or timedelta()).total_seconds())
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total) // 60, 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def localize(naive: datetime, zone: ZoneInfo, offset: timedelta | None = None) -> datetime:
    """Attach `zone` to a wall-clock time, refusing times skipped or repeated by a DST change (unless `offset`
    picks one of the repeated ones)."""
    readings = []
    for fold in (0, 1):
        aware = naive.replace(tzinfo=zone, fold=fold)
        # A wall-clock time exists when it survives a round trip through UTC unchanged.
        exists = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive
        if exists and all(aware.utcoffset() != seen.utcoffset() for seen in readings):
            readings.append(aware)
    when = f"{naive:%H:%M} on {naive:%Y-%m-%d}"
    if not readings:
        before = naive.replace(tzinfo=zone, fold=0).utcoffset()
        after = naive.replace(tzinfo=zone, fold=1).utcoffset()
        later = naive.replace(tzinfo=zone, fold=0).astimezone(UTC).astimezone(zone)
        raise NonexistentLocalTimeError(
            f"{when} does not exist in {zone.key}: the clocks jump forward then "
            f"({format_offset(before)} → {format_offset(after)}). Pick another time, e.g. {later:%H:%M}."
        )
    if offset is not None:
        for aware in readings:
            if aware.utcoffset() == offset:
                return aware
        valid = " or ".join(format_offset(aware.utcoffset()) for aware in readings)
        raise InvalidDateError(f"{when} in {zone.key} is at {valid}, not {format_offset(offset)}.")
    if len(readings) > 1:
        first, second = (f"{format_offset(aware.utcoffset())} ({aware.tzname()})" for aware in readings)
        example = format_offset(readings[0].utcoffset()).removeprefix("UTC")
        raise AmbiguousLocalTimeError(
            f"{when} happens twice in {zone.key} because the clocks go back then: first at {first}, then at "
            f"{second}. Add the offset to the time, e.g. '{naive:%H:%M} {example}'."
        )
    return readings[0]


def parse_deadline(
    date_text: str,
    time_text: str | None,
    zone_name: str,
    *,
    now: datetime,
    horizon: timedelta,
) -> ParsedDeadline:
    """The deadline as an aware UTC instant; a date alone means 23:59:59 local time that day."""
    zone = resolve_zone(zone_name)
    day = parse_date(date_text)
    # Far-off days are refused before any time-zone arithmetic, which overflows near years 1 and 9999.
    if day < (now - timedelta(days=2)).date():
        raise PastDeadlineError(f"{day.isoformat()} is already in the past.")
    if day > (now + horizon + timedelta(days=2)).date():
        raise _beyond_horizon(day, horizon)
    offset = None
    date_only = not (time_text or "").strip()
    if date_only:
        wall = END_OF_DAY
    else:
        wall, offset = parse_time(time_text or "")
    local = localize(datetime.combine(day, wall), zone, offset)
    utc = local.astimezone(UTC)
    if utc <= now:
        raise PastDeadlineError(f"{local:%Y-%m-%d %H:%M} {zone.key} is already in the past.")
    if utc > now + horizon:
        raise _beyond_horizon(local.date(), horizon)
    return ParsedDeadline(utc=utc, zone=zone.key, date_only=date_only)


def _beyond_horizon(day: date, horizon: timedelta) -> BeyondHorizonError:
    return BeyondHorizonError(
        f"{day.isoformat()} is too far ahead: reminders can be set at most {horizon.days} days ahead."
    )


def describe_deadline(deadline: ParsedDeadline) -> str:
    """A line for the moderator to confirm: local time, offset, zone, and the same instant in UTC."""
    local = deadline.local
    suffix = " (end of day)" if deadline.date_only else ""
    offset = format_offset(local.utcoffset())
    return (
        f"{local:%a %d %b %Y, %H:%M:%S} {local.tzname()} ({offset}) in {deadline.zone}{suffix}"
        f" = {deadline.utc:%Y-%m-%d %H:%M:%S} UTC"
    )
