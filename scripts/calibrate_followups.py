#!/usr/bin/env python
"""Calibrate how follow-up questions use the conversation, on the tune dialogues (tests/data/dialogues) only.

    python scripts/calibrate_followups.py          # prints each setting tried and the one chosen

The focus weights (index/focus.py `FocusWeights`) are searched one at a time (index/followup_calibration.py); the
chosen values are to be written into that module. Holdout conversations are never played.
Indexes are built (incrementally) under --cache, shared with scripts/evaluate.py. Exit status: 0, or 2 on bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python scripts/calibrate_followups.py` from anywhere
    sys.path.insert(0, str(ROOT))

from index.dialogue_set import DIALOGUES, load_dialogues  # noqa: E402
from index.eval_corpora import CORPORA_ROOT, build_view, discover, views  # noqa: E402
from index.eval_set import EvalSetError  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/calibrate_followups.py", description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA_ROOT, help="folder of corpora (default: %(default)s)")
    parser.add_argument("--dialogues", type=Path, default=DIALOGUES, help="conversations (default: %(default)s)")
    parser.add_argument("--cache", type=Path, default=ROOT / "var" / "eval", help="where indexes are built")
    parser.add_argument("--model", help="embedding model name or path (default: the bundled all-MiniLM-L6-v2)")
    args = parser.parse_args(argv)
    try:
        corpora = discover(args.corpora)
        dialogues = [d for d in load_dialogues(args.dialogues) if d.split == "tune"]
    except (OSError, EvalSetError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    from bot.settings import load_settings
    from index.encoders import load_embedder
    from index.evaluation import pinned_now
    from index.followup_calibration import calibrate

    embedder = load_embedder(args.model, load_settings().knowledge.model_cache_dir)
    wanted = {d.corpus for d in dialogues}
    kbs = {}
    for view in views([c for c in corpora if c.name in wanted], include_all=False):
        kbs[view.name], _ = build_view(view.folders, args.cache / view.name, embedder)
    calibrate(kbs, dialogues, pinned_now())
    return 0


if __name__ == "__main__":
    sys.exit(main())
