"""scripts/build_index.py: --check and --dry-run exit codes, the golden guard and --force, the model-free no-op."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from index.build import build_index
from index.golden import append_golden
from tests.index.reindex_support import ALPHA, ALPHA_WITHOUT_REACTOR, GOLDEN, build_names, published_build, write_corpus
from tests.scripts.script_loader import imported_script

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "build_index.py"


@pytest.fixture(scope="module")
def script():
    with imported_script("build_index.py", "build_index_script") as module:
        yield module


@pytest.fixture
def corpus(tmp_path, embedder):
    docs = write_corpus(tmp_path / "docs")
    out = tmp_path / "index"
    build_index(docs, out, embedder)
    golden = tmp_path / "golden.jsonl"
    append_golden(golden, GOLDEN)
    return docs, out, golden


@pytest.fixture
def shared_model(script, embedder, monkeypatch):
    """The script loads the model itself; hand it the session's instead of loading a second copy."""
    monkeypatch.setattr(script, "load_model", lambda name, cache_dir: embedder)


def run(script, corpus, *options):
    docs, out, golden = corpus
    return script.main(["--docs", str(docs), "--out", str(out), "--golden", str(golden), *options])


def test_check_exits_1_listing_the_changes_when_the_index_is_stale(script, corpus, capsys):
    docs, out, _ = corpus
    assert run(script, corpus, "--check") == 0
    assert "up to date" in capsys.readouterr().out

    (docs / "alpha.md").write_text(ALPHA + "\nA new paragraph.\n", encoding="utf-8")
    (docs / "gamma.txt").unlink()
    before = build_names(out)
    assert run(script, corpus, "--check") == 1
    printed = capsys.readouterr().out
    assert printed.startswith("stale:") and "~ alpha.md" in printed and "- gamma.txt" in printed

    assert run(script, corpus, "--dry-run") == 0
    assert "would rebuild" in capsys.readouterr().out
    assert build_names(out) == before


def test_a_regressing_index_is_refused_unless_forced(script, corpus, shared_model, capsys):
    docs, out, _ = corpus
    serving = published_build(out)
    (docs / "alpha.md").write_text(ALPHA_WITHOUT_REACTOR, encoding="utf-8")

    assert run(script, corpus) == 1
    error = capsys.readouterr().err
    assert "candidate 2/3, current 3/3: failed" in error and "Not published" in error
    assert published_build(out) == serving

    assert run(script, corpus, "--force") == 0
    assert "not checked (forced)" in capsys.readouterr().out
    assert published_build(out) != serving
    assert run(script, corpus, "--check") == 0


def test_an_improving_change_is_published_with_the_guard_reported(script, corpus, shared_model, capsys):
    docs, _, _ = corpus
    (docs / "delta.md").write_text("The Delta orbiter relays signals from the far side.", encoding="utf-8")
    assert run(script, corpus) == 0
    printed = capsys.readouterr().out
    assert "documents added 1" in printed and "candidate 3/3, current 3/3: passed" in printed


def test_a_no_change_run_does_not_load_the_model(corpus):
    docs, out, golden = corpus
    probe = (
        "import runpy, sys\n"
        f"sys.argv = ['build_index.py', '--docs', {str(docs)!r}, '--out', {str(out)!r}, '--golden', {str(golden)!r}]\n"
        "try:\n"
        f"    runpy.run_path({str(SCRIPT)!r}, run_name='__main__')\n"
        "except SystemExit as done:\n"
        "    status = done.code\n"
        "heavy = sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules)\n"
        "print(json.dumps({'status': status, 'heavy': heavy}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", "import json\n" + probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    *printed, last = done.stdout.strip().splitlines()
    assert json.loads(last) == {"status": 0, "heavy": []}
    assert "up to date" in printed[0]
