"""The ``bizterm`` directive in real builds, the same sample in reStructuredText and MyST."""

from __future__ import annotations

import re

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from helpers import resolved, warnings, with_class

DESCRIPTION = "Contracting business operations out to a third-party provider."
TITLE = "Business Process Outsourcing (BPO)"
#: Each page shows BPO four times (default, :full:, :section: risks, :section: Nope) and
#: names BOP once; the lines of the missing section and of BOP.
PAGES = [("index", "index.rst", 20, 23), ("page", "page.md", 16, 20)]
#: Sections of each page: the directive's headings must not add any.
PAGE_SECTIONS = {
    "index": ["Showing terms", "Intro", "End"],
    "page": ["Showing terms in MyST", "Intro", "End"],
}
MISSING_SECTION = (
    "business term 'BPO' has no section 'Nope'; its sections are: "
    "'Business Process Outsourcing (BPO)', 'Risks', 'Mitigation', 'Benefits'"
)

parametrize_pages = pytest.mark.parametrize(("docname", "filename", "nope_line", "bop_line"), PAGES)


def displays(app: SphinxTestApp, docname: str) -> list[nodes.container]:
    return with_class(resolved(app, docname), nodes.container, "bizterm-definition")


def rubrics(node: nodes.Element) -> list[str]:
    return [rubric.astext() for rubric in node.findall(nodes.rubric)]


def links(node: nodes.Element) -> list[tuple[str, str]]:
    """``(text, target)`` of each link inside ``node``."""
    return [
        (ref.astext(), ref.get("refuri") or "#" + ref.get("refid", ""))
        for ref in node.findall(nodes.reference)
    ]


@parametrize_pages
@pytest.mark.sphinx("html", testroot="basic-directive", freshenv=True)
def test_directive_shows_title_and_description(
    app: SphinxTestApp, docname: str, filename: str, nope_line: int, bop_line: int
) -> None:
    app.build()
    default = displays(app, docname)[0]
    assert rubrics(default) == [TITLE]
    assert links(default) == [(TITLE, "glossary.html#bizterm-business-process-outsourcing")]
    descriptions = [p.astext() for p in default.findall(nodes.paragraph)]
    assert descriptions == [DESCRIPTION]
    assert "back office" not in default.astext()


@parametrize_pages
@pytest.mark.sphinx("html", testroot="basic-directive", freshenv=True)
def test_full_shows_the_body_with_headings_as_rubrics(
    app: SphinxTestApp, docname: str, filename: str, nope_line: int, bop_line: int
) -> None:
    app.build()
    full = displays(app, docname)[1]
    # The article's own h1 repeats the title: shown once, as the title rubric.
    assert rubrics(full) == [TITLE, "Risks", "Mitigation", "Benefits"]
    assert [r["classes"] for r in full.findall(nodes.rubric)][1:] == [
        ["bizterm-h2"],
        ["bizterm-h3"],
        ["bizterm-h2"],
    ]
    assert not list(full.findall(nodes.section))
    assert not list(full.findall(nodes.title))
    text = full.astext()
    assert "BPO moves back-office work to a vendor." in text
    assert "Lower costs for the front office." in text


@parametrize_pages
@pytest.mark.sphinx("html", testroot="basic-directive", freshenv=True)
def test_full_leaves_the_host_page_sections_and_toctree_alone(
    app: SphinxTestApp, docname: str, filename: str, nope_line: int, bop_line: int
) -> None:
    app.build()
    doctree = app.env.get_doctree(docname)
    assert [s[0].astext() for s in doctree.findall(nodes.section)] == PAGE_SECTIONS[docname]
    toc = app.env.tocs[docname]
    assert [ref.astext() for ref in toc.findall(nodes.reference)] == PAGE_SECTIONS[docname]
    html = (app.outdir / f"{docname}.html").read_text(encoding="utf-8")
    assert len(re.findall(r'class="headerlink"', html)) == 3
    assert len(re.findall(r"<section", html)) == 3


@parametrize_pages
@pytest.mark.sphinx("html", testroot="basic-directive", freshenv=True)
def test_internal_links_become_links_to_glossary_entries(
    app: SphinxTestApp, docname: str, filename: str, nope_line: int, bop_line: int
) -> None:
    app.build()
    full = displays(app, docname)[1]
    assert links(full) == [
        (TITLE, "glossary.html#bizterm-business-process-outsourcing"),
        ("back-office", "glossary.html#bizterm-back-office"),
        ("auditors", "https://example.com/audit"),
        ("front office", "glossary.html#bizterm-front-office"),
    ]
    # Broken links keep their text, without a link.
    broken = with_class(full, nodes.inline, "bizterm-broken-link")
    assert [n.astext() for n in broken] == ["vendor", "data breach"]
    assert all(not any(isinstance(a, nodes.reference) for a in _ancestors(n)) for n in broken)
    html = (app.outdir / "glossary.html").read_text(encoding="utf-8")
    assert 'id="bizterm-back-office"' in html
    assert 'id="bizterm-front-office"' in html


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


@parametrize_pages
@pytest.mark.sphinx("html", testroot="basic-directive", freshenv=True)
def test_section_shows_just_that_section(
    app: SphinxTestApp, docname: str, filename: str, nope_line: int, bop_line: int
) -> None:
    app.build()
    section = displays(app, docname)[2]
    # "risks" matches the heading "Risks" like a key; its subsection comes with it.
    assert rubrics(section) == [TITLE, "Risks", "Mitigation"]
    text = section.astext()
    assert "A firm can suffer a data breach." in text
    assert "Contracts are checked by auditors." in text
    assert "back-office" not in text
    assert "front office" not in text


@parametrize_pages
@pytest.mark.sphinx("html", testroot="basic-directive", freshenv=True)
def test_missing_section_shows_the_description(
    app: SphinxTestApp, docname: str, filename: str, nope_line: int, bop_line: int
) -> None:
    app.build()
    shown = displays(app, docname)
    assert len(shown) == 4  # the unknown BOP shows nothing
    assert rubrics(shown[3]) == [TITLE]
    assert [p.astext() for p in shown[3].findall(nodes.paragraph)] == [DESCRIPTION]


@pytest.mark.sphinx("html", testroot="basic-directive", freshenv=True)
def test_directive_warnings(app: SphinxTestApp) -> None:
    app.build()
    corpus = app.srcdir / "corpus" / "bpo.md"
    found = warnings(app)
    expected_doc_warnings = []
    for _docname, filename, nope_line, bop_line in PAGES:
        where = app.srcdir / filename
        expected_doc_warnings += [
            f"{where}:{nope_line}: WARNING: {MISSING_SECTION} [bizterms.unknown_term]",
            f"{where}:{bop_line}: WARNING: unknown business term 'BOP'; did you mean 'BPO'?"
            " [bizterms.unknown_term]",
        ]
    # Shown on two pages, four times each: each broken link is reported once.
    expected_corpus_warnings = [
        f"{corpus}:8: WARNING: broken internal link '/vendor': no article has that key"
        " [bizterms.broken_link]",
        f"{corpus}:12: WARNING: broken internal link '/data-breach': no article has that key"
        " [bizterms.broken_link]",
    ]
    assert sorted(found) == sorted(expected_doc_warnings + expected_corpus_warnings)
    assert len(found) == 6


@pytest.mark.sphinx("html", testroot="basic-directive", freshenv=True)
def test_directive_warnings_come_again_on_a_no_op_rebuild(app: SphinxTestApp) -> None:
    app.build()
    first = sorted(warnings(app))
    app.warning.seek(0)
    app.warning.truncate()
    app.build()
    assert "0 added, 0 changed, 0 removed" in app.status.getvalue()
    assert sorted(warnings(app)) == first


def backlinks(entry: nodes.Element) -> list[str | None]:
    """The URIs of a glossary entry's "Cited in" links (HTML writes them from one node)."""
    line = next((n for n in entry.findall(nodes.Element) if "bizterm-cited-in" in n["classes"]), None)
    return [] if line is None else [link.href for link in line["links"]]


@pytest.mark.sphinx("html", testroot="basic-directive", freshenv=True)
def test_directive_counts_as_a_citation(app: SphinxTestApp) -> None:
    app.build()
    glossary = resolved(app, "glossary")
    entry = next(item for item in glossary.findall(nodes.definition_list_item) if item[0].astext() == TITLE)
    expected = []
    for docname, *_rest in PAGES:
        expected += [f"{docname}.html#{node['ids'][0]}" for node in displays(app, docname)]
    assert backlinks(entry) == expected
    assert len(expected) == 8
    # Back office and front office are only linked from the article, not cited.
    for title in ("Back Office", "Front Office"):
        item = next(i for i in glossary.findall(nodes.definition_list_item) if i[0].astext() == title)
        assert backlinks(item) == []
