"""The whole fit: which scores each part of the answer model learns from."""

from types import SimpleNamespace

import numpy as np

from index import training


def _example(corpus: str, abstain: bool) -> SimpleNamespace:
    question = SimpleNamespace(corpus=corpus, id="q", split="tune", abstain=abstain)
    return SimpleNamespace(question=question, view=corpus, features=np.zeros((2, 1)), labels=np.array([1, 0]))


def test_the_refusal_model_and_threshold_learn_from_features_ranked_without_the_questions_corpus(monkeypatch):
    examples = [_example(c, abstain) for c in ("a", "b") for abstain in (False, True)]
    seen: dict[str, np.ndarray] = {}

    def scores(which: str):
        return lambda exs, fit: [np.full(2, 1.0 if which == "corpus" else 2.0) for _ in exs]

    def refusal_vectors(exs, logits, stated):
        return np.array([[x[0], s[0]] for x, s in zip(logits, stated, strict=True)])

    def fit_pairwise(vectors, labels, names):
        seen["refusal"] = vectors
        return "refusal"

    def out_of_fold_probability(vectors, labels, exs):
        seen["threshold"] = vectors
        return np.full(len(exs), 0.5)

    monkeypatch.setattr(training, "fit_kinds", lambda exs: ("kinds", exs, {}))
    monkeypatch.setattr(training, "fit_ranker", lambda exs, trees=None: "ranker")
    monkeypatch.setattr(training, "fit_stated", lambda exs: "stated")
    monkeypatch.setattr(training, "out_of_fold_logits", scores("fold"))
    monkeypatch.setattr(training, "out_of_corpus_logits", scores("corpus"))
    monkeypatch.setattr(training, "refusal_vectors", refusal_vectors)
    monkeypatch.setattr(training, "fit_pairwise", fit_pairwise)
    monkeypatch.setattr(training, "out_of_fold_probability", out_of_fold_probability)
    monkeypatch.setattr(training, "choose_policy", lambda exs, lg, p: (0.5, 0.0, 0.0))
    monkeypatch.setattr(training, "figures", lambda *args: {})
    training.train(examples)
    # Ranker and stated scores out of corpus (1.0), never those of models that saw the corpus (2.0).
    assert seen["refusal"].tolist() == [[1.0, 1.0]] * 4
    assert seen["threshold"].tolist() == [[1.0, 1.0]] * 4
