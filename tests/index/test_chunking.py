from index.chunking import METADATA_SECTION, ChunkingConfig, chunk_document
from index.schema import Block, Document
from index.storage import chunk_from_json, chunk_to_json


def make_doc(*blocks: Block, **metadata) -> Document:
    return Document(path="d.md", title="Doc", blocks=blocks, metadata={"title": "Doc", **metadata}, sha256="x")


def units_are_verbatim(chunks) -> bool:
    return all(s in c.text for c in chunks for s in c.sentences)


def test_chunks_never_cross_sections_and_know_where_they_are():
    doc = make_doc(
        Block("paragraph", "Intro one. Intro two."),
        Block("heading", "Deadlines", ("Deadlines",)),
        Block("paragraph", "Send it by May 1. Late is late.", ("Deadlines",)),
        published="2024-05-03",
    )
    chunks = [c for c in chunk_document(doc) if c.kind != "metadata"]
    assert [(c.section, c.section_path, c.position) for c in chunks] == [
        ("Paragraph 1", (), 0),
        ("Deadlines", ("Deadlines",), 1),
    ]
    assert chunks[1].sentences == ("Send it by May 1.", "Late is late.")
    assert {c.published for c in chunks} == {"2024-05-03"}
    assert units_are_verbatim(chunks)


def test_chunks_keep_one_kind_and_their_units():
    section = ("Partners",)
    doc = make_doc(
        Block("paragraph", "Members are listed below. They joined at different times.", section),
        Block("list", "The first members were: Russia; Belarus.", section),
        Block("table_row", "Partners — Country: Pakistan; Joined: 2024-05-03", section),
        Block("table_row", "Partners — Country: Egypt; Joined: 2023-12-06", section),
        Block("faq", "Who leads?\nChina.", (*section, "Who leads?")),
    )
    chunks = chunk_document(doc)
    assert [(c.kind, c.section, c.sentences) for c in chunks] == [
        ("prose", "Partners", ("Members are listed below.", "They joined at different times.")),
        ("list", "Partners", ("The first members were: Russia; Belarus.",)),
        (
            "table_row",
            "Partners",
            ("Partners — Country: Pakistan; Joined: 2024-05-03", "Partners — Country: Egypt; Joined: 2023-12-06"),
        ),
        ("faq", "Who leads?", ("Who leads?\nChina.",)),
    ]
    assert units_are_verbatim(chunks)


def test_a_long_faq_answer_is_quoted_from_the_question_and_first_sentence_on():
    answer = " ".join(f"Sentence number {n} of a long answer to the question." for n in range(12))
    doc = make_doc(Block("faq", f"Why?\n{answer}", ("Why?",)))
    [chunk] = chunk_document(doc, ChunkingConfig(max_chars=2000))
    assert chunk.sentences[0] == "Why?\nSentence number 0 of a long answer to the question."
    assert len(chunk.sentences) == 12 and units_are_verbatim([chunk])


def test_a_bare_reply_is_quoted_with_the_sentence_after_it():
    reason = " ".join(f"It only announces proposal number {n} to the office." for n in range(6))
    doc = make_doc(Block("faq", f"Is it binding?\nNo. {reason}", ("Is it binding?",)))
    [chunk] = chunk_document(doc)
    assert chunk.sentences[0] == "Is it binding?\nNo. It only announces proposal number 0 to the office."
    assert len(chunk.sentences) == 6 and units_are_verbatim([chunk])


def test_long_paragraphs_split_between_sentences():
    sentence = "This sentence is exactly long enough to matter here. "
    doc = make_doc(Block("paragraph", (sentence * 40).strip(), ("S",)))
    chunks = chunk_document(doc, ChunkingConfig(max_chars=300, min_chars=100))
    assert len(chunks) > 1
    assert all(len(c.text) <= 300 for c in chunks)
    assert all(c.text.endswith("here.") for c in chunks)


def test_short_paragraphs_are_merged_up_to_the_minimum_and_never_glued_into_one_sentence():
    doc = make_doc(*(Block("paragraph", text, ("S",)) for text in ("Overview", "One.", "Two.")))
    [chunk] = chunk_document(doc, ChunkingConfig(max_chars=900, min_chars=250))
    assert chunk.text == "Overview\n\nOne.\n\nTwo."
    assert chunk.sentences == ("Overview", "One.", "Two.")


def test_pages_are_never_mixed():
    doc = make_doc(Block("paragraph", "Page one.", page=1), Block("paragraph", "Page two.", page=2))
    assert [(c.page, c.text) for c in chunk_document(doc)] == [(1, "Page one."), (2, "Page two.")]


def test_ids_are_stable_and_change_with_content():
    doc = make_doc(Block("paragraph", "Alpha. Beta.", ("S",)))
    first = [c.id for c in chunk_document(doc)]
    assert first == [c.id for c in chunk_document(doc)]
    changed = make_doc(Block("paragraph", "Alpha. Gamma.", ("S",)))
    assert first != [c.id for c in chunk_document(changed)]


def test_identical_passages_get_distinct_ids():
    text = "Same words here, long enough." * 12
    doc = make_doc(Block("paragraph", text, ("S",)), Block("paragraph", text, ("S",)))
    ids = [c.id for c in chunk_document(doc, ChunkingConfig(max_chars=400, min_chars=300))]
    assert len(ids) == len(set(ids))


def test_front_matter_becomes_a_metadata_chunk_of_key_value_lines():
    doc = make_doc(
        Block("paragraph", "Body."), author="Ada Lovelace", url="https://example.org", published="2024-05-03"
    )
    [meta] = [c for c in chunk_document(doc) if c.section == METADATA_SECTION]
    assert meta.kind == "metadata"
    assert meta.sentences == ("title: Doc", "author: Ada Lovelace", "published: 2024-05-03", "url: https://example.org")
    assert meta.url == "https://example.org"


def test_a_document_with_only_a_title_gets_no_metadata_chunk():
    assert all(c.kind != "metadata" for c in chunk_document(make_doc(Block("paragraph", "Body."))))


def test_chunk_records_round_trip_through_json():
    doc = make_doc(
        Block("faq", "Who leads?\nChina. And Russia.", ("FAQ", "Who leads?"), page=2), published="2024-05-03"
    )
    for chunk in chunk_document(doc):
        assert chunk_from_json(chunk_to_json(chunk)) == chunk
