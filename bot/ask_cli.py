"""`python -m bot ask`: answer questions from the command line, as text or one JSON object per line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from index.errors import QuestionError
from index.schema import Answer


def format_answer(answer: Answer) -> str:
    """Plain-text rendering: the answer, then its numbered citations (or the closest sections)."""
    lines = [answer.text]
    for citation in answer.citations:
        where = f"{citation.title} — {citation.section}"
        if citation.page is not None:
            where += f", page {citation.page}"
        lines.append(f"  [{citation.number}] {where} ({citation.source})")
        lines.append(f"      “{citation.quote}”")
    if answer.abstained and answer.suggestions:
        lines.append("  Closest sections: " + "; ".join(answer.suggestions))
    return "\n".join(lines)


def read_questions(args: argparse.Namespace) -> list[str]:
    if args.questions is not None:
        try:
            text = args.questions.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SystemExit(f"error: cannot read {args.questions}: {exc}") from None
        return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if args.question is None:
        raise SystemExit('error: give a question, e.g. python -m bot ask "When is the deadline?", or --questions FILE')
    return [args.question]


def open_knowledge_base(index_dir: Path | None):
    """Load the index; the default one is built from the docs on first use, an explicit one must exist."""
    from bot.knowledge import load_knowledge_base
    from bot.settings import load_settings

    settings = load_settings()
    if index_dir is not None:
        settings.knowledge.index_dir = index_dir
    return load_knowledge_base(settings, build_missing=index_dir is None)


def run_ask(args: argparse.Namespace) -> int:
    questions = read_questions(args)
    kb = open_knowledge_base(args.index)  # an unusable index ends the command with its one-line error
    status = 0
    for question in questions:
        try:
            answer = kb.ask(question)
        except QuestionError as exc:
            status = 2
            if args.json:
                print(json.dumps({"question": question, "error": str(exc)}, ensure_ascii=False), flush=True)
            else:
                print(f"error: {exc}", file=sys.stderr)
            continue
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
        else:
            if len(questions) > 1:
                print(f"? {question}")
            print(format_answer(answer), end="\n\n" if len(questions) > 1 else "\n", flush=True)
    return status
