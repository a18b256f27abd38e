from dataclasses import replace
from datetime import UTC, datetime

from index.dialogue_set import load_dialogues
from index.focus import FocusWeights
from index.followup_calibration import NO_EFFECT, CachedKB, calibrate, score
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


def test_the_no_effect_setting_is_the_first_value_of_every_grid():
    assert NO_EFFECT.weights == FocusWeights(quoted=0.0, section=0.0, document=0.0, chunks=0)
    assert NO_EFFECT.with_value("chunks", 3.0).weights.chunks == 3


def test_calibration_keeps_no_effect_when_nothing_gains_and_moves_when_something_does(tmp_path):
    dialogues = load_dialogues(write(tmp_path, conversation()))
    assert calibrate({"tiny": KB}, dialogues, NOW, log=lambda _: None) == NO_EFFECT
    sensitive = {"tiny": CachedKB(FocusSensitiveKB())}
    assert score(sensitive, dialogues, NO_EFFECT, NOW) == (0.0, 1.0)
    chosen = calibrate({"tiny": FocusSensitiveKB()}, dialogues, NOW, log=lambda _: None)
    assert chosen.weights.quoted < 0 and score(sensitive, dialogues, chosen, NOW) == (1.0, 1.0)
