#!/usr/bin/env python
"""Build (or bring up to date) the index of the documents in docs/."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere


def main(argv: list[str] | None = None) -> int:
    from bot.settings import load_settings

    settings = load_settings()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=Path, default=settings.docs_dir, help=f"documents (default {settings.docs_dir})")
    parser.add_argument("--out", type=Path, default=settings.index_dir, help=f"index (default {settings.index_dir})")
    parser.add_argument("--model", default=settings.embedding_model, help="embedding model name or path")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--full", action="store_true", help="rebuild everything, reusing no vectors")
    mode.add_argument("--check", action="store_true", help="exit 1 if the index is stale, listing what changed")
    mode.add_argument("--dry-run", action="store_true", help="show what would change; build nothing")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")

    from index.build import build_index
    from index.embedding import EmbeddingModelError
    from index.errors import DocumentError, IndexError_

    try:
        report = build_index(
            args.docs,
            args.out,
            model=args.model,
            full=args.full,
            dry_run=args.dry_run or args.check,
            progress=sys.stderr.isatty(),
        )
    except (DocumentError, IndexError_, EmbeddingModelError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.check and report.changed:
        print(report.summary().replace("would rebuild the index as", "stale: the index would be rebuilt as", 1))
        return 1
    print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
