"""Answers read from records rather than ranked passages: the next deadlines, and a document's front matter."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from index import composing
from index.deadlines.records import DeadlineRecord
from index.lexical import LexicalIndex
from index.manifest import Manifest
from index.question import asks_for_deadlines, metadata_field, readable
from index.schema import Answer, Chunk
from index.text import terms
from index.units import Unit, chunk_kind, sentence_units


def answer_from_records(
    question: str,
    today: date,
    manifest: Manifest,
    chunks: Sequence[Chunk],
    deadlines: list[DeadlineRecord],
    lexical: LexicalIndex,
) -> Answer | None:
    """The answer to a question about the next deadlines (from the extracted records) or about a document's
    front matter (author, title); None for any other question."""
    if asks_for_deadlines(question):
        answer = composing.deadlines_answer(question, deadlines, today, manifest.version, 0.0)
        if answer is not None:
            return answer
    corrected = lexical.prepare(readable(question)).corrected
    field = metadata_field(corrected)
    found = _metadata_unit(corrected, field, manifest, chunks) if field else None
    if found is None:
        return None
    unit, value = found
    return composing.compose(question, [unit], today, manifest.version, 0.0, metadata_value=value)


def _metadata_unit(question: str, field: str, manifest: Manifest, chunks: Sequence[Chunk]) -> tuple[Unit, str] | None:
    """Author and title come from front matter, for the document the question names.

    A question that names none ("who wrote the article?") is taken to mean the largest document, the one the
    corpus is mostly about; naming a title's words ("who wrote the ISS overview?") picks another. A question whose
    words are in no document's title and not all in any document's text designates none of them ("who wrote the
    novel Solaris?"): it is not answered from front matter.
    """
    stated = [d for d in manifest.documents if d.metadata.get(field)]
    if not stated:
        return None
    asked = set(terms(question)) - set(terms("article document title author wrote written headline"))

    def relevance(doc) -> tuple[int, int]:
        return (len(asked & set(terms(doc.title))), doc.chunks)

    document = max(stated, key=relevance)
    if asked and not relevance(document)[0]:
        held: dict[str, set[str]] = {}
        for chunk in chunks:
            held.setdefault(chunk.doc_path, set()).update(terms(chunk.text))
        told = [d for d in stated if asked <= held.get(d.path, set())]
        if not told:
            return None
        document = max(told, key=relevance)
    value = str(document.metadata[field])
    for chunk in chunks:
        if chunk.doc_path == document.path and chunk_kind(chunk) == "metadata":
            unit = next((u for u in sentence_units(chunk) if value in u.text), None)
            if unit is not None:
                return unit, value
    return None
