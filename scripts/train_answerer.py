#!/usr/bin/env python
"""Fit the answer model on the tune split of the evaluation corpora and write it as JSON (index/answer_model.json).

    python scripts/train_answerer.py                                      # every corpus, tune split only
    python scripts/train_answerer.py --exclude lunar-missions --out var/loco/lunar-missions.json
    python scripts/train_answerer.py --linear                             # a linear unit ranker, no trees

Each corpus of tests/data/corpora/ is built (incrementally, under --cache, shared with scripts/evaluate.py) alone
and, unless --no-all, all together; every tune question is asked and its candidate units are labelled and scored
(index/training.py); the question-kind model, fitted first on the tune questions' labelled kinds, is written beside
the answer model (index/question_kind.json with the stored one, else <out>.kinds.json; or --kinds-out). Printed:
the cross-validated tune figures of the fitted policy, and the decision to answer or refuse cross-validated by
corpus (each corpus decided by a refusal model and threshold fitted on the others).
Holdout questions are never asked. Exit status: 0 on success, 2 on bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python scripts/train_answerer.py` from anywhere
    sys.path.insert(0, str(ROOT))

from index.eval_corpora import CORPORA_ROOT, discover  # noqa: E402
from index.eval_set import EvalSetError  # noqa: E402
from index.question_kind import KIND_MODEL_PATH  # noqa: E402
from index.scoring import MODEL_PATH  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/train_answerer.py", description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA_ROOT, help="folder of corpora (default: %(default)s)")
    parser.add_argument("--exclude", action="append", default=[], metavar="CORPUS", help="leave a corpus out")
    parser.add_argument("--no-all", action="store_true", help="skip the index of every corpus together")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model JSON")
    parser.add_argument(
        "--kinds-out",
        type=Path,
        help="where to write the question-kind model JSON (default: the stored one with the stored answer model, "
        "else beside --out)",
    )
    parser.add_argument("--cache", type=Path, default=ROOT / "var" / "eval", help="where indexes are built")
    parser.add_argument("--linear", action="store_true", help="rank units with a linear score instead of trees")
    parser.add_argument("--model", help="embedding model name or path (default: the bundled all-MiniLM-L6-v2)")
    args = parser.parse_args(argv)
    try:
        corpora = [c for c in discover(args.corpora) if c.name not in set(args.exclude)]
    except (OSError, EvalSetError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not corpora:
        print("error: every corpus was excluded", file=sys.stderr)
        return 2

    from bot.settings import load_settings
    from index.encoders import load_embedder
    from index.training import TREES, collect, train

    # The encoder the bot and scripts/evaluate.py answer with (ONNX when exported), so that the model is fitted on
    # the features it is used with, and the indexes under --cache are built alike.
    embedder = load_embedder(args.model, load_settings().knowledge.model_cache_dir)
    examples = collect(corpora, args.cache, embedder, include_all=not args.no_all)
    model, kinds, measured = train(examples, None if args.linear else TREES, by_corpus=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    kinds_out = args.kinds_out or (KIND_MODEL_PATH if args.out == MODEL_PATH else args.out.with_suffix(".kinds.json"))
    kinds.save(kinds_out)
    print(json.dumps(measured, indent=1))
    print(
        f"threshold {model.answer_threshold:.3f}, second-unit margin {model.second_unit_margin}, "
        f"sibling margin {model.sibling_margin}; wrote {args.out} and {kinds_out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
