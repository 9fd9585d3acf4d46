"""The ``bizterm`` role in real builds, the same sample in reStructuredText and MyST."""

from __future__ import annotations

import re

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from helpers import warnings, with_class

ANCHOR = "bizterm-business-process-outsourcing"
DESCRIPTION = "Contracting business operations out to a third-party provider."
#: Each page's citations, in order: the link text of the ones that resolve.
RESOLVED = ["BPO", "outsourcing", "/bpo", "Business process outsourcing"]
#: The page and the lines of its two unknown citations (``BOP`` and ``outsourcing firms <bop>``).
PAGES = [("index", "index.rst", 17, 19), ("page", "page.md", 11, 13)]


def html_links(html: str) -> list[tuple[dict[str, str], str]]:
    """Every ``<a>`` of a page: its attributes and its text."""
    return [
        (dict(re.findall(r'([\w-]+)="([^"]*)"', attrs)), re.sub(r"<[^>]+>", "", inner))
        for attrs, inner in re.findall(r"<a ([^>]*)>(.*?)</a>", html, re.DOTALL)
    ]


def term_references(app: SphinxTestApp, docname: str) -> list[nodes.reference]:
    doctree = app.env.get_and_resolve_doctree(docname, app.builder, tags=app.builder.tags)
    return [ref for ref in doctree.findall(nodes.reference) if ref.get("reftitle") == DESCRIPTION]


@pytest.mark.parametrize(("docname", "filename", "bop_line", "titled_line"), PAGES)
@pytest.mark.sphinx("html", testroot="basic-role", freshenv=True)
def test_role_links_to_the_glossary_entry(
    app: SphinxTestApp, docname: str, filename: str, bop_line: int, titled_line: int
) -> None:
    app.build()
    refs = term_references(app, docname)
    assert [ref.astext() for ref in refs] == RESOLVED
    assert {ref["refuri"] for ref in refs} == {f"glossary.html#{ANCHOR}"}

    html = (app.outdir / f"{docname}.html").read_text(encoding="utf-8")
    links = [(attrs, text) for attrs, text in html_links(html) if attrs.get("title") == DESCRIPTION]
    assert [text for _attrs, text in links] == RESOLVED
    assert {attrs["href"] for attrs, _text in links} == {f"glossary.html#{ANCHOR}"}


@pytest.mark.parametrize(("docname", "filename", "bop_line", "titled_line"), PAGES)
@pytest.mark.sphinx("html", testroot="basic-role", freshenv=True)
def test_role_marks_each_citation_with_an_anchor(
    app: SphinxTestApp, docname: str, filename: str, bop_line: int, titled_line: int
) -> None:
    app.build()
    html = (app.outdir / f"{docname}.html").read_text(encoding="utf-8")
    # Each resolved citation stands right after its own target, so a backlink lands on it.
    cited = re.findall(r'<span class="target" id="([^"]+)"></span>(<a [^>]*>.*?</a>)', html)
    assert [html_links(link)[0][1] for _node_id, link in cited] == RESOLVED
    assert len({node_id for node_id, _link in cited}) == len(RESOLVED)


@pytest.mark.parametrize(("docname", "filename", "bop_line", "titled_line"), PAGES)
@pytest.mark.sphinx("html", testroot="basic-role", freshenv=True)
def test_unknown_term_is_plain_text(
    app: SphinxTestApp, docname: str, filename: str, bop_line: int, titled_line: int
) -> None:
    app.build()
    doctree = app.env.get_and_resolve_doctree(docname, app.builder, tags=app.builder.tags)
    unknown = with_class(doctree, nodes.inline, "bizterm-unknown")
    assert [node.astext() for node in unknown] == ["BOP", "outsourcing firms"]
    assert all(not isinstance(node.parent, nodes.reference) for node in unknown)
    html = (app.outdir / f"{docname}.html").read_text(encoding="utf-8")
    assert not any(text in ("BOP", "outsourcing firms") for _attrs, text in html_links(html))


@pytest.mark.sphinx("html", testroot="basic-role", freshenv=True)
def test_unknown_term_warns_at_the_citing_line(app: SphinxTestApp) -> None:
    app.build()
    expected = []
    for _docname, filename, bop_line, titled_line in PAGES:
        where = app.srcdir / filename
        expected += [
            f"{where}:{bop_line}: WARNING: unknown business term 'BOP'; did you mean 'BPO'?"
            " [bizterms.unknown_term]",
            f"{where}:{titled_line}: WARNING: unknown business term 'bop'; did you mean 'BPO'?"
            " [bizterms.unknown_term]",
        ]
    assert warnings(app) == expected


@pytest.mark.sphinx("html", testroot="basic-role", freshenv=True)
def test_role_on_the_glossary_page_links_within_the_page(app: SphinxTestApp) -> None:
    app.build()
    refs = term_references(app, "glossary")
    cited = [ref for ref in refs if ref.astext() == "BPO"]
    assert len(cited) == 1
    assert cited[0]["refid"] == ANCHOR
    html = (app.outdir / "glossary.html").read_text(encoding="utf-8")
    assert f'id="{ANCHOR}"' in html
    links = [attrs for attrs, text in html_links(html) if text == "BPO"]
    assert [(attrs["href"], attrs["title"]) for attrs in links] == [(f"#{ANCHOR}", DESCRIPTION)]


@pytest.mark.sphinx("html", testroot="basic-include", freshenv=True)
def test_unknown_term_location_in_and_after_an_include(app: SphinxTestApp) -> None:
    app.build()
    src = app.srcdir
    missing = (
        "business term 'BPO' has no section 'Nope'; its sections are: 'Business Process Outsourcing (BPO)'"
    )
    unknown = "unknown business term '{}'; did you mean 'BPO'? [bizterms.unknown_term]"
    # the included file's own line; and, after it, the including file's line (not shifted)
    assert warnings(app) == [
        f"{src / 'index.rst'}:10: WARNING: {unknown.format('BOR')}",
        f"{src / 'index.rst'}:12: WARNING: {missing} [bizterms.unknown_term]",
        f"{src / 'page.md'}:6: WARNING: {unknown.format('BOR')}",
        f"{src / 'page.md'}:8: WARNING: {missing} [bizterms.unknown_term]",
        f"{src / 'part.md.txt'}:3: WARNING: {unknown.format('BOQ')}",
        f"{src / 'part.rst.txt'}:3: WARNING: {unknown.format('BOQ')}",
    ]
    # the included citation resolves and links like any other (then comes the display's title)
    for docname in ("index", "page"):
        html = (app.outdir / f"{docname}.html").read_text(encoding="utf-8")
        assert [text for attrs, text in html_links(html) if attrs.get("title") == DESCRIPTION] == [
            "BPO",
            "Business Process Outsourcing (BPO)",
        ]
