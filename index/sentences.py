"""Sentence splitting that keeps every sentence a verbatim substring of its text (citations depend on it)."""

from __future__ import annotations

import functools
import re

import pysbd

_WS = re.compile(r"\s+")
_LINE_BREAKS = re.compile(r"\n\s*")
WINDOW = 1500
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")


@functools.cache
def _segmenter() -> pysbd.Segmenter:
    # char_span=True returns offsets into the original text, so sentences are exact slices of it.
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, each an exact, stripped substring of `text`.

    A line break always ends a sentence: loaders put headings, paragraphs and list items on lines of their own,
    so a sentence never runs across them.
    """
    sentences = []
    start = 0
    for match in [*_LINE_BREAKS.finditer(text), None]:
        end = match.start() if match else len(text)
        sentences += _segment(text[start:end])
        start = match.end() if match else end
    return sentences


def _segment(line: str) -> list[str]:
    sentences = []
    for window in _windows(line):
        if window.strip():
            pieces = (window[span.start : span.end].strip() for span in _segmenter().segment(window))
            sentences += [piece for piece in pieces if piece]
    return sentences


def _windows(line: str) -> list[str]:
    """The line cut into pieces of at most WINDOW characters, at a sentence end when there is one.

    pysbd's time grows with the square of its input's length: a 50,000-character paragraph takes most of a
    minute, so a long line is fed to it in pieces.
    """
    pieces = []
    while len(line) > WINDOW:
        ends = [match.end() for match in _SENTENCE_BREAK.finditer(line, 0, WINDOW)]
        ends = ends or [match.end() for match in _WS.finditer(line, 0, WINDOW)]
        cut = (ends or [WINDOW])[-1]
        pieces.append(line[:cut])
        line = line[cut:]
    return [*pieces, line]


def normalise_space(text: str) -> str:
    return _WS.sub(" ", text).strip()
