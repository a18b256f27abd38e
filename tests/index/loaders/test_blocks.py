from index.loaders.blocks import BlockBuilder


def test_a_list_over_a_page_break_stays_one_list_cited_at_its_first_page():
    builder = BlockBuilder()
    builder.page = 2
    builder.heading("What partners can offer", 2)
    builder.paragraph("The working group invites partners to offer:")
    builder.list(["instruments of up to 8 kg;"])
    builder.page = 3
    builder.list(["cameras and lights;", "software for planning drives."])
    blocks = [b for b in builder.finish() if b.kind != "heading"]
    assert [(b.kind, b.page, b.text) for b in blocks] == [
        (
            "list",
            2,
            "The working group invites partners to offer: instruments of up to 8 kg; cameras and lights; software "
            "for planning drives.",
        )
    ]


def test_an_inline_first_item_goes_on_with_the_list_below_it():
    builder = BlockBuilder()
    builder.paragraph("Each payload shall pass these tests, in this order: 1. Visual inspection.")
    builder.list(["Random vibration.", "Thermal vacuum cycling."])
    assert [(b.kind, b.text) for b in builder.finish()] == [
        (
            "list",
            "Each payload shall pass these tests, in this order: Visual inspection. Random vibration. Thermal vacuum "
            "cycling.",
        )
    ]


def test_lists_apart_from_each_other_or_without_a_lead_in_stay_apart():
    builder = BlockBuilder()
    builder.paragraph("The lander carries:")
    builder.list(["a drill", "a camera"])
    builder.paragraph("The rover is small.")
    builder.list(["It has six wheels."])
    builder.list(["It has a mast."])
    builder.heading("Orbiter", 2)
    builder.list(["a relay antenna"])
    assert [b.text for b in builder.finish() if b.kind == "list"] == [
        "The lander carries: a drill; a camera.",
        "It has six wheels.",
        "It has a mast.",
        "a relay antenna.",
    ]


def test_a_table_read_as_lists_never_takes_in_the_list_after_it():
    builder = BlockBuilder()
    builder.paragraph("The network has three stations:")
    builder.table(["Station", "Country"], [["Kashi", "China"], ["Neuquen", "Argentina"], ["Kiruna", "Sweden"]])
    builder.list(["a note on Kashi"])
    assert [b.text for b in builder.finish() if b.kind == "list"][-1] == "a note on Kashi."
