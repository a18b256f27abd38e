"""Log lines never carry what people asked: INFO and above are captured while questions are asked and fail."""

from __future__ import annotations

import io
import logging

from bot.console.dispatch import Console
from bot.console.responder import ConsoleResponder

QUESTION = "Is my secret lunar payload idea 7f3a9 eligible?"


async def test_no_log_line_contains_the_question_text(services, fake_kb, caplog):
    caplog.set_level(logging.INFO)
    console = Console(services, ConsoleResponder(io.StringIO()))
    await console.handle(QUESTION)  # answered and logged

    def fail(question: str):
        raise RuntimeError("the knowledge base broke")

    fake_kb.respond = fail
    await console.handle(f"/ask {QUESTION} again")  # answering fails: logged with its traceback

    fake_kb.respond = None
    services.feedback = None  # the question log is unavailable: logged too
    await console.handle(f"{QUESTION} once more")

    assert len(fake_kb.asked) == 3 and caplog.records
    assert any(record.levelno >= logging.ERROR for record in caplog.records)
    for record in caplog.records:
        assert "7f3a9" not in record.getMessage(), record.getMessage()
