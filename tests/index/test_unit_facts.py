import pytest

from index.unit_facts import facts, holds


@pytest.mark.parametrize(
    "text",
    ['"USD 150,000" is replaced by "USD 100,000".', "The fee is $250.", "It costs 3 million yuan."],
)
def test_amounts_of_money_are_seen_with_the_currency_before_or_after(text):
    assert facts(text).has_money and holds("money", facts(text))


@pytest.mark.parametrize(
    "text",
    [
        "The data rate is raised from 2 Mbit/s to 4 Mbit/s.",
        "It will send about 2.4 terabytes a year.",
        "A 64 GB memory.",
    ],
)
def test_data_volumes_and_rates_are_data(text):
    assert holds("data", facts(text))


@pytest.mark.parametrize(
    "text", ["It usually takes between three and nine months.", "Its work will last only a few weeks.", "60 days"]
)
def test_durations_in_words_are_durations(text):
    assert facts(text).has_duration


def test_a_bare_topic_word_is_no_data_volume():
    assert not holds("data", facts("Released data are open to everyone after free registration."))
