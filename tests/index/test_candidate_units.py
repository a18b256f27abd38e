"""The candidate units of a question on the real index, where they come from, and how a conversation's focus adds to
and weighs them."""

import pytest

from index.candidate_units import ANSWER_CHUNKS, BEST_LEXICAL, SPECIFIC_LEXICAL
from index.eval_corpora import CORPORA_ROOT
from index.focus import Focus, FocusWeights


def test_a_focus_adds_its_documents_passages_and_weighs_the_candidates_by_where_they_come_from(kb, now):
    first = kb.ask("When is the letter of intent due?", now=now)
    cited = Focus.cited_by(first)
    assert cited and cited[0].source == "proposal-article.md"
    question = "who do I send it to?"
    _, focused = kb.evidence(question, Focus(cited, FocusWeights(chunks=len(kb.chunks))))
    assert {c.id for c in kb.chunks if c.doc_path == cited[0].source} <= {u.chunk.id for u in focused.units}
    # A prior strong enough decides: the unit the last answer quoted is passed over when it is weighed down.
    quoted_down = Focus(cited, FocusWeights(quoted=-100.0, section=0.0, document=0.0))
    _, decision = kb.decide("When is the letter of intent due?", quoted_down)
    assert all(cited[0].quote not in u.text for u in decision.units())
    assert kb.ask("When is the letter of intent due?", now=now).confidence is not None


def test_a_focus_adds_the_passages_next_to_each_cited_one(kb, now):
    cited = Focus.cited_by(kb.ask("When is the letter of intent due?", now=now))
    focus = Focus(cited, FocusWeights(chunks=0))
    near = kb.near(focus)
    positions = {c.position for c in kb.chunks if c.id in near and c.doc_path == cited[0].source}
    cited_at = next(c.position for c in kb.chunks if c.id == cited[0].chunk_id)
    assert cited[0].chunk_id in near and positions <= {cited_at - 1, cited_at, cited_at + 1} and len(positions) > 1
    _, focused = kb.evidence("who do I send it to?", focus)
    assert near <= {u.chunk.id for u in focused.units}


@pytest.fixture(scope="module")
def ground_segment(embedder, tmp_path_factory):
    """An index of a corpus large enough that fused retrieval leaves chunks out."""
    from index.build import build_index
    from index.knowledge_base import KnowledgeBase

    out = tmp_path_factory.mktemp("ground-segment")
    build_index(CORPORA_ROOT / "ground-segment" / "docs", out, embedder)
    return KnowledgeBase.load(out, embedder)


def test_the_chunks_matching_a_question_s_exact_terms_best_are_candidates_whatever_their_fused_rank(ground_segment):
    kb, question = ground_segment, "Does Queqiao-1 have any role in the ILRS?"
    lexical = kb.lexical
    best = {kb.chunks[row].id for row, _ in lexical.best(lexical.scores(lexical.prepare(question).terms), BEST_LEXICAL)}
    # Far from the question in meaning, the chunk naming Queqiao-1 falls out of the fused ranking ...
    assert best - {hit.chunk.id for hit in kb.search(question, ANSWER_CHUNKS)}
    _, evidence = kb.evidence(question)
    # ... and competes to answer all the same.
    assert best <= {unit.chunk.id for unit in evidence.units}
    assert any("Role in the ILRS: none" in unit.text for unit in evidence.units)


def test_the_chunks_best_matching_a_question_s_terms_weighed_by_their_rarity_across_documents_are_candidates(
    ground_segment,
):
    kb, question = ground_segment, "Which was the network's first ground station in Africa?"
    lexical, asked = kb.lexical, kb.lexical.prepare(question)
    specific = lexical.best(lexical.specific_scores(list(dict.fromkeys(asked.core_terms))), SPECIFIC_LEXICAL)
    specific = {kb.chunks[row].id for row, _ in specific}
    best = {kb.chunks[row].id for row, _ in lexical.best(lexical.scores(asked.terms), BEST_LEXICAL)}
    # "station", "ground" and "first" are in most of the corpus's documents, "Africa" in few: the chunk naming
    # it is neither among the fused hits nor among the best by plain BM25 ...
    assert specific - best - {hit.chunk.id for hit in kb.search(question, ANSWER_CHUNKS)}
    _, evidence = kb.evidence(question)
    # ... and competes to answer all the same.
    assert specific <= {unit.chunk.id for unit in evidence.units}
    assert any("South Africa" in unit.text for unit in evidence.units)


def test_the_chunks_beside_the_best_fused_chunk_in_its_section_are_candidates(ground_segment):
    kb, question = ground_segment, "What is the data rate of the downlink?"
    hits = kb.search(question, ANSWER_CHUNKS)
    best = next(c for c in kb.chunks if c.id == hits[0].chunk.id)
    beside = {c.id for c in kb.chunks if c.doc_path == best.doc_path and abs(c.position - best.position) == 1}
    beside = {i for i in beside if next(c for c in kb.chunks if c.id == i).section == best.section}
    # The passage goes on in a chunk the fused ranking leaves out ...
    assert beside - {hit.chunk.id for hit in hits}
    _, evidence = kb.evidence(question)
    # ... which competes to answer all the same.
    assert beside <= {unit.chunk.id for unit in evidence.units}
