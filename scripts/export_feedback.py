"""Export the bot's question log (answers, citations, abstentions, 👍/👎 counts) as CSV or JSON.

    python scripts/export_feedback.py --format csv --out var/questions.csv
    python scripts/export_feedback.py --format json              # to stdout
    python scripts/export_feedback.py --db path/to/bot.sqlite3 --format json --out log.json
    python scripts/export_feedback.py --gaps --format csv        # what to document next: similar questions grouped

`--gaps` exports the coverage gaps instead: the unanswered and voted-down questions grouped by meaning (with the
embedding model, EMBEDDING_MODEL or --model), each with its size, an example and when it was last asked,
biggest first.

Who asked is left out: `--include-user-ids` adds the askers' Discord ids (where the log still records them).
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

from bot.storage.engine import StorageError  # noqa: E402
from bot.storage.questions import EXPORT_COLUMNS, exported_log, gap_questions  # noqa: E402
from index.coverage_gaps import TextEncoder, cluster_gaps  # noqa: E402

GAP_COLUMNS = ("count", "example", "last_asked", "reasons", "questions")


def export_columns(include_user_ids: bool) -> tuple[str, ...]:
    return tuple(column for column in EXPORT_COLUMNS if include_user_ids or column != "user_id")


def write_json(rows: list[dict[str, Any]], out: TextIO, columns: tuple[str, ...] = EXPORT_COLUMNS) -> None:
    json.dump(rows, out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_csv(rows: list[dict[str, Any]], out: TextIO, columns: tuple[str, ...] = EXPORT_COLUMNS) -> None:
    # A list or mapping (citations; a gap's reasons and questions) goes in one cell as JSON: nothing is lost and
    # spreadsheets still open it.
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in row.items()}
        )


def main(argv: list[str] | None = None, *, encoder: TextEncoder | None = None) -> int:
    """Run the export; `encoder` replaces the embedding model (tests)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=("csv", "json"), required=True)
    parser.add_argument("--out", type=Path, help="output file (default: standard output)")
    parser.add_argument("--db", type=Path, help="a SQLite database file (default: DATABASE_URL or DATABASE_PATH)")
    parser.add_argument("--gaps", action="store_true", help="export the coverage gaps instead of every question")
    parser.add_argument("--model", help="with --gaps: embedding model name or path (default: EMBEDDING_MODEL)")
    parser.add_argument("--include-user-ids", action="store_true", help="add who asked (Discord user ids)")
    args = parser.parse_args(argv)

    settings = None
    if args.db is None or (args.gaps and args.model is None and encoder is None):
        from bot.settings import load_settings

        settings = load_settings()
    try:
        storage = settings.storage if args.db is None else None
        where = (storage.database_url, storage.database_path) if storage is not None else (None, args.db)
        if args.gaps:
            if encoder is None:
                from index.embedding import Embedder

                encoder = Embedder(args.model or settings.knowledge.embedding_model)
            rows = [gap.to_json() for gap in cluster_gaps(exported_log(*where, read=gap_questions), encoder)]
        else:
            rows = exported_log(*where)
    except StorageError as exc:
        print(str(exc), file=sys.stderr)
        return 2

    write = write_csv if args.format == "csv" else write_json
    columns = GAP_COLUMNS if args.gaps else export_columns(args.include_user_ids)
    rows = [{column: row[column] for column in columns} for row in rows]
    if args.out is None:
        write(rows, sys.stdout, columns)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8", newline="") as out:
            write(rows, out, columns)
        print(f"Wrote {len(rows)} {'gaps' if args.gaps else 'questions'} to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
