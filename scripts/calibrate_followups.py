#!/usr/bin/env python
"""Fit the conversation prior of follow-up questions on the tune dialogues (tests/data/dialogues) only.

    python scripts/calibrate_followups.py          # prints the fitted weights
    python scripts/calibrate_followups.py --cv     # and whether fitting them holds on unseen conversations

The focus weights (index/focus.py `FocusWeights`) are fitted as index/followup_calibration.py describes; the
fitted values are to be written into index/focus.py. Holdout conversations are never played.
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
    parser.add_argument("--cv", action="store_true", help="also cross-validate the fit over tune conversations")
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
    from index.followup_calibration import Player, as_focus_weights, cross_validate, examples, fit_weights

    embedder = load_embedder(args.model, load_settings().knowledge.model_cache_dir)
    wanted = {d.corpus for d in dialogues}
    kbs = {}
    for view in views([c for c in corpora if c.name in wanted], include_all=False):
        kbs[view.name], _ = build_view(view.folders, args.cache / view.name, embedder)
    player = Player(kbs, dialogues, pinned_now())
    found = examples(player.kbs, dialogues, player.now)
    fitted = as_focus_weights(fit_weights(found))
    print(f"{len(found)} follow-ups with a right candidate; fitted: {fitted}")
    if args.cv:
        cross_validate(player, found)
    return 0


if __name__ == "__main__":
    sys.exit(main())
