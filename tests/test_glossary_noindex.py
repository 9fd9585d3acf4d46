"""``:no-index:``: a glossary that lists terms without holding their anchors."""

from __future__ import annotations

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.inventory import InventoryFile


@pytest.mark.sphinx("html", testroot="glossary-noindex", freshenv=True)
def test_citations_link_to_the_indexed_glossary(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    # a-demo sorts first, but its glossary is :no-index:, so the anchor is on glossary.html
    index = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert 'href="glossary.html#bizterm-vendor"' in index
    demo = (app.outdir / "a-demo.html").read_text(encoding="utf-8")
    assert 'href="glossary.html#bizterm-vendor"' in demo
    assert 'id="bizterm-vendor"' not in demo
    assert ">Vendor</dt>" in demo or "Vendor" in demo.split('class="bizterm-glossary', 1)[1]
    glossary = (app.outdir / "glossary.html").read_text(encoding="utf-8")
    assert 'id="bizterm-vendor"' in glossary
    inventory = InventoryFile.loads((app.outdir / "objects.inv").read_bytes(), uri="")
    assert inventory.data["bizterm:term"]["vendor"].uri == "glossary.html#bizterm-vendor"
