"""scripts/alert_load.py: seeded alerts are all sent once by workers sharing the database, on both backends."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.storage.database import run_once
from bot.storage.tables import alerts
from tests.scripts.script_loader import imported_script

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "alert_load.py"


@pytest.fixture(scope="module")
def load():
    with imported_script("alert_load.py", "alert_load_script") as module:
        yield module


def test_two_workers_send_every_seeded_alert_exactly_once(load, sqlalchemy_url, tmp_path):
    pins = []
    load.seed(
        sqlalchemy_url,
        60,
        [(1, 10), (2, 20)],
        first_due=datetime.now(UTC) - timedelta(minutes=1),
        spread=timedelta(seconds=30),
        pin=lambda guild_id, channel_id: pins.append(guild_id) or len(pins),
    )
    assert sorted(set(pins)) == [1, 2] and len(pins) == 60
    workers = [
        subprocess.Popen(
            [sys.executable, str(SCRIPT), "worker", sqlalchemy_url, f"w{n}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
        )
        for n in range(2)
    ]
    outputs = [worker.communicate("go\n", timeout=120)[0].split() for worker in workers]
    assert [output[0] for output in outputs] == ["ready", "ready"]
    assert sum(int(output[1]) for output in outputs) == 60
    statuses = run_once(
        sqlalchemy_url,
        lambda conn: dict(conn.execute(select(alerts.c.status, func.count()).group_by(alerts.c.status)).all()),
    )
    assert statuses == {"sent": 60}


def test_the_worker_refuses_other_arguments():
    done = subprocess.run([sys.executable, str(SCRIPT), "nonsense"], capture_output=True, text=True, check=False)
    assert done.returncode != 0 and "worker" in done.stderr
