"""``-j 2`` gives the same pages, the same warnings and the same glossary as ``-j 1``."""

from __future__ import annotations

import re
from collections.abc import Set
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.parallel import parallel_available

from sphinx_bizterms.extension.domain import BizTermsDomain, get_domain

from helpers import MakeApp, build_copy, warnings_of

pytestmark = pytest.mark.skipif(not parallel_available, reason="Sphinx cannot build in parallel here")


@pytest.fixture
def merged(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents whose domain data came back from a reading process (parallel reads only)."""
    seen: list[str] = []
    original = BizTermsDomain.merge_domaindata

    def spy(self: BizTermsDomain, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        seen.extend(docnames)
        original(self, docnames, otherdata)

    monkeypatch.setattr(BizTermsDomain, "merge_domaindata", spy)
    return seen


def build(make_app: MakeApp, rootdir: Path, srcdir: Path, parallel: int) -> SphinxTestApp:
    return build_copy(make_app, rootdir / "test-parallel", srcdir, parallel=parallel, freshenv=True)


def outputs(app: SphinxTestApp) -> dict[str, bytes]:
    """Every page, and the files built from all pages together."""
    files = {f"{docname}.html" for docname in app.env.found_docs} | {"searchindex.js", "objects.inv"}
    return {name: (app.outdir / name).read_bytes() for name in sorted(files)}


def citations(app: SphinxTestApp) -> str:
    return repr(sorted(get_domain(app.env).citations)).replace(str(app.srcdir), "<srcdir>")


@pytest.fixture
def serial(make_app: MakeApp, rootdir: Path, tmp_path: Path) -> SphinxTestApp:
    app = build(make_app, rootdir, tmp_path / "serial", parallel=1)
    # Unregister its nodes and directives, so that the next app in this process starts clean.
    app.cleanup()
    return app


def test_parallel_build_equals_serial_build(
    make_app: MakeApp, rootdir: Path, tmp_path: Path, serial: SphinxTestApp, merged: list[str]
) -> None:
    assert not merged  # a serial build reads in this process
    app = build(make_app, rootdir, tmp_path / "parallel", parallel=2)

    # the parallel path really ran: every document was read in another process
    assert app.parallel == 2
    assert app.is_parallel_allowed("read") and app.is_parallel_allowed("write")
    assert len(app.env.found_docs) >= 16
    assert sorted(merged) == sorted(app.env.found_docs)

    assert outputs(app) == outputs(serial)
    assert warnings_of(app) == warnings_of(serial)
    assert len(warnings_of(app)) == 6
    assert get_domain(app.env).citations  # the domain data came back from the readers
    # the same records, but for the source folder they name
    assert citations(app) == citations(serial)


def test_parallel_glossary_has_every_backlink(
    make_app: MakeApp, rootdir: Path, tmp_path: Path, merged: list[str]
) -> None:
    app = build(make_app, rootdir, tmp_path / "parallel", parallel=2)
    assert merged
    glossary = (app.outdir / "glossary.html").read_text(encoding="utf-8")
    backlinks = set(re.findall(r'class="bizterm-backlink[^"]*" href="([^"]+)"', glossary))
    cited = set()
    for docname in sorted(app.env.found_docs - {"glossary"}):
        html = (app.outdir / f"{docname}.html").read_text(encoding="utf-8")
        for node_id in re.findall(r'id="(bizterm--(?:cite|show)--[\w-]+)"', html):
            cited.add(f"{docname}.html#{node_id}")
    # every known citation of every page (3 unknown ones are not links, 1 display shows nothing)
    known = [c for c in get_domain(app.env).citations if c.slug is not None]
    assert len(cited) == len(known) >= 40
    assert cited == backlinks
