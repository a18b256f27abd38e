"""Every entry point, run as its own process, ends a failure the user can act on with one line and no traceback.

The cases are bad documents, a corrupt published index, a broken CURRENT pointer or manifest, bad settings, an
unreachable Discord API, and huge input; the entry points `scripts/build_index.py`, `python -m bot ask`,
`python -m bot console` and `python -m bot run`. A traceback appears only with --debug.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.build import build_index
from index.golden import append_golden
from index.storage import BUILDS, CURRENT, FAISS_INDEX, MANIFEST, current_build_dir
from tests.index.reindex_support import GOLDEN, write_corpus

ROOT = Path(__file__).resolve().parents[2]
ENTRY_POINTS = {
    "build": [str(ROOT / "scripts" / "build_index.py")],
    "ask": ["-m", "bot", "ask", "What powers the Alpha station?"],
    "console": ["-m", "bot", "console"],
    "run": ["-m", "bot", "run"],
}
POINTERS = {
    "non-utf8": b"\xff\xfebuilds/x\n",
    "nul": b"builds/\x00x\n",
    "outside": b"../../etc\n",
    "empty": b"",
    "missing-build": b"builds/20990101T000000Z-gone\n",
}
BAD_SETTINGS = {
    "DEV_GUILD_ID": "abc",
    "MAX_QUESTION_CHARS": "5",
    "DISCORD_API_BASE_URL": "not a url",
}


@pytest.fixture(scope="module")
def published(tmp_path_factory, embedder) -> Path:
    """A small index built once; each test copies it."""
    root = tmp_path_factory.mktemp("published")
    docs = write_corpus(root / "docs")
    build_index(docs, root / "index", embedder)
    append_golden(root / "golden.jsonl", GOLDEN)
    return root


@pytest.fixture
def place(published, tmp_path) -> Path:
    """A working directory (no .env) with its own copy of the docs, the index and the golden set."""
    for name in ("docs", "index"):
        subprocess.run(["cp", "-a", str(published / name), str(tmp_path / name)], check=True)
    (tmp_path / "golden.jsonl").write_bytes((published / "golden.jsonl").read_bytes())
    return tmp_path


def run(place: Path, entry: str, *extra: str, env: dict[str, str] | None = None, stdin: str = "/quit\n"):
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(place),
        "PYTHONPATH": str(ROOT),
        "DOCS_DIR": str(place / "docs"),
        "INDEX_DIR": str(place / "index"),
        "DATABASE_PATH": str(place / "bot.sqlite3"),
        "GOLDEN_QUESTIONS_PATH": str(place / "golden.jsonl"),
        "HF_HUB_OFFLINE": "1",
        "DISCORD_TOKEN": "MTIz.fake.token" if entry == "run" else "",
        # Nothing answers here: `run` fails fast instead of trying the real Discord.
        "DISCORD_API_BASE_URL": "http://127.0.0.1:9/api/v10",
        **(env or {}),
    }
    arguments = [*ENTRY_POINTS[entry], *extra]
    if entry == "build":
        arguments += ["--docs", str(place / "docs"), "--out", str(place / "index")]
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=place,
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )


ERROR_STARTS = ("error:", "Cannot start:", "reindex failed:")


def error_lines(result) -> list[str]:
    """The lines of stderr that report an error (not warnings or progress from the libraries)."""
    return [line for line in result.stderr.splitlines() if line.startswith(ERROR_STARTS)]


def assert_one_line_error(result, *needles: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode != 0, (result.stdout, result.stderr)
    lines = error_lines(result)
    assert len(lines) == 1 and result.stderr.rstrip().endswith(lines[0]), result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:64])


@pytest.mark.parametrize("pointer", POINTERS)
@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_a_broken_current_pointer_is_one_line_naming_what_to_run(place, entry, pointer):
    (place / "index" / CURRENT).write_bytes(POINTERS[pointer])
    builds = sorted(p.name for p in (place / "index" / BUILDS).iterdir())
    result = run(place, entry)
    assert_one_line_error(result, "index pointer", "build_index.py --full")
    assert (place / "index" / CURRENT).read_bytes() == POINTERS[pointer]  # nothing was built over it
    assert sorted(p.name for p in (place / "index" / BUILDS).iterdir()) == builds


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_a_manifest_with_files_null_is_one_line(place, entry):
    manifest_path = current_build_dir(place / "index") / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["files"] = None
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    result = run(place, entry, *(["--check"] if entry == "build" else []))
    assert "Traceback" not in result.stderr and result.returncode == 1
    assert "corrupt" in (result.stdout + result.stderr)
    if entry != "build":  # the build reports the index stale, with the reason, on stdout
        assert_one_line_error(result, "manifest", "corrupt")


@pytest.mark.parametrize("variable", BAD_SETTINGS)
@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_a_bad_setting_is_one_line_naming_it(place, entry, variable):
    result = run(place, entry, env={variable: BAD_SETTINGS[variable]})
    assert_one_line_error(result, variable, "not valid")


def test_with_debug_the_traceback_is_shown(place):
    result = run(place, "ask", "--debug", env={"DEV_GUILD_ID": "abc"})
    assert "Traceback" in result.stderr and "DEV_GUILD_ID" in result.stderr.splitlines()[-1]


def test_an_unreachable_discord_api_is_one_line_naming_the_setting(place):
    result = run(place, "run")
    assert_one_line_error(result, "cannot reach the Discord API", "DISCORD_API_BASE_URL")


def test_a_truncated_faiss_file_is_stale_for_check_and_repaired_by_a_plain_build(place):
    truncate(current_build_dir(place / "index") / FAISS_INDEX)
    check = run(place, "build", "--check")
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert "stale" in check.stdout and "corrupt" in check.stdout and FAISS_INDEX in check.stdout

    asked = run(place, "ask")
    assert_one_line_error(asked, "corrupt", FAISS_INDEX)

    repaired = run(place, "build", "--golden", str(place / "golden.jsonl"))
    assert repaired.returncode == 0 and "Traceback" not in repaired.stderr, repaired.stderr
    assert "the published index is corrupt" in repaired.stdout and "rebuilt everything" in repaired.stdout
    assert run(place, "build", "--check").returncode == 0


def test_bad_documents_do_not_stop_the_build_and_are_listed(place):
    docs = place / "docs"
    (docs / "bad-date.md").write_text("---\ntitle: T\npublished: 2026-13-45\n---\n# S\nA line.\n", encoding="utf-8")
    aliases = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    aliases += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    (docs / "laughs.md").write_text("---\n" + "\n".join(aliases) + "\ntitle: *a8\n---\n# S\nText.\n", encoding="utf-8")
    (docs / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    result = run(place, "build", "--force")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "laughs.md" in result.stdout and "binary.txt" in result.stdout  # listed among the skipped
    assert "alpha.md" not in result.stderr


def test_huge_input_is_refused_in_one_bounded_line(place):
    typed = "1" * 100_000
    console = run(
        place,
        "console",
        stdin=f"/remind add channel:general zone:UTC title:x date:{typed}\n{'y' * 100_000}\n/quit\n",
    )
    assert "Traceback" not in console.stderr and console.returncode == 0, console.stderr
    assert "date" in console.stdout and "1" * 81 not in console.stdout and "y" * 81 not in console.stdout
    assert len(console.stdout) < 5_000
