"""A small corpus with its index and golden questions, for teaching the bot in a temporary docs directory."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from tests.index.reindex_support import served_corpus_settings

QUESTION = "Which animal is the mascot of the Alpha station?"
ANSWER = "The Alpha station mascot is a grey tortoise called Basalt."
PARAPHRASE = "what creature is the Alpha station's mascot?"
TEACH = f"/teach question: {QUESTION} answer: {ANSWER}\n"


@pytest.fixture
def teach_settings(tmp_path, embedder) -> Settings:
    return served_corpus_settings(tmp_path, embedder, database_path=tmp_path / "bot.sqlite3")
