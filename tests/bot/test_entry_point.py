"""run_entry_point: one line for any failure, a traceback only when debugging."""

from __future__ import annotations

import pytest

from bot.entry_point import run_entry_point
from index.embedding import EmbeddingModelError
from index.errors import IndexCorruptError


def fail(error: BaseException):
    def main() -> int:
        raise error

    return main


@pytest.fixture(autouse=True)
def no_debug_settings(monkeypatch, tmp_path):
    monkeypatch.delenv("LOG_LEVEL", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env


@pytest.mark.parametrize(
    "error", [IndexCorruptError("the index is corrupt;\nrebuild it"), EmbeddingModelError("no model at /x")]
)
def test_an_error_the_user_can_act_on_is_its_own_one_line(capsys, error):
    assert run_entry_point(fail(error), []) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err
    assert " ".join(str(error).split()) in err


def test_a_bug_is_one_line_saying_how_to_see_the_traceback(capsys):
    assert run_entry_point(fail(KeyError("x" * 10_000)), []) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unexpected KeyError" in err and "--debug" in err and len(err) < 800


@pytest.mark.parametrize("how", ["flag", "environment", "dotenv"])
def test_debugging_shows_the_traceback(capsys, monkeypatch, tmp_path, how):
    argv = ["--debug"] if how == "flag" else []
    if how == "environment":
        monkeypatch.setenv("LOG_LEVEL", "debug")
    if how == "dotenv":
        (tmp_path / ".env").write_text("LOG_LEVEL=DEBUG\n", encoding="utf-8")
    assert run_entry_point(fail(IndexCorruptError("broken")), argv) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and err.rstrip().endswith("error: broken")


def test_an_interrupt_ends_quietly(capsys):
    assert run_entry_point(fail(KeyboardInterrupt()), []) == 130
    assert capsys.readouterr().err == ""
