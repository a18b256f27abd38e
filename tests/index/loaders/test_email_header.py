from index.loaders.email_header import EmailHeader, read_email_header


def test_an_rfc_2822_header_gives_the_subject_and_the_day_sent():
    lines = [
        "From: Zhou Lina <desk@example.org>",
        "To: Contact points",
        "Cc: Legal office <legal@example.org>",
        "Date: Wed, 21 Oct 2026 23:40:12 -0800",
        "Subject: Export desk:   first two months",
    ]
    # The day as written in the header, not moved to another time zone.
    assert read_email_header(lines) == EmailHeader("Export desk: first two months", "2026-10-21")


def test_a_written_date_is_read_too():
    lines = ["From: Data Office <d@example.org>", "Date: 2 October 2026", "Subject: Catalogue draft"]
    assert read_email_header(lines) == EmailHeader("Catalogue draft", "2026-10-02")


def test_a_header_without_a_readable_date_keeps_its_subject():
    lines = ["From: a@example.org", "To: b@example.org", "Date: soon", "Subject: Tests"]
    assert read_email_header(lines) == EmailHeader("Tests", None)


def test_contact_fields_and_notices_are_not_e_mail_headers():
    assert read_email_header(["Email: a@example.org", "Telephone: +86 10 1234"]) is None
    assert read_email_header(["NOTICE LO/N/2026/07", "Date: 18 November 2026"]) is None
    assert read_email_header(["From: Beijing", "To: the Moon"]) is None  # neither a subject nor a date
    assert read_email_header([]) is None
