"""The evaluation corpora: discovery, assembly of views, and the integrity of every corpus's labelled questions.

The integrity checks read each source's visible text with independent means (raw text, BeautifulSoup, pypdf), not
with the project's loaders, so that a loader bug cannot make a label look right.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import frontmatter
import pytest

from index.eval_corpora import ALL, CORPORA_ROOT, LEGACY_QUESTIONS, PROJECT_DOCS, assemble, discover, select, views
from index.eval_set import EvalSetError
from index.evaluation import contains

CORPORA = discover() if any(CORPORA_ROOT.glob("*/questions.jsonl")) else []


def _write(path: Path, *records: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


REFUSE = {
    "id": "r",
    "question": "q?",
    "split": "tune",
    "style": "plain",
    "kind": "date",
    "abstain": True,
    "refusal": "offtopic",
}


def test_discovery_finds_corpora_with_questions_and_their_docs(tmp_path):
    _write(tmp_path / "lunar" / "questions.jsonl", REFUSE)
    (tmp_path / "lunar" / "docs").mkdir()
    _write(tmp_path / "about-docs" / "questions.jsonl", REFUSE)
    (tmp_path / "not-a-corpus").mkdir()
    found = discover(tmp_path, project_docs=PROJECT_DOCS, legacy=None)
    assert [(c.name, c.docs) for c in found] == [("about-docs", PROJECT_DOCS), ("lunar", tmp_path / "lunar" / "docs")]
    assert found[1].questions[0].corpus == "lunar"


def test_a_corpus_about_the_project_docs_takes_in_the_first_labelled_set(tmp_path):
    _write(tmp_path / "about-docs" / "questions.jsonl", REFUSE)
    (corpus,) = discover(tmp_path, project_docs=PROJECT_DOCS, legacy=LEGACY_QUESTIONS)
    assert len(corpus.questions) > 70
    assert {q.split for q in corpus.questions[1:]} == {"tune"}


def test_no_corpus_or_an_unknown_name_is_an_error(tmp_path):
    with pytest.raises(EvalSetError, match="no corpus"):
        discover(tmp_path)
    _write(tmp_path / "lunar" / "questions.jsonl", REFUSE)
    with pytest.raises(EvalSetError, match="unknown corpus mars; known: lunar"):
        select(discover(tmp_path, legacy=None), ["mars"])


def test_assemble_puts_each_corpus_in_its_folder_and_skips_hidden_files(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    (one / "sub").mkdir(parents=True)
    two.mkdir()
    (one / "a.md").write_text("a")
    (one / "sub" / "b.md").write_text("b")
    (one / ".draft.md").write_text("hidden")
    (two / "a.md").write_text("c")
    out = assemble({"one": one, "two": two}, tmp_path / "out")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "one/a.md",
        "one/sub/b.md",
        "two/a.md",
    ]
    (one / "a.md").unlink()
    out = assemble({"": one}, tmp_path / "out")  # a second assembly starts clean
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == ["sub/b.md"]


def test_views_are_each_corpus_then_all_together(tmp_path):
    _write(tmp_path / "a" / "questions.jsonl", REFUSE)
    _write(tmp_path / "b" / "questions.jsonl", REFUSE)
    corpora = discover(tmp_path, legacy=None)
    assert [v.name for v in views(corpora, include_all=True)] == ["a", "b", ALL]
    assert [v.name for v in views(corpora, include_all=False)] == ["a", "b"]
    assert views(corpora, include_all=True)[-1].folders == {"a": PROJECT_DOCS, "b": PROJECT_DOCS}


def test_the_all_view_asks_each_question_with_the_label_that_holds_there(tmp_path):
    answered_elsewhere = {
        **REFUSE,
        "id": "r2",
        "all_view": {"abstain": False, "expect_any": [["x"]], "sources": ["b/x.md"], "evidence": "x"},
        "all_view_reason": "b/x.md answers it",
    }
    _write(tmp_path / "a" / "questions.jsonl", REFUSE, answered_elsewhere)
    _write(tmp_path / "b" / "questions.jsonl", {**REFUSE, "all_view": "skip", "all_view_reason": "ambiguous"})
    alone_a, alone_b, together = views(discover(tmp_path, legacy=None), include_all=True)
    assert [q.abstain for q in alone_a.questions] == [True, True] and alone_b.skipped == ()
    assert [(q.corpus, q.id, q.abstain) for q in together.questions] == [("a", "r", True), ("a", "r2", False)]
    assert [(q.corpus, q.id) for q in together.skipped] == [("b", "r")]


# --- every corpus's labels ------------------------------------------------------------------------------------


def visible_text(path: Path) -> str:
    """What a reader of the file sees, whitespace folded: independent of the project's loaders."""
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
        text = re.sub(r"-\n(?=[a-z])", "", text)  # a word hyphenated across lines
    elif path.suffix in (".html", ".htm"):
        from bs4 import BeautifulSoup

        text = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text(" ")
    elif path.suffix in (".md", ".markdown"):
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
        body = re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", post.content)  # emphasis and links read as text
        text = body + "\n" + "\n".join(f"{k}: {v}" for k, v in post.metadata.items())
    else:
        text = path.read_text(encoding="utf-8")
    return " ".join(text.split())


def _grounding_problems(q, paths: dict[str, Path]) -> list[str]:
    """Why a label is not grounded: a missing source, evidence not verbatim in one, no expected group stated."""
    problems, texts = [], {}
    for source, path in paths.items():
        if not path.is_file():
            problems.append(f"{q.id}: source {source} does not exist")
            continue
        texts[source] = visible_text(path)
    if texts and not any(contains(t, q.evidence) for t in texts.values()):
        problems.append(f"{q.id}: evidence not found verbatim in {', '.join(texts)}")
    if texts and not any(all(contains(t, s) for s in g) for g in q.expect_any or (q.expect,) for t in texts.values()):
        problems.append(f"{q.id}: no expected group is stated by its sources")
    return problems


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda c: c.name)
def test_labels_are_grounded_in_their_sources(corpus):
    problems = []
    for q in corpus.questions:
        if not q.abstain and q.sources:
            problems += _grounding_problems(q, {s: corpus.docs / s for s in q.sources})
    assert problems == []


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda c: c.name)
def test_all_view_labels_are_grounded_in_the_corpora_they_name(corpus):
    folders = {c.name: c.docs for c in CORPORA}
    problems = []
    for q in corpus.questions:
        if q.all_view_skip or q.all_view is None or q.all_view.abstain or not q.all_view.sources:
            continue
        paths = {}
        for source in q.all_view.sources:
            folder, _, rest = source.partition("/")
            paths[source] = folders[folder] / rest if folder in folders else Path(source)
        problems += _grounding_problems(q.all_view, paths)
    assert problems == []


@pytest.mark.parametrize("corpus", [c for c in CORPORA if c.docs != PROJECT_DOCS], ids=lambda c: c.name)
def test_each_corpus_is_a_realistic_benchmark(corpus):
    questions = list(corpus.questions)
    assert len(questions) >= 60
    assert sum(q.abstain for q in questions) >= 0.2 * len(questions)
    for split in ("tune", "holdout"):
        share = sum(q.split == split for q in questions) / len(questions)
        assert 0.35 <= share <= 0.65, f"{split} holds {share:.0%} of the questions"
    formats = {p.suffix for p in corpus.docs.rglob("*") if p.is_file()}
    assert {".md", ".html", ".pdf"} <= formats
    assert not (corpus.docs.resolve()).is_relative_to(PROJECT_DOCS.resolve())


def test_a_question_id_names_one_question_across_every_corpus():
    # The all-in-one report lists failures by id, so an id shared by two corpora would name two questions there.
    ids = Counter(q.id for c in CORPORA for q in c.questions)
    assert sorted(i for i, n in ids.items() if n > 1) == []


def test_the_corpora_hold_enough_fresh_questions_and_refusals():
    fresh = [q for c in CORPORA for q in c.questions if c.docs != PROJECT_DOCS]
    assert len([c for c in CORPORA if c.docs != PROJECT_DOCS]) >= 3
    assert len(fresh) >= 250
    assert sum(q.abstain for q in fresh) >= 0.25 * len(fresh)
    assert {q.refusal for q in fresh if q.abstain} == {"neighbour", "unstated", "offtopic"}
