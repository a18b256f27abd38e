"""Fitting small regression trees by gradient boosting on a listwise loss: each question's candidates compete in a
softmax, and every tree moves the scores towards putting that question's mass on its right units.

Splits are searched on quantile bins of each feature (histograms of gradients), so a tree costs a few array passes
whatever the number of rows. The result is `Trees` (index/scoring.py), applied in the product with numpy alone.
Training only: nothing here runs when a question is answered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from index.tree_ensemble import Trees

BINS = 32  # candidate thresholds per feature: quantiles of its values


@dataclass(frozen=True)
class Settings:
    trees: int = 200
    depth: int = 2
    learning_rate: float = 0.1
    min_rows: int = 40  # the fewest training rows a leaf may hold
    l2: float = 1.0  # shrinks each leaf's value towards zero: -G / (H + l2)


@dataclass(frozen=True)
class Groups:
    """Candidate rows of several questions, stacked: the features, which rows are right, where each question starts."""

    features: np.ndarray  # (rows, features), float32
    right: np.ndarray  # (rows,) bool; each group holds at least one right row
    starts: np.ndarray  # first row of each group

    @property
    def group_of(self) -> np.ndarray:
        sizes = np.diff(np.append(self.starts, len(self.right)))
        return np.repeat(np.arange(len(self.starts)), sizes)


def softmax_gradients(scores: np.ndarray, groups: Groups) -> tuple[np.ndarray, np.ndarray]:
    """Gradient and (diagonal) hessian of -log(softmax mass on the right rows), per question, by score."""
    group_of = groups.group_of
    z = np.exp(scores - np.maximum.reduceat(scores, groups.starts)[group_of])
    p = z / np.add.reduceat(z, groups.starts)[group_of]
    right_z = np.where(groups.right, z, 0.0)
    r = right_z / np.add.reduceat(right_z, groups.starts)[group_of]
    return p - r, np.maximum(p * (1.0 - p), 1e-9)


def logistic_gradients(scores: np.ndarray, groups: Groups) -> tuple[np.ndarray, np.ndarray]:
    """Gradient and hessian of each row's own log loss: is this row right, whatever its group."""
    p = 1.0 / (1.0 + np.exp(-scores))
    return p - groups.right, np.maximum(p * (1.0 - p), 1e-9)


def thresholds_of(features: np.ndarray) -> list[np.ndarray]:
    """Per feature, the values a split may cut at (x <= t goes left): midpoints between quantile values."""
    out = []
    for column in features.T:
        values = np.unique(np.quantile(column, np.linspace(0, 1, BINS + 1)))
        out.append(((values[:-1] + values[1:]) / 2).astype(np.float32))
    return out


def _best_split(codes, g, h, rows, cuts, settings) -> tuple[float, int, int] | None:
    """(gain, feature, bin) of the best split of `rows`, or None when no split leaves both sides big enough."""
    n_features = codes.shape[1]
    width = BINS + 1
    offsets = np.arange(n_features) * width
    flat = (codes[rows] + offsets).ravel()
    size = n_features * width
    grad = np.bincount(flat, weights=np.repeat(g[rows], n_features), minlength=size).reshape(n_features, width)
    hess = np.bincount(flat, weights=np.repeat(h[rows], n_features), minlength=size).reshape(n_features, width)
    count = np.bincount(flat, minlength=size).reshape(n_features, width)
    g_left, h_left, n_left = grad.cumsum(1)[:, :-1], hess.cumsum(1)[:, :-1], count.cumsum(1)[:, :-1]
    g_all, h_all, n_all = grad.sum(1, keepdims=True), hess.sum(1, keepdims=True), len(rows)
    lam = settings.l2
    gain = g_left**2 / (h_left + lam) + (g_all - g_left) ** 2 / (h_all - h_left + lam) - g_all**2 / (h_all + lam)
    usable = (n_left >= settings.min_rows) & (n_all - n_left >= settings.min_rows)
    usable &= np.arange(width - 1)[None, :] < np.array([len(c) for c in cuts])[:, None]
    gain = np.where(usable, gain, -np.inf)
    feature, cut = np.unravel_index(int(np.argmax(gain)), gain.shape)
    if not np.isfinite(gain[feature, cut]) or gain[feature, cut] <= 1e-12:
        return None
    return float(gain[feature, cut]), int(feature), int(cut)


def _grow(codes, g, h, cuts, settings) -> dict:
    """One tree as flat node lists: feature (-1 for a leaf), threshold, left, right, value."""
    tree = {"feature": [], "threshold": [], "left": [], "right": [], "value": []}

    def node(rows: np.ndarray, depth: int) -> int:
        index = len(tree["feature"])
        for key in tree:
            tree[key].append(0 if key != "feature" else -1)
        tree["value"][index] = float(-g[rows].sum() / (h[rows].sum() + settings.l2))
        split = _best_split(codes, g, h, rows, cuts, settings) if depth < settings.depth else None
        if split is None:
            return index
        _, feature, cut = split
        goes_left = codes[rows, feature] <= cut
        tree["feature"][index] = feature
        tree["threshold"][index] = float(cuts[feature][cut])
        tree["left"][index] = node(rows[goes_left], depth + 1)
        tree["right"][index] = node(rows[~goes_left], depth + 1)
        return index

    node(np.arange(len(g)), 0)
    return tree


def fit_trees(
    groups: Groups,
    base: np.ndarray,
    names: tuple[str, ...],
    settings: Settings = Settings(),
    gradients: Callable[[np.ndarray, Groups], tuple[np.ndarray, np.ndarray]] = softmax_gradients,
) -> Trees:
    """Trees whose summed leaf values, added to the `base` scores, rank each group's right rows first (or, with
    `logistic_gradients`, give each row the log-odds that it is right)."""
    x = groups.features.astype(np.float32)
    cuts = thresholds_of(x)
    # A row's bin for a feature: how many cut points lie below its value, so bin <= b means x <= cuts[b].
    codes = np.stack([np.searchsorted(c, x[:, j], side="left") for j, c in enumerate(cuts)], axis=1)
    scores = base.astype(np.float64).copy()
    trees = []
    for _ in range(settings.trees):
        g, h = gradients(scores, groups)
        tree = _grow(codes, g, h, cuts, settings)
        tree["value"] = [settings.learning_rate * v for v in tree["value"]]
        trees.append(tree)
        scores += Trees.from_lists(names, [tree]).scores(x)
    return Trees.from_lists(names, trees)
