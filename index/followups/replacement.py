"""What a continuation's new part replaces in the last question: a subject, a name with its kind, a modifier, a word
closest in meaning, or an infinitive ("and to amend the convention?")."""

from __future__ import annotations

from index.dates import MONTHS
from index.followups.evidence import Searcher
from index.followups.memory import Turn
from index.followups.phrases import Phrase, Word, anaphors, names, noun_phrases, words
from index.followups.referents import is_plural, substitute
from index.followups.subjects import carried_subject, phrases_of, wh_phrase_end
from index.followups.word_classes import DETERMINERS, PERIODS, PLURAL_ANAPHORS, POSSESSIVE_ANAPHORS


def _closest_word(kb: Searcher | None, new: str, candidates: list[Word]) -> Word | None:
    """The word of `candidates` closest in meaning to the one-word `new` ("rover" for "the lander" in "What is the
    random vibration level for rover payloads?"), when the knowledge base can compare words."""
    similarity = getattr(kb, "word_similarity", None)
    if similarity is None or not candidates:
        return None
    scores = similarity(new, [w.text for w in candidates])
    return candidates[int(scores.argmax())]


def _slot_words(slots: list[Phrase], text: str) -> list[Word]:
    """The content words of `slots` not spelled as names."""
    inside = [w for slot in slots for w in words(text) if slot.start <= w.start and w.end <= slot.end]
    return [w for w in inside if not w.is_stop and not w.is_name]


def _modifiers(text: str, after: int) -> list[Word]:
    """The content words before the head of each noun phrase of `text` from `after` on, names included: "Junior" and
    "team" of "Junior team members"."""
    phrases = [p for p in noun_phrases(text) if p.start >= after]
    return [w for p in phrases for w in words(text) if p.start <= w.start and w.end < p.end and not w.is_stop]


def _after_preposition(text: str, phrases: list[Phrase], preposition: str) -> list[Phrase]:
    """The phrases of `text` that follow `preposition` ("ESA" in "… sent to ESA?" for "to")."""
    items = words(text)
    out = []
    for phrase in phrases:
        before = [w for w in items if w.end <= phrase.start and w.key not in DETERMINERS]
        if before and before[-1].key == preposition:
            out.append(phrase)
    return out


def replace_subject(
    previous: Turn,
    new: str,
    known: str | None,
    kb: Searcher | None = None,
    preposition: str | None = None,
    *,
    modifier: bool = False,
) -> tuple[str, str]:
    """ "what about Chang'e-6?" after "how much did Chang'e-5 bring back?" -> "how much did Chang'e-6 bring back?".

    `preposition`: the one the new part came with ("and *to* CNSA?"); `modifier`: the new part came with a "one" and
    replaces a modifier, keeping the head. Returns the rewrite and the new part as put in;
    a possessive in the new part stands for the phrase it replaces:
    "and its successor?" after "When was Queqiao-2 launched?" -> "When was Queqiao-2's successor launched?"."""
    new_phrase = names(new) or noun_phrases(new)
    new_is_name = bool(new_phrase) and new_phrase[0].is_name
    new_possessive = bool(new_phrase) and new_phrase[-1].possessive
    prev_items = words(previous.asked)
    asked_end = prev_items[wh_phrase_end(prev_items) - 1].end if wh_phrase_end(prev_items) else 0
    # What the last question asked for ("What language …") stays; what it was about is replaced.
    phrases = [p for p in phrases_of(previous.asked, known) if p.start >= asked_end] or phrases_of(
        previous.asked, known
    )
    # "and to CNSA?" after "… sent to ESA by Egypt?": what followed the same preposition is replaced.
    phrases = (_after_preposition(previous.asked, phrases, preposition) if preposition else []) or phrases
    period = _period(previous.asked, phrases_of(previous.asked, known), new) if _is_month(new) else None
    if period is not None:
        # "what about october?" after "… in the third quarter of 2026?": a month replaces the period, not a word of it.
        return previous.asked[: period[0]] + new + previous.asked[period[1] :], new
    slots = [p for p in phrases if p.is_name == new_is_name] or phrases
    if new_is_name and _named_kind(new, new_phrase[0]):
        # "the Chang'e-7 orbiter" replaces a name with its kind ("the Chang'e-8 lander"), not the name alone.
        # The kind's phrase opens with the name, after its determiner if it has one ("a COR window").
        starts = {_bare_start(n) for n in phrases if n.is_name}
        named = [p for p in phrases if not p.is_name and _bare_start(p) in starts]
        slots = named or slots
    # "the 30-day limit" replaces "the career radiation limit": a phrase with the same head and another modifier.
    slots = [p for p in phrases if _same_head(p.bare, new)] or slots
    if not slots:
        return f"{previous.asked.rstrip('?. ')}, {new}?", new
    subject = (carried_subject(previous, known) or "").lower()

    size = len(Phrase(new, 0, len(new), new_is_name).bare.split())

    def fit(slot: Phrase) -> tuple[bool, bool, int]:
        # Like replaces like: a possessive a possessive, else the subject, else a phrase of the same length.
        same_size = -abs(len(slot.bare.split()) - size)
        is_subject = slot.text.lower() == subject or slot.bare.lower() == subject
        return (slot.possessive == new_possessive, is_subject, same_size)

    slot = max(slots, key=fit)  # max keeps the first of equals: the earliest slot
    owners = [w for w in anaphors(new) if w.key in POSSESSIVE_ANAPHORS]
    if owners:
        new, _ = substitute(new, owners[0], slot.text)
    text = previous.asked
    new_bare = Phrase(new, 0, len(new), new_is_name).bare
    slot_words = slot.bare.split()
    closest = None
    if not new_is_name and len(new_bare.split()) == 1:
        # "and for the senior one?" after "How old must Junior team members be …?": a "one" keeps the head.
        closest = _closest_word(kb, new_bare, _modifiers(text, asked_end) if modifier else _slot_words(slots, text))
    if closest is not None:
        # Like replaces like in meaning: "and for the lander?" after "… for rover payloads?" -> "… lander payloads?".
        return text[: closest.start] + new_bare + text[closest.end :], new
    if not slot.is_name and len(new_bare.split()) == 1 and len(slot_words) > 1:
        start = _bare_start(slot)
        if words(slot_words[0])[0].is_name:
            # "and a rover?" after "When will the Chang'e-7 lander launch?": a name modifier is kept, the head changes.
            return text[: slot.end - len(slot_words[-1])] + new_bare + text[slot.end :], new
        # "and on the rover?" after "How heavy can a lander payload be?": the modifier changes, not the head.
        return text[:start] + new_bare + text[start + len(slot_words[0]) :], new
    # A name that modifies a noun ("the 2026 payload design competition") leaves the noun phrase its determiner.
    modifier = slot.is_name and any(p.start == slot.start and p.end > slot.end for p in noun_phrases(text))
    new_determiner = new.split()[0].lower() in DETERMINERS
    before = words(text[: slot.start]) if new_determiner else []
    if before and before[-1].key in DETERMINERS:
        # "and an SRS one?" after "… a COR window …": the new determiner takes the old one's place.
        return text[: before[-1].start] + new + text[slot.end :], new
    if (not slot.is_name or modifier) and slot.text != slot.bare and not new_determiner:
        return text[: _bare_start(slot)] + new + text[slot.end :], new
    return text[: slot.start] + new + text[slot.end :], new


def _is_month(text: str) -> bool:
    """ "october", "March 2027": a month, with its year or not."""
    items = [w for w in words(text) if w.key not in DETERMINERS]
    return bool(items) and items[0].key.capitalize() in MONTHS and all(w.text.isdigit() for w in items[1:])


def _period(text: str, phrases: list[Phrase], month: str) -> tuple[int, int] | None:
    """Where `text` names a stretch of the calendar that `month` replaces: its phrase from the start to the period's
    word (a month or a noun of PERIODS), "the third quarter" of "in the third quarter of 2026", or the whole phrase
    when `month` has a year of its own; None when it names none."""
    with_year = any(w.text.isdigit() for w in words(month))
    for phrase in phrases:
        for word in words(text[phrase.start : phrase.end]):
            if word.key in PERIODS or word.key.capitalize() in MONTHS:
                return phrase.start, phrase.end if with_year else phrase.start + word.end
    return None


def _bare_start(phrase: Phrase) -> int:
    """Where `phrase` starts without its determiner."""
    return phrase.end - len(phrase.bare)


def _same_head(slot: str, new: str) -> bool:
    """`new` has a modifier and ends in the word `slot` ends in: "the 30-day limit", "the career radiation limit"."""
    ends = [[w.key for w in words(text) if not w.is_stop] for text in (slot, new)]
    return len(ends[1]) > 1 and bool(ends[0]) and ends[0][-1] == ends[1][-1]


def _named_kind(text: str, name: Phrase) -> bool:
    """ "the Chang'e-7 orbiter": a name followed by the common noun of what it names."""
    return any(_bare_start(p) == _bare_start(name) and p.end > name.end for p in noun_phrases(text))


def _opens_infinitive(items: list[Word], i: int) -> bool:
    """`items[i]` is a "to" before a verb ("to amend …"), not before a noun phrase ("to the Moon", "to CNSA")."""
    following = items[i + 1] if i + 1 < len(items) else None
    return items[i].key == "to" and following is not None and not following.is_stop and not following.is_name


def replaced_infinitive(previous: str, rest: str) -> str | None:
    """ "and to amend the convention?" after "What majority does the Council need to admit an observer?" -> "What
    majority does the Council need to amend the convention?": an infinitive replaces the last question's."""
    items = words(rest)
    if not items or not _opens_infinitive(items, 0):
        return None
    before = words(previous)
    at = next((w for i, w in reversed(list(enumerate(before))) if _opens_infinitive(before, i)), None)
    if at is None:
        return None
    new = rest.rstrip("?.! ")
    pointer = next(iter(anaphors(new)), None)
    if pointer is not None:
        # "and to leave it?" after "How long does it take to join the ILRS?": "it" is a name of the last question
        # agreeing with it in number, one outside its infinitive first ("What does the Council need to admit …?").
        named = sorted(names(previous), key=lambda p: p.start > at.start)
        plural = pointer.key in PLURAL_ANAPHORS
        agreeing = [p for p in named if is_plural(p.text) == plural] or named
        if agreeing:
            new, _ = substitute(new, pointer, agreeing[0].text)
    return f"{previous[: at.start]}{new}?"
