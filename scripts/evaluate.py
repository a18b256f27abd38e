"""Score the knowledge base on the labelled question set, over docs/ alone and over docs/ plus distractors.

    python scripts/evaluate.py                       # both corpora, "now" = today
    python scripts/evaluate.py --today 2026-11-25 --json var/eval.json
    python scripts/evaluate.py --index var/index --corpus docs

The model is loaded once; each corpus is built into a temporary directory (`--index DIR` replaces docs/'s).
Exit status: 0 when the run completed (whatever the scores), 2 on bad arguments or unreadable input.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python scripts/evaluate.py` from anywhere
    sys.path.insert(0, str(ROOT))

from index.evaluation import EvalSetError, format_report, load_questions, run_questions, summarise  # noqa: E402

DEFAULT_QUESTIONS = ROOT / "tests" / "data" / "eval" / "questions.jsonl"
DEFAULT_DOCS = ROOT / "docs"
DEFAULT_DISTRACTORS = ROOT / "tests" / "data" / "distractors"
CORPORA = ("docs", "distractors")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scripts/evaluate.py",
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawTextHelpFormatter,
    )
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS, help="JSON-lines question set")
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="source documents (default: docs/)")
    parser.add_argument(
        "--distractors", type=Path, default=DEFAULT_DISTRACTORS, help="documents added for the second corpus"
    )
    parser.add_argument("--index", type=Path, help="use this built index of the docs instead of building one")
    parser.add_argument(
        "--corpus",
        choices=(*CORPORA, "both"),
        default="both",
        help="docs: docs/ alone; distractors: docs/ plus distractors; both (default)",
    )
    parser.add_argument("--today", type=_day, help="pin 'now' to noon UTC of this day (default: today)")
    parser.add_argument("--model", help="embedding model name or path (default: the bundled all-MiniLM-L6-v2)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the metrics as JSON ('-' for stdout)")
    return parser.parse_args(argv)


def pinned_now(day: date | None) -> datetime:
    """Noon UTC of `day` (today when None): answers about dates are relative to it."""
    day = day or datetime.now(UTC).date()
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def assemble_corpus(sources: list[Path], dest: Path) -> Path:
    """Copy every source directory's files into one docs directory, refusing two files with one name."""
    dest.mkdir(parents=True, exist_ok=True)
    for source in sources:
        for path in sorted(source.rglob("*")):
            if not path.is_file() or any(part.startswith(".") for part in path.relative_to(source).parts):
                continue
            target = dest / path.relative_to(source)
            if target.exists():
                raise FileExistsError(f"{path.relative_to(source)} is in more than one source directory")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    return dest


def load_knowledge_base(docs_dirs: list[Path], index_dir: Path | None, embedder, workdir: Path):
    """Build `docs_dirs` into a fresh index under `workdir` (unless `index_dir` is given) and load it."""
    from index.build import build_index
    from index.knowledge_base import KnowledgeBase

    if index_dir is None:
        docs = assemble_corpus(docs_dirs, workdir / "docs")
        index_dir = workdir / "index"
        report = build_index(docs, index_dir, embedder)
        for path, reason in report.skipped:
            print(f"  warning: {path} was not indexed: {reason}", file=sys.stderr)
    return KnowledgeBase.load(index_dir, embedder)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        questions = load_questions(args.questions)
    except (OSError, EvalSetError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for directory in (args.docs, args.distractors):
        if not directory.is_dir():
            print(f"error: {directory} is not a directory", file=sys.stderr)
            return 2
    if args.index is not None and not args.index.is_dir():
        print(f"error: --index {args.index} is not a directory", file=sys.stderr)
        return 2
    now = pinned_now(args.today)
    corpora = CORPORA if args.corpus == "both" else (args.corpus,)

    from index.embedding import Embedder
    from index.errors import IndexError_

    embedder = Embedder(args.model)
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="ilrs-eval-") as tmp:
        for name in corpora:
            workdir = Path(tmp) / name
            workdir.mkdir()
            sources = [args.docs] if name == "docs" else [args.docs, args.distractors]
            try:
                kb = load_knowledge_base(sources, args.index if name == "docs" else None, embedder, workdir)
            except (IndexError_, FileExistsError) as exc:
                print(f"error: {name}: {exc}", file=sys.stderr)
                return 2
            summary = summarise(run_questions(kb, questions, now=now))
            summary["index_version"] = kb.manifest.version
            summary["documents"] = len(kb.manifest.documents)
            results[name] = summary
            print(format_report(f"{name} ({summary['documents']} documents, index {kb.manifest.version})", summary))
            print()

    payload = {
        "now": now.isoformat(),
        "questions": str(args.questions),
        "model": embedder.model_id,
        **results,
    }
    if args.json is not None:
        text = json.dumps(payload, indent=2, ensure_ascii=False)
        if str(args.json) == "-":
            print(text)
        else:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
