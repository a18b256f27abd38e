"""A labelled question for measuring answer quality: what is asked, and the answer or refusal that is right."""

from __future__ import annotations

from dataclasses import dataclass, replace

SPLITS = ("tune", "holdout")
STYLES = frozenset(
    {
        "plain",
        "paraphrase",
        "typo",
        "terse",
        "keyword",
        "caps",
        "casual",
        "yesno",
        "latest",
        "list",
        "first",
        "injection",
    }
)
KINDS = frozenset({"date", "deadline", "number", "entity", "place", "list", "yesno", "description", "metadata"})
REFUSALS = frozenset({"neighbour", "unstated", "offtopic"})


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    question: str
    style: str
    abstain: bool
    split: str = "tune"
    kind: str = "description"
    refusal: str | None = None  # why no document answers it, for a question to refuse
    expect: tuple[str, ...] = ()  # every one must appear in the answer
    expect_any: tuple[tuple[str, ...], ...] = ()  # and, when given, every string of at least one group
    evidence: str | None = None  # verbatim text of the source that answers the question
    sources: tuple[str, ...] = ()  # documents (paths under the corpus's docs) whose citation is right
    corpus: str = ""
    # The label once every corpus is indexed together (sources as "<corpus>/<path>"), when it differs from this
    # one; with `all_view_skip`, the question has no single right answer there. The reason says which documents.
    all_view: EvalQuestion | None = None
    all_view_skip: bool = False
    all_view_reason: str | None = None

    @property
    def group(self) -> str:
        """The label reports break accuracy down by: the refusal reason, or the kind of answer."""
        return f"refuse:{self.refusal}" if self.abstain else self.kind


def in_all_view(question: EvalQuestion) -> EvalQuestion | None:
    """The question as labelled in the index of every corpus, each in a folder named after it; None when skipped."""
    if question.all_view_skip:
        return None
    if question.all_view is not None:
        return question.all_view
    return replace(question, sources=tuple(f"{question.corpus}/{source}" for source in question.sources))
