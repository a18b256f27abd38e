"""Importing a script from scripts/ as a module, for tests that call its functions directly."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


@contextmanager
def imported_script(filename: str, module_name: str) -> Iterator[ModuleType]:
    """scripts/<filename> imported as `module_name` for the duration of the block."""
    spec = importlib.util.spec_from_file_location(module_name, SCRIPTS / filename)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses and the like look their module up here
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[module_name]
