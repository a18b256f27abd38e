"""What the benchmark sections share: the project's paths and a context made on first use."""

from __future__ import annotations

import argparse
import os
import tempfile
from contextlib import ExitStack
from functools import cached_property
from pathlib import Path

from index.eval_set import load_questions

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_QUESTIONS = ROOT / "tests" / "data" / "eval" / "questions.jsonl"
DEFAULT_DOCS = ROOT / "docs"
DEFAULT_DISTRACTORS = ROOT / "tests" / "data" / "distractors"


class BenchContext:
    """What sections share, each made on first use: model, built index, knowledge base, questions."""

    def __init__(self, args: argparse.Namespace, stack: ExitStack) -> None:
        self.args = args
        self._stack = stack

    @cached_property
    def workdir(self) -> Path:
        """A scratch directory removed when the run ends."""
        return Path(self._stack.enter_context(tempfile.TemporaryDirectory(prefix="ilrs-bench-")))

    @cached_property
    def embedder(self):
        """The encoder the bot answers with: the model's ONNX encoder, exported into the model cache if missing."""
        from index.encoders import load_embedder

        return load_embedder(self.args.model, self.args.model_cache)

    @cached_property
    def torch_embedder(self):
        """The PyTorch model the ONNX encoder is exported from."""
        from index.embedding import Embedder

        return Embedder(self.args.model)

    def child_env(self) -> dict[str, str]:
        """The environment of a `python -m bot` child: this run's model and model cache."""
        env = {**os.environ, "MODEL_CACHE_DIR": str(self.args.model_cache)}
        if self.args.model:
            env["EMBEDDING_MODEL"] = self.args.model
        return env

    @cached_property
    def index_dir(self) -> Path:
        if self.args.index is not None:
            return self.args.index
        from index.build import build_index

        out = self.workdir / "index"
        build_index(self.args.docs, out, self.embedder)
        return out

    @cached_property
    def kb(self):
        from index.knowledge_base import KnowledgeBase

        return KnowledgeBase.load(self.index_dir, self.embedder)

    @cached_property
    def questions(self) -> list[str]:
        """The eval set's questions, the first `--questions-limit` of them when given."""
        texts = [q.question for q in load_questions(self.args.questions)]
        return texts[: self.args.questions_limit] if self.args.questions_limit else texts
