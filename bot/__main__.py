"""`python -m bot`: the console chat (no token) or the Discord bot (token set), and the maintainers' commands.

Heavy imports (torch, discord) happen inside the subcommand that needs them, so `--help` stays instant.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.entry_point import DEBUG_FLAG, run_entry_point


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__.splitlines()[0])
    debug = argparse.ArgumentParser(add_help=False)
    debug.add_argument(DEBUG_FLAG, action="store_true", default=argparse.SUPPRESS, help="show tracebacks of errors")
    parser.add_argument(DEBUG_FLAG, action="store_true", help="show tracebacks of errors")
    sub = parser.add_subparsers(dest="command")

    sub.add_parser(
        "start", parents=[debug], help="console chat when DISCORD_TOKEN is unset, the Discord bot when it is (default)"
    )

    ask = sub.add_parser("ask", parents=[debug], help="answer questions from the command line")
    ask.add_argument("question", nargs="?", help="the question (omit with --questions)")
    ask.add_argument("--questions", type=Path, help="a file with one question per line")
    ask.add_argument("--index", type=Path, help="index directory (default: INDEX_DIR or var/index)")
    ask.add_argument("--json", action="store_true", help="one JSON object per question, one per line")

    sub.add_parser("console", parents=[debug], help="terminal chat through the same command handlers as Discord")
    sub.add_parser("run", parents=[debug], help="connect to Discord (needs DISCORD_TOKEN)")
    sub.add_parser(
        "migrate", parents=[debug], help="bring the database (DATABASE_URL or DATABASE_PATH) to this version's schema"
    )
    sub.add_parser(
        "status", parents=[debug], help="shards, index generation and due alerts, as JSON (readiness for operators)"
    )
    sub.add_parser(
        "prune",
        parents=[debug],
        help="apply QUESTION_LOG_DAYS, USER_ID_DAYS and due server purges now (the bot: hourly)",
    )
    purge = sub.add_parser("purge-guild", parents=[debug], help="delete everything stored for one server, now")
    purge.add_argument("guild_id", type=int, help="the server (guild) id")
    purge.add_argument("--yes", action="store_true", help="really delete (without it: show what would be deleted)")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = _parser().parse_args(argv)
    return run_entry_point(lambda: _run(args), argv)


def _run(args: argparse.Namespace) -> int:
    command = args.command or "start"
    if command == "ask":
        import signal

        from bot.ask_cli import run_ask

        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `… | head` ends quietly, like any Unix filter

        return run_ask(args)
    from bot.settings import load_settings

    settings = load_settings()
    if command in ("prune", "purge-guild"):
        from bot.privacy_cli import run_privacy_command

        return run_privacy_command(args, settings)
    if command == "start":
        command = "run" if settings.discord.token else "console"
    if command == "migrate":
        from bot.storage.cli import run_migrate

        return run_migrate(settings)
    if command == "status":
        from bot.storage.cli import run_status

        return run_status(settings)
    if command == "console":
        from bot.console.app import run_console

        return run_console(settings)
    from bot.discord.runner import run_bot

    return run_bot(settings)


if __name__ == "__main__":
    sys.exit(main())
