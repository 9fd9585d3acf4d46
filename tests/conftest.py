"""Shared fixtures: Sphinx test roots live in ``tests/roots/test-<scenario>/``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from helpers import ROOTS

# In CI the property tests draw the same examples every run, so that a result does not
# depend on luck; run them locally (no CI variable) to keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS
