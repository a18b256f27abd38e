"""compose.yaml parses, and describes PostgreSQL plus bot processes that together run every shard once."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def test_compose_runs_postgresql_a_migration_and_one_bot_per_shard():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert services["postgres"]["image"].startswith("postgres:15")
    assert services["migrate"]["command"] == ["python", "-m", "bot", "migrate"]
    bots = {name: service for name, service in services.items() if name.startswith("bot-")}
    shards = []
    for service in bots.values():
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        settings = Settings(_env_file=None, **{key.lower(): value for key, value in service["environment"].items()})
        assert settings.storage.url.startswith("postgresql+psycopg://") and "@postgres:5432/" in settings.storage.url
        shards.extend(settings.discord.shard_ids)
        assert settings.discord.shard_count == len(bots)
    assert sorted(shards) == list(range(len(bots)))  # every shard exactly once


def test_the_image_installs_the_cpu_build_of_torch_before_the_project():
    lines = (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
    torch = next(i for i, line in enumerate(lines) if "torch==2.13.0" in line)
    project = next(i for i, line in enumerate(lines) if line.strip() == "RUN pip install --no-cache-dir .")
    assert torch < project
