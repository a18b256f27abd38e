"""The evaluation corpora: finding them, and building one index per corpus or one over all of them.

A corpus is a folder of tests/data/corpora/ holding `questions.jsonl` and a `docs/` folder; a corpus without
`docs/` asks about the project's own docs/ (and takes in the first labelled set, tests/data/eval/questions.jsonl,
which asks about the same documents). See tests/data/corpora/README.md.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from index.eval_question import EvalQuestion, in_all_view
from index.eval_set import EvalSetError, load_questions

ROOT = Path(__file__).resolve().parent.parent
CORPORA_ROOT = ROOT / "tests" / "data" / "corpora"
PROJECT_DOCS = ROOT / "docs"
LEGACY_QUESTIONS = ROOT / "tests" / "data" / "eval" / "questions.jsonl"
ALL = "all"  # the view with every corpus in one index, each in a folder named after it


@dataclass(frozen=True)
class Corpus:
    name: str
    docs: Path
    questions: tuple[EvalQuestion, ...]


def discover(
    root: Path = CORPORA_ROOT, *, project_docs: Path = PROJECT_DOCS, legacy: Path | None = LEGACY_QUESTIONS
) -> list[Corpus]:
    """Every corpus under `root`, sorted by name; a malformed question file raises EvalSetError."""
    if not root.is_dir():
        raise EvalSetError(f"no corpora directory at {root}")
    corpora = []
    for folder in sorted(p for p in root.iterdir() if (p / "questions.jsonl").is_file()):
        docs = folder / "docs" if (folder / "docs").is_dir() else project_docs
        questions = load_questions(folder / "questions.jsonl", corpus=folder.name)
        if docs == project_docs and legacy is not None and legacy.is_file():
            ids = {q.id for q in questions}
            questions += [q for q in load_questions(legacy, corpus=folder.name) if q.id not in ids]
        corpora.append(Corpus(folder.name, docs, tuple(questions)))
    if not corpora:
        raise EvalSetError(f"no corpus (a folder with questions.jsonl) under {root}")
    return corpora


def select(corpora: list[Corpus], names: list[str] | None) -> list[Corpus]:
    if not names:
        return corpora
    known = {c.name: c for c in corpora}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise EvalSetError(f"unknown corpus {', '.join(unknown)}; known: {', '.join(known)}")
    return [known[n] for n in names]


def assemble(folders: dict[str, Path], dest: Path) -> Path:
    """Copy each source folder's visible files into `dest`, under the given sub-folder name ("" for the top)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for prefix, source in folders.items():
        for path in sorted(source.rglob("*")):
            rel = path.relative_to(source)
            if not path.is_file() or any(part.startswith(".") for part in rel.parts):
                continue
            target = dest / prefix / rel
            if target.exists():
                raise FileExistsError(f"{rel} is in more than one source folder")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    return dest


def build_view(folders: dict[str, Path], workdir: Path, embedder, **load_options):
    """Build (incrementally, when `workdir` holds an earlier build) and load an index of `folders`.

    Returns the knowledge base and the documents that could not be indexed, as (path, reason) pairs.
    """
    from index.build import build_index
    from index.knowledge_base import KnowledgeBase

    docs = assemble(folders, workdir / "docs")
    report = build_index(docs, workdir / "index", embedder)
    return KnowledgeBase.load(workdir / "index", embedder, **load_options), list(report.skipped)


@dataclass(frozen=True)
class View:
    """One index to build and the questions asked of it, labelled for it."""

    name: str
    folders: dict[str, Path]  # sub-folder of the index ("" for the top) -> source folder
    questions: tuple[EvalQuestion, ...]  # sources relative to the index
    skipped: tuple[EvalQuestion, ...] = ()  # questions with no single right answer in this index


def views(corpora: list[Corpus], *, include_all: bool) -> list[View]:
    """Each corpus alone with its own labels, then all together with the labels that hold there (`all_view`)."""
    chosen = [View(c.name, {"": c.docs}, c.questions) for c in corpora]
    if include_all and len(corpora) > 1:
        asked = [q for c in corpora for q in c.questions]
        labelled = tuple(label for q in asked if (label := in_all_view(q)) is not None)
        skipped = tuple(q for q in asked if in_all_view(q) is None)
        chosen.append(View(ALL, {c.name: c.docs for c in corpora}, labelled, skipped))
    return chosen
