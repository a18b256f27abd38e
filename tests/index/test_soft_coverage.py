"""Word vectors stored beside the index, and coverage of a question's predicate words in meaning."""

from __future__ import annotations

import numpy as np
import pytest

from index.errors import IndexCorruptError
from index.schema import Chunk
from index.soft_coverage import SOFT_FEATURES, asked_words, best_matches, soft_coverage
from index.units import units_of
from index.word_vectors import WordVectors, chunk_vocabulary, vocabulary, words_of

COLUMN = {name: i for i, name in enumerate(SOFT_FEATURES)}


class CountingEncoder:
    """Unit vectors from a fixed table (unknown words get a vector of their own), counting what it encodes."""

    dimension = 4

    def __init__(self, table: dict[str, list[float]]) -> None:
        self.table = table
        self.encoded: list[str] = []

    def encode(self, texts: list[str], *, batch_size: int = 64, show_progress: bool = False) -> np.ndarray:
        self.encoded += texts
        rows = [self.table.get(t, [0.0, 0.0, 0.0, 1.0]) for t in texts]
        vectors = np.array(rows, dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


TABLE = {
    "cost": [1.0, 0.0, 0.0, 0.0],
    "fee": [0.9, 0.3, 0.0, 0.0],
    "dress": [0.0, 1.0, 0.0, 0.0],
    "conduct": [0.0, 0.1, 1.0, 0.0],
    "code": [0.0, 0.0, 1.0, 0.0],
}


def chunk(text: str, section: str = "Paragraph 1") -> Chunk:
    return Chunk(id=text[:8], doc_path="d.md", title="Guide", section=section, position=0, text=text, sentences=(text,))


def test_words_are_the_distinct_content_words_without_numbers_or_function_words():
    assert words_of("The fee is 40 euros; the fee covers the dinner.") == ("fee", "euros", "covers", "dinner")
    assert vocabulary(["A fee.", "The dinner fee"]) == ["dinner", "fee"]


def test_stored_word_vectors_round_trip_as_float16_and_a_wrong_shape_is_refused(tmp_path):
    vectors, embedded = WordVectors.build(["cost", "fee"], CountingEncoder(TABLE))
    assert embedded == 2 and vectors.vectors.dtype == np.float16
    path = tmp_path / "words.npz"
    vectors.save(path)
    loaded = WordVectors.load(path, dimension=4)
    assert loaded.words == ["cost", "fee"]
    assert np.allclose(loaded.lookup(["fee"]), vectors.lookup(["fee"]))
    with pytest.raises(IndexCorruptError, match="expected float16 of dimension 8"):
        WordVectors.load(path, dimension=8)
    path.write_bytes(b"not an archive")
    with pytest.raises(IndexCorruptError, match=r"cannot read words\.npz"):
        WordVectors.load(path, dimension=4)


def test_a_build_embeds_only_words_the_previous_vectors_lack():
    encoder = CountingEncoder(TABLE)
    previous, _ = WordVectors.build(["cost", "fee"], encoder)
    encoder.encoded.clear()
    vectors, embedded = WordVectors.build(["code", "cost", "fee"], encoder, previous)
    assert embedded == 1 and encoder.encoded == ["code"]
    assert np.allclose(vectors.lookup(["cost"]), previous.lookup(["cost"]))


def test_unknown_words_are_embedded_once_in_one_batch():
    encoder = CountingEncoder(TABLE)
    vectors, _ = WordVectors.build(["cost"], encoder)
    encoder.encoded.clear()
    vectors.lookup(["fee", "dress", "cost"])
    vectors.lookup(["fee", "dress"])
    assert encoder.encoded == ["fee", "dress"]


def test_asked_words_are_the_questions_own_words_of_its_predicate_terms():
    assert asked_words("How much does the dinner cost?", {"dinner": 0.5, "cost": 0.7}) == {"dinner": 0.5, "cost": 0.7}
    assert asked_words("Costs and costing?", {"cost": 0.7}) == {"costs": 0.7}


def test_the_same_stem_is_a_full_match_and_meaning_a_partial_one():
    vectors, _ = WordVectors.build(["cost", "fee", "conduct"], CountingEncoder(TABLE))
    (fee_span,) = best_matches(["cost", "dress"], [("fee", "conduct")], vectors)
    (same,) = best_matches(["costs"], [("cost",)], vectors)
    assert same[0] == pytest.approx(1.0)
    assert 0.8 < fee_span[0] < 1.0 and fee_span[1] < 0.35


def test_a_span_that_answers_in_other_words_scores_above_one_that_shares_only_a_word(tmp_path):
    vectors, _ = WordVectors.build(["fee", "conduct", "code", "workshop"], CountingEncoder(TABLE))
    right = units_of(chunk("The workshop fee is 40 euros."))
    wrong = units_of(chunk("The code of conduct applies at the workshop."))
    question = "What is the dress code and cost?"
    soft = soft_coverage(question, {"dress": 1.0, "code": 0.5, "cost": 0.8}, None, right + wrong, vectors)
    assert soft.shape == (2, len(SOFT_FEATURES))
    # "code" is matched exactly by the wrong span, "dress" by neither: its weakest word is not covered.
    assert soft[1, COLUMN["soft_pred_weakest"]] < 0.2
    assert soft[0, COLUMN["soft_pred_unit"]] != soft[1, COLUMN["soft_pred_unit"]]
    assert soft[:, COLUMN["soft_missing"]].min() > 0.5  # "dress" (weight 1) is matched nowhere
    assert np.all(soft[:, COLUMN["soft_focus"]] == 1.0)  # no asked-for noun: nothing missing


def test_a_question_with_nothing_but_names_misses_nothing():
    vectors, _ = WordVectors.build(["fee"], CountingEncoder(TABLE))
    soft = soft_coverage("Chang'e-8?", {}, None, units_of(chunk("The fee is due.")), vectors)
    assert soft[0].tolist() == [1.0, 1.0, 1.0, 0.0, 1.0]


def test_with_the_real_model_an_unstated_fact_scores_lower_than_the_stated_one(embedder):
    """A tiny corpus that states the workshop's fee and its code of conduct, never a dress code."""
    chunks = [
        chunk("Participation in the payload integration workshop costs 250 euros per delegate.", "Registration"),
        chunk("All participants must follow the code of conduct during the workshop.", "Participation rules"),
    ]
    units = [u for c in chunks for u in units_of(c)]
    vectors, _ = WordVectors.build(chunk_vocabulary(chunks), embedder)
    weights = {"fee": 0.8, "workshop": 0.4}
    stated = soft_coverage("What is the fee for the workshop?", weights, "fee", units, vectors)
    assert stated[0, COLUMN["soft_pred_weakest"]] > stated[1, COLUMN["soft_pred_weakest"]]
    assert stated[0, COLUMN["soft_focus"]] > stated[1, COLUMN["soft_focus"]]
    unstated = soft_coverage(
        "What is the dress code for the workshop?", {"dress": 0.8, "code": 0.5}, None, units, vectors
    )
    # "code" is in the conduct rules word for word, "dress" is not said anywhere: below the fee's match.
    assert unstated[1, COLUMN["soft_pred_weakest"]] < stated[0, COLUMN["soft_pred_weakest"]]
    assert unstated[1, COLUMN["soft_missing"]] > stated[0, COLUMN["soft_missing"]]


def test_the_index_stores_its_words_and_a_rebuild_embeds_only_new_ones(tmp_path, embedder):
    from index.build import build_index
    from index.storage import WORD_VECTORS, current_build_dir
    from tests.index.reindex_support import ALPHA, write_corpus

    docs, out = write_corpus(tmp_path / "docs"), tmp_path / "index"
    first = build_index(docs, out, embedder)
    stored = WordVectors.load(current_build_dir(out) / WORD_VECTORS, embedder.dimension)
    assert "reactor" in stored.words and "lava" in stored.words and first.words_embedded == len(stored)
    (docs / "alpha.md").write_text(ALPHA + "\nA greenhouse is planned.\n", encoding="utf-8")
    second = build_index(docs, out, embedder)
    assert second.words_embedded == 2 and "words embedded 2" in second.summary()  # "greenhouse", "planned"


def test_an_index_from_before_word_vectors_is_refused_with_the_command_that_rebuilds_it(tmp_path, embedder):
    import json

    from index.build import build_index
    from index.knowledge_base import KnowledgeBase
    from index.storage import MANIFEST, current_build_dir
    from tests.index.reindex_support import write_corpus

    docs, out = write_corpus(tmp_path / "docs"), tmp_path / "index"
    build_index(docs, out, embedder)
    manifest_path = current_build_dir(out) / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["format_version"] = 1
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexCorruptError, match=r"index format 1 is not the supported \d+; rebuild it with") as caught:
        KnowledgeBase.load(out, embedder)
    assert "\n" not in str(caught.value)
    assert build_index(docs, out, embedder).published  # a plain build replaces it
    KnowledgeBase.load(out, embedder)
