from index.loaders.enumeration import inline_items


def test_numbered_items_written_inline_after_a_colon_are_told_apart():
    text = "The call runs in three steps: 1. Call published: 15 June. 2. Industry day in Hefei. 3. Award decision."
    assert inline_items(text) == (
        "The call runs in three steps:",
        ["Call published: 15 June.", "Industry day in Hefei.", "Award decision."],
    )


def test_a_lone_first_item_after_a_colon_is_an_item_whose_list_goes_on_below():
    text = "Each payload shall pass these tests, in this order: 1. Visual inspection (PLD-020)."
    lead = "Each payload shall pass these tests, in this order:"
    assert inline_items(text) == (lead, ["Visual inspection (PLD-020)."])


def test_numbers_in_running_text_are_no_items():
    assert inline_items("The rover weighs 1. 5 tonnes and carries 2. Cameras.") is None  # no colon before "1."
    assert inline_items("Two modes: a vibration at 0.5 g and a shock of 1 000 g.") is None
    assert inline_items("The stages: stage 3, 4 or 5 may move.") is None
    assert inline_items("Steps: 2. Review. 3. Award.") is None  # the items do not start at 1


def test_numbers_out_of_turn_stay_inside_their_item():
    text = "It has two parts: 1. Orbiter. Section 5. Spares are kept. 2. Lander."
    assert inline_items(text) == ("It has two parts:", ["Orbiter. Section 5. Spares are kept.", "Lander."])
