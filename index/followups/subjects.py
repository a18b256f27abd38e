"""What a question is about: its phrases cut to the documents' words, its question words, auxiliary and subject."""

from __future__ import annotations

from index.followups.memory import Turn
from index.followups.phrases import Phrase, names, noun_phrases, shorten, words
from index.followups.word_classes import (
    AUXILIARIES,
    BARE_VERB_AUXILIARIES,
    BE,
    DETERMINERS,
    HAVE,
    SPEAKERS,
    WH,
    WH_MODIFIERS,
)


def _trim(phrase: Phrase, text: str, first: int, last: int) -> Phrase | None:
    """`phrase` without its first `first` and last `last` words (None when nothing is left)."""
    items = [w for w in words(text) if phrase.start <= w.start and w.end <= phrase.end]
    items = [w for w in items if w.key not in DETERMINERS] if first else items
    kept = items[first : len(items) - last]
    if not kept:
        return None
    start = kept[0].start if first else phrase.start
    return Phrase(text[start : kept[-1].end], start, kept[-1].end, phrase.is_name, kept[-1].possessive)


def _verb_follows(items, phrase: Phrase) -> bool:
    """After "can/do/will" and a subject run, the run's last word is the verb unless a verb comes after it."""
    after = next((w for w in items if w.start >= phrase.end), None)
    return after is None or (after.key not in AUXILIARIES and after.key != "of")


def _participle_ends(items, phrase: Phrase) -> bool:
    """ "What was the rover called?": a phrase of several words ending in "-ed" ends in a participle."""
    inside = [w for w in items if phrase.start <= w.start and w.end <= phrase.end]
    return len(inside) > 1 and inside[-1].key.endswith("ed")


def wh_phrase_end(items) -> int:
    """The index after a question's wh-phrase: "How many countries" -> 3, "What weight" -> 2, "When" -> 1, none -> 0.

    The words after "what"/"which"/"how many" belong to it up to an auxiliary ("What weight does …"); without one,
    the last of them is the verb ("Which agency signed …", "How many countries signed …") and is left out.
    """
    if not items or items[0].key not in WH:
        return 0
    i = 1
    counting = i < len(items) and items[i].key in WH_MODIFIERS
    if counting:
        i += 1
        while i < len(items) and items[i].key == "of":
            i += 1
    if items[0].key not in {"what", "which"} and not (items[0].key == "how" and counting):
        return i
    start = i
    while i < len(items) and not items[i].is_stop:
        i += 1
    if i > start and (i == len(items) or items[i].key not in AUXILIARIES):
        i -= 1
    return i


def auxiliary(items) -> int | None:
    """Where the question's auxiliary is ("When *will* …", "*Did* …"), if right after its question words.

    None when the question words hold the subject: "Which countries *have joined* …" (a participle follows).
    """
    at = wh_phrase_end(items)
    if at >= len(items) or items[at].key not in AUXILIARIES:
        return None
    following = items[at + 1] if at + 1 < len(items) else None
    if at > 1 and following is not None and items[at].key in BE | HAVE and following.key.endswith(("ed", "en")):
        return None
    return at


def phrases_of(text: str, known: str | None) -> list[Phrase]:
    """Names, then noun phrases of `text` that are no name, each cut to what the documents say when known.

    In a question with an auxiliary ("when will …", "did …", "can …") a verb follows the subject: "When will
    Chang'e-8 launch?", "Where are the samples kept?". A word after a leading name ("Chang'e-8 make bricks")
    and the last word of a phrase that ends the question are such verbs, and are cut off.
    """
    items = words(text)
    asked_from = wh_phrase_end(items)
    aux = auxiliary(items)
    subject_start = items[aux + 1].start if aux is not None and aux + 1 < len(items) else None
    found = names(text)
    # "When was Queqiao-2's successor launched?": the subject's head comes after its owner's name.
    owner = next((n for n in found if n.start == subject_start and n.possessive), None)
    head_start = next((w.start for w in items if owner is not None and w.start > owner.end), None)
    last_end = items[-1].end if items else 0
    # "What is the backup site?": after "what/who/which" and a form of "be" the phrase is the thing asked about.
    # So after "how heavy/long/big" and a form of "be": "How heavy is the lunar suit?".
    names_the_thing = aux == 1 and items[0].key in {"what", "who", "which"} and items[1].key in BE
    names_the_thing |= aux == 2 and items[0].key == "how" and items[1].key in WH_MODIFIERS and items[2].key in BE
    wh_end = items[asked_from - 1].end if asked_from else 0
    for phrase in noun_phrases(text):
        if phrase.start < wh_end < phrase.end:
            # "Which international organisation joined": the noun of the question word, without the verb.
            phrase = _trim(phrase, text, 0, len([w for w in items if wh_end < w.end <= phrase.end]))
            if phrase is None:
                continue
        is_subject = phrase.start in (subject_start, head_start) and not phrase.is_name
        inside = [n for n in found if phrase.start <= n.start and n.end <= phrase.end]
        if is_subject and inside and inside[0].start == phrase.start and inside[0].text == inside[0].bare:
            # "Chang'e-8 make bricks": the name is the subject, the rest a verb and its object.
            rest = text[inside[-1].end : phrase.end].strip()
            phrase = _trim(Phrase(rest, phrase.end - len(rest), phrase.end, False), text, 1, 0) if rest else None
        elif is_subject and phrase.end == last_end and (not names_the_thing or _participle_ends(items, phrase)):
            phrase = _trim(phrase, text, 0, 1)  # "Where are the samples kept?"
        elif (
            is_subject
            and items[aux].key not in BE | HAVE
            and len(phrase.bare.split()) > 1
            and _verb_follows(items, phrase)
        ):
            phrase = _trim(phrase, text, 0, 1)  # "Can an individual scientist apply to …?"
        if phrase is None or any(p.start == phrase.start and p.end == phrase.end for p in found):
            continue
        found.append(phrase)
    found.sort(key=lambda p: p.start)
    return [shorten(p, text, known) if known is not None and not p.is_name else p for p in found]


def _grammatical_subject(text: str, phrases: list[Phrase]) -> str | None:
    """The phrase right after the auxiliary: "the letter of intent" in "When is the letter of intent due?"; with its
    owner's name: "Queqiao-2's successor" in "When was Queqiao-2's successor launched?"."""
    items = words(text)
    aux = auxiliary(items)
    if aux is None or aux + 1 >= len(items):
        return None
    start = items[aux + 1].start
    # The longest phrase there: "the Chang'e-7 orbiter", not its name alone.
    phrase = max((p for p in phrases if p.start == start), key=lambda p: p.end, default=None)
    if phrase is None:
        return None
    owned = next((p for p in phrases if phrase.possessive and p.start == phrase.end + 1), None)
    return text[start : owned.end] if owned is not None else phrase.text


def subject_of(text: str, known: str | None = None, *, fallback: str | None = None) -> str | None:
    """What a question is about: its grammatical subject, else `fallback`, else its first name or noun phrase.

    `known` (the lower-cased text of the passages the question retrieves) cuts a phrase to words the documents use.
    """
    phrases = phrases_of(text, known)
    subject = _grammatical_subject(text, phrases)
    if subject is not None or fallback is not None or not phrases:
        return subject or fallback
    named = [p for p in phrases if p.is_name]
    return (named or phrases)[0].text


def carried_subject(turn: Turn, known: str | None) -> str | None:
    """The subject a turn passes on, cut to the documents' words now that they are at hand."""
    used_context = turn.asked != turn.question
    return subject_of(turn.asked, known, fallback=turn.subject if used_context else None) or turn.subject


def predicate_of(question: str) -> tuple[str, str] | None:
    """(subject, verb phrase) of a wh-question with a bare verb: "How does a country join the ILRS?" gives
    ("a country", "join the ILRS"); None for any other."""
    items = words(question)
    aux = auxiliary(items)
    if aux is None or items[aux].key not in BARE_VERB_AUXILIARIES or aux + 1 >= len(items):
        return None
    start = items[aux + 1].start
    subject = next((p for p in phrases_of(question, None) if p.start == start), None)
    if subject is None and items[aux + 1].key in SPEAKERS:
        subject = Phrase(items[aux + 1].text, start, items[aux + 1].end, False)
    verb_phrase = question[subject.end :].strip().rstrip("?.! ") if subject else ""
    return (subject.text, verb_phrase) if verb_phrase else None


def with_complement(question: str, referent: str) -> str:
    """`question` about `referent`: its own subject gets it as a complement ("what was the date of the model
    before?"), or, without one, it is added at the end."""
    own = subject_of(question)
    at = question.find(own) if own else -1
    if at < 0:
        return f"{question.rstrip('?. ')} of {referent}?"
    end = at + len(own)
    return f"{question[:end]} of {referent}{question[end:]}"
