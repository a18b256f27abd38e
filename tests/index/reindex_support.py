"""A tiny corpus, a golden set for it, and a PDF writer: for the reindex tests of index/ and bot/."""

from __future__ import annotations

from pathlib import Path

from index.golden import GoldenQuestion
from index.storage import BUILDS, CURRENT

ALPHA = """---
title: Alpha Station Notes
---
# Power
The Alpha station is powered by a small fission reactor. The reactor delivers forty kilowatts of electricity.

# Crew
The Alpha station hosts a crew of six astronauts. Crew rotations happen every six months.
"""

# The same document with its power section rewritten: the reactor is gone, so "what powers it?" changes answer.
ALPHA_WITHOUT_REACTOR = ALPHA.replace(
    "The Alpha station is powered by a small fission reactor. The reactor delivers forty kilowatts of electricity.",
    "The Alpha station has a greenhouse module. The greenhouse grows lettuce and dwarf wheat.",
)

BETA = """# Beta Rover

The Beta rover explores lava tubes near the lunar equator. It carries a ground-penetrating radar.

The rover is built by a consortium of university laboratories.
"""

GAMMA = """Payload applications for the Gamma lander must be submitted by March 3, 2027.

The Gamma lander will touch down near Shackleton crater.
"""

GOLDEN = [
    GoldenQuestion("power", "What powers the Alpha station?", expect=("fission reactor",)),
    GoldenQuestion("rover", "What does the Beta rover explore?", expect=("lava tubes",)),
    GoldenQuestion("refuse", "What is the capital of France?", abstain=True),
]


def write_corpus(docs: Path) -> Path:
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "alpha.md").write_text(ALPHA, encoding="utf-8")
    (docs / "beta.md").write_text(BETA, encoding="utf-8")
    (docs / "gamma.txt").write_text(GAMMA, encoding="utf-8")
    return docs


def published_build(index_dir: Path) -> str:
    return (index_dir / CURRENT).read_text(encoding="utf-8").strip()


def build_names(index_dir: Path) -> set[str]:
    return {p.name for p in (index_dir / BUILDS).iterdir()}


def make_pdf(pages: list[list[str]], title: str) -> bytes:
    """A minimal valid PDF: one text line per string, each list a page, Helvetica, with a document title."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    page_count = len(pages)
    first_page = 4  # objects: 1 catalog, 2 page tree, 3 font, then (page, content) pairs, then the info dict
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(page_count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {page_count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, lines in enumerate(pages):
        body = "BT /F1 12 Tf 16 TL 72 720 Td " + " ".join(f"({escape(line)}) Tj T*" for line in lines) + " ET"
        content = body.encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {first_page + 2 * i + 1} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects.append(f"<< /Title ({escape(title)}) >>".encode("latin-1"))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def served_corpus_settings(tmp_path: Path, embedder, **settings):
    """Settings for a bot serving the tiny corpus: docs, a built index and the golden set under `tmp_path`."""
    from bot.settings import Settings
    from index.build import build_index
    from index.golden import append_golden

    docs = write_corpus(tmp_path / "docs")
    build_index(docs, tmp_path / "index", embedder)
    golden = tmp_path / "golden.jsonl"
    append_golden(golden, GOLDEN)
    return Settings(
        _env_file=None, docs_dir=docs, index_dir=tmp_path / "index", golden_questions_path=golden, **settings
    )
