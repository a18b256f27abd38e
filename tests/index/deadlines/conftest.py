"""The deadline records of the real article, extracted once per test module."""

from __future__ import annotations

import pytest

from index.deadlines.extraction import extract_records
from index.deadlines.records import DeadlineRecord
from tests.index.deadlines.article import article_chunks


@pytest.fixture(scope="module")
def records() -> list[DeadlineRecord]:
    return extract_records(article_chunks())
