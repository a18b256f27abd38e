from index.eval_question import EvalQuestion
from index.evaluation import score
from index.quote_misses import classify, summary
from index.schema import Answer, Chunk, Citation

LEAD = "The network has three stations:"
ITEMS = "Kashi, in Xinjiang, the oldest; Jiamusi, in Heilongjiang; Neuquén, in Argentina, the newest."
FILLER = " ".join(f"Station operators meet every {n} months to agree on the schedule." for n in range(2, 14))
NOTE = "Malargüe is not part of the network, although it is often named with it."


def chunk(position: int, text: str, kind: str = "prose") -> Chunk:
    return Chunk(
        id=f"c{position}",
        doc_path="net.md",
        title="The network",
        section="Stations",
        position=position,
        text=text,
        sentences=(text,),
        kind=kind,
    )


CHUNKS = [
    chunk(0, f"{LEAD} {ITEMS}", "list"),
    chunk(1, "The stations were chosen in 2019 for their spread. " + FILLER),
    chunk(2, NOTE),
]


def question(expect: tuple[str, ...], evidence: str = LEAD) -> EvalQuestion:
    return EvalQuestion(
        id="q",
        question="Which stations are in the network?",
        style="plain",
        abstain=False,
        kind="list",
        expect_any=(expect,),
        evidence=evidence,
        sources=("net.md",),
    )


def answer(quote: str, cited: Chunk = CHUNKS[0], source: str = "net.md") -> Answer:
    citation = Citation(1, source, "The network", "Stations", quote, cited.id)
    return Answer("Which stations are in the network?", f"{quote} [1]", False, (citation,))


def cause(q: EvalQuestion, a: Answer) -> str | None:
    miss = classify(q, score(q, a, []), a, CHUNKS)
    return miss.cause if miss else None


def test_a_quote_that_stops_before_what_its_lead_in_announces_is_too_short():
    q = question(("Kashi", "Jiamusi", "Neuquén"))
    assert cause(q, answer(f"{LEAD} Kashi, in Xinjiang, the oldest; …")) == "stops"


def test_a_quote_leaving_out_the_middle_is_cut_and_one_of_another_passage_is_elsewhere():
    q = question(("Jiamusi",))
    assert cause(q, answer(f"{LEAD} … Neuquén, in Argentina, the newest.")) == "cut"
    far = question(("Malargüe is not part",), evidence=NOTE)
    assert cause(far, answer(LEAD)) == "elsewhere"


def test_right_answers_wrong_sources_and_evidence_without_the_answer_are_not_counted():
    q = question(("Kashi",))
    assert cause(q, answer(f"{LEAD} {ITEMS}")) is None  # right
    assert cause(q, answer(LEAD, source="other.md")) is None  # a wrong source first
    assert cause(question(("Kashi",), evidence="The stations were chosen in 2019"), answer(LEAD)) is None
    misses = [classify(q, score(q, a, []), a, CHUNKS) for q, a in [(question(("Kashi", "Neuquén")), answer(LEAD))]]
    assert summary([m for m in misses if m]) == {"stops": 1, "cut": 0, "elsewhere": 0, "too_short": 1}
