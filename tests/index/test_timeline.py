"""The deadline timeline: what is drawn (pure) and that the drawing is a valid PNG."""

from __future__ import annotations

import struct
import zlib
from datetime import date

import pytest

from index.deadlines.extraction import extract_records
from index.schema import Chunk
from index.timeline import render_timeline, timeline_rows, undated_lines

TODAY = date(2026, 11, 25)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

SENTENCES = (
    "The final selection of proposals will be made in September 2024.",
    "The Chang’e-7 mission will launch in 2026.",
    "Interested parties have until December 31 to submit a letter of intent.",
    "Proposals for the second round must be submitted by 15 March 2027.",
)


@pytest.fixture(scope="module")
def records():
    chunk = Chunk(
        id="c1",
        doc_path="notes.md",
        title="Notes",
        section="Notes",
        position=0,
        text=" ".join(SENTENCES),
        sentences=SENTENCES,
    )
    return extract_records([chunk])


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """The (type, body) chunks of a PNG, checking each CRC: a truncated or corrupt file fails here."""
    assert data.startswith(PNG_SIGNATURE)
    chunks, offset = [], len(PNG_SIGNATURE)
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        chunks.append((kind, body))
        offset += 12 + length
    return chunks


def test_rows_are_the_dated_records_in_order_with_the_past_dimmed(records):
    rows = timeline_rows(records, TODAY)
    assert [(r.label, r.is_past, r.kind) for r in rows] == [
        ("September 2024 — final selection of proposals", True, "milestone"),
        ("2026 — Chang’e-7 mission", False, "milestone"),
        ("March 15, 2027 — Proposals for the second round", False, "deadline"),
    ]
    assert (rows[2].first, rows[2].last) == (date(2027, 3, 15), date(2027, 3, 15))


def test_items_without_a_year_are_listed_apart(records):
    assert undated_lines(records) == ["December 31 (deadline) — submit a letter of intent"]


@pytest.mark.parametrize("subset", ["all", "none", "undated only"])
def test_render_produces_a_valid_png(records, subset):
    chosen = {"all": records, "none": [], "undated only": [r for r in records if r.date.year is None]}[subset]
    data = render_timeline(chosen, TODAY)
    chunks = png_chunks(data)
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND"
    width, height = struct.unpack(">II", chunks[0][1][:8])
    assert width == 1000 and height > 100
