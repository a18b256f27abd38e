"""Measure the knowledge base: answer latency in process, start-up and peak memory of `python -m bot`, encoders.

    python scripts/benchmark.py                        # every section; docs/ is built into a temp dir
    python scripts/benchmark.py --only latency --min-calls 500
    python scripts/benchmark.py --index var/index --only memory --json var/benchmark.json
    python scripts/benchmark.py --only startup,encoders   # cold ask vs `import torch`, console prompt; ONNX vs PyTorch

Each section is a module of `bench/` with a function registered with `@section(...)` (bench/registry.py); it
receives a `BenchContext` (lazy model, index, knowledge base and question set, a scratch directory) and returns
flat metrics whose names end in their unit. To add one: write its module, register the function with its options
(`add_arguments`), and list the module in bench/sections.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python scripts/benchmark.py` from anywhere
    sys.path.insert(0, str(ROOT))

from bench.context import DEFAULT_DOCS, DEFAULT_QUESTIONS, BenchContext  # noqa: E402
from bench.registry import BenchmarkError, Metrics  # noqa: E402
from bench.report import environment, format_table  # noqa: E402
from bench.sections import registered_sections  # noqa: E402
from index.eval_set import EvalSetError  # noqa: E402

SECTIONS = registered_sections()


def _section_names(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in SECTIONS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown section {', '.join(unknown) or repr(text)}; choose from {', '.join(SECTIONS)}"
        )
    return names


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scripts/benchmark.py",
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawTextHelpFormatter,
    )
    parser.add_argument(
        "--only",
        type=_section_names,
        action="extend",
        metavar="SECTION[,SECTION]",
        help="run only these sections: " + ", ".join(f"{s.name} ({s.help})" for s in SECTIONS.values()),
    )
    parser.add_argument("--index", type=Path, help="an index directory to use instead of building docs/")
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="documents to build when --index is not given")
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS, help="JSON-lines question set")
    parser.add_argument("--questions-limit", type=int, metavar="N", help="use the first N questions (default all)")
    parser.add_argument("--model", help="embedding model name or path (default: the bundled all-MiniLM-L6-v2)")
    parser.add_argument(
        "--model-cache", type=Path, help="where the model's ONNX encoder is (default: MODEL_CACHE_DIR or var/models)"
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON ('-' for stdout)")
    for registered in SECTIONS.values():
        if registered.add_arguments:
            registered.add_arguments(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.index is not None and not args.index.is_dir():
        print(f"error: --index {args.index} is not a directory", file=sys.stderr)
        return 2
    if args.questions_limit is not None and args.questions_limit < 1:
        print("error: --questions-limit must be at least 1", file=sys.stderr)
        return 2
    if args.model_cache is None:
        from bot.settings import load_settings

        args.model_cache = load_settings().knowledge.model_cache_dir
    names = list(dict.fromkeys(args.only or SECTIONS))
    results: dict[str, Metrics] = {}
    failed = False
    from index.errors import IndexError_

    with ExitStack() as stack:
        ctx = BenchContext(args, stack)
        for name in names:
            try:
                results[name] = SECTIONS[name].run(ctx)
            except (BenchmarkError, IndexError_, EvalSetError, OSError) as exc:
                print(f"error: {name}: {exc}", file=sys.stderr)
                results[name] = {"error": str(exc)}
                failed = True
    print(format_table(results))
    if args.json is not None:
        text = json.dumps({"environment": environment(), "sections": results}, indent=2)
        if str(args.json) == "-":
            print(text)
        else:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(text + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
