"""A build leaves the process's garbage collector as it found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import copy_root


def collector() -> tuple[bool, int, tuple[int, ...]]:
    return gc.isenabled(), gc.get_freeze_count(), gc.get_threshold()


@pytest.fixture(params=[True, False], ids=["enabled", "disabled"])
def host_collector(request: pytest.FixtureRequest) -> Iterator[bool]:
    """The collector as the host process set it: running, or switched off."""
    was = gc.isenabled()
    (gc.enable if request.param else gc.disable)()
    try:
        yield request.param
    finally:
        (gc.enable if was else gc.disable)()


def test_a_build_leaves_the_collector_as_it_found_it(tmp_path: Path, host_collector: bool) -> None:
    before = collector()
    assert before[0] is host_collector
    srcdir = copy_root("incremental", tmp_path / "src")
    for run in ("cold", "warm"):
        if run == "warm":  # one article changed: the others' records are read from the cache
            budget = srcdir / "corpus" / "budget.md"
            budget.write_text(budget.read_text(encoding="utf-8") + "More.\n", encoding="utf-8")
        app = SphinxTestApp("html", srcdir=srcdir)
        try:
            app.build()
            assert collector() == before, run
        finally:
            app.cleanup()
