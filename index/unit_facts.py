"""What a span of text holds — dates, counts, quantities, places, people, organisations, lists — judged from its
surface alone. Cached per text: the same sentences are read for many questions."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

from index.countries import countries_in
from index.date_mention import DateMention
from index.dates import MONTHS, find_dates
from index.text import terms

# A count: a number that is not part of a name ("Chang’e-8") and not a year (years are judged by find_dates).
_NUMBER = re.compile(
    r"(?<![\w’'-])\d[\d,.]*(?![\w-])|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|thousand|million|billion|dozen)\b",
    re.IGNORECASE,
)
_UNIT = (
    r"(?:kg|kilograms?|g|grams?|tonnes?|tons?|t|lbs?|pounds?|km|kilomet(?:er|re)s?|m|met(?:er|re)s?|cm|mm|miles?"
    r"|au|km/h|m/s|kph|mph|w|kw|mw|watts?|kilowatts?|kwh|%|per ?cent|percent|°c|degrees?|k|kelvin|bits?|bytes?"
    r"|mb|gb|tb|mbps|gbps|hz|khz|mhz|ghz|l|litres?|liters?|m2|m3|km2|square|cubic)"
)
_QUANTITY = re.compile(rf"\d[\d,.]*\s*(?:-\s*)?{_UNIT}(?![a-z])", re.IGNORECASE)
_MONEY = re.compile(
    r"[$€£¥]\s*\d|\d[\d,.]*\s*(?:million|billion|thousand)?\s*(?:dollars?|usd|yuan|rmb|euros?|eur|cny)\b"
    r"|\b(?:usd|us\$|eur|cny|rmb|gbp|chf|jpy)\s*\d",
    re.I,
)
_MASS = re.compile(r"\d[\d,.]*\s*(?:kg|kilograms?|g|grams?|tonnes?|tons?|t|lbs?|pounds?)(?![a-z])", re.IGNORECASE)
_POWER = re.compile(r"\d[\d,.]*\s*(?:w|kw|mw|watts?|kilowatts?|megawatts?|kwh|wh)(?![a-z])", re.IGNORECASE)
_DATA = re.compile(
    r"\d[\d,.]*\s*(?:[kmgt]?bits?(?:/s)?|[kmgt]?bytes?|kb|mb|gb|tb|[kmg]bps|(?:kilo|mega|giga|tera)(?:bytes?|bits?))"
    r"(?![a-z])",
    re.I,
)
_LENGTH = re.compile(
    r"\d[\d,.]*\s*(?:×\s*\d[\d,.]*\s*)*(?:km|kilomet(?:er|re)s?|m|met(?:er|re)s?|cm|mm|miles?|au|feet|ft)(?![a-z])",
    re.I,
)
_CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.-]+|https?://\S+|\bwww\.\S+|\b[\w-]+\.(?:org|com|gov|int|net|edu)(?:\.[a-z]{2})?\b"
    r"|\+?\d[\d ()-]{7,}\d"
)
# Capitalised words that begin or make up names of things, not of people.
_NOT_PERSON = frozenset(
    """The A An This That These Those It Its In On At By For From With And Of To As International National Space
    Agency Lunar Research Station Administration Office Center Centre University Institute Department Academy Moon
    Earth South North East West Pole Mission Programme Program Call Payload Payloads Cooperation Organisation
    Organization Association Union Republic Kingdom States United Science Sciences Technology Laboratory Exploration
    Deep Long March Press Portal Committee Council Ministry Bureau Group Team Project Phase Launch Site""".split()
)
_NAME_PAIR = re.compile(r"\b([A-Z][a-z]+)\s+([A-Z][a-z]+)\b")
_TITLED = re.compile(r"\b(?:Dr|Prof|Mr|Mrs|Ms|Sir|Professor)\.?\s+[A-Z][a-z]+")
# People or bodies named by what they are: who may take part, who is invited.
_GROUP = re.compile(
    r"\b(?:countries|nations|states|governments|organi[sz]ations|agencies|universities|companies|institutes"
    r"|institutions|partners|teams|researchers|scientists|students|members|parties|industry|public)\b",
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several)\s*(?:-\s*)?"
    r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b",
    re.I,
)
_ORGANISATION = re.compile(
    r"\b(?:[A-Z][\w’'&-]+\s+){0,6}(?:Administration|Agency|Organi[sz]ation|Office|Institute|Center|Centre"
    r"|Corporation|Academy|Ministry|Commission|Bureau|Council|Foundation|University|Laboratory|Society"
    r"|Company|Department|Group|Committee|Consortium|Program|Programme)\b|\b[A-Z]{3,8}\b"
)


def _has_person(text: str, countries: frozenset[str]) -> bool:
    """A person's name: a title and a name ("Dr. Han"), or two capitalised words that name no thing or place."""
    if _TITLED.search(text):
        return True
    for match in _NAME_PAIR.finditer(text):
        first, last = match.groups()
        if first in _NOT_PERSON or last in _NOT_PERSON or first in MONTHS or last in MONTHS:
            continue
        if any(first in c or last in c for c in countries):
            continue
        return True
    return False


_PLACE = re.compile(
    r"\b(?:crater|basin|pole|polar|region|site|mare|plain|ridge|highlands?|province|city|island|cosmodrome"
    r"|spaceport|launch (?:site|center|centre)|orbit|far side|near side|latitude|longitude|rim|valley|plateau"
    r"|headquarter\w*|located|based)\b|\b(?:in|at|near|on|from)\s+(?:the\s+)?[A-Z][\w’'-]+",
    re.IGNORECASE,
)
# A list is searched for only where an item can begin (the start, or after a separator): a run that matches from
# inside also matches from its start, and trying every inner position makes the search quadratic in the length.
_LIST = re.compile(
    r"(?<![^,;:\n])(?:[^,;:\n]+[,;]\s*){2,}[^,;\n]+|:\s*\n?\s*(?:[-*•]|\d+[.)])\s|\n\s*(?:[-*•]|\d+[.)])\s"
)


_AS_OF = re.compile(r"\b(?:as of|as at|by the end of|at the end of|since|until|in)\s+$", re.IGNORECASE)


def _as_of(text: str, dates: list[DateMention]) -> date | None:
    """The date a span says its facts hold at ("As of 31 July 2025, 17 countries …"), when it says so."""
    for mention in dates:
        span = mention.span()
        if (
            span
            and mention.precision in ("day", "month")
            and _AS_OF.search(text[max(0, mention.start - 20) : mention.start])
        ):
            return span[1]
    return None


@dataclass(frozen=True)
class UnitFacts:
    terms: frozenset[str]  # stemmed content terms
    has_date: bool
    has_count: bool
    has_quantity: bool
    has_money: bool
    has_mass: bool
    has_power: bool
    has_data: bool
    has_length: bool
    has_contact: bool
    has_duration: bool
    has_place: bool
    has_person: bool
    has_organisation: bool
    has_group: bool
    has_list: bool
    countries: frozenset[str]
    as_of: date | None  # the date the span says its facts hold at


def _count_outside_dates(text: str, dates: list[DateMention]) -> bool:
    years = [(d.start, d.end) for d in dates]
    return any(not any(start <= m.start() < end for start, end in years) for m in _NUMBER.finditer(text))


@functools.lru_cache(maxsize=65536)
def facts(text: str) -> UnitFacts:
    countries = frozenset(countries_in(text))
    dates = find_dates(text)
    return UnitFacts(
        terms=frozenset(terms(text)),
        has_date=bool(dates),
        has_count=_count_outside_dates(text, dates),
        has_quantity=bool(_QUANTITY.search(text) or _MONEY.search(text)),
        has_money=bool(_MONEY.search(text)),
        has_mass=bool(_MASS.search(text)),
        has_power=bool(_POWER.search(text)),
        has_data=bool(_DATA.search(text)),
        has_length=bool(_LENGTH.search(text)),
        has_contact=bool(_CONTACT.search(text)),
        has_duration=bool(_DURATION.search(text)),
        has_place=bool(_PLACE.search(text)) or bool(countries),
        has_person=_has_person(text, countries),
        has_organisation=bool(_ORGANISATION.search(text)),
        has_group=bool(_GROUP.search(text)),
        has_list=bool(_LIST.search(text)) or len(countries) >= 2,
        countries=countries,
        as_of=_as_of(text, dates),
    )


def holds(answer_type: str, unit: UnitFacts) -> bool | None:
    """Whether a span holds the kind of answer asked for; None when the question asks for no particular kind."""
    return {
        "quantity": unit.has_quantity,
        "money": unit.has_money,
        "mass": unit.has_mass,
        "power": unit.has_power,
        "data": unit.has_data,
        "length": unit.has_length,
        "contact": unit.has_contact,
        "number": unit.has_count,
        "date": unit.has_date,
        "duration": unit.has_duration or unit.has_date,
        "place": unit.has_place,
        "organisation": unit.has_organisation,
        "list": unit.has_list,
        "countries": len(unit.countries) >= 2,
        "country": bool(unit.countries),
        "person": unit.has_person,
        "agent": unit.has_person or unit.has_organisation or unit.has_group,
    }.get(answer_type)
