"""Hybrid search on the real index: dense and BM25 results fused, best first."""


def test_search_returns_ranked_hits(kb):
    hits = kb.search("CNSA letter of intent", k=3)
    assert len(hits) == 3 and "CNSA" in hits[0].chunk.text
    assert hits[0].score >= hits[1].score >= hits[2].score


def _search_over(chunks):
    """A search over chunks alone: the neighbourhood reads nothing but the chunks' documents and positions."""
    from index.hybrid_search import HybridSearch

    search = HybridSearch.__new__(HybridSearch)
    search.chunks = chunks
    return search


def _chunk(doc, position, section):
    from index.schema import Chunk

    return Chunk(f"{doc}{position}", doc, doc, section, position, "text", ("text",))


def test_the_neighbours_of_a_chunk_are_the_chunks_before_and_after_it_in_its_section_of_its_document():
    # Rows out of document order, two documents interleaved, a section changing mid-document.
    chunks = [_chunk("a", 2, "Intro"), _chunk("b", 0, "Intro"), _chunk("a", 0, "Intro"), _chunk("a", 1, "Intro")]
    chunks += [_chunk("a", 3, "Costs"), _chunk("b", 1, "Intro")]
    search = _search_over(chunks)
    assert sorted(search.section_neighbours(3)) == [0, 2]  # a1: a0 and a2
    assert search.section_neighbours(0) == [3]  # a2: a1 before it; a3 starts another section
    assert search.section_neighbours(1) == [5]  # b0: no chunk before it, none of document a
    assert search.near_rows(["a2", "a3", "gone"]) == [3, 0, 4]  # each with its neighbours, any section
