"""Append 👍-rated answers from the bot's question log to the golden question set.

    python scripts/golden_from_feedback.py                    # DATABASE_PATH into GOLDEN_QUESTIONS_PATH
    python scripts/golden_from_feedback.py --dry-run          # print what would be added
    python scripts/golden_from_feedback.py --db var/bot.sqlite3 --golden index/golden_questions.jsonl --min-votes 2

An answer qualifies when its net votes (👍 minus 👎) reach --min-votes and it cites a quote: the first cited
quote becomes the expected text, so later indexes must keep answering with the evidence users approved of.
Refusals and questions already in the set are skipped. Exit status: 0 on success, 2 when an input is unreadable.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python scripts/golden_from_feedback.py` from anywhere
    sys.path.insert(0, str(ROOT))

from bot.storage.engine import StorageError  # noqa: E402
from bot.storage.questions import exported_log  # noqa: E402
from index.eval_set import EvalSetError  # noqa: E402
from index.golden import append_golden, golden_from_feedback, load_golden  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a SQLite database file (default: DATABASE_URL or DATABASE_PATH)")
    parser.add_argument("--golden", type=Path, help="the golden question set (default: GOLDEN_QUESTIONS_PATH)")
    parser.add_argument("--min-votes", type=int, default=1, help="least net 👍 an answer needs (default 1)")
    parser.add_argument("--dry-run", action="store_true", help="print the questions instead of appending them")
    args = parser.parse_args(argv)
    if args.min_votes < 1:
        parser.error("--min-votes must be at least 1")
    database_url = None
    if args.db is None or args.golden is None:
        from bot.settings import load_settings

        settings = load_settings()
        if args.db is None:
            database_url, args.db = settings.storage.database_url, settings.storage.database_path
        args.golden = args.golden or settings.knowledge.golden_questions_path
    try:
        existing = load_golden(args.golden)
        rows = exported_log(database_url, args.db)
    except (StorageError, EvalSetError) as exc:
        print(str(exc), file=sys.stderr)
        return 2

    added = golden_from_feedback(rows, existing, min_net_votes=args.min_votes)
    if args.dry_run:
        for question in added:
            print(json.dumps(question.to_json(), ensure_ascii=False))
        print(f"{len(added)} question(s) would be added to {args.golden}", file=sys.stderr)
        return 0
    append_golden(args.golden, added)
    print(f"Added {len(added)} question(s) to {args.golden} ({len(existing) + len(added)} in all)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
