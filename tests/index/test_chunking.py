from index.chunking import METADATA_SECTION, ChunkingConfig, chunk_document
from index.schema import Document, Section


def make_doc(*sections: Section, **metadata) -> Document:
    return Document(path="d.md", title="Doc", sections=sections, metadata={"title": "Doc", **metadata}, sha256="x")


def test_chunks_never_cross_sections_and_know_where_they_are():
    doc = make_doc(Section("", "Intro one. Intro two."), Section("Deadlines", "Send it by May 1. Late is late."))
    chunks = chunk_document(doc)
    assert [(c.section, c.position) for c in chunks] == [("Paragraph 1", 0), ("Deadlines", 1)]
    assert chunks[1].sentences == ("Send it by May 1.", "Late is late.")
    assert all(s in c.text for c in chunks for s in c.sentences)


def test_long_paragraphs_split_between_sentences():
    sentence = "This sentence is exactly long enough to matter here. "
    doc = make_doc(Section("S", (sentence * 40).strip()))
    chunks = chunk_document(doc, ChunkingConfig(max_chars=300, min_chars=100))
    assert len(chunks) > 1
    assert all(len(c.text) <= 300 for c in chunks)
    assert all(c.text.endswith("here.") for c in chunks)


def test_short_paragraphs_are_merged_up_to_the_minimum():
    doc = make_doc(Section("S", "One.\n\nTwo.\n\nThree."))
    chunks = chunk_document(doc, ChunkingConfig(max_chars=900, min_chars=250))
    assert len(chunks) == 1 and chunks[0].text == "One.\n\nTwo.\n\nThree."


def test_ids_are_stable_and_change_with_content():
    doc = make_doc(Section("S", "Alpha. Beta."))
    first = [c.id for c in chunk_document(doc)]
    assert first == [c.id for c in chunk_document(doc)]
    changed = make_doc(Section("S", "Alpha. Gamma."))
    assert first != [c.id for c in chunk_document(changed)]


def test_identical_passages_get_distinct_ids():
    doc = make_doc(Section("S", "Same words here, long enough." * 12 + "\n\n" + "Same words here, long enough." * 12))
    ids = [c.id for c in chunk_document(doc, ChunkingConfig(max_chars=400, min_chars=300))]
    assert len(ids) == len(set(ids))


def test_front_matter_becomes_a_citable_metadata_chunk():
    doc = make_doc(Section("", "Body."), author="Ada Lovelace", url="https://example.org")
    meta = [c for c in chunk_document(doc) if c.section == METADATA_SECTION]
    assert len(meta) == 1
    assert "The author of “Doc” is Ada Lovelace." in meta[0].sentences
    assert meta[0].url == "https://example.org"


def test_a_document_with_only_a_title_gets_no_metadata_chunk():
    assert all(c.section != METADATA_SECTION for c in chunk_document(make_doc(Section("", "Body."))))
