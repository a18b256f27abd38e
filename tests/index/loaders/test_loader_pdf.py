"""PDFs typeset in the test: running header, footer and page numbers must go; headings, tables and lists stay."""

from datetime import UTC, datetime

import pytest

from index.loaders import load_document

fpdf = pytest.importorskip("fpdf")

PAGES = [
    [
        ("heading", "Lunar station briefing"),
        ("text", "Published on 3 May 2024"),
        ("heading", "1. Overview"),
        ("line", "The station is planned for the lunar south pole. It will support long explo-"),
        ("line", "ration of the region by robots."),
        ("gap", ""),
        ("line", "The lander carries:"),
        ("line", "-  a drill"),
        ("line", "-  a camera"),
    ],
    [
        ("heading", "Partners"),
        ("line", "Three countries had signed by the end of the year."),
        ("gap", ""),
        ("table", [["Country", "Joined"], ["Pakistan", "3 May 2024"], ["Egypt", "6 December 2023"]]),
        ("gap", ""),
        ("line", "More countries are in talks."),
    ],
    [
        ("heading", "Schedule"),
        ("line", "Chang'e-8 will launch around 2028."),
    ],
]


def typeset(path, pages, header="Lunar Notes | Station briefing", footer="- page {n} -", created=None):
    pdf = fpdf.FPDF(format="A4")
    if created:
        pdf.set_creation_date(created)
    pdf.set_auto_page_break(auto=False)
    pdf.set_title("Lunar station briefing")
    for number, items in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        pdf.cell(0, 8, header.format(n=number), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
        for kind, content in items:
            if kind == "heading":
                pdf.set_font("Helvetica", "B", 14)
                pdf.cell(0, 10, content, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(3)
            elif kind == "gap":
                pdf.ln(6)
            elif kind == "table":
                pdf.set_font("Helvetica", size=10)
                with pdf.table(first_row_as_headings=True) as grid:
                    for cells in content:
                        row = grid.row()
                        for cell in cells:
                            row.cell(cell)
            else:
                pdf.set_font("Helvetica", size=11)
                pdf.cell(0, 6, content, new_x="LMARGIN", new_y="NEXT")
                if kind == "text":
                    pdf.ln(4)
        pdf.set_y(-15)
        pdf.set_font("Helvetica", size=8)
        pdf.cell(0, 8, footer.format(n=number), align="C")
    path.write_bytes(bytes(pdf.output()))
    return path


@pytest.fixture
def briefing(tmp_path):
    return load_document(typeset(tmp_path / "briefing.pdf", PAGES), "briefing.pdf")


def test_running_header_footer_and_page_numbers_are_removed(briefing):
    text = "\n".join(block.text for block in briefing.blocks)
    assert "Lunar Notes" not in text
    assert "page" not in text.lower()


def test_title_headings_and_paragraphs(briefing):
    assert briefing.title == "Lunar station briefing"
    assert briefing.published == "2024-05-03"
    headings = [block.text for block in briefing.blocks if block.kind == "heading"]
    assert headings == ["1. Overview", "Partners", "Schedule"]
    paragraphs = [(block.page, block.section, block.text) for block in briefing.blocks if block.kind == "paragraph"]
    assert (
        1,
        ("1. Overview",),
        "The station is planned for the lunar south pole. It will support long exploration of the region by robots.",
    ) in paragraphs
    assert (3, ("Schedule",), "Chang'e-8 will launch around 2028.") in paragraphs


def test_lists_keep_their_lead_in_and_tables_become_rows(briefing):
    kinds = [(block.kind, block.text) for block in briefing.blocks if block.kind in ("list", "table_row")]
    assert kinds == [
        ("list", "The lander carries: a drill; a camera."),
        ("table_row", "Partners — Country: Pakistan; Joined: 3 May 2024"),
        ("table_row", "Partners — Country: Egypt; Joined: 6 December 2023"),
    ]


def test_page_of_page_footers_and_numbered_headers_are_removed_too(tmp_path):
    path = typeset(tmp_path / "b.pdf", PAGES, header="Briefing 2024 - issue {n}", footer="Page {n} of 3")
    text = "\n".join(block.text for block in load_document(path, "b.pdf").blocks)
    assert "Briefing 2024" not in text and "of 3" not in text


LOTS = [
    ["Lot", "Subject", "Quantity", "Estimated budget (million CNY, excl. VAT)", "Delivery after contract signature"],
    ["1", "Highland regolith simulant", "40 tonnes in 1-tonne sealed bags", "5.8", "within 10 months"],
    [
        "2",
        "Large thermal vacuum chamber with solar simulator",
        "1 chamber, installed in Hefei",
        "62.0",
        "within 24 months",
    ],
    [
        "3",
        "Surface energy storage units",
        "2 engineering models, 1 qualification model, 4 flight models",
        "52.0",
        "qualification model within 14 months, flight models within 26 months",
    ],
]


def typeset_table(path, rows, v_align="MIDDLE", widths=None, **layout):
    pdf = fpdf.FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    pdf.cell(0, 6, "The call has three lots.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    with pdf.table(first_row_as_headings=True, v_align=v_align, col_widths=widths, **layout) as grid:
        for cells in rows:
            row = grid.row()
            for cell in cells:
                row.cell(cell)
    pdf.ln(4)
    pdf.cell(0, 6, "Tenders are due by 31 August 2026.", new_x="LMARGIN", new_y="NEXT")
    path.write_bytes(bytes(pdf.output()))
    return [block.text for block in load_document(path, path.name).blocks if block.kind == "table_row"]


def as_rows(table):
    header, *rows = table
    return ["; ".join(f"{name}: {value}" for name, value in zip(header, cells, strict=True)) for cells in rows]


@pytest.mark.parametrize("v_align", ["MIDDLE", "TOP", "BOTTOM"])
def test_cells_wrapped_over_several_lines_stay_in_their_row_and_column(tmp_path, v_align):
    assert typeset_table(tmp_path / "lots.pdf", LOTS, v_align) == as_rows(LOTS)


def test_a_wrapped_first_cell_centred_on_its_row_is_one_row(tmp_path):
    classes = [
        ["Class", "Code", "Return rate", "Booking lead time"],
        ["Scheduled Relay Service", "SRS", "up to 2 Mbit/s", "30 days"],
        ["Scheduled Relay Service Plus", "SRS-Plus", "up to 5 Mbit/s", "30 days"],
        ["Critical Operations Relay", "COR", "up to 5 Mbit/s", "90 days"],
    ]
    assert typeset_table(tmp_path / "classes.pdf", classes, widths=(15, 25, 25, 25)) == as_rows(classes)


INSTRUMENTS = [
    ["Instrument", "Carried on", "Built by", "Instrument class", "Node"],
    [
        "Polar Volatile Spectrometer (PVS)",
        "ILRS-1 lander",
        "National Space Science Center, China",
        "Chinese",
        "Nanjing Data Node",
    ],
    [
        "Subsurface Sounding Radar (SSR)",
        "ILRS-1 rover",
        "Aerospace Information Research Institute, China",
        "Chinese",
        "Nanchang Data Node",
    ],
    ["Dust and Plasma Monitor (DPM)", "ILRS-2 lander", "SUPARCO, Pakistan", "Partner", "Hefei Primary Node"],
]


# Bottom-aligned cells are left out: pypdf's layout text glues a cell's last line to the next cell's text there.
@pytest.mark.parametrize("v_align", ["MIDDLE", "TOP"])
def test_padded_rows_wrapped_in_several_columns_at_once_stay_one_row_each(tmp_path, v_align):
    """Rows set further apart than the lines inside them: the wider gap ends a row, whichever cells wrap."""
    rows = typeset_table(tmp_path / "instruments.pdf", INSTRUMENTS, v_align, line_height=4, padding=2)
    assert rows == as_rows(INSTRUMENTS)


class Guide(fpdf.FPDF):
    def header(self):
        self.set_font("Helvetica", size=8)
        self.cell(0, 8, "Relay Service Office | User guide", align="C")
        self.ln(12)

    def footer(self):
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 8, f"Page {self.page_no()}", align="C")


@pytest.mark.parametrize("repeat_header", [True, False])
def test_a_table_over_a_page_break_keeps_its_rows_and_header(tmp_path, repeat_header):
    pdf = Guide(format="A4")
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 6, "The stations of the relay network are these.", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(200)
    stations = [[f"Station {n}", "China" if n % 2 else "Argentina", f"{30 + n} m"] for n in range(1, 15)]
    with pdf.table(first_row_as_headings=True, repeat_headings=int(repeat_header)) as grid:
        for cells in [["Station", "Country", "Antenna"], *stations]:
            row = grid.row()
            for cell in cells:
                row.cell(cell)
    pdf.add_page()
    pdf.cell(0, 6, "All stations are operated around the clock.", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "stations.pdf"
    path.write_bytes(bytes(pdf.output()))
    doc = load_document(path, "stations.pdf")
    rows = [block.text for block in doc.blocks if block.kind == "table_row"]
    assert rows == [f"Station: {name}; Country: {country}; Antenna: {size}" for name, country, size in stations]
    assert {block.page for block in doc.blocks if block.kind == "table_row"} == {1, 2}


def test_two_columns_of_text_are_read_one_after_the_other(tmp_path):
    pdf = Guide(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    left = "The relay satellite orbits the Moon on a frozen elliptical orbit. It serves the far side for hours a day."
    right = "Critical operations have priority over all other bookings. A landing is covered by two relay windows."
    top = pdf.get_y()
    pdf.set_xy(10, top)
    pdf.multi_cell(90, 6, left)
    pdf.set_xy(110, top)
    pdf.multi_cell(90, 6, right)
    path = tmp_path / "columns.pdf"
    path.write_bytes(bytes(pdf.output()))
    assert [block.text for block in load_document(path, "columns.pdf").blocks] == [left, right]


def test_a_pdf_without_a_stated_date_is_dated_by_its_file_name_not_its_creation_date(tmp_path):
    pages = [[("heading", "Surface fleet briefing"), ("line", "The rover drives 12 km a day.")]]
    path = typeset(tmp_path / "fleet-briefing-2026-09.pdf", pages, created=datetime(2026, 1, 1, tzinfo=UTC))
    assert load_document(path, path.name).published == "2026-09"
    undated = typeset(tmp_path / "fleet-briefing.pdf", pages, created=datetime(2026, 1, 1, tzinfo=UTC))
    assert load_document(undated, undated.name).published is None


def test_a_year_wrapped_onto_its_own_line_in_a_table_is_kept_not_taken_for_a_page_number(tmp_path):
    missions = [
        ["Mission", "Launch vehicle", "Launch", "Lander"],
        ["LHD-1", "Long March 5", "December 2030", "HL-3 lander"],
        ["LHD-2", "Long March 10", "second half of 2033", "HL-5 lander"],
    ]
    assert typeset_table(tmp_path / "missions.pdf", missions, widths=(25, 25, 12, 25)) == as_rows(missions)
