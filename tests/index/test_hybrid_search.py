"""Hybrid search on the real index: dense and BM25 results fused, best first."""


def test_search_returns_ranked_hits(kb):
    hits = kb.search("CNSA letter of intent", k=3)
    assert len(hits) == 3 and "CNSA" in hits[0].chunk.text
    assert hits[0].score >= hits[1].score >= hits[2].score
