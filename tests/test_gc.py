"""The build's objects stay frozen for the process's exit, and a later build frees them."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

from sphinx.testing.util import SphinxTestApp


def build_once(root: Path, srcdir: Path) -> int:
    """Build a copy of ``root`` with an application of its own, drop it, and count what is frozen."""
    shutil.copytree(root, srcdir)
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    del app
    return gc.get_freeze_count()


def test_a_later_build_frees_what_the_last_one_left_frozen(rootdir: Path, tmp_path: Path) -> None:
    counts = [build_once(rootdir / "test-basic-role", tmp_path / f"src{i}") for i in range(4)]
    # What is alive when a build finishes stays frozen, so that an exiting process skips it.
    assert counts[0] > 0
    # Each build frees the cycles of the one before before freezing again: without that, every
    # build of this project would add some 4,500 objects that nothing can free.
    assert counts[3] - counts[1] < 1000, counts
