"""Contextual word vectors: each content word of a sentence as the model read it in that sentence (the mean of its
word pieces' token embeddings, before pooling), reduced to a few dimensions so that a corpus's words stay small.

They are what late interaction (index/late_interaction.py) matches a question's words with: "launch" in "when did
Chang'e-7 launch" is close to "lift-off" in one sentence and not to "launch" of a call for proposals in another.
Every sentence's words are kept at build time, from the same forward pass that embeds the sentence; a question's
come from the pass that embeds the question.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.errors import IndexCorruptError
from index.text import STOPWORDS

DIMENSION = 64  # the stored dimension: the leading principal directions of the corpus's word vectors


@dataclass(frozen=True)
class ContextualWords:
    """The content words of one text and their contextual vectors (float32, one row each, full dimension)."""

    words: tuple[str, ...]
    vectors: np.ndarray


def is_content_word(word: str) -> bool:
    return word.isalnum() and word not in STOPWORDS and (len(word) > 1 or word.isdigit())


def contextual_words(text: str, encoding, hidden: np.ndarray) -> ContextualWords:
    """The content words of `text` as its tokenizer `encoding` splits it into words, each the mean of its word
    pieces' rows of `hidden` (the model's token embeddings of that text, padding excluded)."""
    pieces: dict[int, list[int]] = {}
    for position, word in enumerate(encoding.word_ids):
        if word is not None and position < len(hidden):
            pieces.setdefault(word, []).append(position)
    words, rows = [], []
    for positions in pieces.values():
        start, end = encoding.offsets[positions[0]][0], encoding.offsets[positions[-1]][1]
        word = text[start:end].lower()
        if is_content_word(word):
            words.append(word)
            rows.append(hidden[positions].mean(axis=0))
    vectors = np.array(rows, dtype=np.float32).reshape(len(rows), hidden.shape[1])
    return ContextualWords(tuple(words), vectors)


@dataclass(frozen=True)
class Projection:
    """A linear map to a few dimensions, fitted on a corpus's word vectors; rows come out normalised.

    The map is not centred: the direction all of the model's token embeddings share is part of how close two words
    read, and cosines after the map should stay those of the model (centring them ranks units worse on tune)."""

    components: np.ndarray  # (model dimension, reduced dimension)

    @classmethod
    def fit(cls, vectors: np.ndarray, dimension: int = DIMENSION) -> Projection:
        """The leading singular directions of `vectors` (fewer when there are fewer vectors), which keep their
        inner products best."""
        vectors = vectors.astype(np.float64)
        # The eigenvectors of the second-moment matrix: one small (dimension x dimension) problem however many words.
        _, eigenvectors = np.linalg.eigh(vectors.T @ vectors)
        kept = min(dimension, len(vectors), vectors.shape[1])
        components = np.zeros((vectors.shape[1], dimension), dtype=np.float32)
        components[:, :kept] = eigenvectors[:, ::-1][:, :kept]
        return cls(components)

    def apply(self, vectors: np.ndarray) -> np.ndarray:
        reduced = vectors @ self.components
        return (reduced / np.maximum(np.linalg.norm(reduced, axis=1, keepdims=True), 1e-9)).astype(np.float32)


class TokenVectors:
    """Every sentence's contextual content-word vectors, reduced (float16), rows of sentence s at
    starts[s]:starts[s + 1]; with the projection that reduces a question's words alike."""

    def __init__(self, projection: Projection, vectors: np.ndarray, starts: np.ndarray) -> None:
        if vectors.ndim != 2 or starts.ndim != 1 or (len(starts) and starts[-1] != len(vectors)):
            raise ValueError(f"{len(vectors)} word vectors but sentence offsets ending at {starts[-1:]}")
        self.projection = projection
        self.vectors = vectors
        self.starts = starts

    @property
    def sentences(self) -> int:
        return len(self.starts) - 1

    @classmethod
    def assemble(
        cls, keys: list[str], fresh: dict[str, ContextualWords], previous: dict[str, np.ndarray], projection
    ) -> TokenVectors:
        """The reduced words of sentences by key: a fresh sentence's reduced by `projection` (one fitted on the fresh
        sentences when None), any other's taken from `previous` (reduced by that same projection)."""
        full = [fresh[k].vectors for k in fresh]
        projection = projection or Projection.fit(np.vstack(full) if full else np.zeros((0, 1), dtype=np.float32))
        reduced = {k: projection.apply(words.vectors).astype(np.float16) for k, words in fresh.items()}
        rows = [reduced[k] if k in reduced else previous[k] for k in keys]
        starts = np.concatenate([[0], np.cumsum([len(r) for r in rows])]).astype(np.int64)
        width = projection.components.shape[1]
        return cls(projection, np.vstack(rows) if rows else np.zeros((0, width), dtype=np.float16), starts)

    def by_key(self, keys: list[str]) -> dict[str, np.ndarray]:
        """Each sentence's reduced rows by its key (`keys` in sentence order)."""
        return {key: self.vectors[self.starts[i] : self.starts[i + 1]] for i, key in enumerate(keys)}

    def rows(self, sentence: int) -> np.ndarray:
        return np.arange(self.starts[sentence], self.starts[sentence + 1])

    def save(self, path: Path) -> None:
        with path.open("wb") as handle:
            np.savez(
                handle,
                vectors=self.vectors.astype(np.float16),
                starts=self.starts,
                components=self.projection.components,
            )

    @classmethod
    def load(cls, path: Path, dimension: int, sentences: int) -> TokenVectors:
        """The stored vectors; IndexCorruptError when unreadable or not matching the index's sentences."""
        try:
            with np.load(path, allow_pickle=False) as data:
                vectors, starts, components = data["vectors"], data["starts"], data["components"]
        except (OSError, ValueError, KeyError) as exc:
            raise IndexCorruptError(f"cannot read {path.name}: {exc}") from None
        reduced = components.shape[1] if components.ndim == 2 else -1
        if (
            vectors.dtype != np.float16
            or vectors.ndim != 2
            or vectors.shape[1] != reduced
            or components.shape[0] != dimension
            or starts.shape != (sentences + 1,)
            or (sentences and (starts[0] != 0 or starts[-1] != len(vectors) or np.any(np.diff(starts) < 0)))
        ):
            raise IndexCorruptError(
                f"{path.name} does not match the index ({sentences} sentences of dimension {dimension})"
            )
        return cls(Projection(components.astype(np.float32)), vectors, starts)
