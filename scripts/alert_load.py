"""Many reminder alerts due at once, for scripts/scale_check.py and scripts/benchmark.py.

    python scripts/alert_load.py worker DATABASE_URL OWNER   # one process sending due alerts until none is left

`seed` stores `count` reminders spread over `channels` (one lead alert each, due between `first_due` and
`first_due + spread`), each already pinned (`pinned_message_id` from `pin`). The worker runs the bot's own
`ReminderScheduler` with a sender that posts nothing, so what it measures is the path every process shares:
claim, send, confirm.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python scripts/alert_load.py` from anywhere
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from bot.storage.database import Database, run_once  # noqa: E402
from bot.storage.reminders import insert_alerts  # noqa: E402
from bot.storage.tables import reminders  # noqa: E402

LEAD = timedelta(days=1)


@dataclass(frozen=True)
class PlannedLead:
    kind: str
    lead: timedelta
    due_at: datetime


def seed(
    url: str,
    count: int,
    channels: Sequence[tuple[int, int]],
    *,
    first_due: datetime,
    spread: timedelta,
    pin: Callable[[int, int], int | None] = lambda guild_id, channel_id: None,
) -> None:
    """`count` reminders round-robin over (guild id, channel id) pairs, one lead alert each, stored in bulk."""
    now = datetime.now(UTC)
    dues = [first_due + spread * (number / max(count - 1, 1)) for number in range(count)]
    rows = []
    for number, due in enumerate(dues):
        guild_id, channel_id = channels[number % len(channels)]
        rows.append(
            {
                "guild_id": guild_id,
                "channel_id": channel_id,
                "title": f"Load test deadline {number}",
                "deadline": due + LEAD,
                "zone": "UTC",
                "date_only": False,
                "lead_times": "1d",
                "created_by": 1,
                "created_at": now,
                "updated_at": now,
                "pinned_message_id": pin(guild_id, channel_id),
            }
        )

    def store(conn) -> None:
        reminder_ids = conn.execute(insert(reminders).returning(reminders.c.id, sort_by_parameter_order=True), rows)
        planned = [
            (reminder_id, [PlannedLead("lead", LEAD, due)])
            for reminder_id, due in zip(reminder_ids.scalars(), dues, strict=True)
        ]
        for reminder_id, plan in planned:
            insert_alerts(conn, reminder_id, plan)

    run_once(url, store)


class CountingSender:
    """Sends nothing: what is measured is the database path every process shares."""

    def __init__(self) -> None:
        self.sent = 0

    async def send_alert(self, reminder, alert, nonce, *, late) -> int:
        self.sent += 1
        return alert.id

    async def find_sent(self, reminder, alert) -> int | None:
        return None

    async def edit_closed(self, reminder) -> None:
        return None

    async def unpin(self, reminder) -> None:
        return None

    async def notify_moderator(self, reminder, text) -> None:
        return None


async def work(url: str, owner: str) -> int:
    """Once the database is open, say "ready" and wait for a line on standard input (so that several workers
    start together); then run the scheduler's passes until no alert is due or held. Return how many it sent."""
    from bot.features.reminders.scheduler import ReminderScheduler
    from bot.storage.reminders import ReminderRepository

    sender = CountingSender()
    async with Database(url) as database:
        store = ReminderRepository(database)
        await store.count_due(now=datetime.now(UTC))  # connected and migrated
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)
        scheduler = ReminderScheduler(store, sender, lambda: datetime.now(UTC), owner=owner)
        while True:
            await scheduler.run_due()
            if await store.count_due(now=datetime.now(UTC)) == 0:
                return sender.sent


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "worker":
        sys.exit(__doc__.splitlines()[2].strip())
    print(asyncio.run(work(sys.argv[2], sys.argv[3])))
