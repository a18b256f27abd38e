"""Deadline records survive their JSON file, and an unusable file is a clear one-line error."""

from __future__ import annotations

import json

import pytest

from index.deadlines.records import DeadlineRecord, read_records, write_records


def test_json_round_trip(records, tmp_path):
    for record in records:
        assert DeadlineRecord.from_json(json.loads(json.dumps(record.to_json()))) == record
    path = tmp_path / "deadlines.json"
    write_records(path, records)
    assert read_records(path) == records


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "unreadable"),
        ('{"version": 99, "records": []}', "not a version 1"),
        ('{"version": 1, "records": {}}', "not a list"),
        ('{"version": 1, "records": [{"id": "x"}]}', "malformed deadline record"),
    ],
)
def test_an_unusable_file_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "deadlines.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_records(path)


def test_a_record_with_an_unknown_kind_is_rejected(records):
    data = records[0].to_json() | {"kind": "rumour"}
    with pytest.raises(ValueError, match="unknown kind"):
        DeadlineRecord.from_json(data)
