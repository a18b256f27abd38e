"""Session-wide fixtures: the real embedding model is loaded once, the real index built once from docs/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = ROOT / "docs"
DISTRACTORS_DIR = Path(__file__).resolve().parent / "data" / "distractors"

# Answers about dates are relative to "now"; tests pin it so they do not change with the calendar.
FIXED_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session", autouse=True)
def model_cache(tmp_path_factory) -> Iterator[Path]:
    """A model cache for the session, also for subprocesses: the ONNX encoder is exported into it at most once."""
    path = tmp_path_factory.mktemp("models")
    previous = os.environ.get("MODEL_CACHE_DIR")
    os.environ["MODEL_CACHE_DIR"] = str(path)
    yield path
    if previous is None:
        os.environ.pop("MODEL_CACHE_DIR", None)
    else:
        os.environ["MODEL_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def torch_embedder():
    from index.embedding import Embedder

    return Embedder()


@pytest.fixture(scope="session")
def embedder(torch_embedder, model_cache):
    """The ONNX encoder the bot answers with, exported once per session from the loaded PyTorch model."""
    from index.encoders import export_and_load
    from index.onnx_encoder import OnnxEmbedder

    encoder = export_and_load(None, model_cache, torch_embedder=torch_embedder)
    assert isinstance(encoder, OnnxEmbedder), "the default model must export to ONNX"
    return encoder


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


# Storage tests run once per backend: SQLite and a throw-away PostgreSQL (tests/storage_backends.py).
from tests.storage_backends import (  # noqa: E402, F401
    bot_database_url,
    database_url,
    postgres_server,
    sqlalchemy_url,
    storage,
)
