"""Citations by word forms in real builds: English and Danish, reStructuredText and MyST."""

from __future__ import annotations

from pathlib import Path

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp
from sphinx.util.parallel import parallel_available

from helpers import MakeApp, copy_root, resolved, warnings_of, with_class, write

#: Each page's citations that resolve, as (link text, the anchor of the entry they link to).
ENGLISH = [
    ("Deployments", "bizterm-deployment"),
    ("back offices", "bizterm-back-office"),
    ("Deployment", "bizterm-deployment"),
    ("Accounting", "bizterm-accounting"),
]
DANISH = [
    ("leverandører", "bizterm-leverandor"),
    ("underleverandøren", "bizterm-underleverandor"),
    ("aarsregnskab", "bizterm-arsregnskab"),
]


def term_links(app: SphinxTestApp, docname: str) -> list[tuple[str, str]]:
    """The text and target anchor of each link to a glossary entry on a page."""
    return [
        (ref.astext(), ref["refuri"].partition("#")[2])
        for ref in resolved(app, docname).findall(nodes.reference)
        if ref.get("refuri", "").startswith("glossary.html#bizterm-")
        or ref.get("refuri", "").startswith("ordliste.html#bizterm-")
    ]


@pytest.mark.parametrize("docname", ["index", "page"])
@pytest.mark.sphinx("html", testroot="wordforms", freshenv=True)
def test_a_word_form_cites_its_term(app: SphinxTestApp, docname: str) -> None:
    app.build()
    # and last, the title of the term that the directive shows
    assert term_links(app, docname) == [*ENGLISH, ("Deployment", "bizterm-deployment")]
    # The directive shows the term its word form finds.
    shown = with_class(resolved(app, docname), nodes.container, "bizterm-definition")
    assert [n.astext() for n in shown] == ["Deployment\n\nPutting a release into production."]


@pytest.mark.sphinx("html", testroot="wordforms", freshenv=True)
def test_a_word_form_of_two_terms_is_ambiguous(app: SphinxTestApp) -> None:
    app.build()
    message = (
        "WARNING: ambiguous business term 'Accounts': it could mean 'Account' (account) or "
        "'Accounting' (accounting); cite one by its slug [bizterms.ambiguous_term]"
    )
    assert warnings_of(app) == [f"index.rst:14: {message}", f"page.md:8: {message}"]
    unresolved = with_class(resolved(app, "index"), nodes.inline, "bizterm-unknown")
    assert [n.astext() for n in unresolved] == ["Accounts"]


@pytest.mark.sphinx("html", testroot="wordforms", freshenv=True)
def test_word_form_citations_are_cited_in_the_glossary(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "glossary.html").read_text(encoding="utf-8")
    for anchor in ("bizterm-deployment", "bizterm-back-office", "bizterm-accounting"):
        assert f'id="{anchor}"' in html
    assert 'id="bizterm-account"' not in html  # only cited ambiguously


@pytest.mark.parametrize("docname", ["index", "side"])
@pytest.mark.sphinx("html", testroot="wordforms-da", freshenv=True)
def test_danish_word_forms_and_spelling_variants(app: SphinxTestApp, docname: str) -> None:
    app.build()
    assert term_links(app, docname) == DANISH


@pytest.mark.sphinx("html", testroot="wordforms-da", freshenv=True)
def test_a_danish_word_form_of_two_terms_is_ambiguous(app: SphinxTestApp) -> None:
    app.build()
    message = (
        "WARNING: ambiguous business term 'afskrivningerne': it could mean 'Afskrivning' (afskrivning)"
        " or 'Afskrivninger' (afskrivningsliste); cite one by its slug [bizterms.ambiguous_term]"
    )
    assert warnings_of(app) == [f"index.rst:11: {message}", f"side.md:5: {message}"]


@pytest.mark.sphinx("html", testroot="wordforms", freshenv=True, confoverrides={"language": "ja"})
def test_without_stemming_only_exact_keys_cite(app: SphinxTestApp) -> None:
    app.build()
    assert [text for text, _anchor in term_links(app, "index")] == ["Deployment", "Accounting"]
    assert "unknown business term 'Deployments'" in "\n".join(warnings_of(app))


@pytest.mark.skipif(not parallel_available, reason="Sphinx cannot build in parallel here")
def test_word_forms_under_parallel_reads(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app(
        "html", srcdir=copy_root("wordforms-da", tmp_path / "wordforms-da"), parallel=2, freshenv=True
    )
    app.build()
    assert term_links(app, "index") == term_links(app, "side") == DANISH
    assert [line.split(":")[:2] for line in warnings_of(app)] == [["index.rst", "11"], ["side.md", "5"]]


def test_a_new_article_makes_a_word_form_ambiguous_without_a_fresh_build(
    make_app: MakeApp, tmp_path: Path
) -> None:
    srcdir = copy_root("wordforms", tmp_path / "wordforms")
    make_app("html", srcdir=srcdir, freshenv=True).build()
    write(srcdir / "corpus" / "deploy.md", "---\ntitle: Deploy\n---\nText.\n")
    app = make_app("html", srcdir=srcdir)
    app.build()
    ambiguous = [line for line in warnings_of(app) if "'deployments'" in line.lower()]
    assert [line.split(": ")[0] for line in ambiguous] == [
        "index.rst:9",
        "index.rst:16",
        "page.md:3",
        "page.md:10",
    ]
    assert [text for text, _anchor in term_links(app, "page")] == ["back offices", "Deployment", "Accounting"]
