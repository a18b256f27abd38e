import json

import numpy as np
import pytest

from index.boosting import Groups, Settings, fit_trees, softmax_gradients
from index.errors import IndexCorruptError
from index.scoring import MODEL_PATH, AnswerModel, Linear, Ranker
from index.tree_ensemble import Trees

NAMES = ("a", "b")
# Tree 1 splits on a at 0.5; tree 2 on b at 1.0, then on a at 2.0 on its right.
TREES = [
    {"feature": [0, -1, -1], "threshold": [0.5, 0, 0], "left": [1, 0, 0], "right": [2, 0, 0], "value": [0, -1, 1]},
    {
        "feature": [1, -1, 0, -1, -1],
        "threshold": [1.0, 0, 2.0, 0, 0],
        "left": [1, 0, 3, 0, 0],
        "right": [2, 0, 4, 0, 0],
        "value": [0, 0.5, 0, 2.0, 3.0],
    },
]


def test_trees_add_the_leaf_each_row_reaches():
    trees = Trees.from_lists(NAMES, TREES)
    x = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 2.0], [3.0, 2.0], [0.5, 1.0]], dtype=np.float32)
    assert trees.depth == 2
    assert trees.scores(x).tolist() == [-0.5, 1.5, 3.0, 4.0, -0.5]
    again = Trees.from_lists(NAMES, json.loads(json.dumps(trees.to_lists())))
    assert again.scores(x).tolist() == trees.scores(x).tolist()
    assert trees.scores(np.zeros((0, 2), dtype=np.float32)).shape == (0,)


@pytest.mark.parametrize(
    "change",
    [
        {"left": [0, 0, 0]},  # a child before its parent: a loop
        {"feature": [5, -1, -1]},  # a feature the model does not have
        {"value": [0, 1]},  # lists of different lengths
    ],
)
def test_a_malformed_tree_is_refused(change):
    with pytest.raises(ValueError):
        Trees.from_lists(NAMES, [{**TREES[0], **change}])


def test_a_model_with_a_malformed_tree_is_refused_at_load(tmp_path):
    data = json.loads(MODEL_PATH.read_text())
    data["units"]["trees"] = [{**TREES[0], "left": [7, 0, 0]}]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data))
    with pytest.raises(IndexCorruptError, match="malformed"):
        AnswerModel.load(path)


def test_softmax_gradients_push_the_right_row_up_within_its_group():
    groups = Groups(np.zeros((4, 1), np.float32), np.array([1, 0, 0, 1], bool), np.array([0, 3]))
    g, h = softmax_gradients(np.zeros(4), groups)
    assert g[0] < 0 < g[1] and g[3] == 0.0  # a group whose only row is right has nothing to learn
    assert np.isclose(g[:3].sum(), 0.0) and (h > 0).all()


def test_boosted_trees_learn_what_two_features_say_together():
    # The right row of each group is the one where a and b are both high: no single feature ranks it first.
    rng = np.random.default_rng(0)
    rows, right, starts = [], [], []
    for _ in range(120):
        starts.append(len(rows))
        rows += [[0.9, 0.9], [0.9, 0.1], [0.1, 0.9], [0.1, 0.1]]
        right += [True, False, False, False]
    x = np.array(rows, np.float32) + rng.normal(0, 0.05, (len(rows), 2)).astype(np.float32)
    groups = Groups(x, np.array(right), np.array(starts))
    trees = fit_trees(groups, np.zeros(len(x)), NAMES, Settings(trees=30, depth=2, min_rows=20))
    scores = trees.scores(x).reshape(-1, 4)
    assert (scores.argmax(axis=1) == 0).mean() > 0.95


def test_a_ranker_adds_its_trees_to_its_linear_score_and_round_trips_through_json():
    linear = Linear(NAMES, np.array([1.0, -2.0], np.float32), 0.5)
    ranker = Ranker(NAMES, linear=linear, trees=Trees.from_lists(NAMES, TREES))
    x = np.array([[0.0, 0.0], [1.0, 2.0]], dtype=np.float32)
    assert np.allclose(ranker.logits(x), linear.logits(x) + ranker.trees.scores(x))
    again = Ranker.from_json(json.loads(json.dumps(ranker.to_json())), NAMES)
    assert np.allclose(again.logits(x), ranker.logits(x))
    trees_only = Ranker.from_json({"features": list(NAMES), "trees": TREES}, NAMES)
    assert trees_only.linear is None and np.allclose(trees_only.logits(x), ranker.trees.scores(x))
