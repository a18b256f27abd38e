import pytest

from index.loaders import load_document

PAGE = """<html><head><title>Partners | Space News</title>
<meta property="article:published_time" content="2024-05-06T10:00:00Z"><meta name="author" content="Li Wei">
<link rel="canonical" href="https://example.org/partners"></head>
<body><nav><a href="/">Home</a> | <a href="/about">About us</a> | <a href="/news">News</a></nav>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience. Accept all cookies.</div>
<main><article><h1>ILRS partners</h1>
<p>The International Lunar Research Station has several partners; this page lists them with their join dates.</p>
<h2>Members</h2><p>The station's first members were:</p><ul><li>Russia</li><li>Belarus</li></ul>
<table><caption>Partner countries</caption>
<thead><tr><th>Country</th><th>Agency</th><th>Joined</th></tr></thead>
<tbody><tr><td>Pakistan</td><td>SUPARCO</td><td>2024-05-03</td></tr>
<tr><td>Egypt</td><td>EgSA</td><td>2023-12-06</td></tr></tbody></table>
<h2>When did Russia join?</h2><p>Russia joined in 2021 as the first partner of the station.</p>
</article></main><aside class="sidebar">Related stories: the best telescopes of the year</aside>
<footer>© 2024 Space News. All rights reserved. Privacy policy.</footer></body></html>"""


def test_main_content_tables_lists_and_question_headings(write):
    doc = load_document(write("partners.html", PAGE), "partners.html")
    assert doc.title == "ILRS partners"
    assert doc.metadata["author"] == "Li Wei"
    assert doc.url == "https://example.org/partners"
    assert doc.published == "2024-05-06"
    blocks = [(b.kind, b.text) for b in doc.blocks if b.kind != "heading"]
    assert blocks[1:] == [
        ("list", "The station's first members were: Russia; Belarus."),
        ("table_row", "Partner countries — Country: Pakistan; Agency: SUPARCO; Joined: 2024-05-03"),
        ("table_row", "Partner countries — Country: Egypt; Agency: EgSA; Joined: 2023-12-06"),
        ("faq", "When did Russia join?\nRussia joined in 2021 as the first partner of the station."),
    ]
    text = " ".join(b.text for b in doc.blocks)
    for boilerplate in ("cookies", "About us", "Related stories", "All rights reserved"):
        assert boilerplate not in text


def test_a_time_element_dates_a_page_without_meta_date(write):
    page = (
        "<html><head><title>Update</title></head><body><article><h1>Update</h1>"
        '<p>Posted <time datetime="2023-12-06">6 December</time>.</p>'
        "<p>Egypt signed the ILRS cooperation agreement with China during a ceremony held in Cairo.</p>"
        "</article></body></html>"
    )
    assert load_document(write("update.html", page), "update.html").published == "2023-12-06"


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ('<p class="byline">By Tomasz Wrona · Last updated 16 June 2025</p>', "Tomasz Wrona"),
        ('<p class="meta">Published 27 February 2024 · By Amina Haddad, policy correspondent</p>', "Amina Haddad"),
        ('<div class="cookies">By continuing to browse you accept cookies.</div>', None),
    ],
)
def test_a_byline_names_the_author_without_its_date(write, byline, author):
    page = (
        "<html><head><title>Partners</title></head><body><article><h1>Partners</h1>"
        f"{byline}"
        "<p>Seventeen countries have signed agreements to take part in the International Lunar Research Station.</p>"
        "</article></body></html>"
    )
    doc = load_document(write("p.html", page), "p.html")
    assert doc.metadata.get("author") == author


def _page(body: str) -> str:
    return (
        "<html><head><title>Lots</title></head><body><article><h1>Lots</h1>"
        "<p>The call has these lots, as agreed by the partners at the last meeting of the council.</p>"
        f"{body}<p>Tenders are due by 31 August 2026; late tenders are not accepted in any case.</p>"
        "</article></body></html>"
    )


def _rows(write, body):
    doc = load_document(write("lots.html", _page(body)), "lots.html")
    return [block.text for block in doc.blocks if block.kind == "table_row"]


def test_a_cell_spanning_rows_is_in_each_row_and_one_spanning_columns_keeps_the_columns_after_it(write):
    rows = _rows(
        write,
        "<table><thead><tr><th>Lot</th><th>Subject</th><th>Budget</th></tr></thead><tbody>"
        '<tr><td rowspan="2">1</td><td>Regolith simulant</td><td>5.8</td></tr>'
        "<tr><td>Dust simulant</td><td>2.1</td></tr>"
        '<tr><td colspan="2">Total</td><td>7.9</td></tr></tbody></table>',
    )
    assert rows == [
        "Lot: 1; Subject: Regolith simulant; Budget: 5.8",
        "Lot: 1; Subject: Dust simulant; Budget: 2.1",
        "Lot: Total; Budget: 7.9",
    ]


def test_two_header_rows_name_each_column_together(write):
    rows = _rows(
        write,
        "<table><thead>"
        '<tr><th rowspan="2">Lot</th><th colspan="2">Budget</th></tr><tr><th>2026</th><th>2027</th></tr>'
        "</thead><tbody><tr><td>1</td><td>2.0</td><td>3.8</td></tr><tr><td>2</td><td>30.0</td><td>32.0</td></tr>"
        "</tbody></table>",
    )
    assert rows == ["Lot: 1; Budget 2026: 2.0; Budget 2027: 3.8", "Lot: 2; Budget 2026: 30.0; Budget 2027: 32.0"]


def test_a_first_row_of_th_cells_without_thead_is_the_header(write):
    rows = _rows(write, "<table><tr><th>Lot</th><th>Budget</th></tr><tr><td>1</td><td>5.8</td></tr></table>")
    assert rows == ["Lot: 1; Budget: 5.8"]


def test_definition_lists_pair_terms_and_nested_items_name_their_parent(write):
    doc = load_document(
        write(
            "terms.html",
            _page(
                "<p>The classes are:</p><dl><dt>SRS</dt><dd>Scheduled Relay Service</dd>"
                "<dt>COR</dt><dd>Critical Operations Relay</dd></dl>"
                "<p>The lander carries:</p><ul><li>a drill<ul><li>with a 2 m rod</li></ul></li><li>a camera</li></ul>"
            ),
        ),
        "terms.html",
    )
    assert [block.text for block in doc.blocks if block.kind == "list"] == [
        "The classes are: SRS: Scheduled Relay Service; COR: Critical Operations Relay.",
        "The lander carries: a drill; a drill: with a 2 m rod; a camera.",
    ]
