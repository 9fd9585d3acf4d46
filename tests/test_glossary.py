"""The ``bizterm-glossary`` directive in real builds: selection, order, grouping and links."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from helpers import resolved, warnings, with_class

BPO = "Business Process Outsourcing (BPO)"


def glossaries(app: SphinxTestApp, docname: str) -> list[nodes.container]:
    return with_class(resolved(app, docname), nodes.container, "bizterm-glossary")


def titles(glossary: nodes.Element) -> list[str]:
    return [term.astext() for term in glossary.findall(nodes.term)]


def entry(glossary: nodes.Element, title: str) -> nodes.definition_list_item:
    return next(item for item in glossary.findall(nodes.definition_list_item) if item[0].astext() == title)


def paragraph(item: nodes.Element, cls: str) -> nodes.paragraph | None:
    return next((p for p in item.findall(nodes.paragraph) if cls in p["classes"]), None)


def links(item: nodes.Element, cls: str) -> list[tuple[str, str | None]] | None:
    """The (text, URI) of each link of an entry's "See also" or "Cited in" line; None without one.

    HTML writes each line from one node that holds its links (``glossary.link_line``).
    """
    line = next((n for n in item.findall(nodes.Element) if cls in n["classes"]), None)
    return None if line is None else [(link.text, link.href) for link in line["links"]]


def html_line(app: SphinxTestApp, docname: str, cls: str) -> list[str]:
    """Each line of class ``cls`` on a page, as written, in page order."""
    html = (app.outdir / f"{docname}.html").read_text(encoding="utf-8")
    return re.findall(rf'<p class="{cls}">(.*?)</p>', html)


def html_ids(app: SphinxTestApp, docname: str) -> list[str]:
    html = (app.outdir / f"{docname}.html").read_text(encoding="utf-8")
    return re.findall(r'\sid="([^"]+)"', html)


def citation_ids(app: SphinxTestApp, docname: str, text: str) -> list[str]:
    """The ids of the anchors that stand right before each citation of ``text`` on a page."""
    html = (app.outdir / f"{docname}.html").read_text(encoding="utf-8")
    roles = re.findall(
        rf'<span class="target" id="([^"]+)"></span><a [^>]*><span [^>]*>{re.escape(text)}<', html
    )
    shown = re.findall(r'<div class="bizterm-definition[^"]*" id="([^"]+)"', html)
    return roles + shown


@pytest.mark.sphinx("html", testroot="glossary", freshenv=True)
def test_scope_cited_lists_exactly_the_cited_terms(app: SphinxTestApp) -> None:
    app.build()
    assert warnings(app) == []
    (glossary,) = glossaries(app, "glossary")
    assert titles(glossary) == ["Back Office", BPO]


@pytest.mark.sphinx("html", testroot="glossary", freshenv=True)
def test_glossary_variants(app: SphinxTestApp) -> None:
    app.build()
    every, depth1, depth2, keywords_all, keywords_cited, nothing = glossaries(app, "variants")
    assert titles(every) == ["Back Office", BPO, "Corporate Tax", "Front Office", "Vendor"]
    # depth adds the terms that cited ones link to, hop by hop
    assert titles(depth1) == ["Back Office", BPO, "Front Office"]
    assert titles(depth2) == ["Back Office", BPO, "Corporate Tax", "Front Office"]
    # keywords are matched like keys, and keep terms with any of them
    assert titles(keywords_all) == ["Corporate Tax", "Front Office", "Vendor"]
    assert titles(keywords_cited) == [BPO]
    assert titles(nothing) == []
    assert nothing.astext() == "No business terms to list."


@pytest.mark.sphinx("html", testroot="glossary", freshenv=True)
def test_entry_ids_and_contents(app: SphinxTestApp) -> None:
    app.build()
    (glossary,) = glossaries(app, "glossary")
    item = entry(glossary, BPO)
    assert item[0]["ids"] == ["bizterm-business-process-outsourcing"]
    assert paragraph(item, "bizterm-description").astext() == (
        "Contracting business operations out to a third-party provider."
    )
    assert paragraph(item, "bizterm-keywords").astext() == "Keywords: Business, Small Business"
    assert entry(glossary, "Back Office")[0]["ids"] == ["bizterm-back-office"]
    assert paragraph(entry(glossary, "Back Office"), "bizterm-keywords").astext() == (
        "Keywords: Business, Operations"
    )
    ids = html_ids(app, "glossary")
    assert "bizterm-business-process-outsourcing" in ids
    assert "bizterm-back-office" in ids


@pytest.mark.sphinx("html", testroot="glossary", freshenv=True)
def test_see_also_links_to_the_linked_terms(app: SphinxTestApp) -> None:
    app.build()
    (glossary,) = glossaries(app, "glossary")
    # /backoffice and /back-office#tasks are one term, listed once; the article's order is kept.
    assert links(entry(glossary, BPO), "bizterm-see-also") == [
        ("Back Office", "#bizterm-back-office"),
        # Front office has no entry here: the link goes to the first glossary that lists it.
        ("Front Office", "variants.html#bizterm-front-office"),
    ]
    assert "bizterm-front-office" in html_ids(app, "variants")
    # As HTML: the links, the term names in the xref style, the descriptions as hover text.
    written = html_line(app, "glossary", "bizterm-see-also")
    assert written[1] == (
        "<strong>See also:</strong> "
        '<a class="reference internal" href="#bizterm-back-office" '
        'title="The part of a firm that supports its core business.">'
        '<span class="xref bizterm">Back Office</span></a>, '
        '<a class="reference internal" href="variants.html#bizterm-front-office" '
        'title="The customer-facing part of a firm."><span class="xref bizterm">Front Office</span></a>'
    )
    # An article without internal links has no "See also".
    (every, *_others) = glossaries(app, "variants")
    assert links(entry(every, "Vendor"), "bizterm-see-also") is None


@pytest.mark.sphinx("html", testroot="glossary", freshenv=True)
def test_cited_in_links_to_each_citing_spot(app: SphinxTestApp) -> None:
    app.build()
    (glossary,) = glossaries(app, "glossary")
    refs = links(entry(glossary, BPO), "bizterm-cited-in")
    assert refs is not None
    index_ids = citation_ids(app, "index", "BPO") + citation_ids(app, "index", "outsourcing")
    page_ids = citation_ids(app, "page", "BPO")
    assert len(index_ids) == 2
    assert len(page_ids) == 2  # the role and the directive
    assert refs == [
        ("Terms in reStructuredText", f"index.html#{index_ids[0]}"),
        ("[2]", f"index.html#{index_ids[1]}"),
        ("Terms in MyST", f"page.html#{page_ids[0]}"),
        ("[2]", f"page.html#{page_ids[1]}"),
    ]
    written = html_line(app, "glossary", "bizterm-cited-in")
    assert written[1] == (
        "<strong>Cited in:</strong> "
        f'<a class="bizterm-backlink reference internal" href="index.html#{index_ids[0]}">'
        "Terms in reStructuredText</a> "
        f'<a class="bizterm-backlink reference internal" href="index.html#{index_ids[1]}">[2]</a>; '
        f'<a class="bizterm-backlink reference internal" href="page.html#{page_ids[0]}">Terms in MyST</a> '
        f'<a class="bizterm-backlink reference internal" href="page.html#{page_ids[1]}">[2]</a>'
    )
    # each of those ids is a real anchor of its page
    for docname, node_ids in (("index", index_ids), ("page", page_ids)):
        assert set(node_ids) <= set(html_ids(app, docname))

    ((_text, href),) = links(entry(glossary, "Back Office"), "bizterm-cited-in") or []
    assert href == f"index.html#{citation_ids(app, 'index', 'back office')[0]}"
    # terms nobody cites have no "Cited in"
    (every, *_others) = glossaries(app, "variants")
    assert links(entry(every, "Vendor"), "bizterm-cited-in") is None


@pytest.mark.sphinx("html", testroot="glossary", freshenv=True)
def test_each_term_has_one_bizterm_anchor(app: SphinxTestApp) -> None:
    app.build()
    ids = Counter(html_ids(app, "glossary") + html_ids(app, "variants"))
    for slug in ("business-process-outsourcing", "back-office", "front-office", "corporate-tax", "vendor"):
        assert ids[f"bizterm-{slug}"] == 1, slug
    for docname in ("glossary", "variants", "index", "page"):
        counts = Counter(html_ids(app, docname))
        assert [i for i, n in counts.items() if n > 1] == [], docname


@pytest.mark.sphinx("html", testroot="glossary-da", freshenv=True)
def test_danish_order_and_letter_groups(app: SphinxTestApp) -> None:
    app.build()
    (glossary,) = glossaries(app, "index")
    assert titles(glossary) == ["Apple", "Ost", "Zebra", "Ærlig", "Øre", "Åben"]
    letters = with_class(glossary, nodes.rubric, "bizterm-letter")
    assert [r.astext() for r in letters] == ["A", "O", "Z", "Æ", "Ø", "Å"]
    groups = [
        [term.astext() for term in dl.findall(nodes.term)] for dl in glossary.findall(nodes.definition_list)
    ]
    assert groups == [["Apple"], ["Ost"], ["Zebra"], ["Ærlig"], ["Øre"], ["Åben"]]


@pytest.mark.sphinx("html", testroot="glossary-da", freshenv=True)
def test_jump_line_links_to_each_letter_group(app: SphinxTestApp) -> None:
    app.build()
    (glossary,) = glossaries(app, "index")
    jump = next(p for p in glossary.findall(nodes.paragraph) if "bizterm-jumpline" in p["classes"])
    letters = with_class(glossary, nodes.rubric, "bizterm-letter")
    letter_ids = [r["ids"][0] for r in letters]
    assert len(set(letter_ids)) == len(letters), letter_ids  # Å is not A, Ø is not O
    assert [(ref.astext(), ref["refid"]) for ref in jump.findall(nodes.reference)] == [
        (r.astext(), r["ids"][0]) for r in letters
    ]
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    jump_html = re.search(r'<p class="bizterm-jumpline">(.*?)</p>', html).group(1)
    hrefs = re.findall(r'href="#([^"]+)">([^<]+)</a>', jump_html)
    assert [letter for _href, letter in hrefs] == ["A", "O", "Z", "Æ", "Ø", "Å"]
    for href, letter in hrefs:
        assert re.search(rf'<p class="[^"]*bizterm-letter[^"]*" id="{href}">{letter}</p>', html), letter
    assert [i for i, n in Counter(html_ids(app, "index")).items() if n > 1] == []


@pytest.mark.sphinx("html", testroot="glossary-da", freshenv=True, confoverrides={"language": "en"})
def test_english_order_files_danish_letters_under_their_base_letter(app: SphinxTestApp) -> None:
    app.build()
    (glossary,) = glossaries(app, "index")
    assert titles(glossary) == ["Åben", "Ærlig", "Apple", "Øre", "Ost", "Zebra"]
    letters = [r.astext() for r in with_class(glossary, nodes.rubric, "bizterm-letter")]
    assert letters == ["A", "O", "Z"]


@pytest.mark.sphinx("html", testroot="glossary", freshenv=True)
def test_glossary_in_myst(app: SphinxTestApp) -> None:
    app.build()
    keywords, depth1 = glossaries(app, "variants-myst")
    assert titles(keywords) == ["Front Office", "Vendor"]
    assert titles(depth1) == ["Back Office", BPO, "Front Office"]
    assert [href for _text, href in links(entry(depth1, BPO), "bizterm-see-also") or []] == [
        "glossary.html#bizterm-back-office",
        "variants.html#bizterm-front-office",
    ]
