from index.term_share import presence, weighted_share


def test_the_share_is_of_the_wanted_weight_and_a_partial_presence_counts_in_part():
    wanted = {"rover": 3.0, "mass": 1.0}
    assert weighted_share(wanted, {"rover"}) == 0.75
    assert weighted_share(wanted, {"rover": 1.0, "mass": 0.5}) == 0.875
    assert weighted_share({}, {"rover"}) == 0.0


def test_an_acronym_is_present_as_far_as_its_expansion_is_from_half_on():
    expansion = [("ilr", frozenset({"internat", "lunar", "research", "station"}))]
    assert presence({"lunar", "station"}, expansion)["ilr"] == 0.5
    assert "ilr" not in presence({"lunar"}, expansion)
    assert presence({"ilr"}, expansion)["ilr"] == 1.0
