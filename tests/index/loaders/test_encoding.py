import pytest

from index.errors import DocumentError
from index.loaders.encoding import decode


def test_utf8_and_utf16_are_read_as_written_without_a_note():
    text = "Chang\u2019e-8: caf\u00e9\r\nline two\r"
    assert decode(text.encode("utf-8")) == ("Chang\u2019e-8: caf\u00e9\nline two\n", None)
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == ("Chang\u2019e-8: caf\u00e9\nline two\n", None)
    assert decode(text.encode("utf-16")) == ("Chang\u2019e-8: caf\u00e9\nline two\n", None)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Plain text but one caf\u00e9.", "cp1252"),
        ("The “ILRS” call – partners: Türkiye, Côte d’Ivoire, Ångström.", "cp1252"),
        ("嫦娥八号任务国际合作机会公告。意向书截止日期为2023年12月31日。", "gb18030"),
        ("Проект лунной станции.", "cp1251"),
    ],
)
def test_a_legacy_encoding_is_told_and_named_in_the_note(text, encoding):
    assert decode(text.encode(encoding)) == (text, f"not UTF-8; read as {encoding}")


def test_bytes_that_are_no_text_are_refused_with_a_reason():
    with pytest.raises(DocumentError, match="binary"):
        decode(b"PK\x03\x04\x00\x00")
    with pytest.raises(DocumentError, match=r"not valid UTF-8 .* nor a known legacy encoding"):
        decode(bytes(range(128, 256)) * 4)
    with pytest.raises(DocumentError, match="not valid UTF-16"):
        decode(b"\xff\xfe" + b"\x00\xd8")  # a lone surrogate
