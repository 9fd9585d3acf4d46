"""Deprecated terms: the warning at each citation, the glossary's marker, the preview, the CLI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.parallel import parallel_available

from sphinx_bizterms.cli import main
from sphinx_bizterms.corpus.deprecation import is_deprecated
from sphinx_bizterms.corpus.load import load_corpus

from helpers import MakeApp, copy_root, warnings_of, write

BROKEN_REPLACEMENT = (
    "corpus/provider.md:4: WARNING: broken replaced_by 'service-partner': no article has that key"
    " [bizterms.broken_link]"
)


def citing(page: str, supplier_line: int, others_line: int) -> list[str]:
    return [
        f"{page}:{supplier_line}: WARNING: business term 'supplier' is deprecated; cite 'Vendor' (vendor)"
        " instead [bizterms.deprecated_term]",
        f"{page}:{others_line}: WARNING: business term 'Provider' is deprecated; its replacement"
        " 'service-partner' is not in the corpus [bizterms.deprecated_term]",
        f"{page}:{others_line}: WARNING: business term 'Purveyor' is deprecated [bizterms.deprecated_term]",
    ]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def entry_html(app: SphinxTestApp, slug: str) -> str:
    """A glossary entry's HTML, from its term to the end of its definition."""
    html = (Path(app.outdir) / "glossary.html").read_text(encoding="utf-8")
    found = re.search(rf'<dt id="bizterm-{slug}">.*?</dd>', html, re.DOTALL)
    assert found is not None, slug
    return found.group()


def preview_html(app: SphinxTestApp, page: str, slug: str) -> str:
    html = (Path(app.outdir) / page).read_text(encoding="utf-8")
    found = re.search(
        rf'<div class="bizterm-preview" [^>]*id="bizterm--tip--{slug}".*?</div>', html, re.DOTALL
    )
    assert found is not None, slug
    return found.group()


@pytest.mark.sphinx("html", testroot="deprecated", freshenv=True)
def test_citing_a_deprecated_term_warns_at_the_citing_line(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == [BROKEN_REPLACEMENT, *citing("index.rst", 9, 11), *citing("page.md", 3, 5)]


@pytest.mark.sphinx("html", testroot="deprecated", freshenv=True)
def test_the_glossary_marks_the_entry_and_links_the_replacement(app: SphinxTestApp) -> None:
    app.build()
    supplier = entry_html(app, "supplier")
    assert '<p class="bizterm-deprecated"><strong>Deprecated; replaced by:</strong> <a ' in supplier
    assert re.search(r'href="#bizterm-vendor"[^>]*><span class="xref bizterm">Vendor</span></a>', supplier)
    # The replacement is listed though no page cites it, so that the link leads somewhere.
    vendor = entry_html(app, "vendor")
    assert "bizterm-deprecated" not in vendor
    assert "Cited in" not in vendor
    for slug in ("purveyor", "provider"):  # no replacement, or none that exists
        assert '<dd><p class="bizterm-deprecated"><strong>Deprecated.</strong></p>' in entry_html(app, slug)


@pytest.mark.parametrize("page", ["index.html", "page.html"])
@pytest.mark.sphinx("html", testroot="deprecated", freshenv=True)
def test_the_preview_says_the_term_is_deprecated(app: SphinxTestApp, page: str) -> None:
    app.build()
    assert text_of(preview_html(app, page, "supplier")) == (
        "Supplier Deprecated; replaced by vendor. A firm that supplies goods."
    )
    assert text_of(preview_html(app, page, "purveyor")) == "Purveyor Deprecated. An old word for a supplier."


@pytest.mark.sphinx(
    "html", testroot="deprecated", srcdir="deprecated-da", freshenv=True, confoverrides={"language": "da"}
)
def test_the_labels_are_translated(app: SphinxTestApp) -> None:
    app.build()
    assert "<strong>Forældet; erstattet af:</strong>" in entry_html(app, "supplier")
    assert "<strong>Forældet.</strong>" in entry_html(app, "purveyor")
    assert "Forældet; erstattet af vendor." in preview_html(app, "index.html", "supplier")


@pytest.mark.sphinx("text", testroot="deprecated", freshenv=True)
def test_text_output_marks_the_entry_too(app: SphinxTestApp) -> None:
    app.build()
    glossary = (Path(app.outdir) / "glossary.txt").read_text(encoding="utf-8")
    assert "Supplier\n   **Deprecated; replaced by:** *Vendor*\n\n   A firm that supplies goods." in glossary
    assert "Purveyor\n   **Deprecated.**\n" in glossary


def test_undeprecating_a_term_needs_no_fresh_build(make_app: MakeApp, tmp_path: Path) -> None:
    srcdir = copy_root("deprecated", tmp_path / "deprecated")
    first = make_app("html", srcdir=srcdir, freshenv=True)
    first.build()
    first.cleanup()
    supplier = srcdir / "corpus" / "supplier.md"
    supplier.write_text(supplier.read_text().replace("status: deprecated\nreplaced_by: vendor\n", ""))
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert not any("'supplier'" in line for line in warnings_of(app))
    assert "bizterm-deprecated" not in entry_html(app, "supplier")
    assert "bizterm-preview-deprecated" not in preview_html(app, "page.html", "supplier")


# --- the core and the command line ---------------------------------------------------------


@pytest.mark.parametrize(
    ("frontmatter", "deprecated"),
    [
        ("status: deprecated\n", True),
        ("STATUS: Deprecated\n", True),
        ("replaced_by: vendor\n", True),
        ("status: active\n", False),
        ("status: [deprecated]\n", False),  # not text: kept as no status
        ("", False),
    ],
)
def test_which_articles_are_deprecated(tmp_path: Path, frontmatter: str, deprecated: bool) -> None:
    write(tmp_path / "a.md", f"---\ntitle: Supplier\n{frontmatter}---\nText.\n")
    (article,) = load_corpus([tmp_path])
    assert is_deprecated(article) is deprecated


def test_cli_check_reports_a_missing_or_circular_replacement(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "a.md", "---\ntitle: Supplier\nslug: supplier\n\nreplaced_by: /supplier\n---\nText.\n")
    write(tmp_path / "b.md", "---\ntitle: Provider\nReplaced_By: vendr\n---\nText.\n")
    write(tmp_path / "c.md", "---\ntitle: Vendor\n---\nText.\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "."]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "a.md:5: replaced_by '/supplier' names this article itself [bizterms.broken_link]",
        "b.md:3: broken replaced_by 'vendr': no article has that key; did you mean 'Vendor'?"
        " [bizterms.broken_link]",
    ]


@pytest.mark.skipif(not parallel_available, reason="Sphinx cannot build in parallel here")
def test_parallel_reads_give_the_same_warnings(make_app: MakeApp, tmp_path: Path) -> None:
    srcdir = copy_root("deprecated", tmp_path / "deprecated")
    app = make_app("html", srcdir=srcdir, parallel=2, freshenv=True)
    app.build()
    assert warnings_of(app) == [BROKEN_REPLACEMENT, *citing("index.rst", 9, 11), *citing("page.md", 3, 5)]
