"""Rebuilds with nothing to do: every finding repeats, and a change since is noticed."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import MakeApp, RebuiltProject, bizterms_warnings, copy_root, touch_later


@pytest.fixture
def project(make_app: MakeApp, tmp_path: Path) -> RebuiltProject:
    """A copy of the ``incremental`` root."""
    return RebuiltProject(make_app, copy_root("incremental", tmp_path / "src"))


def test_a_page_changed_after_a_noop_rebuild_updates_the_glossary(project: RebuiltProject) -> None:
    project.build()
    project.build()
    assert "role.html#" in project.html("glossary").split('id="bizterm-audit"')[1].split("</dd>")[0]
    role = project.srcdir / "role.rst"
    role.write_text(role.read_text(encoding="utf-8").replace(":bizterm:`Audit`", "audits"), encoding="utf-8")
    touch_later(role)
    project.build()
    assert 'id="bizterm-audit"' not in project.html("glossary")


def test_the_link_check_setting_is_not_taken_from_the_last_build(project: RebuiltProject) -> None:
    used = bizterms_warnings(project.build())
    assert any("broken internal link '/forecast'" in line for line in used)
    none = bizterms_warnings(project.build(bizterms_link_check="none"))
    assert not any("broken_link" in line for line in none)
    again = bizterms_warnings(project.build())
    assert again == used
