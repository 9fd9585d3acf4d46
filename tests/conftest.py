"""Shared fixtures: Sphinx test roots live in ``tests/roots/test-<scenario>/``."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOTS = Path(__file__).parent / "roots"
SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS
