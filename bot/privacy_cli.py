"""`python -m bot prune` and `python -m bot purge-guild ID --yes`: retention and server purges from the shell."""

from __future__ import annotations

import argparse
import sys

from bot.clock import utc_now
from bot.features.privacy.service import describe_purge, retention_of
from bot.settings import Settings
from bot.storage.database import run_once
from bot.storage.engine import StorageError
from bot.storage.guild_purges import purge_guild
from bot.storage.privacy import retention_pass


def prune(settings: Settings) -> str:
    privacy = settings.privacy
    report, purged = run_once(settings.storage.url, retention_pass, utc_now(), retention_of(privacy))
    lines = [
        f"Deleted {report.questions_deleted} questions and {report.votes_deleted} votes older than "
        f"{privacy.question_log_days} days (their counts stay in /stats).",
        f"Forgot who asked {report.askers_forgotten} questions and who cast {report.voters_forgotten} votes "
        f"(older than {privacy.identified_days} days).",
    ]
    lines += [f"Server {purge.guild_id}: {describe_purge(purge)}." for purge in purged]
    return "\n".join(lines)


def purge(settings: Settings, guild_id: int, *, confirmed: bool) -> str:
    result = run_once(settings.storage.url, purge_guild, guild_id, commit=confirmed)
    if confirmed:
        return f"Server {guild_id}: {describe_purge(result)}."
    would = describe_purge(result).replace(" deleted", "")
    return f"Server {guild_id} has {would}. Nothing was deleted: run again with --yes to delete it."


def run_privacy_command(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "purge-guild" and args.guild_id <= 0:
        print(f"error: a server id is a positive number, not {args.guild_id}", file=sys.stderr)
        return 2
    try:
        if args.command == "prune":
            print(prune(settings))
        else:
            print(purge(settings, args.guild_id, confirmed=args.yes))
    except StorageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0 if args.command == "prune" or args.yes else 2  # without --yes nothing was done
