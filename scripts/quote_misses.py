#!/usr/bin/env python
"""List the tune answers quoted too short, by cause, with the median answer length of the tune questions.

Quoted too short: wrong, a right source cited first, the labelled evidence holding the expected strings
(index/quote_misses.py).

    python scripts/quote_misses.py                          # every corpus alone, with the stored answer model
    python scripts/quote_misses.py --corpus lunar-missions  # one corpus (repeat for several)
    python scripts/quote_misses.py --model-json var/m.json --kinds-json var/k.json   # another fitted model

Indexes are built incrementally under --cache (default var/eval), as scripts/evaluate.py builds them. Holdout
questions are never asked.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from index.eval_corpora import CORPORA_ROOT, build_view, discover, select  # noqa: E402
from index.evaluation import ask_or_refuse, pinned_now, score  # noqa: E402
from index.quote_misses import classify, summary  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/quote_misses.py", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", help="a corpus to ask (default: every one)")
    parser.add_argument("--cache", type=Path, default=ROOT / "var" / "eval", help="where indexes are built")
    parser.add_argument("--model-json", type=Path, help="an answer model JSON (default: the stored one)")
    parser.add_argument("--kinds-json", type=Path, help="a question-kind model JSON (default: the stored one)")
    args = parser.parse_args(argv)

    from bot.settings import load_settings
    from index.encoders import load_embedder

    options = {}
    if args.model_json:
        from index.scoring import AnswerModel

        options["model"] = AnswerModel.load(args.model_json)
    if args.kinds_json:
        from index.question_kind import load_kind_model

        options["kinds"] = load_kind_model(args.kinds_json)
    embedder = load_embedder(None, load_settings().knowledge.model_cache_dir)
    now = pinned_now()
    misses, lengths, right, answerable = [], [], 0, 0
    for corpus in select(discover(CORPORA_ROOT), args.corpus):
        kb, _ = build_view({"": corpus.docs}, args.cache / corpus.name, embedder, **options)
        by_document = defaultdict(list)
        for chunk in kb.chunks:
            by_document[chunk.doc_path].append(chunk)
        for question in (q for q in corpus.questions if q.split == "tune"):
            answer = ask_or_refuse(kb, question.question, now=now)
            scored = score(question, answer, [])
            if not question.abstain:
                answerable += 1
                right += scored.correct
            if not answer.abstained:
                lengths.append(len(answer.text))
            cited = answer.citations[0].source if answer.citations else ""
            miss = classify(question, scored, answer, by_document.get(cited, []))
            if miss is not None:
                misses.append(miss)
                print(
                    f"{miss.cause:9} {miss.kind:9} {question.kind:11} {corpus.name}/{question.id}: {question.question}"
                )
                print(f"          lacks {list(scored.missing)}; answer: {answer.text[:400]!r}")
    print()
    print("by cause:", summary(misses))
    print("too short by question kind:", dict(Counter(m.question.kind for m in misses if m.too_short)))
    print("too short by passage kind:", dict(Counter(m.kind for m in misses if m.too_short)))
    print(f"answered right {right}/{answerable}; median answer {statistics.median(lengths) if lengths else 0} chars")
    return 0


if __name__ == "__main__":
    sys.exit(main())
