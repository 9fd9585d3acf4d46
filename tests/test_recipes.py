"""The recipes of "Using an existing corpus": a glossary of each site generator, used as it is.

Each root holds a small corpus in the format of Hugo, Docusaurus, Jekyll or an Obsidian-style
vault with its ``bizterms.toml``, and a project citing twenty of its terms (some by alias, in
reStructuredText and MyST), showing one body in full and a glossary of every term. A smaller
root holds an MDN-style glossary, a folder per term.
"""

from __future__ import annotations

import re
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path
from typing import NamedTuple

import pytest
from sphinx.util.console import strip_colors

from sphinx_bizterms.cli import main

from helpers import build_once, copy_root, see_also


class Recipe(NamedTuple):
    corpus: str
    #: The findings planted in the corpus, as ``path:line: message [bizterms.subtype]``.
    findings: list[str]
    #: Where the shown body's link to a page of the site leads (None: the vault has no site).
    site_link: str | None


RECIPES = {
    "hugo": Recipe(
        "glossary",
        [
            "glossary/audit.md:17: broken internal link '/audit-sampling': no article has that key "
            "[bizterms.broken_link]",
        ],
        "https://handbook.example.org/docs/concepts/control/",
    ),
    "docusaurus": Recipe(
        "docs/terms",
        [
            "docs/terms/audit.md:14: broken link './audit-sampling.md': no article of the corpus "
            "is that file [bizterms.broken_link]",
        ],
        "https://docs.example.org/docs/guides/control",
    ),
    "jekyll": Recipe(
        "_glossary",
        [
            "_glossary/audit.md:9: broken link 'audit-sampling.md': no article of the corpus is "
            "that file [bizterms.broken_link]",
        ],
        "https://handbook.example.org/handbook/control/",
    ),
    "obsidian": Recipe(
        "vault",
        [
            "vault/Audit.md:11: broken internal link '[[Audit Sampling]]': no article has that key "
            "[bizterms.broken_link]",
            "vault/Depreciation.md:12: embedded file 'depreciation-curve.png' is not shown "
            "[bizterms.unsafe_content]",
        ],
        None,
    ),
}

#: The slugs of the 25 terms of every fixture corpus, in the glossary's order.
SLUGS = [
    "accounts-payable", "accounts-receivable", "accrual", "audit", "budget", "cash-flow",
    "chart-of-accounts", "cost-center", "depreciation", "fiscal-year", "fixed-asset", "forecast",
    "general-ledger", "goods-receipt", "internal-control", "invoice", "journal-entry",
    "payment-terms", "profit-center", "purchase-order", "reconciliation", "three-way-match",
    "trial-balance", "vendor", "working-capital",
]  # fmt: skip
#: Citations by an alias: each finds its term.
ALIASES = {
    "PO": "purchase-order",
    "GL": "general-ledger",
    "AP": "accounts-payable",
    "COA": "chart-of-accounts",
}
#: What each format writes as its own kind of cross-reference, and never shows.
MARKUP = ("{{", "}}", "{%", "%}", "<!--", "&lt;!--", "more--", "[[", "]]", ":::", "{:", "%%")


class Built(NamedTuple):
    name: str
    srcdir: Path
    outdir: Path
    warnings: list[str]

    def html(self, page: str) -> str:
        return (self.outdir / f"{page}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module", params=sorted(RECIPES))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The recipe's project, built once for all the tests of this module."""
    srcdir = copy_root(f"recipe-{request.param}", tmp_path_factory.mktemp(request.param) / "project")
    app = build_once(srcdir)
    text = strip_colors(app.warning.getvalue()).replace(f"{srcdir}/", "")
    warnings = [line.replace(": WARNING:", ":") for line in text.splitlines() if line.strip()]
    return Built(request.param, srcdir, Path(app.outdir), warnings)


def test_only_the_planted_findings(built: Built) -> None:
    assert built.warnings == RECIPES[built.name].findings


@pytest.mark.parametrize("given", ["corpus", "conf"])
def test_check_reports_the_same_findings(built: Built, monkeypatch: pytest.MonkeyPatch, given: str) -> None:
    # The command reads the corpus's bizterms.toml (or the project's conf.py), as the build does.
    monkeypatch.chdir(built.srcdir)
    argv = ["check", RECIPES[built.name].corpus] if given == "corpus" else ["check", "--conf", "."]
    out = StringIO()
    with redirect_stdout(out):
        status = main(argv)
    # --conf names the files by their full paths, the way the build is given them
    found = out.getvalue().replace(f"{built.srcdir}/", "").splitlines()
    assert (status, found) == (1, RECIPES[built.name].findings)


def test_the_glossary_lists_every_term_and_nothing_else(built: Built) -> None:
    # index.md, _index.md, README.md, templates, drafts and unpublished articles are left out.
    assert re.findall(r'<dt id="bizterm-([^"]+)">', built.html("glossary")) == SLUGS


def test_citations_by_alias_find_their_terms(built: Built) -> None:
    cited = re.findall(r'href="glossary\.html#bizterm-([^"]+)"[^>]*><span[^>]*>([^<]*)<', built.html("index"))
    cited += re.findall(r'href="glossary\.html#bizterm-([^"]+)"[^>]*><span[^>]*>([^<]*)<', built.html("page"))
    assert {text: slug for slug, text in cited if text in ALIASES} == ALIASES


def test_see_also_comes_from_the_corpus_cross_references(built: Built) -> None:
    lines = see_also(built.html("glossary"))
    assert lines["invoice"] == ["Vendor", "Payment Terms", "Three-Way Match"]
    assert lines["audit"] == ["Internal Control", "Reconciliation"]
    assert lines["three-way-match"] == ["Invoice", "Purchase Order", "Goods Receipt"]
    assert len(lines) == len(SLUGS)


@pytest.mark.parametrize("page", ["index", "page", "glossary"])
def test_no_shortcode_template_tag_or_comment_in_the_html(built: Built, page: str) -> None:
    html = built.html(page)
    assert [markup for markup in MARKUP if markup in html] == []


@pytest.mark.parametrize("page", ["index", "page"])
def test_the_shown_body_links_terms_and_site_pages(built: Built, page: str) -> None:
    html = built.html(page)
    shown = html[html.index('<div class="bizterm-definition') :]
    linked = re.findall(r'href="glossary\.html#bizterm-([^"]+)"', shown)
    assert linked[:4] == ["three-way-match", "invoice", "purchase-order", "goods-receipt"]
    site_link = RECIPES[built.name].site_link
    if site_link is not None:
        assert f'href="{site_link}"' in shown
        # ![…](/img/three-way-match.png): an image of the site is a link to it there
        site = "/".join(site_link.split("/")[:3])
        assert f'href="{site}/img/three-way-match.png"' in shown


def test_a_glossary_of_folders_mdn_style(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # MDN keeps each term as <name>/index.md and links them with {{Glossary(...)}} macros.
    srcdir = copy_root("recipe-mdn", tmp_path / "project")
    app = build_once(srcdir)
    finding = (
        "glossary/invoice/index.md:15: broken internal link '/en-US/docs/Glossary/Audit': no article has"
        " that key [bizterms.broken_link]"
    )
    text = strip_colors(app.warning.getvalue()).replace(f"{srcdir}/", "")
    assert [line.replace(": WARNING:", ":") for line in text.splitlines() if line.strip()] == [finding]
    monkeypatch.chdir(srcdir)
    out = StringIO()
    with redirect_stdout(out):
        assert main(["check", "glossary"]) == 1
    assert out.getvalue().splitlines() == [finding]
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    # the folders name the terms; the root's index.md is the glossary's page, not a term
    assert re.findall(r'<dt id="bizterm-([^"]+)">', html) == [
        "invoice", "payment-terms", "purchase-order", "three-way-match", "vendor"
    ]  # fmt: skip
    shown = html[html.index('<div class="bizterm-definition') : html.index('<div class="bizterm-glossary')]
    assert re.findall(r'href="#bizterm-([^"]+)"', shown) == [
        "invoice", "vendor", "purchase-order", "payment-terms", "three-way-match"
    ]  # fmt: skip
    assert 'href="https://developer.mozilla.org/en-US/docs/Web/Invoices"' in shown
    assert "{{" not in html and '<span class="pre">Date</span></code> header' in shown
