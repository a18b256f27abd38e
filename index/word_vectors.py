"""Vectors of single words, from the sentence model itself: what lets a span's words be compared in meaning with a
question's ("fee" is close to "cost", "conduct" is not close to "dress").

Every distinct word of the corpus is embedded once at build time and stored beside the index as float16 with its
word list (`.npz`, no pickle); a question's words the corpus lacks are embedded at query time in one batched call
and remembered.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from index.errors import IndexCorruptError
from index.schema import Chunk
from index.text import STOPWORDS, raw_tokens

UNKNOWN_CACHE = 4096  # query-time words kept once embedded


@functools.lru_cache(maxsize=65536)
def words_of(text: str) -> tuple[str, ...]:
    """The distinct content words of a text that can carry meaning alone: alphabetic, no function words."""
    return tuple(dict.fromkeys(w for w in raw_tokens(text) if w.isalpha() and len(w) > 1 and w not in STOPWORDS))


def vocabulary(texts: Iterable[str]) -> list[str]:
    """The sorted distinct content words of all texts."""
    return sorted({w for text in texts for w in words_of(text)})


def chunk_vocabulary(chunks: Iterable[Chunk]) -> list[str]:
    """The words a corpus's spans are matched with: those of its chunks' text, section headings and titles."""
    return vocabulary(text for chunk in chunks for text in (chunk.text, chunk.section, chunk.title))


class WordVectors:
    """Normalised vectors of words; unknown words are embedded with `encoder` when asked for."""

    def __init__(self, words: list[str], vectors: np.ndarray, encoder=None) -> None:
        if vectors.ndim != 2 or len(words) != len(vectors):
            raise ValueError(f"{len(words)} words but vectors of shape {vectors.shape}")
        self.words = list(words)
        self.vectors = vectors
        self.encoder = encoder
        self._row = {w: i for i, w in enumerate(self.words)}
        self._unknown: dict[str, np.ndarray] = {}

    @property
    def dimension(self) -> int:
        return int(self.vectors.shape[1])

    def __len__(self) -> int:
        return len(self.words)

    @classmethod
    def build(cls, words: list[str], encoder, previous: WordVectors | None = None) -> tuple[WordVectors, int]:
        """Vectors for `words`, reusing those of `previous` (same model); also how many words were embedded."""
        reuse = previous if previous is not None and previous.dimension == encoder.dimension else None
        missing = [w for w in words if reuse is None or w not in reuse._row]
        fresh = dict(zip(missing, encoder.encode(missing, batch_size=256), strict=True)) if missing else {}
        vectors = np.zeros((len(words), encoder.dimension), dtype=np.float16)
        for row, word in enumerate(words):
            vectors[row] = fresh[word] if word in fresh else reuse.vectors[reuse._row[word]]
        return cls(words, vectors, encoder), len(missing)

    def save(self, path: Path) -> None:
        with path.open("wb") as handle:
            np.savez(handle, words=np.array(self.words, dtype=str), vectors=self.vectors.astype(np.float16))

    @classmethod
    def load(cls, path: Path, dimension: int, encoder=None) -> WordVectors:
        """The stored vectors; IndexCorruptError when the file is unreadable or of the wrong shape."""
        try:
            with np.load(path, allow_pickle=False) as data:
                words, vectors = data["words"], data["vectors"]
        except (OSError, ValueError, KeyError) as exc:
            raise IndexCorruptError(f"cannot read {path.name}: {exc}") from None
        if words.ndim != 1 or vectors.dtype != np.float16 or vectors.shape != (len(words), dimension):
            raise IndexCorruptError(
                f"{path.name} holds {vectors.shape} {vectors.dtype} for {len(words)} words; expected float16 of "
                f"dimension {dimension}"
            )
        return cls([str(w) for w in words], vectors, encoder)

    def lookup(self, words: list[str]) -> np.ndarray:
        """float32 vectors of `words`, the unknown ones embedded now in one batch (when there is an encoder;
        otherwise they stay zero: close to nothing)."""
        new = [w for w in dict.fromkeys(words) if w not in self._row and w not in self._unknown]
        if new and self.encoder is not None:
            if len(self._unknown) + len(new) > UNKNOWN_CACHE:
                self._unknown.clear()
            self._unknown.update(zip(new, self.encoder.encode(new), strict=True))
        rows = np.array([self._row.get(w, -1) for w in words], dtype=np.int64)
        out = (
            self.vectors[np.maximum(rows, 0)].astype(np.float32)
            if len(self)
            else np.zeros((len(words), self.dimension), dtype=np.float32)
        )
        for i in np.flatnonzero(rows < 0):
            out[i] = self._unknown.get(words[i], 0.0)
        return out
