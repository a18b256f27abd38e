"""Choosing the sentences that answer a question, or deciding that none does. Pure functions, no model.

The knowledge base scores candidate sentences (cosine to the question, coverage of the question's terms, whether
the sentence holds the kind of answer asked for) and hands them here; this module decides and composes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from index.countries import countries_in
from index.dates import find_dates
from index.deadlines import DeadlineRecord, next_deadline, undated, upcoming
from index.errors import QuestionError
from index.schema import Answer, Chunk, Citation
from index.text import normalise, terms

ABSTAIN_TEXT = "The indexed documents don't cover this."

_WS = re.compile(r"\s+")
# A count: not a digit that is part of a name ("Chang’e-8", "Apollo 11" is caught by the date filter below).
_NUMBER = re.compile(
    r"(?<![\w’'-])\d[\d,.]*(?![\w-])|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|hundred|thousand|million|billion|dozen)\b",
    re.IGNORECASE,
)
_MONEY = re.compile(r"[$€£¥]|\b(?:dollars?|usd|yuan|rmb|euros?|budget|cost|costs|billion|million)\b", re.I)
_DISTANCE = re.compile(r"\b\d[\d,.]*\s*(?:km|kilomet(?:er|re)s?|miles?|au|light[- ]years?)\b", re.I)
_MASS = re.compile(r"\b\d[\d,.]*\s*(?:kg|kilograms?|tonnes?|tons?|t|pounds?|lbs?)\b", re.I)
_DURATION = re.compile(r"\b\d[\d,.]*\s*(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b", re.I)
_DEADLINE_WORDS = re.compile(
    r"\b(?:deadlines?|due|submit\w*|submission|no later than|closes?|apply|applications?|letters? of intent)\b",
    re.IGNORECASE,
)
_DEADLINE_BEFORE_DATE = re.compile(r"\b(?:until|by|before|no later than|through)\s+(?:the\s+)?$", re.IGNORECASE)
# Who may take part, said in general terms: "welcoming countries and international organizations to participate".
_INVITEES = re.compile(
    r"\b(?:countries|nations|organi[sz]ations|agencies|partners|parties)\b.{0,80}?\b(?:particip|join|take part|submit)"
    r"|\b(?:welcom|invit)\w*\s+(?:\w+\s+){0,3}(?:countries|nations|organi[sz]ations|agencies|partners|parties)\b",
    re.IGNORECASE,
)
_PROPER = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-zA-Z’'.-]+")


@dataclass(frozen=True)
class AnswerType:
    """What kind of answer a question asks for; `required` ones must appear in the chosen sentence."""

    name: str  # date | number | money | distance | duration | entity | any
    required: bool


def answer_type(question: str) -> AnswerType:
    q = normalise(question).lower()
    if re.search(r"\bhow (?:much|expensive)\b|\b(?:cost|price|budget|funding)\b", q):
        return AnswerType("money", True)
    if re.search(r"\bhow heavy\b|\bweigh|\bmass\b", q):
        return AnswerType("mass", True)
    if re.search(r"\bhow (?:far|distant)\b|\bdistance\b", q):
        return AnswerType("distance", True)
    if re.search(r"\bhow many\b|\bnumber of\b", q):
        return AnswerType("number", True)
    if re.search(r"\bdeadlines?\b|\bdue\b|\bsubmi(?:t|ssion)|\bapply\b|\bapplications?\b|\bclos(?:e|es|ing)\b", q):
        return AnswerType("deadline", True)
    if re.search(r"\bhow long\b", q):
        return AnswerType("duration", True)
    if re.search(
        r"\bwhen\b|\bwhat (?:date|day|year|month|time)\b|\bwhich (?:date|day|year|month)\b|\bdeadlines?\b|\bdue\b"
        r"|\bby when\b|\btimeline\b|\bschedul|\bdates?\b",
        q,
    ):
        return AnswerType("date", True)
    if re.search(
        r"\binvit|\bwelcom|\bwho (?:can|may|is allowed to|is eligible to)\b|\beligib|\bopen to\b"
        r"|^(?:can|may|could)\b.*\b(?:participate|join|take part|apply)\b",
        q,
    ):
        return AnswerType("invitees", True)
    # "Who are the partners?", "ILRS partners" — but not "what projects can partners carry out?".
    asks_who = re.match(r"\s*(?:who|which)\b", q) or not re.search(r"\b(?:what|when|where|why|how)\b", q)
    joined = r"\bpartners?\b|\bparticipa|\bjoin|\bmembers?\b|\bsigned up\b|\bon board\b|\bsecured\b"
    if asks_who and re.search(joined, q):
        return AnswerType("countries", True)
    if re.search(
        r"\b(?:which|what) (?:other )?(?:countries|nations|states)\b|\bcountries\b.*\b(?:joined|signed|part)",
        q,
    ):
        return AnswerType("countries", True)
    if re.search(r"^\s*who\b|\bwho (?:is|are|was|were|has|have|wrote|will|can)\b|\bwhich (?:countr|nation|organi)", q):
        return AnswerType("entity", True)
    return AnswerType("any", False)


_AUXILIARIES = {
    "is",
    "are",
    "was",
    "were",
    "do",
    "does",
    "did",
    "will",
    "would",
    "can",
    "could",
    "should",
    "has",
    "have",
    "had",
    "may",
    "might",
    "must",
    "shall",
    "s",
    "about",
    "if",
    "else",
    "kind",
    "sort",
    "type",
    "happens",
    "happened",
    "happen",
    "means",
    "mean",
    "makes",
    "made",
    "causes",
    "caused",
    "comes",
    "goes",
}
# Focus words that name the kind of answer rather than its subject: "what year", "which date".
GENERIC_FOCUS = {"year", "date", "day", "month", "time", "number", "part", "role", "way", "reason", "thing"}


# Words that say what kind of answer is wanted ("target date", "how many"), not what the question is about.
TYPE_WORDS = frozenset(terms("date dates day days year years month months time number"))


def content_of(query_terms: list[str]) -> list[str]:
    return [t for t in query_terms if t not in TYPE_WORDS]


def focus_word(question: str) -> str | None:
    """The noun a question asks for, when its shape makes it plain: "what rocket …", "who is the head of …"."""
    q = normalise(question).lower().strip()
    match = re.match(r"(?:what|which)\s+([a-z]+)\b", q)
    if match and match.group(1) not in _AUXILIARIES:
        return match.group(1)
    match = re.match(
        r"(?:who|what)(?:\s+|'s\s+|s\s+)(?:is|are|was|were)?\s*(?:the|a|an)\s+([a-z]+)\s+(?:of|for|at|in)\b",
        q,
    )
    if match:
        return match.group(1)
    # "Who is the NASA administrator?": the last word of the role asked about.
    match = re.match(r"who\s+(?:is|are|was|were)\s+(?:the|a|an)\s+(?:[a-z0-9'-]+\s+)*?([a-z]+)\s*\??$", q)
    if match:
        return match.group(1)
    # "Is there a prize for …?": whether something exists.
    match = re.match(r"(?:is|are) there (?:a|an|any)\s+([a-z]+)", q)
    if match:
        return match.group(1)
    return None


# "Which agency …?" asks for an organisation: a passage naming one answers it, whatever word it uses.
ORGANISATION_FOCUS = frozenset(
    "agency organisation organization institution body company administration office ministry".split()
)
_ORGANISATION_NAME = re.compile(
    r"\b(?:[A-Z][\w’'-]+\s+){1,6}(?:Administration|Agency|Organi[sz]ation|Office|Institute|Center|Centre|"
    r"Corporation|Academy|Ministry|Commission|Bureau|Council|Foundation|University)\b"
)


def focus_answered(focus: str, text: str, words: frozenset[str]) -> bool:
    """Does a passage speak of what the question asks for? `words` are its words, singular."""
    if singular(focus) in words:
        return True
    return singular(focus) in ORGANISATION_FOCUS and bool(_ORGANISATION_NAME.search(text))


def singular(word: str) -> str:
    """A crude singular, enough to match "countries" with "country" and "projects" with "project"."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


_AUTHOR = re.compile(
    r"\bwho\s+(?:wrote|writes|authored|penned|is the (?:author|writer))\b|\bauthor|\bwritten by\b|\bwriter\b|\bbyline\b"
)
_TITLE = re.compile(r"\b(?:title|headline)\b|\bwhat is the (?:article|document|story|piece) (?:called|named)\b")


def metadata_field(question: str) -> str | None:
    """Which front-matter field a question asks about: "author", "title", or None."""
    q = normalise(question).lower()
    if _AUTHOR.search(q):
        return "author"
    if _TITLE.search(q):
        return "title"
    return None


def has_answer_type(kind: AnswerType, sentence: str) -> bool:
    if kind.name == "date":
        return bool(find_dates(sentence))
    if kind.name == "deadline":
        dates = find_dates(sentence)
        return bool(dates) and (
            bool(_DEADLINE_WORDS.search(sentence))
            or any(_DEADLINE_BEFORE_DATE.search(sentence[: d.start]) for d in dates)
        )
    if kind.name == "countries":
        return len(countries_in(sentence)) >= 2
    if kind.name == "invitees":
        return bool(_INVITEES.search(sentence))
    if kind.name == "number":
        years = [(d.start, d.end) for d in find_dates(sentence)]
        return any(not any(start <= m.start() < end for start, end in years) for m in _NUMBER.finditer(sentence))
    if kind.name == "money":
        return bool(_MONEY.search(sentence) and _NUMBER.search(sentence))
    if kind.name == "mass":
        return bool(_MASS.search(sentence))
    if kind.name == "distance":
        return bool(_DISTANCE.search(sentence))
    if kind.name == "duration":
        return bool(_DURATION.search(sentence) or find_dates(sentence))
    if kind.name == "entity":
        return bool(_PROPER.search(sentence))
    return True


def clean_question(question: str, max_chars: int) -> str:
    text = _WS.sub(" ", question or "").strip()
    if not text or not re.search(r"\w", text):
        raise QuestionError("Please ask a question: it was empty.")
    if len(text) > max_chars:
        raise QuestionError(f"That question is {len(text)} characters long; please keep it under {max_chars}.")
    return text


@dataclass(frozen=True)
class Candidate:
    chunk: Chunk
    sentence: str
    similarity: float  # cosine between the sentence and the question
    coverage: float  # share of the question's term weight found in the sentence or its section heading
    typed: bool  # holds the kind of answer asked for
    chunk_rank: int  # rank of its chunk in the fused retrieval, 0 = best

    @property
    def score(self) -> float:
        return self.similarity + 0.35 * self.coverage + (0.08 if self.typed else 0.0) - 0.01 * self.chunk_rank


@dataclass(frozen=True)
class Thresholds:
    """When evidence is strong enough to answer. Tuned on the evaluation set (scripts/evaluate.py)."""

    min_similarity: float = 0.25  # below this, never answer
    confident_similarity: float = 0.60  # at or above this, answer whatever the term coverage
    min_coverage: float = 0.30  # between the two, this share of the question's terms must be found
    min_typed_coverage: float = 0.05  # ... or this much when the sentence holds the date/number/… asked for
    max_unknown: float = 0.50  # share of the question's term weight the whole corpus has never seen ...
    unknown_override_similarity: float = 0.45  # ... unless the best sentence is at least this close
    focus_override_similarity: float = 0.65  # answer despite an unmatched focus word ("goal") only this close
    second_sentence_margin: float = 0.06  # a second sentence is added only if this close to the best


def is_confident(best: Candidate, unknown_share: float, kind: AnswerType, t: Thresholds) -> bool:
    if kind.required and not best.typed:
        return False
    if best.similarity >= t.confident_similarity:
        return True
    if best.similarity < t.min_similarity:
        return False
    if unknown_share > t.max_unknown and best.similarity < t.unknown_override_similarity:
        return False
    # A date alone proves little ("when was X founded?" is not answered by any date near X): a "when" question
    # needs the passage to speak of what is asked. Deadlines, rarer and phrased in many ways, need less.
    lenient = kind.required and kind.name != "date"
    return best.coverage >= (t.min_typed_coverage if lenient else t.min_coverage)


def select(candidates: list[Candidate], kind: AnswerType, t: Thresholds) -> list[Candidate]:
    """The best sentence, and a second one when it is nearly as good and adds something."""
    ranked = sorted(candidates, key=lambda c: -c.score)
    if kind.required:
        ranked = [c for c in ranked if c.typed] or ranked
    chosen = ranked[:1]
    for other in ranked[1:3]:
        if other.sentence == chosen[0].sentence:
            continue
        if other.score >= chosen[0].score - t.second_sentence_margin and other.coverage > chosen[0].coverage:
            chosen.append(other)
        break
    return chosen


def date_notes(sentences: list[str], today: date) -> list[str]:
    notes: list[str] = []
    for sentence in sentences:
        for mention in find_dates(sentence):
            note = mention.describe(today)
            if note not in notes:
                notes.append(note)
    return notes


def compose(question: str, chosen: list[Candidate], today: date, version: str, latency_ms: float) -> Answer:
    citations = tuple(
        Citation(
            number=i,
            source=c.chunk.doc_path,
            title=c.chunk.title,
            section=c.chunk.section,
            quote=c.sentence,
            chunk_id=c.chunk.id,
            url=c.chunk.url,
            page=c.chunk.page,
        )
        for i, c in enumerate(chosen, start=1)
    )
    for citation, candidate in zip(citations, chosen, strict=True):
        # The promise of a citation: the quote is in the passage it points to, to the letter.
        if citation.quote not in candidate.chunk.text:
            raise AssertionError(f"quote not found verbatim in chunk {candidate.chunk.id}")
    notes = date_notes([c.sentence for c in chosen], today)
    text = " ".join(f"{c.sentence} [{i}]" for i, c in enumerate(chosen, start=1))
    if notes:
        text += " (" + "; ".join(notes) + ".)"
    return Answer(
        question=question,
        text=text,
        abstained=False,
        citations=citations,
        date_notes=tuple(notes),
        latency_ms=latency_ms,
        index_version=version,
    )


def abstain(question: str, nearest: list[Chunk], version: str, latency_ms: float) -> Answer:
    suggestions: list[str] = []
    for chunk in nearest:
        label = f"{chunk.title} — {chunk.section}"
        if label not in suggestions:
            suggestions.append(label)
    return Answer(
        question=question,
        text=ABSTAIN_TEXT,
        abstained=True,
        suggestions=tuple(suggestions[:3]),
        latency_ms=latency_ms,
        index_version=version,
    )


_NEXT_DEADLINE = re.compile(
    r"\b(?:next|upcoming|coming|soonest|nearest|remaining|open)\s+(?:deadlines?|dates?|milestones?)\b"
    r"|\bdeadlines?\s+(?:coming up|left|ahead|remaining)\b"
    r"|\bwhat(?:'s| is| are)? the deadlines\b|\blist (?:the |all )?deadlines\b",
    re.IGNORECASE,
)


def _when(record: DeadlineRecord, today: date) -> str:
    status = record.date.status(today)
    label = record.date.label
    return {
        "unknown": f"{label} (the source does not state the year)",
        "upcoming": f"{label} (upcoming)",
        "current": f"{label} (under way)",
        "past": f"{label} (past)",
    }[status]


def asks_for_deadlines(question: str) -> bool:
    """ "What's the next deadline?", "upcoming deadlines": answered from the extracted deadline records."""
    return bool(_NEXT_DEADLINE.search(normalise(question)))


def deadlines_answer(
    question: str, records: list[DeadlineRecord], today: date, version: str, latency_ms: float
) -> Answer | None:
    """The next deadline (with a known year), else the deadlines whose year the source leaves out, else the
    next milestone; None when the documents state no date to come at all."""
    chosen: list[DeadlineRecord] = []
    soonest = next_deadline(records, today)
    if soonest is not None:
        chosen = [soonest]
        lead = "Next deadline"
    else:
        chosen = [r for r in undated(records) if r.kind == "deadline"][:2]
        lead = "Deadline in the documents" if len(chosen) == 1 else "Deadlines in the documents"
        if not chosen:
            chosen = upcoming(records, today)[:1]
            lead = "No deadline is ahead; next milestone"
    if not chosen:
        return None
    parts = [f"{r.what} — {_when(r, today)} [{i}]" for i, r in enumerate(chosen, start=1)]
    text = f"{lead}: " + "; ".join(parts)
    return Answer(
        question=question,
        text=text,
        abstained=False,
        citations=tuple(r.citation(i) for i, r in enumerate(chosen, start=1)),
        date_notes=tuple(r.date.describe(today) for r in chosen),
        latency_ms=latency_ms,
        index_version=version,
    )
