"""Recognising country names in text, for questions that ask "which countries …"."""

from __future__ import annotations

import functools
import re

# Everyday short forms of countries whose ISO names are formal ("Russian Federation", "Korea, Republic of").
_EVERYDAY_NAMES = (
    "Russia",
    "Iran",
    "Syria",
    "Laos",
    "Vietnam",
    "Bolivia",
    "Tanzania",
    "Moldova",
    "Venezuela",
    "South Korea",
    "North Korea",
    "Taiwan",
    "Czech Republic",
    "Czechia",
    "Britain",
    "Great Britain",
    "United Kingdom",
    "United States",
    "America",
    "Turkey",
    "Palestine",
    "Brunei",
    "Micronesia",
    "Vatican",
    # Not "U.S." or "UK": mostly adjectives ("U.S. astronauts"), which name no participant.
)


@functools.cache
def _pattern() -> re.Pattern[str]:
    import pycountry

    names = set(_EVERYDAY_NAMES)
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names.add(value)
                names.add(value.split(",")[0])  # "Venezuela, Bolivarian Republic of" → "Venezuela"
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def countries_in(text: str) -> set[str]:
    return {m.group(0) for m in _pattern().finditer(text)}
