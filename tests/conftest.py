"""Session-wide fixtures: the real embedding model is loaded once, the real index built once from docs/."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = ROOT / "docs"
DISTRACTORS_DIR = Path(__file__).resolve().parent / "data" / "distractors"

# Answers about dates are relative to "now"; tests pin it so they do not change with the calendar.
FIXED_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def embedder():
    from index.embedding import Embedder

    return Embedder()


@pytest.fixture(scope="session")
def index_dir(embedder, tmp_path_factory) -> Path:
    from index.build import build_index

    out = tmp_path_factory.mktemp("index")
    build_index(DOCS_DIR, out, embedder)
    return out


@pytest.fixture(scope="session")
def kb(index_dir, embedder):
    from index.knowledge_base import KnowledgeBase

    return KnowledgeBase.load(index_dir, embedder)


@pytest.fixture
def now() -> datetime:
    return FIXED_NOW
