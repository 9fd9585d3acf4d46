"""Wikilinks, relative and site links, HTML comments and admonitions in shown articles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import MakeApp, copy_root, see_also, warnings_of, write

LEDGER = "corpus/terms/ledger.md"


@pytest.mark.sphinx("html", testroot="link-forms", freshenv=True)
def test_only_the_true_findings(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == [
        f"{LEDGER}:9: WARNING: broken internal link '[[nowhere]]': no article has that key "
        "[bizterms.broken_link]",
        f"{LEDGER}:9: WARNING: link '/guides/month-end/closing/' and 1 more to pages of the site, "
        "not terms, shown as text; set the corpus's site_url to make them links [bizterms.config]",
        f"{LEDGER}:25: WARNING: broken link 'missing.md': no article of the corpus is that file "
        "[bizterms.broken_link]",
    ]


def full_display(app: SphinxTestApp, docname: str) -> str:
    html = (app.outdir / f"{docname}.html").read_text(encoding="utf-8")
    start = html.index('<div class="bizterm-definition')
    end = html.find('<div class="bizterm-definition', start + 1)
    return html[start : end if end > 0 else html.index("</section>", start)]


@pytest.mark.parametrize("docname", ["index", "page"])
@pytest.mark.sphinx("html", testroot="link-forms", freshenv=True)
def test_link_forms_become_cross_references(app: SphinxTestApp, docname: str) -> None:
    app.build()
    shown = full_display(app, docname)
    xrefs = re.findall(
        r'href="glossary\.html#bizterm-([^"]+)"[^>]*><span class="xref bizterm">([^<]*)<', shown
    )
    assert xrefs == [
        ("journal-entry", "journal entry"),  # [[journal entry]]
        ("trial-balance", "trial balance"),  # [[trial-balance|trial balance]]
        ("vendor", "the vendor"),  # [the vendor](./vendor.md#risks)
        ("invoice", "Invoice"),  # [](../terms/invoice/): no text, the target's title
        ("invoice", "invoice"),  # [[invoice]] inside the admonition
    ]
    # Site links and broken links keep their text, and are no links.
    assert '<span class="bizterm-site-link">the closing guide</span>' in shown
    assert '<span class="bizterm-site-link">another page</span>' in shown
    assert '<span class="bizterm-broken-link">nowhere</span>' in shown
    assert '<span class="bizterm-broken-link">file link</span>' in shown
    assert "<p>Back to the details.</p>" in shown  # [[#Details|the details]]: this note's heading
    # [Smith 1999](): an empty target is the page itself, not the file the article was read from
    assert '<span class="bizterm-anchor-link">Smith 1999</span>' in shown


@pytest.mark.parametrize("docname", ["index", "page"])
@pytest.mark.sphinx("html", testroot="link-forms", freshenv=True)
def test_admonitions_are_sphinx_admonitions(app: SphinxTestApp, docname: str) -> None:
    app.build()
    shown = full_display(app, docname)
    assert re.findall(
        r'<div class="([^"]*admonition[^"]*)">\s*<p class="admonition-title">([^<]*)<', shown
    ) == [
        ("note admonition", "Posting rules"),
        ("admonition warning", "Warning"),
    ]
    assert ":::" not in shown


@pytest.mark.sphinx("html", testroot="link-forms", freshenv=True)
def test_comments_and_wikilink_markup_are_nowhere_in_the_html(app: SphinxTestApp) -> None:
    app.build()
    for page in ("index", "page", "glossary"):
        html = (app.outdir / f"{page}.html").read_text(encoding="utf-8")
        for markup in ("<!--", "&lt;!--", "more--", "hidden note", "[[", "]]", ":::"):
            assert markup not in html, (page, markup)
    # The description from the first paragraph stops at the <!--more--> line.
    glossary = (app.outdir / "glossary.html").read_text(encoding="utf-8")
    assert '<p class="bizterm-description">The master record of a firm\'s accounts.</p>' in glossary
    assert '<p class="bizterm-description">A request for payment for goods or services.</p>' in glossary


@pytest.mark.sphinx("html", testroot="link-forms", freshenv=True)
def test_see_also_from_wikilinks_and_relative_links(app: SphinxTestApp) -> None:
    app.build()
    glossary = (app.outdir / "glossary.html").read_text(encoding="utf-8")
    assert see_also(glossary) == {
        "general-ledger": ["Journal Entry", "Trial Balance", "Vendor", "Invoice"],
        "invoice": ["Vendor"],
        "journal-entry": ["General Ledger"],
        "trial-balance": ["General Ledger"],
        "vendor": ["Invoice"],
    }


@pytest.mark.parametrize("parallel", [0, 2])
def test_a_new_article_file_resolves_a_relative_link_without_e(
    make_app: MakeApp, tmp_path: Path, parallel: int
) -> None:
    srcdir = copy_root("link-forms", tmp_path / "project")
    app = make_app("html", srcdir=srcdir, parallel=parallel)
    app.build()
    assert any("broken link 'missing.md'" in line for line in warnings_of(app))
    app.cleanup()
    write(srcdir / "corpus/terms/missing.md", "---\ntitle: Missing Piece\n---\nFound at last.\n")
    app = make_app("html", srcdir=srcdir, parallel=parallel)
    app.build()
    assert not any("missing.md" in line for line in warnings_of(app))
    # The pages that show the ledger are read again: its file link is a cross-reference now.
    for page in ("index", "page"):
        shown = full_display(app, page)
        assert 'href="glossary.html#bizterm-missing-piece"' in shown
