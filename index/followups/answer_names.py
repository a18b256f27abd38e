"""The names an answer gives for what its question asked ("Which facility is in Thailand?" — "Facility:
Environmental Test Laboratory, GISTDA; …"), which a pronoun in the next question may point at."""

from __future__ import annotations

import re

from index.followups.memory import Turn
from index.followups.phrases import Phrase, names, words
from index.followups.word_classes import DETERMINERS, NAME_JOINERS
from index.text import terms

_CITATION = re.compile(r"\[\d+\]")


def asked_for_a_thing(turn: Turn) -> bool:
    """The turn asked who or which, and was answered: its answer names the thing asked for."""
    first = words(turn.asked)[:1]
    return bool(first) and first[0].key in {"who", "which"} and not turn.abstained


def answer_names(turn: Turn, *, person: bool = False) -> list[str]:
    """The names of `turn`'s answer that its question did not use, from the cited passages closest to the question
    first, each with its "The" lowered (it no longer starts a sentence); `person`: only names a person may have."""
    asked = turn.asked.lower()
    wanted = set(terms(turn.asked))
    units, start = [], 0
    for marker in _CITATION.finditer(turn.answer):
        units.append((start, marker.start()))
        start = marker.end()
    units.append((start, len(turn.answer)))
    # The passage that shares most terms with the question first; equals in their order.
    units.sort(key=lambda unit: -len(wanted & set(terms(turn.answer[unit[0] : unit[1]]))))
    found = _asked_cells(turn)
    for begin, end in units:
        taken = begin  # the end of the last cell taken whole: the names inside it are part of it
        for found_name in names(turn.answer[begin:end]):
            if found_name.start + begin < taken:
                continue
            shifted = Phrase(found_name.text, found_name.start + begin, found_name.end + begin, True)
            name = _cell_name(turn.answer, shifted)
            # A number ("Tenders received: 3") is a value, not a name.
            if name is None or not any(c.isalpha() for c in name.bare):
                continue
            taken = name.end
            if name.bare.lower() in asked or _is_label(turn.answer, name):
                continue
            if person and not _may_name_a_person(turn.answer, name):
                continue
            found.append(_lower_article(name.text))
    return found


def _asked_cells(turn: Turn) -> list[str]:
    """The values of the table cells an answer labels with the noun its which-question asked for: "Molten salt
    electrolysis (MSE)" from "Method: Molten salt electrolysis (MSE);" for "Which method does the plant use?"."""
    asked = words(turn.asked)
    if len(asked) < 2 or asked[0].key != "which" or asked[1].is_stop:
        return []
    label = re.escape(asked[1].key.removesuffix("s"))
    cells = re.finditer(rf"(?:^|[;—–\n]\s*){label}s?:\s*(?P<value>[^;\n\[]+)", turn.answer, re.IGNORECASE)
    values = [cell.group("value").strip() for cell in cells]
    return [_lower_initial(value) for value in values if value and value.lower() not in turn.asked.lower()]


def _lower_initial(value: str) -> str:
    """A cell's value that goes on in lower case is no name: its capital only opened the cell."""
    items = words(value)
    if len(items) > 1 and items[0].text.istitle() and items[1].text.islower():
        return value[0].lower() + value[1:]
    return value


def _may_name_a_person(text: str, name: Phrase) -> bool:
    """A person's name has no digit and is never used with a determiner ("The Partner Institution may …" in
    `text` names no person)."""
    if any(c.isdigit() for c in name.bare):
        return False
    return re.search(rf"\b(?:{'|'.join(DETERMINERS)})\s+{re.escape(name.bare)}\b", text, re.IGNORECASE) is None


def _is_label(text: str, phrase: Phrase) -> bool:
    """A table row's caption or column name ("Stations —", "Station:", "Awarded to:") labels a value; the answer
    names the value."""
    rest = text[phrase.end :]
    if rest.lstrip(" ").startswith((":", "—", "–")):
        return True
    colon = rest.find(":")
    return colon >= 0 and not re.search(r"[;,.—–\[\n]", rest[:colon]) and len(words(rest[:colon])) <= 2


def _cell_name(text: str, name: Phrase) -> Phrase | None:
    """`name` as the answer names it. One that opens a table cell's value stands for the whole value when every word
    of it is spelled as a name ("Facility: Environmental Test Laboratory, GISTDA;": the comma does not end it); a
    capitalised first word of a value that goes on in lower case ("Subject: Dust test equipment") names nothing."""
    if not text[: name.start].rstrip(" ").endswith(":"):
        return name
    ends = [at for at in (text.find(";", name.end), text.find("\n", name.end), text.find(" [", name.end)) if at >= 0]
    value = text[name.start : min(ends, default=len(text))].rstrip()
    if all(w.is_name or w.key in NAME_JOINERS for w in words(value)):
        return Phrase(value, name.start, name.start + len(value), True)
    only_capitalised = name.text.istitle() and not any(c.isdigit() for c in name.text)
    return None if only_capitalised and len(words(name.text)) == 1 else name


def _lower_article(phrase: str) -> str:
    first, _, rest = phrase.partition(" ")
    return f"{first.lower()} {rest}" if rest and first.lower() in DETERMINERS else phrase
