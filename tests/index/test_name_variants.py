from index.name_variants import names_variant, variant_of


def test_another_number_of_the_same_name_is_a_variant():
    assert variant_of("queqiao3", "queqiao2")
    assert variant_of("2027", "2025")
    assert not variant_of("queqiao3", "change3")
    assert not variant_of("2027", "27")


def test_the_same_number_with_other_short_letters_is_a_variant():
    assert variant_of("3a", "3")
    assert variant_of("3a", "3b")
    assert not variant_of("3a", "3a")
    assert not variant_of("3", "apollo3")


def test_unnumbered_terms_have_no_variants():
    assert not variant_of("apsco", "apsco2")
    assert not variant_of("lot", "lot3")


def test_a_variant_counts_only_when_the_name_asked_about_is_missing():
    assert names_variant(("queqiao3",), {"queqiao1", "queqiao2", "relay"})
    assert not names_variant(("queqiao3",), {"queqiao2", "queqiao3"})
    assert not names_variant(("queqiao",), {"queqiao2"})
    assert not names_variant((), {"queqiao2"})
