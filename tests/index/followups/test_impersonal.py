from index.followups.impersonal import asks_the_time, impersonal
from index.followups.phrases import words


def it_is_impersonal(text: str) -> bool:
    items = words(text)
    return impersonal(items, [w.key for w in items].index("it"))


def test_an_impersonal_it_takes_or_costs_with_nothing_or_an_infinitive_after():
    assert it_is_impersonal("how long does it take?")
    assert it_is_impersonal("how much does it cost to join?")
    assert not it_is_impersonal("when will it take off?")
    assert not it_is_impersonal("is it open?")


def test_an_impersonal_it_may_take_an_object_before_its_infinitive():
    assert it_is_impersonal("How much does it cost a partner to book time on a ground station?")
    assert it_is_impersonal("did it take them long to build it?")
    assert not it_is_impersonal("will it take the crew to the Moon?")
    assert not it_is_impersonal("what does it cost the agency?")


def test_weather_and_an_adverb_before_the_verb_keep_it_impersonal():
    assert it_is_impersonal("will it rain in Beijing tomorrow?")
    assert it_is_impersonal("how long does it usually take?")


def test_the_it_of_asking_the_time_ends_its_clause():
    def of_time(text: str) -> bool:
        items = words(text)
        return asks_the_time(items, [w.key for w in items].index("it"))

    assert of_time("what time is it?")
    assert of_time("what day is it today?")
    assert of_time("what time is it in Beijing?")
    assert not of_time("what year was it launched?")
    assert not of_time("is it time?")
