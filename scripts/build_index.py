#!/usr/bin/env python
"""Build (or bring up to date) the index of the documents in docs/.

Only new or changed sentences are embedded. Before a new index is published it must answer at least as many
golden questions (index/golden_questions.jsonl) correctly as the published one; `--force` skips that check.
Exit status: 0 when the index is up to date or was published; 1 on an error, a refused index, or (with
`--check`) a stale index.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere


def load_model(name: str | None, cache_dir: Path):
    """Called only when something has to be embedded: a no-change run never loads the model. The model's ONNX
    encoder embeds the documents (exported into `cache_dir` first if missing), as it answers questions."""
    from index.encoders import load_embedder

    return load_embedder(name, cache_dir)


def main(argv: list[str] | None = None) -> int:
    """Exit status as above; any error is one line on stderr (a traceback with --debug or LOG_LEVEL=DEBUG)."""
    from bot.entry_point import run_entry_point

    argv = sys.argv[1:] if argv is None else argv
    return run_entry_point(lambda: _main(argv), argv)


def _main(argv: list[str]) -> int:
    from bot.entry_point import DEBUG_FLAG
    from bot.settings import load_settings

    all_settings = load_settings()
    settings = all_settings.knowledge
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=settings.docs_dir, help=f"documents (default {settings.docs_dir})")
    parser.add_argument("--out", type=Path, default=settings.index_dir, help=f"index (default {settings.index_dir})")
    parser.add_argument("--model", default=settings.embedding_model, help="embedding model name or path")
    parser.add_argument(
        "--golden",
        type=Path,
        default=settings.golden_questions_path,
        help=f"golden question set (default {settings.golden_questions_path})",
    )
    parser.add_argument("--force", action="store_true", help="publish even if the golden questions regress")
    parser.add_argument(DEBUG_FLAG, action="store_true", help="show the traceback of an error")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--full", action="store_true", help="rebuild everything, reusing no vectors")
    mode.add_argument("--check", action="store_true", help="exit 1 if the index is stale, listing what changed")
    mode.add_argument("--dry-run", action="store_true", help="show what would change; build nothing")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")

    from index.build import build_index

    if args.check or args.dry_run:
        report = build_index(args.docs, args.out, model=args.model, dry_run=True)
        if args.check and report.changed:
            print(report.summary().replace("would rebuild the index as", "stale: the index would be rebuilt as", 1))
            return 1
        print(report.summary())
        return 0

    from index.reindex import PUBLISHED, reindex

    result = reindex(
        args.docs,
        args.out,
        lambda: load_model(args.model, settings.model_cache_dir),
        model=args.model,
        golden=args.golden,
        force=args.force,
        full=args.full,
        compare_with_published=True,
        progress=sys.stderr.isatty(),
    )
    print(result.summary(), file=sys.stdout if result.ok else sys.stderr)
    if result.status == PUBLISHED and all_settings.storage.database_url:
        return publish_generation(all_settings.storage.url, args.out)
    return 0 if result.ok else 1


def publish_generation(sqlalchemy_url: str, index_dir: Path) -> int:
    """With DATABASE_URL set to PostgreSQL, every bot process switches to what was just published."""
    import socket

    from bot.shared_index import publish_to_database
    from bot.storage.engine import StorageError

    if not sqlalchemy_url.startswith("postgresql"):
        return 0
    try:
        generation = publish_to_database(sqlalchemy_url, index_dir, published_by=f"{socket.gethostname()}:build_index")
    except StorageError as exc:
        print(f"error: published here, but not to the database: {exc}", file=sys.stderr)
        return 1
    print(f"published to the database as generation {generation.id}; every bot process switches to it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
