"""Export the bot's question log (answers, citations, abstentions, 👍/👎 counts) as CSV or JSON.

    python scripts/export_feedback.py --format csv --out var/questions.csv
    python scripts/export_feedback.py --format json              # to stdout
    python scripts/export_feedback.py --db path/to/bot.sqlite3 --format json --out log.json

The database defaults to DATABASE_PATH (see .env.example). Exit status: 0 on success, 2 when the database is
missing or cannot be read.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python scripts/export_feedback.py` from anywhere
    sys.path.insert(0, str(ROOT))

from bot.storage.database import StorageError  # noqa: E402
from bot.storage.questions import EXPORT_COLUMNS, exported_log  # noqa: E402


def write_json(rows: list[dict[str, Any]], out: TextIO) -> None:
    json.dump(rows, out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_csv(rows: list[dict[str, Any]], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        # One cell for the citations: the JSON list, so nothing is lost and spreadsheets still open it.
        writer.writerow({**row, "citations": json.dumps(row["citations"], ensure_ascii=False)})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=("csv", "json"), required=True)
    parser.add_argument("--out", type=Path, help="output file (default: standard output)")
    parser.add_argument("--db", type=Path, help="a SQLite database file (default: DATABASE_URL or DATABASE_PATH)")
    args = parser.parse_args(argv)

    try:
        if args.db is None:
            from bot.settings import load_settings

            storage = load_settings().storage
            rows = exported_log(storage.database_url, storage.database_path)
        else:
            rows = exported_log(None, args.db)
    except StorageError as exc:
        print(str(exc), file=sys.stderr)
        return 2

    write = write_csv if args.format == "csv" else write_json
    if args.out is None:
        write(rows, sys.stdout)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8", newline="") as out:
            write(rows, out)
        print(f"Wrote {len(rows)} questions to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
