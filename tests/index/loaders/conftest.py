from pathlib import Path

import pytest


@pytest.fixture
def write(tmp_path):
    """Write text or bytes to a file under tmp_path and return its path."""

    def write(name: str, content: str | bytes, root: Path = tmp_path) -> Path:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write
