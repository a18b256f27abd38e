"""What to document next: unanswered and downvoted questions grouped into clusters of similar questions.

Questions are embedded with the knowledge base's model and grouped by agglomerative clustering (scikit-learn)
with a cosine distance threshold, so the number of clusters follows the questions rather than being fixed.
Each cluster gives its size, the question closest to its centre as an example, and when it was last asked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

import numpy as np

# Average cosine distance under which two groups of questions are one gap. With all-MiniLM-L6-v2, paraphrases of
# one question ("How much does Chang'e-8 cost?", "What is the budget of the Chang'e-8 mission?") are within about
# 0.2 of each other, while another question on the same subject ("When will Chang'e-8 launch?") is about 0.3 away.
DISTANCE_THRESHOLD = 0.28


class TextEncoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class GapQuestion:
    """One unanswered or downvoted question, as logged."""

    text: str
    asked_at: datetime
    reason: str  # "unanswered", "downvoted", or a 👎 reason ("wrong", "outdated", ...)

    @classmethod
    def of(cls, text: str, asked_at: datetime | str, reason: str) -> GapQuestion:
        """A row from the log; `asked_at` may be an ISO 8601 string (naive times are taken as UTC)."""
        if isinstance(asked_at, str):
            try:
                asked_at = datetime.fromisoformat(asked_at)
            except ValueError:
                raise ValueError(f"asked_at is not an ISO 8601 time: {asked_at!r}") from None
        if asked_at.tzinfo is None:
            asked_at = asked_at.replace(tzinfo=UTC)
        return cls(" ".join(text.split()), asked_at, reason)


@dataclass(frozen=True)
class Gap:
    """A cluster of similar questions the documents did not answer well."""

    count: int
    example: str  # the question closest to the cluster's centre
    last_asked: datetime
    reasons: dict[str, int]  # how many questions of the cluster had each reason
    questions: tuple[str, ...]  # every question of the cluster, latest first

    def to_json(self) -> dict:
        return {
            "count": self.count,
            "example": self.example,
            "last_asked": self.last_asked.isoformat(),
            "reasons": dict(self.reasons),
            "questions": list(self.questions),
        }


def _labels(vectors: np.ndarray, threshold: float) -> np.ndarray:
    if len(vectors) == 1:
        return np.zeros(1, dtype=int)
    from sklearn.cluster import AgglomerativeClustering

    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold)
    return model.fit_predict(vectors)


def _gap(members: Sequence[GapQuestion], vectors: np.ndarray) -> Gap:
    centre = vectors.mean(axis=0)
    closest = int(np.argmax(vectors @ centre / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(centre) + 1e-12)))
    latest_first = sorted(members, key=lambda q: q.asked_at, reverse=True)
    return Gap(
        count=len(members),
        example=members[closest].text,
        last_asked=latest_first[0].asked_at,
        reasons=dict(Counter(q.reason for q in members).most_common()),
        questions=tuple(q.text for q in latest_first),
    )


def cluster_gaps(
    questions: Iterable[GapQuestion], encoder: TextEncoder, *, threshold: float = DISTANCE_THRESHOLD
) -> list[Gap]:
    """Group the questions into gaps, biggest first (the most recently asked first among equals)."""
    rows = [q for q in questions if q.text]
    if not rows:
        return []
    vectors = np.asarray(encoder.encode([q.text for q in rows]), dtype=np.float32)
    labels = _labels(vectors, threshold)
    gaps = []
    for label in sorted(set(labels.tolist())):
        index = [i for i, value in enumerate(labels) if value == label]
        gaps.append(_gap([rows[i] for i in index], vectors[index]))
    gaps.sort(key=lambda g: (-g.count, -g.last_asked.timestamp(), g.example))
    return gaps
