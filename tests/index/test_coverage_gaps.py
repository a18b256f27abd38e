from datetime import UTC, datetime

import numpy as np
import pytest

from index.coverage_gaps import Gap, GapQuestion, cluster_gaps


class TopicEncoder:
    """One axis per topic word: questions sharing the word point the same way."""

    TOPICS = ("visa", "budget", "astronaut")

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = np.array([[float(t in text.lower()) for t in self.TOPICS] + [0.01] for text in texts])
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def at(day: int) -> datetime:
    return datetime(2026, 11, day, 12, tzinfo=UTC)


ROWS = [
    GapQuestion("Do I need a visa to visit the station?", at(1), "unanswered"),
    GapQuestion("What is the budget of Chang'e-8?", at(2), "unanswered"),
    GapQuestion("visa rules for partner engineers?", at(5), "downvoted"),
    GapQuestion("Which visa do researchers get?", at(3), "unanswered"),
    GapQuestion("How big is the mission budget?", at(4), "wrong"),
    GapQuestion("Will an astronaut from Egypt fly?", at(6), "unanswered"),
]


def test_similar_questions_form_one_gap_biggest_first():
    gaps = cluster_gaps(ROWS, TopicEncoder())
    assert [g.count for g in gaps] == [3, 2, 1]
    visa, budget, astronaut = gaps
    assert all("visa" in q for q in visa.questions)
    assert visa.last_asked == at(5)
    assert visa.questions[0] == "visa rules for partner engineers?"  # latest first
    assert visa.reasons == {"unanswered": 2, "downvoted": 1}
    assert budget.reasons == {"unanswered": 1, "wrong": 1}
    assert astronaut.example == "Will an astronaut from Egypt fly?"


def test_equal_sizes_put_the_most_recently_asked_first():
    rows = [ROWS[1], ROWS[5]]  # budget on the 2nd, astronaut on the 6th
    assert [g.example for g in cluster_gaps(rows, TopicEncoder())] == [ROWS[5].text, ROWS[1].text]


def test_no_questions_no_gaps_and_one_question_one_gap():
    assert cluster_gaps([], TopicEncoder()) == []
    (gap,) = cluster_gaps([ROWS[0]], TopicEncoder())
    assert gap == Gap(1, ROWS[0].text, at(1), {"unanswered": 1}, (ROWS[0].text,))
    assert gap.to_json()["last_asked"] == "2026-11-01T12:00:00+00:00"


def test_rows_from_the_log_take_iso_times_and_normalise_spacing():
    row = GapQuestion.of("  Do I need\na visa? ", "2026-11-30T09:15:00", "unanswered")
    assert row.text == "Do I need a visa?"
    assert row.asked_at == datetime(2026, 11, 30, 9, 15, tzinfo=UTC)
    with pytest.raises(ValueError, match="not an ISO 8601 time"):
        GapQuestion.of("q", "yesterday", "unanswered")


def test_with_the_real_model_paraphrases_group_and_other_questions_stay_apart(embedder):
    texts = [
        "How much does Chang'e-8 cost?",
        "What is the budget of the Chang'e-8 mission?",
        "How expensive is the Chang'e-8 mission?",
        "Can tourists visit the lunar station?",
        "Are tourists allowed to visit the lunar station?",
        "When will Chang'e-8 launch?",
        "What is the weather in Beijing today?",
    ]
    gaps = cluster_gaps([GapQuestion(t, at(i + 1), "unanswered") for i, t in enumerate(texts)], embedder)
    assert sorted(sorted(g.questions) for g in gaps) == sorted(
        [sorted(texts[:3]), sorted(texts[3:5]), [texts[5]], [texts[6]]]
    )
    assert gaps[0].count == 3 and gaps[0].example in texts[:3]
