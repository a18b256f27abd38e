from index.excerpt import pieces
from index.item_labels import fragments, labels

CRITERIA = (
    "A site must meet these criteria: Distance: 5 km to 100 km from SR-1. It keeps the landers apart. "
    "Slope: below 8 degrees. Sunlight: lit for 65 % of the year."
)


def test_each_labelled_item_gives_its_label_and_a_sentence_going_on_with_an_item_gives_none():
    spans = pieces(CRITERIA)
    heads = labels(CRITERIA, spans)
    assert [CRITERIA[a:b] for a, b in heads] == ["Distance:", "Slope:", "Sunlight:"]
    assert fragments(CRITERIA, spans[0], heads) == ["A site must meet these criteria: Distance:", "Slope:", "Sunlight:"]


def test_no_labels_without_a_lead_in_a_labelled_first_item_or_enough_labelled_items():
    bare = "Distance: 5 km. Slope: low. Sunlight: 65 %."
    assert labels(bare, pieces(bare)) is None
    unlabelled = "The site must meet these: it is near SR-1. Slope: low. Sunlight: lit. Darkness: short."
    assert labels(unlabelled, pieces(unlabelled)) is None
    two = "The site must meet these: Slope: low. Sunlight: lit."
    assert labels(two, pieces(two)) is None
