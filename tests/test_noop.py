"""Rebuilds with nothing to do: every finding repeats, and a change since is noticed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from helpers import MakeApp


def touch_later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


class Project:
    """A copy of the ``incremental`` root; every build is a new application, as with sphinx-build."""

    def __init__(self, make_app: MakeApp, srcdir: Path) -> None:
        self.make_app = make_app
        self.srcdir = srcdir
        self.app: SphinxTestApp | None = None

    def build(self, **confoverrides: Any) -> tuple[SphinxTestApp, list[str]]:
        if self.app is not None:
            self.app.cleanup()
        self.app = self.make_app("html", srcdir=self.srcdir, confoverrides=confoverrides)
        self.app.build()
        warnings = [
            line for line in strip_colors(self.app.warning.getvalue()).splitlines() if "[bizterms." in line
        ]
        return self.app, warnings

    def html(self, page: str) -> str:
        assert self.app is not None
        return (Path(self.app.outdir) / f"{page}.html").read_text(encoding="utf-8")


@pytest.fixture
def project(make_app: MakeApp, rootdir: Path, tmp_path: Path) -> Project:
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-incremental", srcdir)
    return Project(make_app, srcdir)


def test_a_page_changed_after_a_noop_rebuild_updates_the_glossary(project: Project) -> None:
    project.build()
    project.build()
    assert "role.html#" in project.html("glossary").split('id="bizterm-audit"')[1].split("</dd>")[0]
    role = project.srcdir / "role.rst"
    role.write_text(role.read_text(encoding="utf-8").replace(":bizterm:`Audit`", "audits"), encoding="utf-8")
    touch_later(role)
    project.build()
    assert 'id="bizterm-audit"' not in project.html("glossary")


def test_the_link_check_setting_is_not_taken_from_the_last_build(project: Project) -> None:
    _, used = project.build()
    assert any("broken internal link '/forecast'" in line for line in used)
    _, none = project.build(bizterms_link_check="none")
    assert not any("broken_link" in line for line in none)
    _, again = project.build()
    assert again == used
