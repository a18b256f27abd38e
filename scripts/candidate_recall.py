#!/usr/bin/env python
"""Print candidate recall on the tune split: the share of answerable questions whose right unit is a candidate.

    python scripts/candidate_recall.py                       # every corpus alone, tune questions
    python scripts/candidate_recall.py --all                 # and the index of every corpus together
    python scripts/candidate_recall.py --corpus lunar-relay --misses

Indexes are built (incrementally) under --cache, shared with scripts/train_answerer.py. Printed: JSON of the share
present overall, by view, corpus and question style, and the misses by reason (index/candidate_recall.py); with
--misses, each missed question first. Holdout questions are never asked.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from index.eval_corpora import CORPORA_ROOT, build_view, discover, select, views  # noqa: E402


def ranks(kb, retrieval, question) -> dict:
    """Where the chunks holding a right unit stand: best rank by chunk meaning, by BM25, by closest sentence, and
    whether one is next to a fused top chunk of its document."""
    import numpy as np

    from index.candidate_recall import holds_answer
    from index.units import units_of

    search = kb._search
    rows = [r for r, c in enumerate(kb.chunks) if any(holds_answer(question, u) for u in units_of(c))]
    q = retrieval.query_vector

    def rank_of(scores: np.ndarray) -> int:
        order = np.argsort(-scores, kind="stable")
        return int(min(np.flatnonzero(np.isin(order, rows)))) + 1

    sims = search.sentence_vectors @ q
    owner = np.searchsorted(search.sentence_start, np.arange(len(sims)), side="right") - 1
    sentence = int(min(np.flatnonzero(np.isin(owner[np.argsort(-sims)], rows)))) + 1
    top = [search.rows[h.chunk.id] for h in retrieval.hits]
    return {
        "dense": rank_of(search.chunk_vectors @ q),
        "bm25": rank_of(retrieval.lexical_scores),
        "sentence": sentence,
        "next_to_top": min(
            (top.index(t) for t in top if set(search.near_rows([kb.chunks[t].id])) & set(rows)), default=None
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/candidate_recall.py", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", help="only this corpus (repeatable)")
    parser.add_argument("--all", action="store_true", help="also ask the index of every corpus together")
    parser.add_argument("--misses", action="store_true", help="print each missed question")
    parser.add_argument("--cache", type=Path, default=ROOT / "var" / "eval", help="where indexes are built")
    args = parser.parse_args(argv)

    from bot.settings import load_settings
    from index.candidate_recall import PRESENT, diagnose, summary
    from index.encoders import load_embedder
    from index.evaluation import EVALUATION_DAY
    from index.question_kind import KindModel
    from index.training_examples import is_right, quoted_texts, tune_only, untrained_model

    embedder = load_embedder(None, load_settings().knowledge.model_cache_dir)
    corpora = [tune_only(c) for c in select(discover(CORPORA_ROOT), args.corpus)]
    outcomes = []
    for view in views(corpora, include_all=args.all):
        kinds = KindModel.uniform(embedder.dimension)
        kb, _ = build_view(view.folders, args.cache / view.name, embedder, model=untrained_model(), kinds=kinds)
        for question in view.questions:
            if question.abstain or kb.answer_from_records(question.question, EVALUATION_DAY) is not None:
                continue
            retrieval, evidence = kb.evidence(question.question)
            quoted = quoted_texts(kb, evidence)
            labels = [is_right(u, question, q) for u, q in zip(evidence.units, quoted, strict=True)]
            outcome = diagnose(question, view.name, evidence.units, labels, kb.chunks)
            outcomes.append(outcome)
            if args.misses and outcome.reason != PRESENT:
                where = ranks(kb, retrieval, question) if outcome.reason in ("ranked_out", "words_absent") else {}
                print(f"{view.name}\t{question.corpus}/{question.id}\t{outcome.reason}\t{where}\t{question.question}")
    print(json.dumps(summary(outcomes), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
