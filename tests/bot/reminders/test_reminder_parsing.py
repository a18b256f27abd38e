from datetime import UTC, datetime, timedelta

import pytest

from bot.features.reminders.parsing import (
    AmbiguousLocalTimeError,
    BeyondHorizonError,
    InvalidDateError,
    NonexistentLocalTimeError,
    PastDeadlineError,
    UnknownZoneError,
    describe_deadline,
    parse_deadline,
    resolve_zone,
    zone_suggestions,
)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
HORIZON = timedelta(days=730)


def parse(date_text, time_text, zone):
    return parse_deadline(date_text, time_text, zone, now=NOW, horizon=HORIZON)


def test_a_date_alone_is_the_end_of_that_day_in_the_zone():
    deadline = parse("2026-12-31", None, "Europe/Paris")
    assert deadline.utc == datetime(2026, 12, 31, 22, 59, 59, tzinfo=UTC)
    assert deadline.date_only
    assert deadline.zone == "Europe/Paris"
    assert "end of day" in describe_deadline(deadline)


@pytest.mark.parametrize(
    ("date_text", "time_text", "zone", "expected"),
    [
        ("2026-12-31", "17:00", "Asia/Shanghai", datetime(2026, 12, 31, 9, 0, tzinfo=UTC)),
        ("31 December 2026", "5pm", "asia/shanghai", datetime(2026, 12, 31, 9, 0, tzinfo=UTC)),
        ("Dec 31, 2026", "09:30", "America/Los_Angeles", datetime(2026, 12, 31, 17, 30, tzinfo=UTC)),
        ("2027/06/30", "23:00", "UTC", datetime(2027, 6, 30, 23, 0, tzinfo=UTC)),
        ("2027-06-30", "12:00", "Australia/Adelaide", datetime(2027, 6, 30, 2, 30, tzinfo=UTC)),
    ],
)
def test_dates_times_and_zones_become_the_right_utc_instant(date_text, time_text, zone, expected):
    assert parse(date_text, time_text, zone).utc == expected


def test_a_time_skipped_by_the_spring_change_is_refused_and_named():
    with pytest.raises(NonexistentLocalTimeError, match=r"02:30 on 2027-03-14 does not exist in America/New_York"):
        parse("2027-03-14", "02:30", "America/New_York")


def test_a_time_repeated_by_the_autumn_change_is_refused_with_both_offsets():
    with pytest.raises(AmbiguousLocalTimeError, match=r"happens twice") as caught:
        parse("2027-11-07", "01:30", "America/New_York")
    assert "UTC-04:00" in str(caught.value) and "UTC-05:00" in str(caught.value)


def test_an_offset_picks_one_side_of_the_autumn_change():
    first = parse("2027-11-07", "01:30 -04:00", "America/New_York")
    second = parse("2027-11-07", "01:30 -05:00", "America/New_York")
    assert first.utc == datetime(2027, 11, 7, 5, 30, tzinfo=UTC)
    assert second.utc == datetime(2027, 11, 7, 6, 30, tzinfo=UTC)
    with pytest.raises(InvalidDateError, match="not UTC-07:00"):
        parse("2027-11-07", "01:30 -07:00", "America/New_York")


def test_unknown_zone_suggests_close_names():
    with pytest.raises(UnknownZoneError, match="Asia/Shanghai"):
        resolve_zone("Asia/Shangai")
    with pytest.raises(UnknownZoneError):
        resolve_zone("")


def test_past_and_too_far_deadlines_are_refused():
    with pytest.raises(PastDeadlineError):
        parse("2026-11-25", "11:59", "UTC")
    with pytest.raises(BeyondHorizonError, match="730 days"):
        parse("2029-01-01", None, "UTC")


@pytest.mark.parametrize(
    ("date_text", "time_text"),
    [("tomorrow", None), ("2026-13-01", None), ("2026-12-01", "25:00"), ("2026-12-01", "13pm")],
)
def test_unreadable_input_gets_a_clear_error(date_text, time_text):
    with pytest.raises(InvalidDateError, match="Cannot read"):
        parse(date_text, time_text, "UTC")


def test_zone_suggestions_put_prefix_matches_first():
    assert zone_suggestions("new_y")[0] == "America/New_York"
    assert zone_suggestions("europe/par") == ["Europe/Paris"]
    assert len(zone_suggestions("a", limit=5)) == 5
