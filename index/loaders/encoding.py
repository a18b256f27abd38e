"""Turning a text file's bytes into text: UTF-8 or UTF-16 as written, or a legacy encoding told by its bytes."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from index.errors import DocumentError

# The legacy encodings a maintainer's editor is likely to have saved in: Western and Cyrillic Windows code pages and
# the Chinese, Japanese and Korean national ones. Kept short because the fewer the candidates, the fewer the wrong
# guesses on a short file.
LEGACY_ENCODINGS = ("cp1252", "gb18030", "big5", "shift_jis", "euc_kr", "cp1251")
# When the bytes read equally well in several of them (a short note with one accented letter), the Western one wins.
PREFERRED_LEGACY = "cp1252"


def decode(data: bytes) -> tuple[str, str | None]:
    """The file's text with newlines normalised, and a note when it was not UTF-8 or UTF-16 and had to be told."""
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not utf16 and b"\x00" in data[:8192]:
        raise DocumentError("binary file (contains NUL bytes)")
    note = None
    try:
        text = data.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError as exc:
        if utf16:
            raise DocumentError(f"not valid UTF-16 (byte {exc.start})") from None
        text, encoding = _legacy(data, exc.start)
        note = f"not UTF-8; read as {encoding}"
    return text.replace("\r\n", "\n").replace("\r", "\n"), note


def _legacy(data: bytes, bad_byte: int) -> tuple[str, str]:
    candidates = list(from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)))
    if not candidates:
        raise DocumentError(f"not valid UTF-8 (byte {bad_byte}) nor a known legacy encoding")
    best = min(candidates, key=lambda c: (c.chaos, -c.coherence, c.encoding != PREFERRED_LEGACY))
    text = str(best)
    # Plain Western text is the same in several code pages; it is then named by the one its editor most likely used.
    if data.decode(PREFERRED_LEGACY, errors="replace") == text:
        return text, PREFERRED_LEGACY
    return text, best.encoding
