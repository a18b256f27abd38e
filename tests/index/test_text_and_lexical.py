from index.fusion import reciprocal_rank_fusion
from index.lexical import LexicalIndex, find_acronyms
from index.text import terms

ARTICLE = (
    "Interested parties have until December 31 to submit a letter of intent to the China National Space "
    "Administration (CNSA). The Beijing-led International Lunar Research Station (ILRS) is planned. "
    "The upcoming Chang’e-8 mission will search for resources."
)


def test_names_with_numbers_match_however_they_are_typed():
    for typed in ("Chang’e-8", "Chang'e 8", "change8", "chang e 8"):
        assert "change8" in terms(typed), typed


def test_possessives_do_not_glue_onto_names():
    assert terms("SpaceX’s Starship") == ["spacex", "starship"]


def test_acronym_definitions_are_found():
    assert find_acronyms(ARTICLE) == {
        "cnsa": "China National Space Administration",
        "ilrs": "International Lunar Research Station",
    }


def test_queries_are_corrected_and_expanded_but_real_words_and_names_are_not():
    lexical = LexicalIndex([ARTICLE], dictionary=frozenset({"allowed"}))
    assert lexical.prepare("wich dedline for the leter of intnet").text == "which deadline for the letter of intent"
    assert "International Lunar Research Station" in lexical.prepare("ILRS partners").text
    assert lexical.prepare("Is NASA allowed to help?").text == "Is NASA allowed to help?"
    assert lexical.prepare("Who runs Interestid Corp?").text == "Who runs Interestid Corp?"  # a capitalised name


def test_bm25_ranks_exact_terms_first():
    texts = ["The deadline is December 31.", "Russia and Venezuela joined.", "Nothing relevant."]
    lexical = LexicalIndex(texts)
    assert lexical.top(terms("Venezuela"), 3)[0][0] == 1
    assert lexical.top(terms("Atlantis"), 3) == []


def test_reciprocal_rank_fusion_rewards_agreement_and_is_deterministic():
    fused = reciprocal_rank_fusion([[1, 2, 3], [3, 1, 4]])
    assert [item for item, _ in fused] == [1, 3, 2, 4]
    assert reciprocal_rank_fusion([[5], [6]]) == reciprocal_rank_fusion([[5], [6]])
    assert [i for i, _ in reciprocal_rank_fusion([[5], [6]])] == [5, 6]  # ties broken by id


def test_a_possessive_after_a_number_is_dropped_so_the_designation_joins():
    assert "change8" in terms("What is Chang'e-8's launch mass?")
    assert "march10" in terms("Long March 10’s payload capacity")
    assert "8s" not in terms("Chang'e-8's lander")


def test_a_term_s_rarity_is_the_share_of_documents_lacking_it_however_many_chunks_hold_it():
    texts = ["lunar agreement parties", "lunar agreement force", "lunar rover", "lunar drill", "lunar relay"]
    lexical = LexicalIndex(texts, documents=["treaty", "treaty", "a", "b", "c"])
    assert lexical.rarity("lunar") == 0.0  # every document
    assert lexical.rarity("agreement") == 0.75  # two chunks, one document of four
    assert lexical.rarity("mars") == 1.0
    assert LexicalIndex(texts).rarity("agreement") == 0.6  # each text a document of its own


def test_specific_scores_let_the_rare_terms_of_a_question_outweigh_the_common_ones():
    # Each document mentions an "agreement" once; only the treaty speaks of "force", in many of its chunks. Among
    # chunks, "agreement" is the rarer term, and plain BM25 prefers a chunk naming it twice; weighed by rarity
    # across documents, the treaty's chunk on entry into force comes first.
    texts = ["the agreement and the agreement"] + [f"{name} agreement" for name in ("rover", "drill", "relay")]
    texts += ["the treaty enters into force"] + [f"in force since {year}" for year in range(2020, 2026)]
    documents = ["a", "b", "c", "d"] + ["treaty"] * 7
    lexical = LexicalIndex(texts, documents=documents)
    asked = terms("agreement force")
    assert lexical.top(asked, 1)[0][0] == 0
    assert lexical.best(lexical.specific_scores(asked), 1)[0][0] == 4
