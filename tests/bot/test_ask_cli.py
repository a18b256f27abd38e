"""`python -m bot ask` as a maintainer runs it: a real subprocess against a real index."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", "ask", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_questions_file_gives_one_json_object_per_line(index_dir, tmp_path):
    questions = tmp_path / "q.txt"
    questions.write_text("When is the letter of intent due?\n\n# a comment\nWhat is the capital of France?\n")
    result = run("--index", str(index_dir), "--json", "--questions", str(questions))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["question"] for line in lines] == [
        "When is the letter of intent due?",
        "What is the capital of France?",
    ]
    first, second = lines
    assert set(first) == {"question", "answer", "abstained", "citations", "latency_ms"}
    assert not first["abstained"] and "December 31" in first["answer"]
    assert set(first["citations"][0]) == {"source", "title", "section", "quote"}
    assert first["citations"][0]["source"] == "proposal-article.md"
    assert second["abstained"] and second["citations"] == []


def test_text_output_shows_numbered_citations(index_dir):
    result = run("--index", str(index_dir), "Who wrote the article?")
    assert result.returncode == 0, result.stderr
    assert "Akash Osta" in result.stdout
    assert "[1] China’s Lunar Mission" in result.stdout


def test_a_missing_index_is_one_line_naming_the_build_command(tmp_path):
    result = run("--index", str(tmp_path / "none"), "When?")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "scripts/build_index.py" in result.stderr


def test_no_question_is_a_usage_error(index_dir):
    result = run("--index", str(index_dir))
    assert result.returncode != 0 and "give a question" in result.stderr


HEAVY_MODULES = ("torch", "transformers", "sentence_transformers", "matplotlib", "discord", "pypdf")
# Runs `python -m bot` and reports, at exit, which of the heavy modules were imported.
IMPORT_PROBE = """
import atexit, json, runpy, sys
atexit.register(lambda: print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)), file=sys.stderr))
sys.argv = ["bot", *sys.argv[1:]]
runpy.run_module("bot", run_name="__main__", alter_sys=True)
"""


def imported_heavy_modules(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess, list[str]]:
    probe = IMPORT_PROBE.format(heavy=HEAVY_MODULES)
    result = subprocess.run(
        [sys.executable, "-c", probe, *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )
    return result, json.loads(result.stderr.strip().splitlines()[-1])


def test_answering_never_imports_pytorch_plotting_discord_or_pdf_libraries(index_dir, embedder):
    result, heavy = imported_heavy_modules("ask", "--index", str(index_dir), "When is the letter of intent due?")
    assert result.returncode == 0, result.stderr
    assert "December 31" in result.stdout
    assert heavy == []


def test_the_console_never_imports_pytorch_plotting_discord_or_pdf_libraries(index_dir, embedder, tmp_path):
    env = {"INDEX_DIR": str(index_dir), "DATABASE_PATH": str(tmp_path / "bot.sqlite3"), "DISCORD_TOKEN": ""}
    result, heavy = imported_heavy_modules("console", stdin="When is the letter of intent due?\n/quit\n", env=env)
    assert result.returncode == 0, result.stderr
    assert "December 31" in result.stdout
    assert heavy == []


# Not needed before the console's prompt: PyTorch, and the database layer, which opens behind the prompt.
PROMPT_MODULES = ("torch", "transformers", "sentence_transformers", "sqlalchemy", "alembic", "bm25s", "scipy")
# Runs `python -m bot console` and reports, when the first prompt is written, which of them were imported.
PROMPT_PROBE = """
import json, runpy, sys

class Probe:
    def __init__(self, out):
        self.out, self.reported = out, False

    def write(self, text):
        if text == {prompt!r} and not self.reported:
            self.reported = True
            print(json.dumps(sorted(m for m in {modules!r} if m in sys.modules)), file=sys.stderr, flush=True)
        return self.out.write(text)

    def __getattr__(self, name):
        return getattr(self.out, name)

sys.stdout = Probe(sys.stdout)
sys.argv = ["bot", *sys.argv[1:]]
runpy.run_module("bot", run_name="__main__", alter_sys=True)
"""


def test_the_console_prompt_comes_before_pytorch_and_the_database_layer_are_imported(index_dir, embedder, tmp_path):
    from bot.console.app import PROMPT

    env = {"INDEX_DIR": str(index_dir), "DATABASE_PATH": str(tmp_path / "bot.sqlite3"), "DISCORD_TOKEN": ""}
    result = subprocess.run(
        [sys.executable, "-c", PROMPT_PROBE.format(prompt=PROMPT, modules=PROMPT_MODULES), "console"],
        cwd=ROOT,
        input="When is the letter of intent due?\n/quit\n",
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
    )
    assert result.returncode == 0, result.stderr
    assert "December 31" in result.stdout  # a question typed at once is answered once the database is open
    reports = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert reports == ["[]"], result.stderr
