"""Boosted regression trees as the answer model stores them: flat node lists, applied to many rows at once."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Trees:
    """Regression trees whose leaf values add up to a score; every tree's nodes are stored flat, children after
    their parent, so a row is walked down all trees at once."""

    features: tuple[str, ...]
    feature: np.ndarray  # per node: the feature index it splits on, -1 for a leaf
    threshold: np.ndarray  # per node: a row goes left when its value is <= this
    left: np.ndarray  # per node: the index of its children (into the flat arrays)
    right: np.ndarray
    value: np.ndarray  # per node: what a leaf adds to the score
    roots: np.ndarray  # the first node of each tree
    depth: int  # the longest path from a root to a leaf

    def scores(self, matrix: np.ndarray) -> np.ndarray:
        """The sum over trees of the leaf each row reaches."""
        if not len(self.roots) or not len(matrix):
            return np.zeros(len(matrix), dtype=np.float64)
        rows = np.arange(len(matrix))[:, None]
        node = np.broadcast_to(self.roots, (len(matrix), len(self.roots)))
        for _ in range(self.depth):
            feature = self.feature[node]
            goes_left = matrix[rows, np.maximum(feature, 0)] <= self.threshold[node]
            node = np.where(feature < 0, node, np.where(goes_left, self.left[node], self.right[node]))
        return self.value[node].sum(axis=1)

    @classmethod
    def from_lists(cls, features: tuple[str, ...], trees: list[dict]) -> Trees:
        """From one dict of node lists per tree (feature, threshold, left, right, value); checks the structure."""
        columns: dict[str, list] = {key: [] for key in ("feature", "threshold", "left", "right", "value")}
        roots, depth = [], 0
        for tree in trees:
            offset = len(columns["feature"])
            size = len(tree["feature"])
            if not size or any(len(tree[key]) != size for key in columns):
                raise ValueError("a tree's node lists differ in length")
            levels = [0] * size
            for i, (f, left, right) in enumerate(zip(tree["feature"], tree["left"], tree["right"], strict=True)):
                if f >= 0 and not (f < len(features) and i < left < size and i < right < size):
                    raise ValueError(f"tree node {i} names a feature or child that does not exist")
                if f >= 0:
                    levels[left] = levels[right] = levels[i] + 1
            depth = max(depth, *levels)
            roots.append(offset)
            for key in columns:
                values = tree[key]
                columns[key] += [v + offset for v in values] if key in ("left", "right") else list(values)
        return cls(
            features,
            np.array(columns["feature"], dtype=np.int64),
            np.array(columns["threshold"], dtype=np.float64),
            np.array(columns["left"], dtype=np.int64),
            np.array(columns["right"], dtype=np.int64),
            np.array(columns["value"], dtype=np.float64),
            np.array(roots, dtype=np.int64),
            depth,
        )

    def to_lists(self) -> list[dict]:
        out = []
        for start, end in zip(self.roots, [*self.roots[1:], len(self.feature)], strict=True):
            leaf = self.feature[start:end] < 0
            out.append(
                {
                    "feature": self.feature[start:end].tolist(),
                    "threshold": np.where(leaf, 0.0, self.threshold[start:end]).tolist(),
                    "left": np.where(leaf, 0, self.left[start:end] - start).tolist(),
                    "right": np.where(leaf, 0, self.right[start:end] - start).tolist(),
                    "value": np.round(self.value[start:end], 6).tolist(),
                }
            )
        return out
