"""What a pronoun or demonstrative points back at: the phrase of an earlier turn it stands for, or nothing when the
question binds it itself."""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.followups.answer_names import answer_names, asked_for_a_thing
from index.followups.evidence import Searcher, off_corpus
from index.followups.impersonal import asks_the_time, impersonal
from index.followups.memory import Turn
from index.followups.phrases import Phrase, Word, anaphors, head, with_noun, words
from index.followups.subjects import carried_subject, phrases_of
from index.followups.word_classes import (
    AGENT_ANAPHORS,
    AUXILIARIES,
    CLAUSE_OPENERS,
    DEMONSTRATIVES,
    DETERMINERS,
    DISTAL_DEMONSTRATIVES,
    PERSON_ANAPHORS,
    PLACE_PREPOSITIONS,
    PLURAL_ANAPHORS,
    POSSESSIVE_ANAPHORS,
    PREPOSITIONS,
)

# Pointers at what a who-question's answer names: "her phone number", "that company".
ANSWER_POINTERS = AGENT_ANAPHORS | DEMONSTRATIVES
SUBJECT_AGENTS = frozenset({"they", "he", "she"})  # the one who does what a who-question asked about


def _unique(texts: list[str]) -> list[str]:
    seen: set[str] = set()
    unique = []
    for text in texts:
        key = text.lower().removeprefix("the ")
        if key not in seen:
            seen.add(key)
            unique.append(text)
    return unique


def pointed_into(history: Sequence[Turn], kb: Searcher | None) -> Sequence[Turn]:
    """The turns a pronoun points back into: a last question refused as about something the documents never
    mention ("What is the capital of France?") is skipped when turns before it remain."""
    last = history[-1]
    if kb is not None and len(history) > 1 and last.abstained and off_corpus(kb, last.asked):
        return history[:-1]
    return history


def referent_of(
    history: Sequence[Turn], pronoun_keys: set[str], known: str | None, noun: str | None = None
) -> str | None:
    """What the pronouns point at: a phrase of the last turn, one agreeing in number first; else an older subject.

    `noun`, the one a demonstrative goes with ("that lot"): a phrase that has it comes first ("the lot 5 antenna
    mast", not "the mass limit")."""
    last = history[-1]
    recent: list[str] = []
    first = words(last.asked)[:1]
    # "Who is the point of contact?" — "what's her phone number?": she is in the answer, not in the question.
    # "Which organisation joined first?" — "where is it based?": a which-question's answer is the thing it asked for.
    # So is "that company" after "Who won lot 4?".
    asks_for_it = first and (first[0].key == "which" or (first[0].key == "who" and pronoun_keys & ANSWER_POINTERS))
    if asks_for_it and not last.abstained:
        recent += answer_names(last, person=bool(pronoun_keys & PERSON_ANAPHORS))
    carried = carried_subject(last, known)
    if carried:
        recent.append(_with_complements(last.asked, carried))
    recent = _unique(recent + [p.text for p in phrases_of(last.asked, known)])
    if pronoun_keys & PERSON_ANAPHORS:
        # "she" after "how long is the Director-General's term?" is the Director-General, not the term.
        recent = _unique([_owner(r) for r in recent])
    if noun is not None:
        recent.sort(key=lambda r: noun not in {w.key for w in words(r)})
    if recent:
        # "they" wants a plural ("the returned samples"), "it" a singular; otherwise the most likely comes first.
        plural = bool(pronoun_keys & PLURAL_ANAPHORS)
        return next((r for r in recent if is_plural(r) == plural), recent[0])
    return next((turn.subject for turn in reversed(history[:-1]) if turn.subject), None)


def _owner(phrase: str) -> str:
    """ "the Director-General" of "the Director-General's term"; a phrase without an owner as it is."""
    owner, mark, _ = phrase.replace("’", "'").partition("'s ")
    return owner if mark and owner else phrase


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


def is_plural(phrase: str) -> bool:
    """ "the returned samples", "Egypt and Bahrain": a phrase "they" can point at."""
    if any(w.key == "and" for w in words(phrase)):
        return True
    # "the letter of intent", "the deadline for full proposals": the head comes before the first preposition.
    found = head(phrase)
    word = found.text if found is not None else ""
    return word.endswith("s") and not word.endswith(("ss", "us", "'s")) and not word.isupper()


def _bound_inside(text: str, items: list[Word], index: int, own: list[Phrase]) -> bool:
    """The pronoun `items[index]` points at a phrase of its own question: "What has China achieved in its space
    program?", "If my payload is selected, could it fly on the lander?"; not "can scientists study them?"."""
    pointer = items[index]
    if pointer.key not in POSSESSIVE_ANAPHORS and pointer.key not in {"it", "they", "he", "she"}:
        return False  # "them", "him": the object of a clause is never its own subject
    if pointer.key == "they" and _people_of_a_place(items, index, own):
        return True
    plural = pointer.key in PLURAL_ANAPHORS
    possessive = pointer.key in POSSESSIVE_ANAPHORS and index + 1 < len(items) and not items[index + 1].is_stop
    # "the proposals it will go ahead with": right after a noun and before an auxiliary, it opens a clause.
    after_noun = index > 0 and not items[index - 1].is_stop
    opens_clause = after_noun and index + 1 < len(items) and items[index + 1].key in AUXILIARIES
    for phrase in own:
        if phrase.end > pointer.start or is_plural(phrase.text) != plural:
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


def _people_of_a_place(items: list[Word], index: int, own: list[Phrase]) -> bool:
    """A subject "they" whose question ends in a place of its own: "What language do they speak in Russia?" asks
    about the people there, not about anything said before."""
    last = next((p for p in reversed(own) if p.is_name), None)
    if last is None or last.end != items[-1].end or last.start <= items[index].end:
        return False
    before = [w for w in items if w.end <= last.start]
    return bool(before) and before[-1].key in PLACE_PREPOSITIONS and not any(c.isdigit() for c in last.text)


def pointers_back(core: str, history: Sequence[Turn]) -> list[Word]:
    """The pronouns and demonstratives of `core` that point back into the conversation.

    Left out: an impersonal "it" with its infinitive ("how much does it cost to join the ILRS?"), a pronoun bound
    by a phrase of the question itself, and "this/that <noun>" unless an earlier question named such a thing
    ("this call" after "… the orbiter call?") or, for "that/those <noun>", the last one asked for a thing its answer
    named ("that company" after "Who won lot 4?"), for "this article" names its own subject.
    """
    items = words(core)
    own = phrases_of(core, None)
    earlier = " ".join(turn.asked for turn in history).lower()
    out = []
    for pointer in anaphors(core):
        index = items.index(pointer)
        if (impersonal(items, index) and index + 2 < len(items)) or asks_the_time(items, index):
            continue
        if pointer.key in DEMONSTRATIVES and with_noun(items, index):
            # The noun is one of the words that follow, up to a function word: a verb may come after it ("why was
            # that lot cancelled?").
            rest = items[index + 1 :]
            run = rest[: next((i for i, w in enumerate(rest) if w.is_stop), len(rest))]
            named_before = any(re.search(rf"\b{re.escape(w.key)}\b", earlier) for w in run)
            # "that"/"those" point back at what was said ("that company" after "Who won lot 4?"); "this article"
            # is the one at hand.
            answered_before = pointer.key in DISTAL_DEMONSTRATIVES and asked_for_a_thing(history[-1])
            if not named_before and not answered_before:
                continue
        elif _bound_inside(core, items, index, own):
            continue
        out.append(pointer)
    return out


def past_the_unnamed_agent(pointers: list[Word], last: Turn) -> list[Word]:
    """`pointers` without a leading "they"/"he"/"she" that stands for the one a who-question asked for when its
    answer named no one: nothing said names it, so it is left as typed and the next pointer is read ("for how long
    can they keep them to themselves?" after "Who owns Category B data?": "them" is the data)."""
    first = words(last.asked)[:1]
    if len(pointers) < 2 or not first or first[0].key != "who" or pointers[0].key not in SUBJECT_AGENTS:
        return pointers
    return pointers if answer_names(last) else pointers[1:]


def substitute(question: str, pointer: Word, referent: str) -> tuple[str, str]:
    """Replace `pointer`, a pronoun or demonstrative (with its noun: "this call"), by `referent`: (rewrite, shown)."""
    items = words(question)
    index = items.index(pointer)
    end = pointer.end
    shown = pointer.text
    key = pointer.key
    following = items[index + 1] if index + 1 < len(items) else None
    replacement = referent
    if key in DEMONSTRATIVES and with_noun(items, index):
        end, shown = following.end, question[pointer.start : following.end]  # "this call" -> the referent
    elif key in POSSESSIVE_ANAPHORS and ((following is not None and not following.is_stop) or key != "her"):
        owned = _run_of_nouns(items[index + 1 :])
        if owned and _has_complement(referent):
            # "her term" of "the Director-General of the Organization": "the term of the Director-General of …".
            end = owned[-1].end
            replacement = f"the {question[owned[0].start : end]} of {referent}"
        else:
            replacement = referent if referent.lower().endswith("'s") else f"{referent}'s"
    return question[: pointer.start] + replacement + question[end:], shown


def _run_of_nouns(items: list[Word]) -> list[Word]:
    """The words of a noun phrase's rest that begin `items`: "phone number" of "phone number?"."""
    stop = next((i for i, w in enumerate(items) if w.is_stop), len(items))
    return items[:stop]


def _has_complement(phrase: str) -> bool:
    """ "the Director-General of the Organization": a phrase whose head has a prepositional phrase after it."""
    items = words(phrase)
    return any(w.key in PREPOSITIONS for w in items[1:-1])
