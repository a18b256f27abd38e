from index.name_variants import lettered_designations, names_variant, variant_of


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


def test_a_code_with_a_letter_is_joined_to_the_name_before_it():
    assert lettered_designations("What is the mass of RM-2B?") == {"rm2b"}
    assert lettered_designations("Long March 10B and Chang'e-6A") == {"march10b", "change6a"}
    assert not lettered_designations("RM-2 weighs 30 kg, a 100m rope")  # no letter, or a measure
    assert not lettered_designations("the March 2024a batch")  # a year with a letter names no family
    assert not lettered_designations("Long March 9's first stage, ILRS-4’s launch")  # a possessive is no letter
