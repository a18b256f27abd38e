from datetime import UTC, datetime, timedelta

import pytest

from bot.features.reminders.plan import (
    CLOSE,
    LEAD,
    LeadTimeError,
    describe_lead,
    format_leads,
    parse_lead_times,
    plan_alerts,
)

DEADLINE = datetime(2026, 12, 31, 12, 0, tzinfo=UTC)


def test_lead_times_parse_longest_first_without_duplicates():
    leads = parse_lead_times("1h, 7d,1d 24h 2w")
    assert leads == (timedelta(weeks=2), timedelta(days=7), timedelta(days=1), timedelta(hours=1))
    assert format_leads(leads) == "14d,7d,1d,1h"
    assert describe_lead(timedelta(days=1)) == "1 day"
    assert describe_lead(timedelta(minutes=90)) == "90 minutes"


@pytest.mark.parametrize("text", ["", "7", "7x", "0h", "500d", ",".join(f"{n}h" for n in range(1, 11))])
def test_bad_lead_times_are_refused(text):
    with pytest.raises(LeadTimeError):
        parse_lead_times(text)


def test_alerts_already_past_at_creation_are_skipped_and_the_close_comes_last():
    created = datetime(2026, 12, 28, 0, 0, tzinfo=UTC)  # 3.5 days before: the 7-day alert is already past
    alerts = plan_alerts(DEADLINE, parse_lead_times("7d,1d,1h"), created)
    assert [(a.kind, a.due_at) for a in alerts] == [
        (LEAD, datetime(2026, 12, 30, 12, 0, tzinfo=UTC)),
        (LEAD, datetime(2026, 12, 31, 11, 0, tzinfo=UTC)),
        (CLOSE, DEADLINE),
    ]


def test_whole_days_follow_the_local_calendar_across_a_dst_change():
    # 12:00 on 2 Nov 2026 in New York is EST (UTC-5); a week earlier New York was on EDT (UTC-4).
    deadline = datetime(2026, 11, 2, 17, 0, tzinfo=UTC)
    created = datetime(2026, 10, 1, tzinfo=UTC)
    alerts = plan_alerts(deadline, parse_lead_times("7d,1d,1h"), created, "America/New_York")
    assert [a.due_at for a in alerts] == [
        datetime(2026, 10, 26, 16, 0, tzinfo=UTC),  # 12:00 EDT
        datetime(2026, 11, 1, 17, 0, tzinfo=UTC),  # 12:00 EST, the day the clocks went back
        datetime(2026, 11, 2, 16, 0, tzinfo=UTC),  # exactly one hour before
        deadline,
    ]
