from pathlib import Path

from index.loaders import load_document

ROOT = Path(__file__).resolve().parents[3]


def kinds(doc):
    return [(b.kind, b.text) for b in doc.blocks if b.kind != "heading"]


def test_the_article_is_clean_and_keeps_its_front_matter():
    doc = load_document(ROOT / "docs" / "proposal-article.md", "proposal-article.md")
    assert doc.title.startswith("China’s Lunar Mission Collaboration Proposal")
    assert doc.metadata["author"] == "Akash Osta"
    body = "\n".join(b.text for b in doc.blocks)
    assert doc.title not in body
    assert "until December 31 to submit a letter of intent" in body
    assert {b.kind for b in doc.blocks} == {"paragraph"}


def test_headings_make_a_trail_and_markup_is_stripped(write):
    path = write(
        "guide.md",
        "---\ntitle: Guide\nurl: https://example.org/guide\n---\nIntro text.\n\n## Deadlines\n"
        "Send **everything** by [the form](https://x.y).\n\n```\ncode # not a heading\n```\n### Later\n"
        "Text ![a chart](c.png) <b>here</b>.\n",
    )
    doc = load_document(path, "guide.md")
    paragraphs = [(b.section, b.text) for b in doc.blocks if b.kind == "paragraph"]
    assert paragraphs == [
        ((), "Intro text."),
        (("Deadlines",), "Send everything by the form."),
        (("Deadlines",), "code # not a heading"),
        (("Deadlines", "Later"), "Text a chart here."),
    ]
    assert doc.url == "https://example.org/guide"


def test_a_pipe_table_becomes_one_record_per_row_with_its_headers(write):
    doc = load_document(
        write(
            "partners.md",
            "## Partner countries\n\n| Country | Agency | Joined |\n|---|---|---|\n"
            "| Pakistan | SUPARCO | 2024-05-03 |\n| Egypt | EgSA | |\n",
        ),
        "partners.md",
    )
    assert kinds(doc) == [
        ("table_row", "Partner countries — Country: Pakistan; Agency: SUPARCO; Joined: 2024-05-03"),
        ("table_row", "Partner countries — Country: Egypt; Agency: EgSA"),
    ]


def test_a_table_is_also_read_whole_as_lists_of_its_name_columns_under_its_lead_in(write):
    doc = load_document(
        write(
            "payloads.md",
            "## Payloads\n\nThe lander carries three payloads:\n\n| Payload | Provider | Mass |\n|---|---|---|\n"
            "| Camera | Italy | 2 kg |\n| Drill | Russia | 9 kg |\n| Radar | Egypt and Bahrain | 4 kg |\n",
        ),
        "payloads.md",
    )
    lists = [text for kind, text in kinds(doc) if kind == "list"]
    # Masses are left out: an amount means nothing without its row.
    assert lists == [
        "The lander carries three payloads: Payload: Camera; Drill; Radar.",
        "The lander carries three payloads: Provider: Italy; Russia; Egypt and Bahrain.",
    ]
    assert ("paragraph", "The lander carries three payloads:") in kinds(doc)
    assert len([kind for kind, _ in kinds(doc) if kind == "table_row"]) == 3


def test_a_two_column_table_is_also_read_whole_as_key_value_items(write):
    doc = load_document(
        write(
            "dates.md",
            "## Key dates\n\n| Milestone | Date |\n|---|---|\n| Letter of intent | 30 June 2026 |\n"
            "| Full proposal | 30 October 2026 |\n| Selection | 31 March 2027 |\n",
        ),
        "dates.md",
    )
    assert kinds(doc)[-1] == (
        "list",
        "Key dates — Letter of intent: 30 June 2026; Full proposal: 30 October 2026; Selection: 31 March 2027.",
    )


def test_a_list_keeps_its_lead_in_sentence(write):
    doc = load_document(
        write("lander.md", "# Lander\n\nIt is big. The lander carries:\n\n- a drill\n- a camera\n  1. a lens\n"),
        "lander.md",
    )
    assert doc.title == "Lander"
    assert kinds(doc) == [
        ("paragraph", "It is big."),
        ("list", "The lander carries: a drill; a camera; a camera: a lens."),
    ]


def test_list_items_that_are_sentences_stay_sentences(write):
    doc = load_document(write("steps.md", "Steps:\n\n1. Write the letter.\n2. Send it\n"), "steps.md")
    assert kinds(doc) == [("list", "Steps: Write the letter. Send it.")]


def test_faq_pairs_and_question_headings(write):
    doc = load_document(
        write(
            "faq.md",
            "## FAQ\n\nQ: What is the ILRS?\nA: A lunar research station.\n\n**Q:** Who leads it?\n\n**A:** China.\n\n"
            "### When does Chang'e-8 launch?\n\nAround 2028.\n\nMore text.\n",
        ),
        "faq.md",
    )
    faqs = [(b.section, b.text) for b in doc.blocks if b.kind == "faq"]
    assert faqs == [
        (("FAQ", "What is the ILRS?"), "What is the ILRS?\nA lunar research station."),
        (("FAQ", "Who leads it?"), "Who leads it?\nChina."),
        (("FAQ", "When does Chang'e-8 launch?"), "When does Chang'e-8 launch?\nAround 2028."),
    ]
    assert doc.blocks[-1].kind == "paragraph" and doc.blocks[-1].text == "More text."


def test_front_matter_date_is_the_documents_date(write):
    doc = load_document(write("news.md", "---\ntitle: News\ndate: 2024-05-03T08:00:00Z\n---\nBody.\n"), "news.md")
    assert doc.published == "2024-05-03"


def test_alignment_rows_and_escaped_pipes_in_a_table(write):
    text = "| Lot | Subject |\n|:---:|------:|\n| 1 | Regolith \\| dust simulant |\n| 2 | Chamber |\n"
    doc = load_document(write("lots.md", text), "lots.md")
    assert [b.text for b in doc.blocks if b.kind == "table_row"] == [
        "Lot: 1; Subject: Regolith | dust simulant",
        "Lot: 2; Subject: Chamber",
    ]


def test_nested_items_name_their_parent_and_definitions_follow_their_term(write):
    text = "The lander carries:\n\n- a drill\n  - with a 2 m rod\n- a camera\n\nSRS\n: Scheduled Relay Service\n"
    doc = load_document(write("kit.md", text), "kit.md")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("list", "The lander carries: a drill; a drill: with a 2 m rod; a camera."),
        ("paragraph", "SRS: Scheduled Relay Service"),
    ]
