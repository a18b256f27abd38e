"""Sentence splitting that keeps every sentence a verbatim substring of its text (citations depend on it)."""

from __future__ import annotations

import functools
import re

import pysbd

_WS = re.compile(r"\s+")


@functools.cache
def _segmenter() -> pysbd.Segmenter:
    # char_span=True returns offsets into the original text, so sentences are exact slices of it.
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, each an exact, stripped substring of `text`."""
    if not text.strip():
        return []
    sentences = []
    for span in _segmenter().segment(text):
        piece = text[span.start : span.end].strip()
        if piece:
            sentences.append(piece)
    return sentences


def normalise_space(text: str) -> str:
    return _WS.sub(" ", text).strip()
