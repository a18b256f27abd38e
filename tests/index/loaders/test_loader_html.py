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
