from dataclasses import replace
from datetime import UTC, datetime

import numpy as np

from index.dialogue_set import load_dialogues
from index.focus import FocusWeights
from index.followup_calibration import NO_PRIOR, CachedKB, Example, Player, fit_weights, folds
from index.schema import Answer, Citation
from tests.index.test_dialogues import KB, conversation, write

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


class FocusSensitiveKB:
    """Answers a follow-up right only when its focus quotes nothing again: the quoted weight must go down."""

    def __init__(self) -> None:
        self.kb = KB

    def search(self, query, k=5):
        return self.kb.search(query, k)

    def ask(self, question, *, now=None, focus=None):
        answer = self.kb.ask(question, now=now)
        if focus is not None and focus.weights.quoted >= 0:
            return Answer(question=question, text="(the sentence quoted before)", abstained=False)
        cited = () if answer.abstained else (Citation(1, "doc.md", "Doc", "Dates", answer.text, "c1"),)
        return replace(answer, citations=cited)


def example(ranked, placement, right, dialogue="c1") -> Example:
    return Example(dialogue, np.array(ranked, float), np.array(placement, float), np.array(right))


def test_the_fitted_prior_favours_where_right_units_come_from_and_holds_back_the_quoted_one():
    # Columns: quoted, section, near, document. The right unit is of the cited section, ranked just below the
    # sentence the last answer quoted; a unit of another document ranks in between.
    found = [example([1.0, 0.8, 0.9], [[1, 0, 0, 0], [0, 1, 1, 1], [0, 0, 0, 0]], [False, True, False])] * 5
    quoted, section, near, document = fit_weights(found)
    assert quoted < 0 < min(section, near, document)
    assert all(e.top_right(fit_weights(found)) for e in found) and not found[0].top_right(np.zeros(4))
    # With nothing to learn, the pull towards no prior keeps every weight at nothing.
    assert np.allclose(fit_weights([example([2.0, 0.0], [[0, 1, 0, 1], [0, 1, 0, 1]], [True, False])]), 0, atol=1e-3)


def test_folds_keep_each_conversation_whole_and_spread_each_corpus(tmp_path):
    records = [conversation(id=f"c{i}", corpus=f"k{i % 2}") for i in range(6)]
    split = folds(load_dialogues(write(tmp_path, *records)), k=3)
    assert sorted(i for fold in split for i in fold) == [f"c{i}" for i in range(6)]
    assert all(len(fold) == 2 for fold in split)


def test_a_cached_knowledge_base_answers_what_it_does_not_cache_as_the_knowledge_base_does():
    class WithSimilarity(FocusSensitiveKB):
        def word_similarity(self, word, others):
            return [1.0 for _ in others]

    assert CachedKB(WithSimilarity()).word_similarity("a", ["b", "c"]) == [1.0, 1.0]


def test_the_player_scores_follow_ups_with_the_weights_given(tmp_path):
    dialogues = load_dialogues(write(tmp_path, conversation()))
    player = Player({"tiny": FocusSensitiveKB()}, dialogues, NOW)
    assert player.score(NO_PRIOR) == (0.0, 1.0)
    assert player.score(FocusWeights()) == (1.0, 1.0)
    assert player.right(FocusWeights(), ["c1"]) == (1, 1)
