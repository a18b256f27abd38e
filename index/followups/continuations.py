"""Questions that continue the last one: elliptical ("what about Chang'e-7?", "and on the rover?", "where?") and
impersonal ones ("how long does it take?"), completed from the last question's words."""

from __future__ import annotations

import re

from index.followups.evidence import Searcher, specificity
from index.followups.impersonal import asks_the_cost, takes_or_costs
from index.followups.memory import Turn
from index.followups.phrases import content_words, words
from index.followups.replacement import replace_subject, replaced_infinitive
from index.followups.subjects import carried_subject, phrases_of, predicate_of, subject_of, wh_phrase_end
from index.followups.word_classes import ANAPHORS, AUXILIARIES, DETERMINERS, PREPOSITIONS, SPEAKERS, WH

# "what about Chang'e-7?", "and how about the rover?": a continuation naming what replaces the last subject.
ELLIPSIS = re.compile(r"^\s*(?:(?:and|but|so|also|ok|okay)[\s,]+)?(?:what|how)\s+about\s+(?P<rest>.+)$", re.I)


LEADING_AND = re.compile(r"^\s*(?:and|also|plus)[\s,]+(?P<rest>.+)$", re.I)


def _strip_leading(text: str) -> str:
    """ "on the rover?" -> "the rover": a continuation's prepositions and final punctuation are dropped; so is a
    "one" standing for the head of the phrase it replaces ("the 2027 one" -> "the 2027")."""
    text = text.strip().rstrip("?.! ").strip()
    items = words(text)
    while items and items[0].key in PREPOSITIONS:
        text = text[items[1].start - items[0].start :] if len(items) > 1 else ""
        items = words(text)
    if len(items) > 1 and items[-1].key in {"one", "ones"} and not items[-2].is_stop:
        text = text[: items[-2].end - items[0].start]
    return text.strip()


def asks_again(items: list) -> bool:
    """ "where?", "until when?", "how early?": question words alone (after a preposition), or "how" with one word of
    degree, ask the last question again."""
    asking = [w for w in items if w.key not in PREPOSITIONS]
    if not asking or asking[0].key not in WH:
        return False
    return not content_words(items) or (len(asking) == 2 and asking[0].key == "how")


def swap_wh(previous: str, fragment: str) -> str | None:
    """ "where?" after "When will China land astronauts?" -> "where will China land astronauts?"."""
    prev_items = words(previous)
    end = wh_phrase_end(prev_items)
    if end == 0:
        return None
    return fragment.strip().rstrip("?. ") + previous[prev_items[end - 1].end :]


def continuation(
    question: str, previous: Turn, known: str | None, kb: Searcher | None = None
) -> tuple[str, str] | None:
    """An elliptical continuation ("what about X?", "and X?", "and how many X?") as (rewrite, the new part)."""
    match = ELLIPSIS.match(question)
    if match:
        new = _strip_leading(match.group("rest"))
        if new and _only_pointing(new):
            # "what about that one?", "what about it?": the last subject; "the other one" is none said here.
            referent = None if "other" in new.lower() else carried_subject(previous, known)
            if referent is None:
                return None
            return f"{question[: match.start('rest')]}{referent}?", referent
        if not new:
            return None
        rest = match.group("rest")
        return replace_subject(previous, new, known, kb, _leading_preposition(rest), modifier=_with_one(rest))
    match = LEADING_AND.match(question)
    if not match:
        return None
    rest = match.group("rest").strip()
    items = words(rest)
    infinitive = replaced_infinitive(previous.asked, rest)
    if infinitive is not None:
        return infinitive, rest.rstrip("?.! ")
    if items and items[0].key in WH:
        if any(w.key in AUXILIARIES for w in items) or len(items) == 1:
            return None  # "and when does it launch?": a whole question, read on its own terms
        swapped = swap_wh(previous.asked, rest)
        return (swapped, rest) if swapped is not None else None
    new = _strip_leading(rest)
    if not content_words(words(new)):
        # "and after that?": the last question, continued.
        return f"{previous.asked.rstrip('?. ')} {rest.rstrip('?. ')}?", previous.subject or rest
    if _only_pointing(new):
        return None  # "and that one?": nothing new to put in; read as typed
    return replace_subject(previous, new, known, kb, _leading_preposition(rest), modifier=_with_one(rest))


def _with_one(text: str) -> bool:
    """ "the senior one", "the 2027 one": what comes before "one" replaces a modifier; the head is kept."""
    items = words(text.rstrip("?.! "))
    return len(items) > 1 and items[-1].key in {"one", "ones"} and not items[-2].is_stop


def _leading_preposition(text: str) -> str | None:
    items = words(text)
    return items[0].key if len(items) > 1 and items[0].key in PREPOSITIONS else None


def _only_pointing(text: str) -> bool:
    """ "that one", "this", "the other one": the words point at something without naming it."""
    items = words(text)
    pointing = ANAPHORS | DETERMINERS | {"one", "ones", "other", "others"}
    return bool(items) and all(w.key in pointing for w in items) and any(w.key in ANAPHORS | {"other"} for w in items)


def completed_impersonal(
    core: str, previous: Turn, known: str | None, kb: Searcher | None
) -> tuple[str, str | None] | None:
    """An impersonal question completed from the last turn, with what it is then about.

    "how long does it take?" after "How does a country join the ILRS?" -> "how long does it take for a country to
    join the ILRS?"; "how much does it cost to join?" after "Who is China inviting to take part in Chang'e-8?" ->
    "how much does it cost to join Chang'e-8?".
    """
    items = words(core)
    if not any(takes_or_costs(items, i) for i in range(len(items))):
        return None
    stem = core.rstrip("?.! ")
    if len(items) > 2 and items[-2].key == "to" and not items[-1].is_stop:
        # "… to join?": the verb wants an object, a thing the last question named other than its doer: the noun its
        # question words asked for ("Which organisation joined the ILRS?"), else its subject.
        carried = carried_subject(previous, known)
        phrases = phrases_of(previous.asked, known)
        asked = words(previous.asked)
        asked_end = asked[wh_phrase_end(asked) - 1].end if wh_phrase_end(asked) else 0
        doers = {p.bare for p in phrases if p.start < asked_end} or {carried}
        others = [p for p in phrases if p.text not in doers and p.bare not in doers]
        candidates = [p.text for p in others if p.is_name] or [p.text for p in others] or ([carried] if carried else [])
        if not candidates:
            return None
        best = max(candidates, key=lambda c: specificity(kb, f"{stem} {c}?")) if kb is not None else candidates[0]
        return f"{stem} {best}?", best
    if any(w.key == "to" for w in items):
        return None
    predicate = predicate_of(previous.asked)
    if predicate is None:
        return None
    subject, verb_phrase = predicate
    doer_word = words(subject)[0].key
    generic = doer_word in SPEAKERS or doer_word in DETERMINERS - {"the"}
    if asks_the_cost(items) and not generic:
        # "what does it cost?" after "how much power does the probe need?": the thing named is what costs; an
        # action costs when its doer is anyone ("a country", "I"): "how much does it cost?" after "How do I apply?".
        return None
    doer = "" if doer_word in SPEAKERS else f" for {subject}"
    return f"{stem}{doer} to {verb_phrase}?", subject_of(verb_phrase) or previous.subject
