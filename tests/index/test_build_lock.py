"""One build at a time per index directory."""

import pytest

from index.build_lock import BuildLockedError, build_lock


def _try_lock(index_dir) -> None:
    with build_lock(index_dir, wait=0.05):
        pass


def test_a_second_holder_is_refused_until_the_first_lets_go(tmp_path):
    index_dir = tmp_path / "index"
    with build_lock(index_dir), pytest.raises(BuildLockedError, match="another build"):
        _try_lock(index_dir)
    _try_lock(index_dir)  # released: the next build goes through
