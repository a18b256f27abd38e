"""Reading a question in the light of the previous turns: does it lean on them, and if so, what does it ask?

A question leans on the conversation when it points back (a pronoun or demonstrative: "who do I send it to?"),
continues the last question elliptically ("what about Chang'e-7?", "and on the rover?"), is a bare fragment
("where?", "how early?") or an impersonal one ("how long does it take?"), ends in an adverb standing for a time or
place said before ("what was the date before?"), or, failing those signs, when it names nothing, the documents don't
answer it as typed, and the knowledge base finds much more specific passages for it once the conversation's subject
is added (somewhat more specific ones do when the documents answer it so). Such a question is rewritten with the
subject carried over; any other is returned unchanged, so a fresh question is never bent by the previous one. A
pronoun bound inside its own question ("What has China achieved in its space program?", "What language do they speak
in Russia?") points at nothing before it, nor does a "they" that finds nothing plural before it in a question with a
subject of its own.

A reading that uses the conversation carries its focus (index/focus.py) for answering; a question answered as typed
while it was read carries that answer, so that it is not asked again (index/followups/answers.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from index.focus import Focus
from index.followups.continuations import LEADING_AND, asks_again, completed_impersonal, continuation, swap_wh
from index.followups.evidence import (
    SEARCH_K,
    Searcher,
    densest,
    known_text,
    names_in_lower_case,
    off_corpus,
    specificity,
    strays,
)
from index.followups.memory import Turn
from index.followups.phrases import ends_pointing_back, has_own_subject, names, with_noun, words
from index.followups.referents import (
    is_plural,
    past_the_unnamed_agent,
    pointed_into,
    pointers_back,
    referent_of,
    substitute,
)
from index.followups.subjects import auxiliary, carried_subject, subject_of, with_complement
from index.followups.word_classes import AUXILIARIES, DEMONSTRATIVES, PLURAL_ANAPHORS, WH
from index.schema import Answer

# Without any sign of leaning on the conversation, a question is read with the last subject only when that makes
# the best passage's cosine similarity SUBJECT_GAIN higher, and, if it names a subject of its own, only when that
# subject alone finds no passage closer than VAGUE. Both chosen on the tune split of tests/data/dialogues and of
# the labelled questions asked after a turn: there, self-contained follow-up turns find passages at 0.57 or
# closer, subject-less "who leads the station?" at 0.19 and "what's the backup site?" at 0.25; the follow-ups
# that need the subject gain 0.27 or more with it, while fresh questions the documents don't answer as typed gain
# up to 0.19 ("Where can I buy cheap cleanroom gloves?" after a question about a test facility in Thailand).
SUBJECT_GAIN = 0.24
VAGUE = 0.4
# A question the documents don't answer as typed but do answer with the last subject needs only this much gain:
# on tune, such follow-ups gain 0.08 to 0.11 ("how long is the bake-out?" after a question about optical payloads).
ANSWERED_GAIN = 0.05


@dataclass(frozen=True)
class Reading:
    """How a question was read: the text to ask, and whether (and how) the conversation was used."""

    question: str  # as typed
    text: str  # the question to ask: the typed one, or its rewrite with the conversation's subject
    used_context: bool
    subject: str | None  # what this turn is about, to carry over to the next one
    note: str | None = None  # "Reading 'it' as the letter of intent", shown with the answer when context was used
    focus: Focus | None = None  # where the answer the question leans on came from, when it leans on one
    answer: Answer | None = None  # the answer already given to `text` while reading it, not to be asked again


def resolve(
    question: str,
    history: Sequence[Turn],
    kb: Searcher | None = None,
    *,
    now: datetime | None = None,
    subject_gain: float = SUBJECT_GAIN,
) -> Reading:
    """Read `question` after `history` (oldest turn first); `kb` checks the reading against the documents.

    A reading that uses the conversation carries its focus: what the last answer with citations cited.
    """
    reading = _read(question.strip(), history, kb, now, subject_gain)
    if not reading.used_context:
        return reading
    cited = next((turn.cited for turn in reversed(history) if turn.cited), ())
    return replace(reading, focus=Focus(cited)) if cited else reading


def _read(
    question: str, history: Sequence[Turn], kb: Searcher | None, now: datetime | None, subject_gain: float
) -> Reading:
    # The documents are consulted only for a question that has a conversation before it.
    plain = Reading(question, question, False, subject_of(question))
    if not history:
        return plain
    previous = history[-1]
    known = known_text(kb, previous.asked)
    body = LEADING_AND.match(question)
    core = body.group("rest").strip() if body else question

    continued = continuation(question, previous, known, kb)
    if continued is not None:
        rewrite, new = continued
        subject = subject_of(rewrite, fallback=new)
        return Reading(question, rewrite, True, subject, f"Reading this as: {rewrite}")

    completed = completed_impersonal(core, previous, known, kb)
    if completed is not None:
        rewrite, subject = completed
        return Reading(question, rewrite, True, subject, f"Reading this as: {rewrite}")

    items = words(core)
    pointers = past_the_unnamed_agent(pointers_back(core, history), previous)
    if pointers:
        keys = {p.key for p in pointers}
        about = pointed_into(history, kb)
        at = items.index(pointers[0])
        noun = items[at + 1].key if pointers[0].key in DEMONSTRATIVES and with_noun(items, at) else None
        referent = referent_of(about, keys, known if about is history else known_text(kb, about[-1].asked), noun)
        # A "they" that finds nothing plural before it, in a question with a subject of its own ("when did they test
        # the lander?" after "What is the lunar suit called?"), is people in general: the question is read as typed.
        generic = keys <= PLURAL_ANAPHORS and referent is not None and not is_plural(referent) and has_own_subject(core)
        if referent and not generic:
            rewrite, shown = substitute(core, pointers[0], referent)
            # A question with a subject of its own keeps it unless the carried-over one fits the documents better; an
            # "it" right after the auxiliary is the subject ("how much interest was it charged for the delay?").
            own = has_own_subject(core) and not _subject_it(items, at)
            if kb is not None and own and specificity(kb, rewrite) <= specificity(kb, core):
                return plain
            subject = subject_of(rewrite, fallback=referent)
            return Reading(question, rewrite, True, subject, f"Reading '{shown}' as {referent}")

    if asks_again(items):
        rewrite = swap_wh(previous.asked, core)
        if rewrite is not None:
            return Reading(question, rewrite, True, previous.subject, f"Reading this as: {rewrite}")

    referent = carried_subject(previous, known)
    if referent and ends_pointing_back(items):
        # "what was the date before?" after "When must the model be delivered now?": before what was said, so the
        # question is about the last subject, unless the documents fit its own subject better without it.
        rewrite = with_complement(core, referent)
        if kb is not None and has_own_subject(core) and specificity(kb, rewrite) <= specificity(kb, core):
            return plain
        return Reading(question, rewrite, True, plain.subject or referent, f"Reading this as about {referent}")
    if body and referent and not names(core) and _whole_question(items) and not (kb and off_corpus(kb, core)):
        # "and when are the results expected?": a whole question opened by "and" goes on about what was said; it is
        # asked as typed, without the "and", with the last answer's sources as evidence (unless it is about
        # something the documents never mention).
        return Reading(question, core, True, plain.subject or referent, f"Reading this as about {referent}")
    # Without a sign of leaning on the conversation, a question that names something ("How heavy is the Chang'e-8
    # lander?"), even in lower case ("kalyazin dish size"), is about that.
    if kb is None or not referent or names(core):
        return plain
    hits = kb.search(core, k=SEARCH_K)  # once, for both questions asked of the passages the question finds
    if names_in_lower_case(core, hits):
        return plain
    alone = densest(hits)
    typed = None
    # A question with a subject of its own ("How long does the lunar night last?") keeps it, unless that subject
    # finds nothing specific in the documents ("who leads the station?") or the documents don't answer it as typed.
    if has_own_subject(core) and alone >= VAGUE:
        typed = kb.ask(core, now=now)
        if not typed.abstained:
            return replace(plain, answer=typed) if core == question else plain
    rewrite = f"{core.rstrip('?. ')} of {referent}?"
    # Passages of the last subject always fit a question that names it better, so the gain alone does not decide:
    # one about anything the documents never mention ("a good telescope for backyard stargazing") is a fresh
    # question, and one they answer as typed is left as typed. (Cheapest test first: most stop at the gain.)
    gain = specificity(kb, rewrite) - alone
    if gain < ANSWERED_GAIN or strays(kb, core):
        return plain
    typed = typed or kb.ask(core, now=now)
    if not typed.abstained:
        return replace(plain, answer=typed) if core == question else plain
    # A smaller gain is enough when the documents answer the question only with the last subject ("how many points
    # is price worth?" after "What are the evaluation criteria of the ILRS equipment tender?").
    if gain < subject_gain and kb.ask(rewrite, now=now).abstained:
        return plain
    # The turn's own noun phrase ("the station") is what a next "it" points at, if it has one.
    return Reading(question, rewrite, True, plain.subject or referent, f"Reading this as about {referent}")


def _subject_it(items: list, at: int) -> bool:
    """`items[at]` is an "it" right after the question's auxiliary: the question's subject, pointing back."""
    aux = auxiliary(items)
    return items[at].key == "it" and aux is not None and at == aux + 1


def _whole_question(items: list) -> bool:
    """ "when are the results expected?", "is there a fee?": a question word or an auxiliary, then a verb's worth."""
    return len(items) > 2 and (items[0].key in WH or items[0].key in AUXILIARIES)


def turn_of(reading: Reading, answer: Answer) -> Turn:
    """The turn to remember once `reading` was answered."""
    return Turn(reading.question, reading.text, reading.subject, answer.text, answer.abstained, Focus.cited_by(answer))
