"""Deadline and milestone records: every dated statement of the indexed documents, with what it dates and why.

Built at index time from the chunks (see `extract_records`) and saved as JSON next to the index;
`/deadlines` and date questions ("what's the next deadline?") read the same records. Pure: no model.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from index.chunking import METADATA_SECTION
from index.dates import DateMention, Status, find_dates
from index.schema import Chunk, Citation, Document

Kind = Literal["deadline", "milestone"]

FORMAT_VERSION = 1
MAX_WHAT_CHARS = 120

# Words that make a clause a deadline: something is due, must be sent, or closes at the date. "by" and "until"
# alone do not: "a major space power by 2030" is a target and "will operate until 2040" a plan.
_DEADLINE_CUES = re.compile(
    r"\bdeadlines?\b|\bdue\b(?!\s+to\b)|\bno(?:t)?\s+later\s+than\b|\bsubmi(?:t|ts|tted|tting|ssions?)\b"
    r"|\bappl(?:y|ications?)\b|\bregist(?:er|ration)\b|\bclos(?:e|es|ing)\b|\bexpir(?:e|es|y|ation)\b"
    r"|\bcut-?off\b|\blast\s+day\b|\bmust\b|\brequired\b|\b(?:have|has|had|given)\s+until\b",
    re.IGNORECASE,
)

# Where a clause ends: punctuation that separates clauses (commas included; commas inside a date are masked).
_CLAUSE_BREAK = re.compile(r"[;:,]|\s[—–]\s|\s-\s|[.!?](?=\s|$)(?<!\b[A-Z]\.)")
# Where two clauses of one sentence join, used only to keep two dates of one sentence apart.
_CONJUNCTION = re.compile(r"\s(?:and|but|while|whereas|as well as|then)\s", re.IGNORECASE)

# Words that tie a date to what precedes it: "in 2026", "by December 2025", "no later than 31 December".
_DATE_LEAD = re.compile(
    r"(?:\b(?:no|not)\s+later\s+than|\bas\s+early\s+as|\b(?:the\s+)?(?:end|beginning|start|middle)\s+of"
    r"|\b(?:until|till|before|after|since|during|through|around|between|by|in|on|from|of|at|early|mid|late))\s*$",
    re.IGNORECASE,
)


def _vocabulary(words: str) -> frozenset[str]:
    return frozenset(words.split())


_DETERMINERS = _vocabulary("the a an this that these those its their our his her your my some any each every upcoming")
_SUBORDINATORS = _vocabulary("as while when whereas although though since because if and but so then however also")
_RELATIVES = _vocabulary("which that who whom whose where")
_PREPOSITIONS = _vocabulary(
    "in on at by for with from to into onto upon about around after before during until till since through"
    " throughout over under between among against toward towards via per without within across behind beyond"
    " like than as"
)
_AUXILIARIES = _vocabulary(
    "will shall would should can could may might must is are was were be been being has have had do does did am"
)
_PRONOUNS = _vocabulary("it they we he she you i this there")
# Verb-like words that can stand between a subject and its date: "will be made in", "takes place in".
_VERB_LIKE = _vocabulary(
    "made held set done taken given put built begun run sent chosen known seen shown take takes taking place"
    " happen happens occur occurs start starts begin begins end ends close closes open opens finish finishes"
    " due likely officially finally formally also only not then expected scheduled planned slated launch"
    " launches arrive arrives follow follows come comes go goes"
)
# Words before "to <verb>" that govern the infinitive rather than own it: "aims to put", "is expected to".
_CONTROL_WORDS = _vocabulary(
    "aim aims aimed plan plans planned want wants wanted intend intends intended hope hopes hoped seek seeks"
    " sought expect expects expected need needs needed try tries tried agree agrees agreed decide decides"
    " decided promise promises promised pledge pledges pledged continue continues continued set scheduled"
    " due going able likely ready invited invite invites welcomed used order ordered asked ask asks required"
    " until"
)
_WORD = re.compile(r"\S+")
_EDGE_PUNCTUATION = "\"“”‘’'()[]{},.;:!?"


@dataclass(frozen=True)
class DeadlineRecord:
    """One dated statement: the date, what it dates, whether it is a deadline, and the sentence saying so."""

    id: str  # stable: a hash of the document, the sentence and the date's place in it
    date: DateMention
    what: str  # short description taken from the sentence: "final selection of proposals"
    kind: Kind
    source: str  # document path relative to the docs directory
    title: str
    section: str
    quote: str  # the verbatim sentence
    chunk_id: str
    url: str | None = None
    page: int | None = None

    def status(self, today: date | datetime) -> Status:
        return self.date.status(_as_date(today))

    def describe(self, today: date | datetime) -> str:
        """ "the final selection of proposals (milestone): September 2024 is in the past" """
        return f"{self.what} ({self.kind}): {self.date.describe(_as_date(today))}"

    def citation(self, number: int) -> Citation:
        return Citation(
            number=number,
            source=self.source,
            title=self.title,
            section=self.section,
            quote=self.quote,
            chunk_id=self.chunk_id,
            url=self.url,
            page=self.page,
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["date"] = asdict(self.date)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DeadlineRecord:
        """The inverse of `to_json`; raises ValueError naming the first missing or malformed field."""
        try:
            mention = DateMention(**dict(data["date"]))
            record = cls(**{**dict(data), "date": mention})
        except (KeyError, TypeError) as exc:
            raise ValueError(f"malformed deadline record: {exc}") from None
        if record.kind not in ("deadline", "milestone"):
            raise ValueError(f"malformed deadline record: unknown kind {record.kind!r}")
        if record.date.precision not in ("day", "month", "year", "decade"):
            raise ValueError(f"malformed deadline record: unknown precision {record.date.precision!r}")
        return record


def extract_records(
    chunks: Iterable[Chunk], published: Mapping[str, date | str | None] | None = None
) -> list[DeadlineRecord]:
    """A record per date in every chunk sentence, in document order; `published` maps doc path to its date.

    Sentences repeated in overlapping chunks give one record. The "About this document" chunk is skipped: its
    dates (publication) are facts about the file, not statements of the source.
    """
    published = published or {}
    records: dict[str, DeadlineRecord] = {}
    for chunk in chunks:
        if chunk.section == METADATA_SECTION:
            continue
        doc_published = published_date(published.get(chunk.doc_path))
        for sentence in chunk.sentences:
            mentions = find_dates(sentence, published=doc_published)
            for mention in mentions:
                record = _record(chunk, sentence, mention, mentions)
                records.setdefault(record.id, record)
    return list(records.values())


def published_dates(documents: Iterable[Document]) -> dict[str, date]:
    """Each document's date, for the documents that state a valid one."""
    dates = {}
    for document in documents:
        value = published_date(document.published)
        if value is not None:
            dates[document.path] = value
    return dates


def published_date(value: date | str | None) -> date | None:
    """A front-matter `published` value as a date: a date, a datetime or an ISO string; None otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            try:
                return date.fromisoformat(text[:10])
            except ValueError:
                return None
    return None


def upcoming(records: Iterable[DeadlineRecord], now: date | datetime) -> list[DeadlineRecord]:
    """Records not yet over (including those under way, like "2026" during 2026), soonest first."""
    today = _as_date(now)
    chosen = [r for r in records if r.date.status(today) in ("upcoming", "current")]
    return sorted(chosen, key=_chronological)


def past(records: Iterable[DeadlineRecord], now: date | datetime) -> list[DeadlineRecord]:
    """Records that are over, oldest first (the most recent is the last)."""
    today = _as_date(now)
    return sorted((r for r in records if r.date.status(today) == "past"), key=_chronological)


def undated(records: Iterable[DeadlineRecord]) -> list[DeadlineRecord]:
    """Records whose year the source does not state (and no publication date supplied), in document order."""
    return [r for r in records if r.date.year is None]


def next_deadline(records: Iterable[DeadlineRecord], now: date | datetime) -> DeadlineRecord | None:
    """The soonest deadline not yet over; None when there is none with a known year (see `undated`)."""
    return next((r for r in upcoming(records, now) if r.kind == "deadline"), None)


def write_records(path: Path, records: Iterable[DeadlineRecord]) -> None:
    """Save the records as JSON (the index builder writes deadlines.json next to the index)."""
    payload = {"version": FORMAT_VERSION, "records": [r.to_json() for r in records]}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")


def read_records(path: Path) -> list[DeadlineRecord]:
    """Load records saved by `write_records`; ValueError with a one-line reason when the file is unusable."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path.name}: unreadable ({exc.__class__.__name__})") from None
    if not isinstance(payload, dict) or payload.get("version") != FORMAT_VERSION:
        raise ValueError(f"{path.name}: not a version {FORMAT_VERSION} deadlines file")
    records = payload.get("records")
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ValueError(f"{path.name}: 'records' is not a list of objects")
    return [DeadlineRecord.from_json(r) for r in records]


def classify(sentence: str, mention: DateMention, others: Iterable[DateMention] = ()) -> Kind:
    """ "deadline" when the date's clause says something is due, must be sent or closes; else "milestone"."""
    start, end = _clause_bounds(sentence, mention, others)
    return "deadline" if _DEADLINE_CUES.search(sentence[start:end]) else "milestone"


def describe_what(sentence: str, mention: DateMention, others: Iterable[DateMention] = ()) -> str:
    """A short phrase of the sentence naming what the date is for, tried in this order:

    1. a purpose clause after the date: "until December 31 to submit a letter …" → "submit a letter …";
    2. an infinitive the date ends: "ambition to become a power by 2030" → "China’s ambition to become …";
    3. the subject of the verb the date completes: "The selection … will be made in" → "selection …";
    4. the noun phrase the date attaches to: "followed by the Chang’e-7 mission in" → "Chang’e-7 mission".
    Else the date's clause itself.
    """
    others = list(others)
    start, end = _clause_bounds(sentence, mention, others)
    left_end = mention.start
    lead = _DATE_LEAD.search(sentence, start, left_end)
    while lead:  # "in early 2030", "by the end of 2025": drop every word tying the date to the phrase
        left_end = lead.start()
        lead = _DATE_LEAD.search(sentence, start, left_end)
    left = _words(sentence, start, left_end)
    right = _words(sentence, mention.end, end)
    if not left and not right:  # "In 2019, Chang’e-4 landed …": the date heads the clause after it
        following = _following_clause(sentence, mention, others)
        return _shorten(following) if following else mention.text
    for rule in (_purpose_after, _infinitive_before, _subject_of_verb, _noun_phrase_before):
        phrase = rule(sentence, left, right, start)
        if phrase:
            return _shorten(phrase)
    return _shorten(_tidy(sentence[start:end]))


# --- internals ---------------------------------------------------------------------------------------------

Word = tuple[int, int, str]  # start, end, normalised word (lower case, edge punctuation removed)


def _record(chunk: Chunk, sentence: str, mention: DateMention, all_mentions: list[DateMention]) -> DeadlineRecord:
    others = [m for m in all_mentions if (m.start, m.end) != (mention.start, mention.end)]
    key = "\x1f".join((chunk.doc_path, sentence, str(mention.start), mention.text))
    return DeadlineRecord(
        id=hashlib.sha256(key.encode("utf-8")).hexdigest()[:16],
        date=mention,
        what=describe_what(sentence, mention, others),
        kind=classify(sentence, mention, others),
        source=chunk.doc_path,
        title=chunk.title,
        section=chunk.section,
        quote=sentence,
        chunk_id=chunk.id,
        url=chunk.url,
        page=chunk.page,
    )


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _chronological(record: DeadlineRecord) -> tuple[date, date, str]:
    first, last = record.date.span() or (date.max, date.max)
    return first, last, record.id


def _clause_bounds(sentence: str, mention: DateMention, others: Iterable[DateMention]) -> tuple[int, int]:
    """The clause holding the date: between clause punctuation, and never reaching another date."""
    others = list(others)
    text = _masked(sentence, (mention, *others))
    start = max((b.end() for b in _CLAUSE_BREAK.finditer(text, 0, mention.start)), default=0)
    end = next((b.start() for b in _CLAUSE_BREAK.finditer(text, mention.end)), len(sentence))
    for other in others:
        if start <= other.start and other.end <= mention.start:  # an earlier date in the same clause
            joins = list(_CONJUNCTION.finditer(text, other.end, mention.start))
            start = joins[-1].end() if joins else other.end
        elif mention.end <= other.start and other.end <= end:  # a later date in the same clause
            join = _CONJUNCTION.search(text, mention.end, other.start)
            end = join.start() if join else other.start
    while start < end and sentence[start].isspace():
        start += 1
    return start, end


def _following_clause(sentence: str, mention: DateMention, others: Iterable[DateMention]) -> str:
    """The clause after the first clause break that follows the date."""
    text = _masked(sentence, (mention, *others))
    first = _CLAUSE_BREAK.search(text, mention.end)
    if first is None:
        return ""
    second = _CLAUSE_BREAK.search(text, first.end())
    return _tidy(sentence[first.end() : second.start() if second else len(sentence)])


def _masked(sentence: str, mentions: Iterable[DateMention]) -> str:
    """The sentence with every date replaced by x's, so "Dec. 31, 2024" holds no clause break."""
    masked = list(sentence)
    for m in mentions:
        masked[m.start : m.end] = "x" * (m.end - m.start)
    return "".join(masked)


def _words(text: str, start: int, end: int) -> list[Word]:
    return [(m.start(), m.end(), m.group(0).strip(_EDGE_PUNCTUATION).lower()) for m in _WORD.finditer(text, start, end)]


def _purpose_after(sentence: str, left: list[Word], right: list[Word], start: int) -> str | None:
    """ "… until December 31 to submit a letter of intent" → "submit a letter of intent"."""
    if len(right) >= 2 and right[0][2] == "to" and _starts_verb(sentence, right[1]):
        return _tidy(sentence[right[1][0] : right[-1][1]])
    return None


def _infinitive_before(sentence: str, left: list[Word], right: list[Word], start: int) -> str | None:
    """ "China’s ambition to become a space power by 2030" → the whole phrase; "aims to put …" → "put …"."""
    for i in range(len(left) - 2, -1, -1):
        if left[i][2] == "to" and _starts_verb(sentence, left[i + 1]):
            if all(_is_verb_like(w[2]) for w in left[i + 1 :]):
                return None  # "is expected to be completed": the subject says what
            phrase_start = left[i + 1][0]
            if i > 0 and left[i - 1][2] not in _CONTROL_WORDS and not left[i - 1][2].endswith("ed"):
                owner = _noun_phrase_start(left[:i])
                if owner is not None:
                    phrase_start = owner
            elif i > 0 and left[0][2] in _RELATIVES:
                # "NASA’s Artemis program, which aims to put …": name the antecedent, before the comma
                antecedent = _antecedent(sentence, start)
                if antecedent:
                    return f"{antecedent} to {_tidy(sentence[phrase_start : left[-1][1]])}"
            return _tidy(sentence[phrase_start : left[-1][1]])
    return None


def _subject_of_verb(sentence: str, left: list[Word], right: list[Word], start: int) -> str | None:
    """ "The final selection of proposals will be made in September 2024" → "final selection of proposals"."""
    run = len(left)
    while run > 0 and (_is_verb_like(left[run - 1][2]) or left[run - 1][2] == "to"):
        run -= 1
    if run > 1 and left[run - 1][2].isalpha() and left[run - 2][2] in _AUXILIARIES:
        run -= 2  # an auxiliary and a main verb no list knows: "will operate until 2040"
        while run > 0 and left[run - 1][2] in _AUXILIARIES:
            run -= 1
    if run == len(left) or run == 0:
        return None
    subject = left[:run]
    while subject and (subject[0][2] in _SUBORDINATORS or subject[0][2] in _DETERMINERS):
        subject = subject[1:]
    if not subject or any(w[2] in _AUXILIARIES or w[2] in _PRONOUNS for w in subject):
        return None
    return _tidy(sentence[subject[0][0] : subject[-1][1]])


def _noun_phrase_before(sentence: str, left: list[Word], right: list[Word], start: int) -> str | None:
    """ "will be followed by the Chang’e-7 mission in 2026" → "Chang’e-7 mission"."""
    phrase_start = _noun_phrase_start(left)
    if phrase_start is None:
        return None
    words = [w for w in left if w[0] >= phrase_start]
    while words and words[0][2] in _DETERMINERS:
        words = words[1:]
    return _tidy(sentence[words[0][0] : words[-1][1]]) if words else None


def _noun_phrase_start(words: list[Word]) -> int | None:
    """Where the noun phrase ending the words begins (through "of": "construction of the station"), if any."""
    i = len(words)
    while i > 0:
        word = words[i - 1][2]
        if word in _DETERMINERS:
            if i >= 2 and words[i - 2][2] == "of":
                i -= 2  # "construction of the station": keep going past "of the"
                continue
            i -= 1
            break
        if word == "of" and i < len(words):
            i -= 1
            continue
        if not word or _is_stop_word(word):
            break
        i -= 1
    if i == len(words) or (i == len(words) - 1 and words[i][2] in ("of", *_DETERMINERS)):
        return None
    return words[i][0]


def _antecedent(sentence: str, clause_start: int) -> str | None:
    """The noun phrase just before the comma that opens a relative clause."""
    before = sentence[:clause_start].rstrip().rstrip(",")
    words = _words(before, 0, len(before))
    phrase_start = _noun_phrase_start(words)
    if phrase_start is None:
        return None
    kept = [w for w in words if w[0] >= phrase_start]
    while kept and kept[0][2] in _DETERMINERS:
        kept = kept[1:]
    return _tidy(before[kept[0][0] : kept[-1][1]]) if kept else None


def _is_stop_word(word: str) -> bool:
    return (
        word in _PREPOSITIONS
        or word in _AUXILIARIES
        or word in _SUBORDINATORS
        or word in _RELATIVES
        or word in _PRONOUNS
        or word in _CONTROL_WORDS
        or word in _VERB_LIKE
    )


def _is_verb_like(word: str) -> bool:
    return word in _AUXILIARIES or word in _VERB_LIKE or (word.endswith("ed") and "-" not in word)


def _starts_verb(sentence: str, word: Word) -> bool:
    """Whether the word after "to" begins an infinitive ("to submit"), not a destination ("to the CNSA")."""
    raw = sentence[word[0] : word[1]]
    text = word[2]
    return raw.isalpha() and raw.islower() and text not in _DETERMINERS and text not in _PRONOUNS


def _tidy(text: str) -> str:
    text = " ".join(text.split())
    text = text.rstrip(" ,;:—–-")
    if text.endswith(".") and not re.search(r"\b[A-Z]\.$", text):
        text = text[:-1]
    return text.strip()


def _shorten(text: str) -> str:
    if len(text) <= MAX_WHAT_CHARS:
        return text
    cut = text[: MAX_WHAT_CHARS - 1].rsplit(" ", 1)[0]
    return f"{cut}…"
