from index.loaders import load_document

RELEASE = """ILRS press release

BEIJING, 3 May 2024 — The China National Space Administration said on Friday
that Pakistan has joined the International Lunar Research Station.

Background

The station's partners include:
- Russia
- Belarus, which joined
  in 2023

Q: Who leads the ILRS?
A: China and Russia lead it
together.

When will it be built?

In the 2030s.
"""


def test_title_dateline_headings_lists_and_faq(write):
    doc = load_document(write("release.txt", RELEASE), "release.txt")
    assert doc.title == "ILRS press release"
    assert doc.published == "2024-05-03"
    assert [(b.kind, b.section, b.text) for b in doc.blocks if b.kind != "heading"] == [
        (
            "paragraph",
            (),
            "BEIJING, 3 May 2024 — The China National Space Administration said on Friday that Pakistan has "
            "joined the International Lunar Research Station.",
        ),
        ("list", ("Background",), "The station's partners include: Russia; Belarus, which joined in 2023."),
        ("faq", ("Background", "Who leads the ILRS?"), "Who leads the ILRS?\nChina and Russia lead it together."),
        ("faq", ("When will it be built?",), "When will it be built?\nIn the 2030s."),
    ]


def test_plain_text_without_a_title_line_is_titled_from_the_file_name(write):
    doc = load_document(write("mission-notes.txt", "line one\nwrapped.\n\nsecond para.\n"), "mission-notes.txt")
    assert doc.title == "Mission notes"
    assert [b.text for b in doc.blocks] == ["line one wrapped.", "second para."]
    assert doc.published is None


def test_a_published_on_line_dates_the_text(write):
    doc = load_document(write("n.txt", "Notes\n\nPublished on March 4, 2025.\n\nBody text.\n"), "n.txt")
    assert doc.published == "2025-03-04"


NOTICE = """PRESS RELEASE

Two calls open for payloads

Beijing, 24 April 2026

Two calls are now open.

1. Lander call

Managed by: Lander Office
Email: lander@example.org

2. Orbiter call

Managed by: Orbiter Office
Email: orbiter@example.org

###
"""


def test_kicker_dateline_numbered_headings_and_field_records(write):
    doc = load_document(write("notice.txt", NOTICE), "notice.txt")
    assert doc.title == "Two calls open for payloads"
    assert doc.published == "2026-04-24"
    assert [(b.kind, b.section, b.text) for b in doc.blocks if b.kind != "heading"] == [
        ("paragraph", (), "Beijing, 24 April 2026"),
        ("paragraph", (), "Two calls are now open."),
        ("list", ("1. Lander call",), "Managed by: Lander Office; Email: lander@example.org."),
        ("list", ("2. Orbiter call",), "Managed by: Orbiter Office; Email: orbiter@example.org."),
    ]


def test_a_heading_on_the_first_line_of_its_paragraph(write):
    doc = load_document(
        write("a.txt", "Intro text here.\n\nAbout CNSA\nThe agency runs China's space programme.\n"), "a.txt"
    )
    assert [(b.kind, b.section, b.text) for b in doc.blocks][1:] == [
        ("heading", ("About CNSA",), "About CNSA"),
        ("paragraph", ("About CNSA",), "The agency runs China's space programme."),
    ]


def test_a_date_under_the_title_dates_the_text_and_a_one_line_file_keeps_its_line(write):
    faq = "PARTNERSHIP FAQ\nPartnership Secretariat, Hefei\nLast revised: 10 January 2025\n\nQ: Who?\nA: Anyone.\n"
    doc = load_document(write("faq.txt", faq), "faq.txt")
    assert (doc.title, doc.published) == ("PARTNERSHIP FAQ", "2025-01-10")
    assert [b.text for b in doc.blocks][:2] == ["Partnership Secretariat, Hefei", "Last revised: 10 January 2025"]
    one = load_document(write("one.txt", "Launch moved to 2029\n"), "one.txt")
    assert [b.text for b in one.blocks] == ["Launch moved to 2029"]


def test_windows_line_endings_and_byte_order_marks_are_read_through(write):
    text = "Relay guide\r\n\r\nThe relay is booked 30 days ahead.\r\nCOR windows are booked 90 days ahead.\r\n"
    for name, data in [("utf8.txt", b"\xef\xbb\xbf" + text.encode()), ("utf16.txt", text.encode("utf-16"))]:
        doc = load_document(write(name, data), name)
        assert doc.title == "Relay guide"
        assert [b.text for b in doc.blocks] == [
            "The relay is booked 30 days ahead. COR windows are booked 90 days ahead."
        ]


EMAIL = """From: Ma Jun <site@example.org>
To: Members of the working group
Cc: Sun Yaqi <isru@example.org>
Date: Thu, 29 Oct 2026 09:40:12 +0800
Subject: Site A: drill field tests, first results

Dear colleagues,

The drill reached 1.2 m on the second day.
"""


def test_an_e_mail_is_titled_by_its_subject_and_dated_by_its_header(write):
    doc = load_document(write("email-2026-10.txt", EMAIL), "email-2026-10.txt")
    assert doc.title == "Site A: drill field tests, first results"
    assert doc.published == "2026-10-29"
    header, *rest = doc.blocks
    assert header.section == () and header.text.startswith("From: Ma Jun <site@example.org>; To: Members")
    assert "Date: Thu, 29 Oct 2026 09:40:12 +0800" in header.text  # the header lines stay quotable
    assert [b.text for b in rest] == ["Dear colleagues,", "The drill reached 1.2 m on the second day."]


def test_a_date_label_before_a_weekday_dates_the_text(write):
    doc = load_document(write("n.txt", "Notice\n\nDate: Wednesday, 18 November 2026\n\nBody text.\n"), "n.txt")
    assert doc.published == "2026-11-18"


LOOSE = """Booking guide

To book a window, a team takes three steps:

1. Register the mission with the office.

2. Pass a compatibility test.

3. Send a request 30 days ahead.

Changes

The office may change this:

- when the relay is serviced;

- when a mission is in danger.

Notices

1. Numbered paragraphs without a lead-in.

2. Stay items of their own.
"""


def test_a_list_whose_items_are_apart_stays_one_list_under_its_lead_in(write):
    doc = load_document(write("guide.txt", LOOSE), "guide.txt")
    assert [(b.kind, b.text) for b in doc.blocks if b.kind != "heading"] == [
        (
            "list",
            "To book a window, a team takes three steps: Register the mission with the office. Pass a compatibility "
            "test. Send a request 30 days ahead.",
        ),
        ("list", "The office may change this: when the relay is serviced; when a mission is in danger."),
        ("list", "Numbered paragraphs without a lead-in."),
        ("list", "Stay items of their own."),
    ]


def test_numbered_items_inline_in_a_paragraph_are_read_as_a_list(write):
    text = "Timeline\n\nThe work is planned. It runs in two steps: 1. Design review. 2. Flight in 2028.\n"
    doc = load_document(write("timeline.txt", text), "timeline.txt")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "The work is planned."),
        ("list", "It runs in two steps: Design review. Flight in 2028."),
    ]


def test_a_line_starting_with_a_unit_wrapped_off_the_line_before_is_no_lettered_item(write):
    text = "Notes\n\nThe lander picks a point free of rocks larger than 0.3\nm. It can move sideways by 80 m.\n"
    doc = load_document(write("notes.txt", text), "notes.txt")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "The lander picks a point free of rocks larger than 0.3 m. It can move sideways by 80 m.")
    ]
    lettered = load_document(write("l.txt", "Notes\n\nOptions:\na) a drill\nb) a camera\n"), "l.txt")
    assert [(b.kind, b.text) for b in lettered.blocks] == [("list", "Options: a drill; a camera.")]
