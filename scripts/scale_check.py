"""Several bot processes on one PostgreSQL: every alert posted exactly once through a crash, one index everywhere.

    python scripts/scale_check.py --processes 3 --reminders 1000 --kill-one

Starts a throw-away PostgreSQL cluster, the local Discord stand-in (tests/e2e/fake_discord) with at least 30
servers, and `--processes` real bot processes (`python -m bot run`), each running its own range of
`SHARD_COUNT` shards. Schedules `--reminders` alerts due within a minute, `kill -9`s one process mid-way
(`--kill-one`), runs `/reindex` in another on a changed document set, and prints one JSON line:
{"alerts", "posted", "duplicates", "lost", "generation_consistent", "seconds"}. Exit status 0 when
duplicates and lost are 0 and the generation is consistent.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "tests" / "e2e", ROOT / "scripts"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from alert_load import seed  # noqa: E402
from scale_observe import alert_markers, latest_version, local_versions, posts_by_marker, unfinished  # noqa: E402

from bot.storage.database import run_once  # noqa: E402
from bot.storage.engine import resolve_url  # noqa: E402
from bot.storage.local_postgres import LocalPostgres  # noqa: E402

LEASE_SECONDS = 10  # short, so that the killed process's alerts are taken over within the check
EXTRA_DOCUMENT = """---
title: Scale check addendum
author: scale check
---
The scale check adds this sentence so that a reindex publishes a new index generation.
"""


def prepare_index(work: Path, reuse: Path | None) -> Path:
    """A built index of docs/ (reusing an existing build's vectors when given), built in this process; the
    model's encoder is exported here first, so that the bot processes only load it."""
    from bot.settings import load_settings
    from index.build import build_index
    from index.encoders import load_embedder

    embedder = load_embedder(None, load_settings().knowledge.model_cache_dir)
    index = work / "index"
    if reuse is not None and (reuse / "CURRENT").is_file():
        shutil.copytree(reuse, index)
    build_index(ROOT / "docs", index, embedder)  # only what changed since `reuse` is embedded
    return index


def bot_environment(fake, url: str, shard_ids: str, shard_count: int, index_dir: Path, docs_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_PATH",)}
    env.update(
        DISCORD_TOKEN=fake.token,
        DISCORD_API_BASE_URL=fake.api_base,
        DATABASE_URL=url,
        SHARD_COUNT=str(shard_count),
        SHARD_IDS=shard_ids,
        INDEX_DIR=str(index_dir),
        DOCS_DIR=str(docs_dir),
        REMINDERS_LEASE_SECONDS=str(LEASE_SECONDS),
        INDEX_CHECK_SECONDS="5",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def shard_ranges(processes: int, shard_count: int) -> list[str]:
    per = shard_count // processes
    return [f"{n * per}-{(n + 1) * per - 1}" if per > 1 else str(n) for n in range(processes)]


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def note(started: float, what: str) -> None:
    print(f"{time.monotonic() - started:6.1f} s  {what}", file=sys.stderr)


async def check(args: argparse.Namespace) -> dict:
    from fake_discord import FakeDiscord

    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="ilrs-scale-"))
    processes: list[subprocess.Popen] = []
    try:
        index = await asyncio.to_thread(prepare_index, work, args.reuse_index)
        note(started, "index ready")
        with LocalPostgres() as server:
            url = server.create_database("ilrs")
            sqlalchemy_url = resolve_url(url, None)
            run_once(sqlalchemy_url, lambda conn: None)  # migrated
            async with FakeDiscord(heartbeat_interval_ms=5000) as fake:
                try:
                    result = await run(args, fake, sqlalchemy_url, url, index, work, processes, started)
                finally:
                    stop(processes)  # before the database and the stand-in go away
        result["seconds"] = round(time.monotonic() - started, 1)
        return result
    finally:
        stop(processes)
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


async def run(args, fake, sqlalchemy_url: str, url: str, index: Path, work: Path, processes, started) -> dict:
    """Servers, alerts, processes; the kill, the reindex; then count what the stand-in received."""
    world = fake.world
    channels = [world.add_guild(f"Server {n}") for n in range(args.servers - 1)]
    channels.append((world.guild_id, world.channel("general").id))

    def pin(guild_id: int, channel_id: int) -> int:
        message = world.make_message(channel_id, world.bot_user, {"content": "deadline card"})
        world.store(message)
        world.channels[channel_id].pinned_ids.append(int(message["id"]))
        return int(message["id"])

    shard_count = args.processes * args.shards_per_process
    index_dirs, logs = [], []
    for number, shard_ids in enumerate(shard_ranges(args.processes, shard_count)):
        index_dir, docs_dir = work / f"p{number}" / "index", work / f"p{number}" / "docs"
        shutil.copytree(index, index_dir)
        shutil.copytree(ROOT / "docs", docs_dir)
        if number == 0:  # the process that reindexes has one more document
            (docs_dir / "scale-check-addendum.md").write_text(EXTRA_DOCUMENT, encoding="utf-8")
        index_dirs.append(index_dir)
        log = (work / f"p{number}.log").open("w")
        logs.append(log)
        env = bot_environment(fake, url, shard_ids, shard_count, index_dir, docs_dir)
        env["MAINTAINER_ROLE_ID"] = str(world.moderator_role_id)
        command = [sys.executable, "-m", "bot", "run"]
        processes.append(subprocess.Popen(command, env=env, stdout=log, stderr=log, cwd=work))
    await fake.wait_until(lambda: len(fake.gateway.sessions) >= shard_count or None, timeout=120, what="every shard")
    note(started, f"{args.processes} processes connected {shard_count} shards over {len(channels)} servers")
    first_due = datetime.now(UTC) + timedelta(seconds=args.start_after)
    await asyncio.to_thread(
        seed, sqlalchemy_url, args.reminders, channels, first_due=first_due, spread=timedelta(seconds=60), pin=pin
    )
    note(started, f"{args.reminders} alerts due from {args.start_after:.0f} s on, over a minute")
    markers = alert_markers(sqlalchemy_url)
    victim = 1 if args.kill_one and args.processes > 1 else None
    if victim is not None:
        await fake.wait_until(
            lambda: sum(posts_by_marker(fake).values()) >= len(markers) * 0.4 or None,
            timeout=150,
            what="40% of the alerts posted",
        )
        processes[victim].send_signal(signal.SIGKILL)
        processes[victim].wait()
        note(started, f"kill -9 process {victim}")
    await reindex_in_process_zero(fake)
    note(started, "/reindex answered")
    deadline = time.monotonic() + 150
    while time.monotonic() < deadline and unfinished(sqlalchemy_url):
        await asyncio.sleep(0.5)
    note(started, "every alert finished")
    survivors = [d for n, d in enumerate(index_dirs) if n != victim]
    initial = local_versions([index])[0]
    consistent = False
    while not consistent and time.monotonic() < deadline:
        latest = run_once(sqlalchemy_url, latest_version)
        consistent = latest not in (None, initial) and all(v == latest for v in local_versions(survivors))
        if not consistent:
            await asyncio.sleep(0.5)
    note(started, "generation checked")
    posts = posts_by_marker(fake)
    for log in logs:
        log.close()
    return {
        "alerts": len(markers),
        "posted": sum(1 for marker in markers if posts[marker]),
        "duplicates": sum(max(0, posts[marker] - 1) for marker in markers),
        "lost": sum(1 for marker in markers if not posts[marker]),
        "generation_consistent": consistent,
        "seconds": None,
    }


async def reindex_in_process_zero(fake) -> None:
    """/reindex by the server's owner, delivered to a session of process 0 (shard 0)."""
    gateway = fake.gateway
    gateway.current = next(s for s in gateway.sessions.values() if (s.shard or [0])[0] == 0)
    interaction = await fake.dispatch_slash("reindex", user="moderator")  # MAINTAINER_ROLE_ID is their role
    answer = await fake.wait_for_answer(interaction, timeout=120)
    text = json.dumps(answer.get("embeds") or answer.get("content"))
    print(f"/reindex: {text[:200]}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--reminders", type=int, default=1000)
    parser.add_argument("--kill-one", action="store_true", help="kill -9 one process once 40%% are posted")
    parser.add_argument("--servers", type=int, default=30, help="servers on the stand-in (default 30)")
    parser.add_argument("--shards-per-process", type=int, default=2)
    parser.add_argument("--start-after", type=float, default=5.0, help="seconds until the first alert is due")
    parser.add_argument(
        "--reuse-index", type=Path, default=ROOT / "var" / "index", help="an existing build whose vectors to reuse"
    )
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs) for a look")
    args = parser.parse_args(argv)
    if args.processes < 1 or args.reminders < 1 or args.servers < 1:
        parser.error("--processes, --reminders and --servers must be at least 1")
    result = asyncio.run(check(args))
    print(json.dumps(result))
    ok = result["duplicates"] == 0 and result["lost"] == 0 and result["generation_consistent"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
