#!/usr/bin/env python
"""Typeset a plain-text source as a multi-page PDF with a running header, footer and page numbers.

    python tests/data/corpora/make_pdf.py SOURCE.txt OUT.pdf --header "…" --footer "…" [--title …] [--author …]

The source holds paragraphs separated by blank lines; a line starting with "# " is a heading; a line starting with
"- " is a bullet; a line starting with "| " is a table row (cells separated by " | ", the first row is the header);
a form feed character starts a new page.
The furniture (header, footer, "Page N of M") repeats on every page, as in a real briefing, so that loaders can be
tested on removing it. Used to make the PDFs of the evaluation corpora; needs fpdf2 (a development dependency).
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

NEXT_LINE = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


class Briefing(FPDF):
    def __init__(self, header_text: str, footer_text: str) -> None:
        super().__init__(format="A4")
        self.header_text, self.footer_text = header_text, footer_text
        self.add_font("body", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("body", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=22)

    def header(self) -> None:
        self.set_font("body", "", 8)
        self.cell(0, 8, self.header_text, align="C")
        self.ln(12)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("body", "", 8)
        self.cell(0, 8, f"{self.footer_text}    Page {self.page_no()} of {{nb}}", align="C")


def render(source: str, pdf: Briefing) -> None:
    for page in source.split("\f"):
        pdf.add_page()
        render_page(page, pdf)


def render_page(source: str, pdf: Briefing) -> None:
    table: list[list[str]] = []

    def flush_table() -> None:
        if not table:
            return
        pdf.set_font("body", "", 9)
        with pdf.table(first_row_as_headings=True) as grid:
            for cells in table:
                row = grid.row()
                for cell in cells:
                    row.cell(cell)
        pdf.ln(3)
        table.clear()

    for block in source.split("\n\n"):
        lines = [line.rstrip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("| ") for line in lines):
            table.extend([c.strip() for c in line.strip("| ").split(" | ")] for line in lines)
            flush_table()
            continue
        for line in lines if lines[0].startswith(("# ", "- ")) else [" ".join(lines)]:
            if line.startswith("# "):
                pdf.set_font("body", "B", 13)
                pdf.multi_cell(0, 7, line[2:], **NEXT_LINE)
                pdf.ln(2)
            elif line.startswith("- "):
                pdf.set_font("body", "", 10.5)
                pdf.multi_cell(0, 5.5, "•  " + line[2:], **NEXT_LINE)
            else:
                pdf.set_font("body", "", 10.5)
                pdf.multi_cell(0, 5.5, line, **NEXT_LINE)
        pdf.ln(3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--header", required=True)
    parser.add_argument("--footer", required=True)
    parser.add_argument("--title", default="")
    parser.add_argument("--author", default="")
    args = parser.parse_args()
    pdf = Briefing(args.header, args.footer)
    pdf.set_title(args.title)
    pdf.set_author(args.author)
    pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=UTC))  # fixed, so a regenerated PDF is byte-identical
    render(args.source.read_text(encoding="utf-8"), pdf)
    pdf.output(str(args.out))


if __name__ == "__main__":
    main()
