#!/usr/bin/env python
"""Score the knowledge base on the labelled evaluation corpora: each corpus alone, then all of them in one index.

    python scripts/evaluate.py                            # every corpus of tests/data/corpora, and all together
    python scripts/evaluate.py --corpus lunar-missions    # one corpus (repeat --corpus for several)
    python scripts/evaluate.py --docs DIR --questions Q.jsonl   # your own documents and questions
    python scripts/evaluate.py --json var/eval.json       # also every question's result, as JSON
    python scripts/evaluate.py --no-dialogues             # skip the dialogue set (follow-up questions)
    python scripts/evaluate.py --dialogues-only           # only the dialogue set: no corpus question is scored
    python scripts/evaluate.py --loco                     # also leave-one-corpus-out: each corpus answered by a
                                                          # model retrained without it (needs scikit-learn)

In the view of all corpora together each question is scored against the label that holds there (its `all_view`,
tests/data/corpora/README.md); questions without a single right answer there are left out and counted.
After the corpora, the conversations of tests/data/dialogues are played against their corpus's index: the share
of follow-up turns answered right and of self-contained turns whose answer a preceding turn left unchanged; then
every labelled question is read after the first turn of one of its corpus's conversations, and must stay as typed.
Figures are given for the tune and the holdout split side by side; failures are listed for tune only
(`--show-holdout` lists holdout failures too: look at them only when no more tuning will follow). "Now" is pinned
to noon UTC of --today (default 2026-11-30), so that past/upcoming answers are reproducible. Indexes are built
incrementally under --cache (default var/eval); --fresh rebuilds them.
Exit status: 0 when the run completed (whatever the scores), 2 on bad arguments or unreadable input.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python scripts/evaluate.py` from anywhere
    sys.path.insert(0, str(ROOT))

from index.eval_corpora import ALL, CORPORA_ROOT, Corpus, build_view, discover, select, views  # noqa: E402
from index.eval_dialogues import dialogue_results  # noqa: E402
from index.eval_read_as_typed import format_read_as_typed, read_after_a_turn  # noqa: E402
from index.eval_report import by_split, format_rate, format_report  # noqa: E402
from index.eval_set import EvalSetError, load_questions  # noqa: E402
from index.evaluation import EVALUATION_DAY, pinned_now, run_questions  # noqa: E402

SUMMARY_KEYS = (
    ("accuracy", "acc"),
    ("answer_accuracy", "answer"),
    ("refusal_rate", "refuse"),
    ("false_refusal_rate", "false-ref"),
    ("source_first", "source"),
    ("median_answer_chars", "median"),
    ("p90_answer_chars", "p90"),
)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scripts/evaluate.py", description=__doc__.splitlines()[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--corpora", type=Path, default=CORPORA_ROOT, help="folder of corpora (default: %(default)s)")
    parser.add_argument("--corpus", action="append", help="only this corpus (repeatable)")
    parser.add_argument("--docs", type=Path, help="with --questions: evaluate these documents instead of the corpora")
    parser.add_argument("--questions", type=Path, help="with --docs: a JSON-lines question file")
    parser.add_argument("--no-all", action="store_true", help="skip the view with every corpus in one index")
    parser.add_argument("--today", type=_day, default=EVALUATION_DAY, help="pin 'now' to noon UTC of this day")
    parser.add_argument("--model", help="embedding model name or path (default: the bundled all-MiniLM-L6-v2)")
    parser.add_argument("--cache", type=Path, default=ROOT / "var" / "eval", help="where indexes are built")
    parser.add_argument("--fresh", action="store_true", help="rebuild every index from scratch")
    parser.add_argument("--show-holdout", action="store_true", help="list holdout failures too")
    parser.add_argument(
        "--loco", action="store_true", help="also score each corpus with an answer model trained without it"
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write metrics and every result as JSON")
    parser.add_argument("--no-dialogues", action="store_true", help="skip the dialogue set")
    parser.add_argument(
        "--dialogues-only", action="store_true", help="only the dialogue set: each corpus's index, no question scored"
    )
    args = parser.parse_args(argv)
    if (args.docs is None) != (args.questions is None):
        parser.error("--docs and --questions go together")
    if args.dialogues_only and (args.no_dialogues or args.docs is not None or args.loco):
        parser.error("--dialogues-only goes with none of --no-dialogues, --docs, --loco")
    return args


def chosen_corpora(args: argparse.Namespace) -> list[Corpus]:
    if args.docs is not None:
        if not args.docs.is_dir():
            raise EvalSetError(f"--docs {args.docs} is not a directory")
        name = args.docs.resolve().name
        return [Corpus(name, args.docs, tuple(load_questions(args.questions, corpus=name)))]
    return select(discover(args.corpora), args.corpus)


def summary_table(results: dict[str, dict]) -> str:
    """One line per view and split: the headline rates, compact."""
    head = f"{'view':<18}{'split':<9}{'n':>5}" + "".join(f"{label:>11}" for _, label in SUMMARY_KEYS)
    lines = [head, "-" * len(head)]
    for view, result in results.items():
        for split, summary in result["splits"].items():
            cells = []
            for key, _ in SUMMARY_KEYS:
                value = summary.get(key)
                cells.append(f"{value:.0f}" if key.endswith("_answer_chars") and value else format_rate(value))
            lines.append(f"{view:<18}{split:<9}{summary['questions']:>5}" + "".join(f"{c:>11}" for c in cells))
    return "\n".join(lines)


def load_encoder(args: argparse.Namespace):
    """The query encoder the bot answers with (ONNX when exported), loaded once for every view."""
    from bot.settings import load_settings
    from index.encoders import load_embedder

    return load_embedder(args.model, load_settings().knowledge.model_cache_dir)


def evaluate(
    args: argparse.Namespace, corpora: list[Corpus], workroot: Path, embedder, kbs: dict[str, object] | None = None
) -> dict[str, dict]:
    """Score every view; each corpus's own knowledge base is kept in `kbs` for the dialogues."""
    now = pinned_now(args.today)
    results: dict[str, dict] = {}
    for view in views(corpora, include_all=not (args.no_all or args.dialogues_only)):
        name, workdir = view.name, workroot / view.name
        if args.fresh and workdir.exists():
            shutil.rmtree(workdir)
        kb, skipped = build_view(view.folders, workdir, embedder)
        if kbs is not None and name != ALL:
            kbs[name] = kb
        for path, reason in skipped:
            print(f"  warning: {name}: {path} was not indexed: {reason}", file=sys.stderr)
        if args.dialogues_only:  # the index is all the dialogues need
            continue
        scores = run_questions(kb, view.questions, now=now)
        splits = by_split(scores)
        failures_of = ("tune", "holdout") if args.show_holdout else ("tune",)
        documents = len(kb.manifest.documents)
        title = f"{name} ({documents} documents, {len(kb.chunks)} chunks"
        if view.skipped:  # each one's all_view_reason says which documents make it ambiguous here
            title += f"; {len(view.skipped)} questions without a single right answer here left out"
        print(format_report(title + ")", splits, failures_of=failures_of))
        print()
        results[name] = {
            "documents": documents,
            "splits": splits,
            "skipped": [f"{q.corpus}/{q.id}" for q in view.skipped],
            "results": [s.to_json() for s in scores],
        }
    return results


def leave_one_corpus_out(args: argparse.Namespace, corpora: list[Corpus], workroot: Path, embedder) -> dict[str, dict]:
    """Each corpus answered by a model retrained on the other corpora's tune questions only ("loco:<corpus>")."""
    from index.training import collect, train

    now = pinned_now(args.today)
    examples = collect(corpora, workroot, embedder, include_all=False)
    results: dict[str, dict] = {}
    for corpus in corpora:
        # The question-kind model too is fitted without the corpus, and read in its place.
        model, kinds, _ = train([e for e in examples if e.question.corpus != corpus.name])
        kb, _ = build_view({"": corpus.docs}, workroot / corpus.name, embedder, model=model, kinds=kinds)
        splits = by_split(run_questions(kb, corpus.questions, now=now))
        name = f"loco:{corpus.name}"
        print(format_report(f"{name} (answer model trained without this corpus)", splits, failures_of=()))
        print()
        results[name] = {"documents": len(kb.manifest.documents), "splits": splits}
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        corpora = chosen_corpora(args)
    except (OSError, EvalSetError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    from index.errors import IndexError_

    dialogues = None
    try:
        embedder = load_encoder(args)
        if args.docs is not None:  # someone else's corpus: built in a throw-away folder
            with tempfile.TemporaryDirectory(prefix="ilrs-eval-") as tmp:
                results = evaluate(args, corpora, Path(tmp), embedder)
        else:
            kbs: dict[str, object] | None = None if args.no_dialogues else {}
            results = evaluate(args, corpora, args.cache, embedder, kbs)
            if kbs:
                now = pinned_now(args.today)
                dialogues = dialogue_results(kbs, now=now, show_holdout=args.show_holdout)
                dialogues["read_after_a_turn"] = read_after_a_turn(kbs, corpora, now=now)
            if args.loco and len(corpora) > 1:
                results |= leave_one_corpus_out(args, corpora, args.cache, embedder)
    except (IndexError_, FileExistsError, EvalSetError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if results:
        print(summary_table(results))
    if dialogues is not None:
        print()
        print(dialogues["report"])
        failures_of = ("tune", "holdout") if args.show_holdout else ("tune",)
        print(format_read_as_typed(dialogues["read_after_a_turn"], failures_of=failures_of))
    if args.json is not None:
        payload = {"now": pinned_now(args.today).isoformat(), "views": results}
        if dialogues is not None:
            payload["dialogues"] = {k: v for k, v in dialogues.items() if k != "report"}
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
