"""The general signals that say how well a candidate unit answers a question, as one feature matrix.

Every feature is about the relation between a question and a span — meaning, words, the specific things named,
the kind of answer, time, structure — never about a particular corpus. Their weights are learned
(scripts/train_answerer.py) and applied in index/scoring.py. Whether to answer at all is read from this matrix
by index/refusal_features.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np

from index.late_interaction import LATE_FEATURES
from index.name_variants import lettered_designations
from index.proximity import pair_share, question_pairs
from index.question import QuestionInfo, designation_stem
from index.question_kind import AGREEMENT_FEATURES, agreement
from index.soft_coverage import SOFT_FEATURES
from index.surroundings import SURROUNDING_FEATURES, surrounding_features
from index.term_share import presence as _presence
from index.term_share import weighted_share as _weighted_share
from index.text import terms
from index.unit_facts import facts, holds
from index.units import Unit, row_key, section_label

UNIT_FEATURES = (
    "sim_unit",  # cosine of the unit to the question
    "sim_gap",  # how far below the best unit's cosine
    "sim_rank",  # 1 / (1 + the unit's rank among the candidates by cosine)
    "sim_chunk",  # cosine of the unit's chunk
    "lexical",  # the chunk's BM25 score relative to the best chunk's
    "fused_rank",  # 1 / (1 + rank of the chunk in fused retrieval)
    "cov_unit",  # idf-weighted share of the question's content terms in the unit
    "cov_context",  # ... in the unit, its section heading and document title
    "cov_gap",  # how far below the best unit's context coverage
    "cov_heading",  # ... in its section heading alone (an FAQ's question, a table's caption)
    "pairs_unit",  # weighted share of the question's neighbouring content words the unit keeps together
    "pred_unit",  # share of the question's other content terms (what is asked about the named things) in the unit
    "pred_context",  # ... in the unit and its section and title
    "missing_rare",  # the rarest question term the unit and its context lack (idf relative to an unseen term's)
    "names_unit",  # share of the specific things the question names (designations, names, numbers) in the unit
    "names_context",  # ... in the unit and its section and title
    "no_names",  # the question names nothing specific
    "names_key",  # share of those things in a table row's first cell: the row is about them, not a neighbour of it
    "sibling",  # the unit names a sibling of a designation asked about ("Chang'e-8" for "Chang'e-7") but not it
    "sibling_heading",  # its section heading (an FAQ's question) names such a sibling and not the one asked about
    "other_country",  # the question names a country; the unit names countries, not that one
    "focus_unit",  # the noun the question asks for ("what rocket") is in the unit
    "focus_missing",  # ... is neither in the unit nor in its section and title
    "type_match",  # the unit holds the kind of answer asked for (a date for "when" …)
    "type_missing",  # it does not
    *AGREEMENT_FEATURES,  # the kind of answer the question wants, learned, where the unit holds it
    "recency",  # how recent the unit's document is among the candidates (0.5 when undated)
    "recency_temporal",  # the same, centred, for questions whose answer changes over time
    "recency_peers",  # ... centred, among its peers: the candidates holding the answer type nearly as close in meaning
    "newest_peer",  # the unit is the newest of its peers, and they are not all of one date
    "kind_list",
    "kind_table_row",
    "kind_faq",
    "kind_metadata",
    "joined",  # a sentence joined with the one it leans on
    "leaning",  # a sentence that leans on the one before it, quoted alone
    "is_question",  # the span is itself a question (an FAQ heading, a rhetorical question)
    "defines_acronym",  # the unit spells out an acronym of the question: an expansion is no answer by itself
    "length",  # characters / 300
    "novel_unit",  # share of the unit's content terms the question lacks: an answer adds to what was asked
    *SOFT_FEATURES,  # the question's predicate words matched in meaning (index/soft_coverage.py)
    *LATE_FEATURES,  # the question's words matched with the unit's, each as read in place (index/late_interaction.py)
    *SURROUNDING_FEATURES,  # the question's names and terms in the sentences before the unit (index/surroundings.py)
)
KIND_FEATURES = ("list", "table_row", "faq", "metadata")
UNIT_COLUMN = {name: i for i, name in enumerate(UNIT_FEATURES)}  # each feature's column in the matrix
AGREEMENT_COLUMNS = [UNIT_COLUMN[name] for name in AGREEMENT_FEATURES]
# Features that tell one question's candidates apart but say nothing of whether a unit states an answer at all: the
# stated model (index/ranker_fit.py) leaves them out, as it leaves out the agreement with the asked kind.
RANKING_ONLY_COLUMNS = [UNIT_COLUMN[name] for name in ("names_key", "novel_unit")]


@dataclass(frozen=True)
class Evidence:
    """What retrieval found for a question: the candidate units and the numbers behind them."""

    info: QuestionInfo
    content_terms: tuple[str, ...]  # the question's own content terms (before acronyms were spelled out)
    acronyms: tuple[tuple[str, str], ...]  # (acronym term, its expansion) for the acronyms the question uses
    units: list[Unit]
    unit_similarity: np.ndarray  # cosine of each unit to the question
    chunk_similarity: np.ndarray  # cosine of each unit's chunk to the question
    chunk_lexical: np.ndarray  # BM25 of each unit's chunk
    chunk_rank: np.ndarray  # fused rank of each unit's chunk, 0 = best
    published: list[date | None]  # the date each unit's facts hold at: as it states, else its document's date
    soft: np.ndarray  # SOFT_FEATURES of each unit: the question's predicate words matched in meaning
    late: np.ndarray  # LATE_FEATURES of each unit: the question's words matched with its words in context
    kinds: np.ndarray | None = None  # each kind of answer's probability (index/question_kind.py); None: not known
    attribute: np.ndarray | None = None  # ATTRIBUTE_FEATURES of each unit (index/asked_attribute.py); None: not read


def _sibling(names: frozenset[str], present: frozenset[str]) -> bool:
    """A designation asked about is missing from `present`, another of its family is there ("RM-2B" for "RM-2")."""
    for name in names:
        stem = designation_stem(name)
        if stem and name not in present and any(t != name and designation_stem(t) == stem for t in present):
            return True
    return False


def predicate_weights(
    content_terms: tuple[str, ...], names: tuple[str, ...] | frozenset[str], idf: Callable[[str], float]
) -> dict[str, float]:
    """What the question asks about the things it names: its content terms that name nothing, by idf."""
    return {t: idf(t) for t in content_terms if t not in names}


def feature_matrix(evidence: Evidence, idf: Callable[[str], float]) -> np.ndarray:
    units = evidence.units
    n = len(units)
    out = np.zeros((n, len(UNIT_FEATURES)), dtype=np.float32)
    if not n:
        return out
    info = evidence.info
    content = {t: idf(t) for t in evidence.content_terms}
    unseen = idf("\x00")  # the weight of a term no document holds: the largest there is
    names = {t: idf(t) for t in info.names}
    predicate = predicate_weights(evidence.content_terms, info.names, idf)
    expansion_terms = [(acronym, frozenset(terms(e))) for acronym, e in evidence.acronyms]
    pairs = question_pairs(info.text, content)
    asked = set(evidence.content_terms) | set(info.names) | {t for _, e in expansion_terms for t in e}
    designations = frozenset(info.names) | lettered_designations(info.text)
    dated = [d for d in evidence.published if d is not None]
    oldest, newest = (min(dated), max(dated)) if dated else (None, None)

    sims = evidence.unit_similarity
    out[:, UNIT_COLUMN["sim_unit"]] = sims
    out[:, UNIT_COLUMN["sim_gap"]] = sims - sims.max()
    out[np.argsort(-sims, kind="stable"), UNIT_COLUMN["sim_rank"]] = 1.0 / (1.0 + np.arange(n))
    out[:, UNIT_COLUMN["sim_chunk"]] = evidence.chunk_similarity
    top_lexical = float(evidence.chunk_lexical.max())
    out[:, UNIT_COLUMN["lexical"]] = evidence.chunk_lexical / top_lexical if top_lexical > 0 else 0.0
    out[:, UNIT_COLUMN["fused_rank"]] = 1.0 / (1.0 + evidence.chunk_rank)
    out[:, UNIT_COLUMN["no_names"]] = 0.0 if names else 1.0
    for row, unit in enumerate(units):
        unit_facts = facts(unit.text)
        heading = facts(unit.chunk.section).terms | lettered_designations(unit.chunk.section)
        in_unit = _presence(set(unit_facts.terms), expansion_terms)
        in_context = _presence(set(unit_facts.terms | facts(unit.context).terms), expansion_terms)
        values = {
            "cov_unit": _weighted_share(content, in_unit),
            "cov_context": _weighted_share(content, in_context),
            "missing_rare": max((w * (1 - in_context.get(t, 0.0)) for t, w in content.items()), default=0.0) / unseen,
            "pred_unit": _weighted_share(predicate, in_unit),
            "pred_context": _weighted_share(predicate, in_context),
            "cov_heading": _weighted_share(
                content, _presence(set(facts(section_label(unit.chunk)).terms), expansion_terms)
            ),
            "pairs_unit": pair_share(pairs, content, unit.text),
            "names_unit": _weighted_share(names, in_unit),
            "names_context": _weighted_share(names, in_context),
            "sibling": _sibling(designations, unit_facts.terms | heading | lettered_designations(unit.text)),
            "sibling_heading": _sibling(designations, heading),
            "other_country": bool(info.countries)
            and bool(unit_facts.countries)
            and not set(info.countries) & unit_facts.countries,
            "focus_unit": bool(info.focus) and info.focus in in_unit,
            "focus_missing": bool(info.focus) and info.focus not in in_context,
            "joined": unit.joined,
            "leaning": unit.leaning,
            "is_question": unit.text.rstrip().endswith("?"),
            "defines_acronym": any(e and e <= unit_facts.terms for _, e in expansion_terms),
            "length": min(len(unit.text) / 300.0, 3.0),
            "novel_unit": len(unit_facts.terms - asked) / max(len(unit_facts.terms), 1),
        }
        if unit.kind == "table_row":
            values["names_key"] = _weighted_share(names, set(terms(row_key(unit.text))))
        typed = holds(info.answer_type, unit_facts)
        values["type_match"] = typed is True
        values["type_missing"] = typed is False
        if unit.kind in KIND_FEATURES:
            values[f"kind_{unit.kind}"] = 1.0
        published = evidence.published[row]
        if published is None or newest == oldest:
            recency = 0.5
        else:
            recency = (published - oldest).days / max((newest - oldest).days, 1)
        values["recency"] = recency
        values["recency_temporal"] = (recency - 0.5) if info.temporal else 0.0
        for name, value in values.items():
            out[row, UNIT_COLUMN[name]] = float(value)
    out[:, [UNIT_COLUMN[name] for name in SOFT_FEATURES]] = evidence.soft
    out[:, [UNIT_COLUMN[name] for name in LATE_FEATURES]] = evidence.late
    out[:, [UNIT_COLUMN[name] for name in SURROUNDING_FEATURES]] = surrounding_features(
        units, names, content, expansion_terms
    )
    if evidence.kinds is not None:
        out[:, AGREEMENT_COLUMNS] = agreement(evidence.kinds, [u.text for u in units])
    cov = out[:, UNIT_COLUMN["cov_context"]]
    out[:, UNIT_COLUMN["cov_gap"]] = cov - cov.max()
    if info.temporal:
        _peer_recency(out, evidence.published)
    return out


PEER_SIMILARITY = 0.15  # how far below the best cosine a unit may be and still be a rival answer


def _peer_recency(out: np.ndarray, published: list[date | None]) -> None:
    """For a question whose answer changes over time, how recent each unit is among its rival answers: the units
    that hold the kind of answer asked for (all units when none does) and are nearly as close in meaning as the best.
    An older figure should lose to a newer one that says the same kind of thing."""
    sims = out[:, UNIT_COLUMN["sim_unit"]]
    close = sims >= sims.max() - PEER_SIMILARITY
    peers = close & (out[:, UNIT_COLUMN["type_match"]] > 0)
    if not peers.any():
        peers = close
    dates = [published[i] for i in np.flatnonzero(peers) if published[i] is not None]
    if not dates or min(dates) == max(dates):
        return
    oldest, newest = min(dates), max(dates)
    for row in np.flatnonzero(peers):
        if published[row] is not None:
            out[row, UNIT_COLUMN["recency_peers"]] = (published[row] - oldest).days / (newest - oldest).days - 0.5
            out[row, UNIT_COLUMN["newest_peer"]] = float(published[row] == newest)
