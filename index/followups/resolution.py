"""Reading a question in the light of the previous turns: does it lean on them, and if so, what does it ask?

A question leans on the conversation when it points back (a pronoun or demonstrative: "who do I send it to?"),
continues the last question elliptically ("what about Chang'e-7?", "and on the rover?"), is a bare fragment
("where?") or an impersonal one ("how long does it take?"), or, failing those signs, when it names nothing, the
documents don't answer it as typed, and the knowledge base finds much more specific passages for it once the
conversation's subject is added. Such a question is rewritten with the subject carried over; any other is
returned unchanged, so a fresh question is never bent by the previous one. A pronoun bound inside its own question
("What has China achieved in its space program?") points at nothing before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from index.followups.memory import Turn
from index.followups.phrases import (
    AGENT_ANAPHORS,
    AUXILIARIES,
    BE,
    CLAUSE_OPENERS,
    DEMONSTRATIVES,
    DETERMINERS,
    HAVE,
    PLURAL_ANAPHORS,
    POSSESSIVE_ANAPHORS,
    PREPOSITIONS,
    SPEAKERS,
    WH,
    WH_MODIFIERS,
    Phrase,
    Word,
    anaphors,
    content_words,
    has_own_subject,
    impersonal,
    names,
    noun_phrases,
    shorten,
    takes_or_costs,
    words,
)
from index.schema import Answer, Hit
from index.text import terms

# Without any sign of leaning on the conversation, a question is read with the last subject only when that makes
# the best passage's cosine similarity SUBJECT_GAIN higher, and, if it names a subject of its own, only when that
# subject alone finds no passage closer than VAGUE. Both chosen on the tune split of tests/data/dialogues: there,
# self-contained follow-up turns find passages at 0.57 or closer, subject-less "who leads the station?" at 0.19
# and "what's the backup site?" at 0.25; gains from 0.04 to 0.24 read the tune turns alike, and the high end is
# kept, because a fresh question read as a follow-up is the worse mistake.
SUBJECT_GAIN = 0.12
VAGUE = 0.4
SEARCH_K = 3

_ELLIPSIS = re.compile(r"^\s*(?:(?:and|but|so|also|ok|okay)[\s,]+)?(?:what|how)\s+about\s+(?P<rest>.+)$", re.I)
_AND = re.compile(r"^\s*(?:and|also|plus)[\s,]+(?P<rest>.+)$", re.I)


class Searcher(Protocol):
    def search(self, query: str, k: int = 5) -> list[Hit]: ...

    def ask(self, question: str, *, now: datetime | None = None) -> Answer: ...


@dataclass(frozen=True)
class Reading:
    """How a question was read: the text to ask, and whether (and how) the conversation was used."""

    question: str  # as typed
    text: str  # the question to ask: the typed one, or its rewrite with the conversation's subject
    used_context: bool
    subject: str | None  # what this turn is about, to carry over to the next one
    note: str | None = None  # "Reading 'it' as the letter of intent", shown with the answer when context was used


def _specificity(kb: Searcher, text: str) -> float:
    hits = kb.search(text, k=SEARCH_K)
    return max((hit.dense for hit in hits), default=0.0)


def _mentioned(kb: Searcher, phrase: str) -> bool:
    """Some passage the documents hold uses a term of `phrase`."""
    wanted = set(terms(phrase))
    return any(wanted & set(terms(hit.chunk.text)) for hit in kb.search(phrase, k=SEARCH_K))


def _off_corpus(kb: Searcher, question: str) -> bool:
    """The question is about something the documents never mention ("What is the capital of France?"): it names
    something they don't, or none of its noun phrases has a word they use."""
    phrases = _phrases(question, None)
    if any(p.is_name and not _mentioned(kb, p.bare) for p in phrases):
        return True
    return bool(phrases) and not any(_mentioned(kb, p.bare) for p in phrases)


def _known_text(kb: Searcher | None, text: str) -> str | None:
    if kb is None:
        return None
    return "\n".join(hit.chunk.text for hit in kb.search(text, k=5)).replace("’", "'").lower()


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


def _auxiliary(items) -> int | None:
    """Where the question's auxiliary is ("When *will* …", "*Did* …"), if right after its question words.

    None when the question words hold the subject: "Which countries *have joined* …" (a participle follows).
    """
    at = _wh_phrase_end(items)
    if at >= len(items) or items[at].key not in AUXILIARIES:
        return None
    following = items[at + 1] if at + 1 < len(items) else None
    if at > 1 and following is not None and items[at].key in BE | HAVE and following.key.endswith(("ed", "en")):
        return None
    return at


def _phrases(text: str, known: str | None) -> list[Phrase]:
    """Names, then noun phrases of `text` that are no name, each cut to what the documents say when known.

    In a question with an auxiliary ("when will …", "did …", "can …") a verb follows the subject: "When will
    Chang'e-8 launch?", "Where are the samples kept?". A word after a leading name ("Chang'e-8 make bricks")
    and the last word of a phrase that ends the question are such verbs, and are cut off.
    """
    items = words(text)
    asked_from = _wh_phrase_end(items)
    aux = _auxiliary(items)
    subject_start = items[aux + 1].start if aux is not None and aux + 1 < len(items) else None
    last_end = items[-1].end if items else 0
    # "What is the backup site?": after "what/who/which" and a form of "be" the phrase is the thing asked about.
    names_the_thing = aux == 1 and items[0].key in {"what", "who", "which"} and items[1].key in BE
    wh_end = items[asked_from - 1].end if asked_from else 0
    found = names(text)
    for phrase in noun_phrases(text):
        if phrase.start < wh_end < phrase.end:
            # "Which international organisation joined": the noun of the question word, without the verb.
            phrase = _trim(phrase, text, 0, len([w for w in items if wh_end < w.end <= phrase.end]))
            if phrase is None:
                continue
        is_subject = phrase.start == subject_start and not phrase.is_name
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
    """The phrase right after the auxiliary: "the letter of intent" in "When is the letter of intent due?"."""
    items = words(text)
    aux = _auxiliary(items)
    if aux is None or aux + 1 >= len(items):
        return None
    start = items[aux + 1].start
    return next((p.text for p in phrases if p.start == start), None)


def subject_of(text: str, known: str | None = None, *, fallback: str | None = None) -> str | None:
    """What a question is about: its grammatical subject, else `fallback`, else its first name or noun phrase.

    `known` (the lower-cased text of the passages the question retrieves) cuts a phrase to words the documents use.
    """
    phrases = _phrases(text, known)
    subject = _grammatical_subject(text, phrases)
    if subject is not None or fallback is not None or not phrases:
        return subject or fallback
    named = [p for p in phrases if p.is_name]
    return (named or phrases)[0].text


# Auxiliaries after which a question's verb is bare: "How does a country *join* the ILRS?".
_BARE_VERB_AUXILIARIES = frozenset("do does did can could will would should may might must".split())


def _predicate(question: str) -> tuple[str, str] | None:
    """(subject, verb phrase) of a wh-question with a bare verb: "How does a country join the ILRS?" gives
    ("a country", "join the ILRS"); None for any other."""
    items = words(question)
    aux = _auxiliary(items)
    if aux is None or items[aux].key not in _BARE_VERB_AUXILIARIES or aux + 1 >= len(items):
        return None
    start = items[aux + 1].start
    subject = next((p for p in _phrases(question, None) if p.start == start), None)
    if subject is None and items[aux + 1].key in SPEAKERS:
        subject = Phrase(items[aux + 1].text, start, items[aux + 1].end, False)
    verb_phrase = question[subject.end :].strip().rstrip("?.! ") if subject else ""
    return (subject.text, verb_phrase) if verb_phrase else None


def _impersonal(core: str, previous: Turn, known: str | None, kb: Searcher | None) -> tuple[str, str | None] | None:
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
        # "… to join?": the verb wants an object, a thing the last question named other than its doer (its subject).
        carried = _carried(previous, known)
        others = [p for p in _phrases(previous.asked, known) if p.text != carried and p.bare != carried]
        candidates = [p.text for p in others if p.is_name] or [p.text for p in others] or ([carried] if carried else [])
        if not candidates:
            return None
        best = max(candidates, key=lambda c: _specificity(kb, f"{stem} {c}?")) if kb is not None else candidates[0]
        return f"{stem} {best}?", best
    if any(w.key == "to" for w in items):
        return None
    predicate = _predicate(previous.asked)
    if predicate is None:
        return None
    subject, verb_phrase = predicate
    doer = "" if words(subject)[0].key in SPEAKERS else f" for {subject}"
    return f"{stem}{doer} to {verb_phrase}?", subject_of(verb_phrase) or previous.subject


def _carried(turn: Turn, known: str | None) -> str | None:
    """The subject a turn passes on, cut to the documents' words now that they are at hand."""
    used_context = turn.asked != turn.question
    return subject_of(turn.asked, known, fallback=turn.subject if used_context else None) or turn.subject


def _unique(texts: list[str]) -> list[str]:
    seen: set[str] = set()
    unique = []
    for text in texts:
        key = text.lower().removeprefix("the ")
        if key not in seen:
            seen.add(key)
            unique.append(text)
    return unique


def _pointed_into(history: Sequence[Turn], kb: Searcher | None) -> Sequence[Turn]:
    """The turns a pronoun points back into: a last question refused as about something the documents never
    mention ("What is the capital of France?") is skipped when turns before it remain."""
    last = history[-1]
    if kb is not None and len(history) > 1 and last.abstained and _off_corpus(kb, last.asked):
        return history[:-1]
    return history


def _referent(history: Sequence[Turn], pronoun_keys: set[str], known: str | None) -> str | None:
    """What the pronouns point at: a phrase of the last turn, one agreeing in number first; else an older subject."""
    last = history[-1]
    recent: list[str] = []
    first = words(last.asked)[:1]
    # "Who is the point of contact?" — "what's her phone number?": she is in the answer, not in the question.
    # "Which organisation joined first?" — "where is it based?": a which-question's answer is the thing it asked for.
    asks_for_it = first and (first[0].key == "which" or (first[0].key == "who" and pronoun_keys & AGENT_ANAPHORS))
    if asks_for_it and not last.abstained:
        asked = last.asked.lower()
        # A name from the answer, its "The" lowered: it no longer starts a sentence.
        recent += [_lower_article(p.text) for p in names(last.answer) if p.bare.lower() not in asked]
    carried = _carried(last, known)
    if carried:
        recent.append(_with_complements(last.asked, carried))
    recent = _unique(recent + [p.text for p in _phrases(last.asked, known)])
    if recent:
        # "they" wants a plural ("the returned samples"), "it" a singular; otherwise the most likely comes first.
        plural = bool(pronoun_keys & PLURAL_ANAPHORS)
        return next((r for r in recent if _is_plural(r) == plural), recent[0])
    return next((turn.subject for turn in reversed(history[:-1]) if turn.subject), None)


def _lower_article(phrase: str) -> str:
    first, _, rest = phrase.partition(" ")
    return f"{first.lower()} {rest}" if rest and first.lower() in DETERMINERS else phrase


def _with_complements(text: str, phrase: str) -> str:
    """`phrase` with the prepositional phrases right after it in `text`: "the deadline" in "What is the deadline for
    full proposals to CE8-AO-01?" is "the deadline for full proposals to CE8-AO-01"."""
    at = text.lower().find(phrase.lower())
    if at < 0:
        return phrase
    items = [w for w in words(text) if w.start >= at + len(phrase)]
    end = at + len(phrase)
    i = 0
    while i < len(items) and items[i].key in PREPOSITIONS - {"of"}:
        j = i + 1
        while j < len(items) and items[j].key in DETERMINERS:
            j += 1
        run = j
        while run < len(items) and (not items[run].is_stop or (items[run].key in {"of", "and"} and run > j)):
            run += 1
        if run == j:
            break
        end, i = items[run - 1].end, run
    return text[at:end]


def _is_plural(phrase: str) -> bool:
    """ "the returned samples", "Egypt and Bahrain": a phrase "they" can point at."""
    items = words(phrase)
    if any(w.key == "and" for w in items):
        return True
    # "the letter of intent", "the deadline for full proposals": the head comes before the first preposition.
    cut = next((i for i, w in enumerate(items) if w.key in PREPOSITIONS), len(items))
    word = items[cut - 1].text if cut else ""
    return word.endswith("s") and not word.endswith(("ss", "us", "'s")) and not word.isupper()


def _bound_inside(text: str, items: list[Word], index: int, own: list[Phrase]) -> bool:
    """The pronoun `items[index]` points at a phrase of its own question: "What has China achieved in its space
    program?", "If my payload is selected, could it fly on the lander?"; not "can scientists study them?"."""
    pointer = items[index]
    if pointer.key not in POSSESSIVE_ANAPHORS and pointer.key not in {"it", "they", "he", "she"}:
        return False  # "them", "him": the object of a clause is never its own subject
    plural = pointer.key in PLURAL_ANAPHORS
    possessive = pointer.key in POSSESSIVE_ANAPHORS and index + 1 < len(items) and not items[index + 1].is_stop
    # "the proposals it will go ahead with": right after a noun and before an auxiliary, it opens a clause.
    after_noun = index > 0 and not items[index - 1].is_stop
    opens_clause = after_noun and index + 1 < len(items) and items[index + 1].key in AUXILIARIES
    for phrase in own:
        if phrase.end > pointer.start or _is_plural(phrase.text) != plural:
            continue
        between = [w for w in items if phrase.end <= w.start and w.end <= pointer.start]
        if possessive:
            if not all(w.key in PREPOSITIONS | DETERMINERS for w in between):
                return True  # "a team keep its data", not "the mass of its lander"
            continue
        # A subject pronoun in a later clause: after a comma or a clause opener, or opening a relative clause.
        punctuated = any(c in ",;:" for c in text[phrase.end : pointer.start])
        if opens_clause or punctuated or any(w.key in CLAUSE_OPENERS for w in between):
            return True
    return False


def _pointers(core: str, history: Sequence[Turn]) -> list[Word]:
    """The pronouns and demonstratives of `core` that point back into the conversation.

    Left out: an impersonal "it" with its infinitive ("how much does it cost to join the ILRS?"), a pronoun bound
    by a phrase of the question itself, and "this/that <noun>" unless an earlier question named such a thing
    ("this call" after "… the orbiter call?"), for "this article" names its own subject.
    """
    items = words(core)
    own = _phrases(core, None)
    earlier = " ".join(turn.asked for turn in history).lower()
    out = []
    for pointer in anaphors(core):
        index = items.index(pointer)
        if impersonal(items, index) and index + 2 < len(items):
            continue
        following = items[index + 1] if index + 1 < len(items) else None
        if pointer.key in DEMONSTRATIVES and following is not None and not following.is_stop:
            rest = items[index + 1 :]
            stop = next((i for i, w in enumerate(rest) if w.is_stop), len(rest))
            if not re.search(rf"\b{re.escape(rest[stop - 1].key)}\b", earlier):
                continue
        elif _bound_inside(core, items, index, own):
            continue
        out.append(pointer)
    return out


def _substitute(question: str, pointer: Word, referent: str) -> tuple[str, str]:
    """Replace `pointer`, a pronoun or demonstrative (with its noun: "this call"), by `referent`: (rewrite, shown)."""
    items = words(question)
    index = items.index(pointer)
    end = pointer.end
    shown = pointer.text
    key = pointer.key
    following = items[index + 1] if index + 1 < len(items) else None
    replacement = referent
    if key in DEMONSTRATIVES and following is not None and not following.is_stop:
        end, shown = following.end, question[pointer.start : following.end]  # "this call" -> the referent
    elif key in POSSESSIVE_ANAPHORS and ((following is not None and not following.is_stop) or key != "her"):
        replacement = referent if referent.lower().endswith("'s") else f"{referent}'s"
    return question[: pointer.start] + replacement + question[end:], shown


def _strip_leading(text: str) -> str:
    """ "on the rover?" -> "the rover": a continuation's prepositions and final punctuation are dropped."""
    text = text.strip().rstrip("?.! ").strip()
    items = words(text)
    while items and items[0].key in PREPOSITIONS:
        text = text[items[1].start - items[0].start :] if len(items) > 1 else ""
        items = words(text)
    return text.strip()


def _wh_phrase_end(items) -> int:
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


def _swap_wh(previous: str, fragment: str) -> str | None:
    """ "where?" after "When will China land astronauts?" -> "where will China land astronauts?"."""
    prev_items = words(previous)
    end = _wh_phrase_end(prev_items)
    if end == 0:
        return None
    return fragment.strip().rstrip("?. ") + previous[prev_items[end - 1].end :]


def _replace_subject(previous: Turn, new: str, known: str | None) -> str:
    """ "what about Chang'e-6?" after "how much did Chang'e-5 bring back?" -> "how much did Chang'e-6 bring back?"."""
    new_phrase = names(new) or noun_phrases(new)
    new_is_name = bool(new_phrase) and new_phrase[0].is_name
    new_possessive = bool(new_phrase) and new_phrase[-1].possessive
    prev_items = words(previous.asked)
    asked_end = prev_items[_wh_phrase_end(prev_items) - 1].end if _wh_phrase_end(prev_items) else 0
    # What the last question asked for ("What language …") stays; what it was about is replaced.
    phrases = [p for p in _phrases(previous.asked, known) if p.start >= asked_end] or _phrases(previous.asked, known)
    slots = [p for p in phrases if p.is_name == new_is_name] or phrases
    if not slots:
        return f"{previous.asked.rstrip('?. ')}, {new}?"
    subject = (_carried(previous, known) or "").lower()

    size = len(Phrase(new, 0, len(new), new_is_name).bare.split())

    def fit(slot: Phrase) -> tuple[bool, bool, int]:
        # Like replaces like: a possessive a possessive, else the subject, else a phrase of the same length.
        same_size = -abs(len(slot.bare.split()) - size)
        is_subject = slot.text.lower() == subject or slot.bare.lower() == subject
        return (slot.possessive == new_possessive, is_subject, same_size)

    slot = max(slots, key=fit)  # max keeps the first of equals: the earliest slot
    text = previous.asked
    new_bare = Phrase(new, 0, len(new), new_is_name).bare
    slot_words = slot.bare.split()
    if not slot.is_name and len(new_bare.split()) == 1 and len(slot_words) > 1:
        # "and on the rover?" after "How heavy can a lander payload be?": the modifier changes, not the head.
        start = slot.end - len(slot.bare)
        return text[:start] + new_bare + text[start + len(slot_words[0]) :]
    if not slot.is_name and slot.text != slot.bare and new.split()[0].lower() not in DETERMINERS:
        start = slot.end - len(slot.bare)
        return text[:start] + new + text[slot.end :]
    return text[: slot.start] + new + text[slot.end :]


def _continuation(question: str, previous: Turn, known: str | None) -> tuple[str, str] | None:
    """An elliptical continuation ("what about X?", "and X?", "and how many X?") as (rewrite, the new part)."""
    match = _ELLIPSIS.match(question)
    if match:
        new = _strip_leading(match.group("rest"))
        return (_replace_subject(previous, new, known), new) if new else None
    match = _AND.match(question)
    if not match:
        return None
    rest = match.group("rest").strip()
    items = words(rest)
    if items and items[0].key in WH:
        if any(w.key in AUXILIARIES for w in items) or len(items) == 1:
            return None  # "and when does it launch?": a whole question, read on its own terms
        swapped = _swap_wh(previous.asked, rest)
        return (swapped, rest) if swapped is not None else None
    new = _strip_leading(rest)
    if not content_words(words(new)):
        # "and after that?": the last question, continued.
        return f"{previous.asked.rstrip('?. ')} {rest.rstrip('?. ')}?", previous.subject or rest
    return _replace_subject(previous, new, known), new


def resolve(
    question: str, history: Sequence[Turn], kb: Searcher | None = None, *, subject_gain: float = SUBJECT_GAIN
) -> Reading:
    """Read `question` after `history` (oldest turn first); `kb` checks the reading against the documents."""
    question = question.strip()
    # The documents are consulted only for a question that has a conversation before it.
    plain = Reading(question, question, False, subject_of(question))
    if not history:
        return plain
    previous = history[-1]
    known = _known_text(kb, previous.asked)
    body = _AND.match(question)
    core = body.group("rest").strip() if body else question

    continued = _continuation(question, previous, known)
    if continued is not None:
        rewrite, new = continued
        subject = subject_of(rewrite, fallback=new)
        return Reading(question, rewrite, True, subject, f"Reading this as: {rewrite}")

    completed = _impersonal(core, previous, known, kb)
    if completed is not None:
        rewrite, subject = completed
        return Reading(question, rewrite, True, subject, f"Reading this as: {rewrite}")

    items = words(core)
    pointers = _pointers(core, history)
    if pointers:
        keys = {p.key for p in pointers}
        about = _pointed_into(history, kb)
        referent = _referent(about, keys, known if about is history else _known_text(kb, about[-1].asked))
        if referent:
            rewrite, shown = _substitute(core, pointers[0], referent)
            # A question with a subject of its own keeps it unless the carried-over one fits the documents better.
            if kb is not None and has_own_subject(core) and _specificity(kb, rewrite) <= _specificity(kb, core):
                return plain
            subject = subject_of(rewrite, fallback=referent)
            return Reading(question, rewrite, True, subject, f"Reading '{shown}' as {referent}")

    if not content_words(items) and items and items[0].key in WH:
        rewrite = _swap_wh(previous.asked, core)
        if rewrite is not None:
            return Reading(question, rewrite, True, previous.subject, f"Reading this as: {rewrite}")

    referent = _carried(previous, known)
    # Without a sign of leaning on the conversation, a question that names something ("How heavy is the Chang'e-8
    # lander?") is about that.
    if kb is None or not referent or names(core):
        return plain
    alone = _specificity(kb, core)
    # A question with a subject of its own ("How long does the lunar night last?") keeps it, unless that subject
    # finds nothing specific in the documents ("who leads the station?").
    if has_own_subject(core) and alone >= VAGUE:
        return plain
    rewrite = f"{core.rstrip('?. ')} of {referent}?"
    # Passages of the last subject always fit a question that names it better, so the gain alone does not decide:
    # one about something the documents never mention is a fresh question, and one they answer as typed is left as
    # typed. (Cheapest test first: most fresh questions stop at the gain.)
    if _specificity(kb, rewrite) - alone < subject_gain or _off_corpus(kb, core) or not kb.ask(core).abstained:
        return plain
    # The turn's own noun phrase ("the station") is what a next "it" points at, if it has one.
    return Reading(question, rewrite, True, plain.subject or referent, f"Reading this as about {referent}")


def turn_of(reading: Reading, answer_text: str, abstained: bool) -> Turn:
    """The turn to remember once `reading` was answered."""
    return Turn(reading.question, reading.text, reading.subject, answer_text, abstained)
