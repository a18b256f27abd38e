"""Property tests: no front matter, date or byte sequence makes a loader raise anything but DocumentError."""

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.errors import DocumentError
from index.loaders import load_document
from index.loaders.published import iso_date

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
yaml_scalars = st.one_of(
    st.text(max_size=30),
    st.integers(),
    st.sampled_from(
        ["2026-13-45", "2024-02-30", "0000-00-00", "9999-12-31", "2024-05-03T25:61:00Z", "~", "*a", "&a x"]
    ),
)
date_like = st.builds(
    "{:04d}-{:02d}-{:02d}".format, st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99)
) | st.text(alphabet=string.digits + "-:TZ +./", max_size=30)


def _load(path, content):
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    try:
        return load_document(path, path.name)
    except DocumentError:
        return None


@SETTINGS
@given(key=st.sampled_from(["published", "date", "updated", "title", "author", "url"]), value=yaml_scalars)
def test_any_front_matter_value_loads_or_is_refused_cleanly(tmp_path, key, value):
    doc = _load(tmp_path / "a.md", f"---\n{key}: {value}\n---\nBody text.\n")
    if doc is not None:
        assert doc.published is None or len(doc.published) == 10


@SETTINGS
@given(front=st.text(max_size=200))
def test_any_front_matter_text_loads_or_is_refused_cleanly(tmp_path, front):
    _load(tmp_path / "a.md", f"---\n{front}\n---\nBody text.\n")


@SETTINGS
@given(value=date_like)
def test_a_date_value_is_an_iso_date_or_a_value_error(value):
    try:
        result = iso_date(value)
    except ValueError:
        return
    assert len(result) == 10


@SETTINGS
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".md", ".txt", ".html", ".pdf"]))
def test_any_bytes_load_or_are_refused_cleanly(tmp_path, data, suffix):
    _load(tmp_path / f"a{suffix}", data)


@pytest.mark.parametrize("suffix", [".md", ".txt", ".html"])
@SETTINGS
@given(text=st.text(max_size=400))
def test_any_text_loads_or_is_refused_cleanly(tmp_path, suffix, text):
    _load(tmp_path / f"a{suffix}", text)
