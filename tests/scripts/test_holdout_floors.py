"""Floors on the evaluation corpora's holdout questions — the ones no rule, threshold or weight was fitted to —
for each corpus alone and for all of them in one index (with the labels that hold there, `all_view`).
`python scripts/evaluate.py` prints the same figures.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from index.dialogue_set import load_dialogues
from index.eval_corpora import ALL, build_view, discover, views
from index.eval_dialogues import play
from index.eval_dialogues import summarise as dialogue_summary
from index.eval_report import summarise
from index.evaluation import run_questions

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)  # scripts/evaluate.py's default "now"

# The figures measured when the answer model was last trained, less a small margin (see README, "Measuring").
# The bars (answer accuracy and refusal >= 0.90, false refusal <= 0.05) are not reached yet: these floors
# keep what is reached from slipping. A floor is lowered only when the model that lowers it is better on tune,
# cross-validated by corpus; the commit that lowers it gives those figures.
FLOORS = {
    "crewed-landing": {"answer_accuracy": 0.68, "refusal_rate": 0.33, "source_first": 0.80},
    "ground-segment": {"answer_accuracy": 0.63, "refusal_rate": 0.75, "source_first": 0.81},
    "ilrs-data-archive": {"answer_accuracy": 0.68, "refusal_rate": 0.35, "source_first": 0.80},
    "ilrs-events": {"answer_accuracy": 0.57, "refusal_rate": 0.26, "source_first": 0.86},
    "ilrs-funding": {"answer_accuracy": 0.60, "refusal_rate": 0.60, "source_first": 0.83},
    "ilrs-governance": {"answer_accuracy": 0.52, "refusal_rate": 0.30, "source_first": 0.74},
    "ilrs-isru": {"answer_accuracy": 0.80, "refusal_rate": 0.58, "source_first": 0.92},
    "ilrs-launch-campaign": {"answer_accuracy": 0.75, "refusal_rate": 0.66, "source_first": 0.86},
    "ilrs-legal-framework": {"answer_accuracy": 0.58, "refusal_rate": 0.65, "source_first": 0.78},
    "ilrs-outreach": {"answer_accuracy": 0.55, "refusal_rate": 0.57, "source_first": 0.84},
    "ilrs-partners": {"answer_accuracy": 0.72, "refusal_rate": 0.50, "source_first": 0.83},
    "ilrs-procurement": {"answer_accuracy": 0.63, "refusal_rate": 0.42, "source_first": 0.82},
    "ilrs-science": {"answer_accuracy": 0.48, "refusal_rate": 0.46, "source_first": 0.82},
    "ilrs-surface-power": {"answer_accuracy": 0.72, "refusal_rate": 0.56, "source_first": 0.83},
    "lunar-environment": {"answer_accuracy": 0.59, "refusal_rate": 0.60, "source_first": 0.80},
    "lunar-farside-astronomy": {"answer_accuracy": 0.69, "refusal_rate": 0.76, "source_first": 0.85},
    "lunar-habitat": {"answer_accuracy": 0.72, "refusal_rate": 0.53, "source_first": 0.81},
    "lunar-landing-sites": {"answer_accuracy": 0.71, "refusal_rate": 0.38, "source_first": 0.89},
    "lunar-missions": {"answer_accuracy": 0.61, "refusal_rate": 0.62, "source_first": 0.77},
    "lunar-navigation": {"answer_accuracy": 0.68, "refusal_rate": 0.46, "source_first": 0.90},
    "lunar-relay": {"answer_accuracy": 0.62, "refusal_rate": 0.66, "source_first": 0.85},
    "lunar-robotic-fleet": {"answer_accuracy": 0.67, "refusal_rate": 0.71, "source_first": 0.86},
    "lunar-samples": {"answer_accuracy": 0.65, "refusal_rate": 0.53, "source_first": 0.80},
    "payload-call": {"answer_accuracy": 0.73, "refusal_rate": 0.31, "source_first": 0.71},
    "payload-handbook": {"answer_accuracy": 0.77, "refusal_rate": 0.40, "source_first": 0.80},
    "proposal": {"answer_accuracy": 0.75, "refusal_rate": 0.71, "source_first": 0.95},
    "student-programs": {"answer_accuracy": 0.56, "refusal_rate": 0.43, "source_first": 0.80},
    ALL: {"answer_accuracy": 0.68, "refusal_rate": 0.54, "source_first": 0.80},
}
MAX_FALSE_REFUSAL = {
    "crewed-landing": 0.10,
    "ground-segment": 0.13,
    "ilrs-data-archive": 0.07,
    "ilrs-events": 0.13,
    "ilrs-funding": 0.16,
    "ilrs-governance": 0.13,
    "ilrs-isru": 0.08,
    "ilrs-launch-campaign": 0.07,
    "ilrs-legal-framework": 0.13,
    "ilrs-outreach": 0.11,
    "ilrs-partners": 0.11,
    "ilrs-procurement": 0.06,
    "ilrs-science": 0.08,
    "ilrs-surface-power": 0.11,
    "lunar-environment": 0.14,
    "lunar-farside-astronomy": 0.12,
    "lunar-habitat": 0.05,
    "lunar-landing-sites": 0.05,
    "lunar-missions": 0.11,
    "lunar-navigation": 0.10,
    "lunar-relay": 0.12,
    "lunar-robotic-fleet": 0.18,
    "lunar-samples": 0.12,
    "payload-call": 0.05,
    "payload-handbook": 0.10,
    "proposal": 0.12,
    "student-programs": 0.10,
    ALL: 0.066,
}
MAX_MEDIAN_ANSWER_CHARS = 300
# Holdout follow-up turns of tests/data/dialogues answered right, per corpus with conversations: measured less one
# turn. The bar of 85 % is not reached yet. Every self-contained turn must keep the answer it gets alone.
DIALOGUE_FLOORS = {
    "crewed-landing": 0.33,
    "ground-segment": 0.28,
    "ilrs-data-archive": 0.33,
    "ilrs-funding": 0.4,
    "ilrs-governance": 0.16,
    "ilrs-isru": 0.4,
    "ilrs-launch-campaign": 0.66,
    "ilrs-legal-framework": 0.5,
    "ilrs-outreach": 0.42,
    "ilrs-partners": 0.62,
    "ilrs-procurement": 0.0,
    "ilrs-surface-power": 0.4,
    "lunar-environment": 0.4,
    "lunar-farside-astronomy": 0.71,
    "lunar-habitat": 0.57,
    "lunar-landing-sites": 0.5,
    "lunar-missions": 0.36,
    "lunar-navigation": 0.66,
    "lunar-relay": 0.60,
    "lunar-robotic-fleet": 0.4,
    "lunar-samples": 0.28,
    "payload-call": 0.62,
    "payload-handbook": 0.33,
    "proposal": 0.66,
    "student-programs": 0.14,
}


@pytest.fixture(scope="module", params=list(FLOORS))
def holdout(request, embedder, tmp_path_factory) -> tuple[str, dict]:
    corpora = discover()
    view = next(v for v in views(corpora, include_all=True) if v.name == request.param)
    kb, _ = build_view(view.folders, tmp_path_factory.mktemp(view.name.replace(":", "-")), embedder)
    held_out = [q for q in view.questions if q.split == "holdout"]
    conversations = [d for d in load_dialogues() if d.corpus == view.name and d.split == "holdout"]
    played = dialogue_summary([s for d in conversations for s in play(kb, d, now=NOW)])
    return view.name, summarise(run_questions(kb, held_out, now=NOW)) | {"dialogues": played}


def test_holdout_figures_hold_their_floors(holdout):
    name, summary = holdout
    # Every figure out of bounds is named at once, so that one run tells which floors a change moves.
    missed = [
        f"{metric} {summary[metric]:.3f} < {floor}" for metric, floor in FLOORS[name].items() if summary[metric] < floor
    ]
    if summary["false_refusal_rate"] > MAX_FALSE_REFUSAL[name]:
        missed.append(f"false_refusal_rate {summary['false_refusal_rate']:.3f} > {MAX_FALSE_REFUSAL[name]}")
    if summary["median_answer_chars"] > MAX_MEDIAN_ANSWER_CHARS:
        missed.append(f"median_answer_chars {summary['median_answer_chars']} > {MAX_MEDIAN_ANSWER_CHARS}")
    assert not missed, f"{name}: holdout " + "; ".join(missed)


def test_holdout_follow_ups_hold_their_floors(holdout):
    name, summary = holdout
    dialogues = summary["dialogues"]
    if name in DIALOGUE_FLOORS:
        right = dialogues["follow_up_accuracy"]
        assert right >= DIALOGUE_FLOORS[name], f"{name}: holdout follow-ups right {right:.3f}"
    assert dialogues["unchanged"] in (None, 1.0), f"{name}: a self-contained turn was bent by the one before"
