"""Unlinked mentions in real builds: warnings at their own lines, the report, links, opt-outs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_bizterms.extension.domain import get_domain

from helpers import MakeApp, build, build_copy, copy_root, warnings_of, write

BPO = "'Business Process Outsourcing' mentions the business term 'Business Process Outsourcing (BPO)'"
VENDOR = "'supplier' mentions the business term 'Vendor'"
SUFFIX = " without citing it [bizterms.unlinked_mention]"
#: The sample page in both syntaxes: the line of the mentions in each (the paragraph that
#: holds them starts two lines earlier).
CITED_TERMS = [
    f"index.rst:30: WARNING: {BPO}{SUFFIX}",
    f"index.rst:30: WARNING: {VENDOR}{SUFFIX}",
    f"page.md:21: WARNING: {BPO}{SUFFIX}",
    f"page.md:21: WARNING: {VENDOR}{SUFFIX}",
]


def mention_warnings(app: SphinxTestApp) -> list[str]:
    return [line for line in warnings_of(app) if "unlinked_mention" in line]


@pytest.mark.sphinx("html", testroot="mentions")
def test_warn_names_each_cited_term_once_per_page_at_its_own_line(app: SphinxTestApp) -> None:
    app.build()
    # Not BPO in the first section (it cites BPO), nor in literals, links, code, the opt-out
    # role, a display or the opted-out pages; "IT" and "back office" are cited nowhere.
    assert warnings_of(app) == CITED_TERMS


@pytest.mark.sphinx("html", testroot="mentions", confoverrides={"bizterms_mentions_terms": "all"})
def test_all_terms_widens_the_search_to_the_whole_corpus(app: SphinxTestApp) -> None:
    app.build()
    extra = [
        "'back office' mentions the business term 'Back Office'",
        # "IT" in capitals; "it" is a word, not the abbreviation
        "'IT' mentions the business term 'Information Technology (IT)'",
    ]
    expected = [
        *CITED_TERMS[:2],
        *(f"index.rst:32: WARNING: {m}{SUFFIX}" for m in extra),
        *CITED_TERMS[2:],
        *(f"page.md:23: WARNING: {m}{SUFFIX}" for m in extra),
    ]
    assert mention_warnings(app) == expected


@pytest.mark.sphinx("html", testroot="mentions", confoverrides={"bizterms_mentions_terms": ["operations"]})
def test_keywords_choose_the_terms(app: SphinxTestApp) -> None:
    app.build()
    assert [line.split(": WARNING: ")[1].split(" mentions")[0] for line in mention_warnings(app)] == [
        "'back office'",
        "'IT'",
        "'back office'",
        "'IT'",
    ]


@pytest.mark.sphinx("html", testroot="mentions", confoverrides={"bizterms_mentions": "off"})
def test_off_finds_nothing(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    assert get_domain(app.env).mentions == []


@pytest.mark.sphinx("html", testroot="mentions-da")
def test_danish_word_forms_and_spelling_variants(app: SphinxTestApp) -> None:
    app.build()
    expected = []
    for page, line in (("index.rst", 13), ("side.md", 3)):
        expected += [
            f"{page}:{line}: WARNING: 'leverandører' mentions the business term 'Leverandør'{SUFFIX}",
            f"{page}:{line}: WARNING: 'underleverandør' mentions the business term 'Underleverandør'{SUFFIX}",
            f"{page}:{line + 1}: WARNING: 'aarsregnskab' mentions the business term 'Årsregnskab'{SUFFIX}",
        ]
    assert warnings_of(app) == expected


def build_report(make_app: MakeApp, rootdir: Path, tmp_path: Path, mode: str) -> tuple[SphinxTestApp, Path]:
    app = build_copy(
        make_app,
        rootdir / "test-mentions",
        tmp_path / "src",
        "bizterms",
        confoverrides={"bizterms_mentions": mode},
    )
    return app, Path(app.outdir)


def test_report_lists_mentions_without_warning_or_failing(
    make_app: MakeApp, rootdir: Path, tmp_path: Path
) -> None:
    app, out = build_report(make_app, rootdir, tmp_path, "report")
    assert warnings_of(app) == []
    assert app.statuscode == 0
    assert (out / "output.txt").read_text(encoding="utf-8").splitlines() == [
        f"index.rst:30: {BPO}{SUFFIX}",
        f"index.rst:30: {VENDOR}{SUFFIX}",
        f"page.md:21: {BPO}{SUFFIX}",
        f"page.md:21: {VENDOR}{SUFFIX}",
    ]
    records = [json.loads(line) for line in (out / "output.json").read_text(encoding="utf-8").splitlines()]
    mentions = [(r["path"], r["line"], r["target"]) for r in records if r["kind"] == "mention"]
    assert mentions == [
        ("index.rst", 30, "business-process-outsourcing"),
        ("index.rst", 30, "vendor"),
        ("page.md", 21, "business-process-outsourcing"),
        ("page.md", 21, "vendor"),
    ]
    assert not [r for r in records if r["kind"] == "finding"]


def test_report_mode_looks_for_mentions_only_for_the_report(
    make_app: MakeApp, rootdir: Path, tmp_path: Path
) -> None:
    # HTML shows no mention under "report": it reads the pages without looking for them ...
    srcdir, report_mode = tmp_path / "src", {"bizterms_mentions": "report"}
    html = build_copy(make_app, rootdir / "test-mentions", srcdir, confoverrides=report_mode)
    domain = get_domain(html.env)
    assert domain.mentions == []
    # (not the pages that opt out, which no builder searches)
    assert sorted(record.docname for record in domain.unsearched) == ["glossary", "index", "page"]
    # ... and the bizterms builder, in the same environment, reads those pages again to list them
    report = build(make_app, srcdir, "bizterms", confoverrides=report_mode)
    assert "3 changed" in report.status.getvalue()
    assert (Path(report.outdir) / "output.txt").read_text(encoding="utf-8").splitlines() == [
        f"index.rst:30: {BPO}{SUFFIX}",
        f"index.rst:30: {VENDOR}{SUFFIX}",
        f"page.md:21: {BPO}{SUFFIX}",
        f"page.md:21: {VENDOR}{SUFFIX}",
    ]
    assert get_domain(report.env).unsearched == []
    # once searched, they stay searched: the next HTML build reads nothing
    again = build(make_app, srcdir, "html", confoverrides=report_mode)
    assert "0 added, 0 changed, 0 removed" in again.status.getvalue()


def test_warned_mentions_are_findings_of_the_report(make_app: MakeApp, rootdir: Path, tmp_path: Path) -> None:
    app, out = build_report(make_app, rootdir, tmp_path, "warn")
    assert app.statuscode == 1
    records = [json.loads(line) for line in (out / "output.json").read_text(encoding="utf-8").splitlines()]
    assert [(r["kind"], r["subtype"]) for r in records if r["kind"] != "citation"] == [
        ("finding", "unlinked_mention")
    ] * 4


LINK = {"bizterms_mentions": "link", "bizterms_mentions_terms": "all"}


def linked_texts(html: str) -> list[str]:
    """The text of each citation made from a mention, in page order."""
    return re.findall(r'id="bizterm--mention--[\w-]+"></span><a [^>]*><span [^>]*>([^<]+)</span>', html)


@pytest.mark.sphinx("html", testroot="mentions", confoverrides=LINK)
def test_link_makes_the_first_mention_per_section_a_citation(app: SphinxTestApp) -> None:
    app.build()
    assert mention_warnings(app) == []
    for page in ("index", "page"):
        html = (app.outdir / f"{page}.html").read_text(encoding="utf-8")
        # per section: "Where they are" (BPO once, though twice mentioned; supplier; back office;
        # IT), then "A second section" (Suppliers, BPO again: a new section)
        assert linked_texts(html) == [
            "Business Process Outsourcing",
            "supplier",
            "back office",
            "IT",
            "Suppliers",
            "BPO",
        ]
        # a real citation: a link to the glossary entry with its hover preview on the page
        assert re.search(
            r'<a aria-describedby="bizterm--tip--back-office" class="reference internal" '
            r'href="glossary.html#bizterm-back-office" '
            r'title="The part of a firm that customers do not see.">',
            html,
        )
        assert 'id="bizterm--tip--back-office"' in html
    glossary = (app.outdir / "glossary.html").read_text(encoding="utf-8")
    entry = glossary[glossary.index('id="bizterm-back-office"') :]
    cited_in = entry[entry.index("bizterm-cited-in") : entry.index("</p>", entry.index("bizterm-cited-in"))]
    assert re.findall(r'href="([^"]+)"', cited_in) == [
        "index.html#bizterm--mention--index--2",
        "page.html#bizterm--mention--page--2",
    ]


@pytest.mark.sphinx("text", testroot="mentions", confoverrides=LINK)
def test_linked_mentions_read_like_citations_in_other_builders(app: SphinxTestApp) -> None:
    app.build()
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "Many firms cite *BPO* in the first section" in text
    assert "*Suppliers* again, and *BPO* again." in text


def html_outputs(app: SphinxTestApp) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(Path(app.outdir).glob("*.html"))}


def test_link_under_parallel_build_equals_serial(make_app: MakeApp, tmp_path: Path) -> None:
    built = {}
    for parallel in (1, 2):
        srcdir = copy_root("mentions", tmp_path / f"j{parallel}")
        for n in range(8):  # Sphinx reads in parallel only with more than a few pages
            write(srcdir / f"more{n}.rst", f"More {n}\n======\n\nSuppliers and BPO on page {n}.\n")
        app = make_app("html", srcdir=srcdir, parallel=parallel, confoverrides=LINK, freshenv=True)
        app.build()
        built[parallel] = html_outputs(app)
        app.cleanup()
    assert built[2] == built[1]
    assert linked_texts(built[2]["more3.html"]) == ["Suppliers", "BPO"]
    assert "more3.html#bizterm--mention--more3--0" in built[2]["glossary.html"]


def test_link_follows_what_other_pages_cite(make_app: MakeApp, tmp_path: Path) -> None:
    """Which terms count is known after reading: a page that starts citing one re-writes the
    pages that mention it, without reading them again."""
    srcdir = copy_root("mentions", tmp_path / "src")
    overrides = {"bizterms_mentions": "link"}
    app = make_app("html", srcdir=srcdir, confoverrides=overrides)
    app.build()
    assert "back office" not in linked_texts((app.outdir / "page.html").read_text(encoding="utf-8"))
    app.cleanup()

    optout = srcdir / "optout.rst"
    optout.write_text(optout.read_text(encoding="utf-8") + "\nIt cites the :bizterm:`back office`.\n")
    app = make_app("html", srcdir=srcdir, confoverrides=overrides)
    app.build()
    assert "0 added, 1 changed, 0 removed" in app.status.getvalue()
    page = (app.outdir / "page.html").read_text(encoding="utf-8")
    linked = ["Business Process Outsourcing", "supplier", "back office", "Suppliers", "BPO"]
    assert linked_texts(page) == linked
    glossary = (app.outdir / "glossary.html").read_text(encoding="utf-8")
    assert "page.html#bizterm--mention--page--2" in glossary
    app.cleanup()

    # and a no-op build keeps them, writing nothing
    app = make_app("html", srcdir=srcdir, confoverrides=overrides)
    app.build()
    assert "0 added, 0 changed, 0 removed" in app.status.getvalue()
    assert (app.outdir / "page.html").read_text(encoding="utf-8") == page


@pytest.mark.sphinx("html", testroot="mentions", confoverrides={"bizterms_mentions": "loud"})
def test_a_wrong_mode_is_a_config_warning(app: SphinxTestApp) -> None:
    app.build()
    warnings = warnings_of(app)
    assert warnings[0].endswith(
        "bizterms_mentions must be one of 'off', 'report', 'warn', 'link', not 'loud'; "
        "using the default 'report' [bizterms.config]"
    )
    assert mention_warnings(app) == []


@pytest.mark.sphinx("html", testroot="mentions", confoverrides={"bizterms_mentions_terms": "cited-ones"})
def test_a_wrong_terms_value_is_a_config_warning(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app)[0].endswith(
        "bizterms_mentions_terms must be 'cited', 'all' or a list of keywords, not 'cited-ones'; "
        "using the default 'cited' [bizterms.config]"
    )
    assert mention_warnings(app) == CITED_TERMS


def test_a_page_value_other_than_off_is_a_config_warning(make_app: MakeApp, tmp_path: Path) -> None:
    srcdir = copy_root("mentions", tmp_path / "src")
    optout = srcdir / "optout.rst"
    optout.write_text(optout.read_text(encoding="utf-8").replace(": off", ": maybe"))
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = warnings_of(app)
    assert (
        "optout.rst:1: WARNING: bizterms-mentions: only 'off' is understood, not 'maybe'; "
        "mentions are looked for on this page [bizterms.config]"
    ) in warnings
    assert f"optout.rst:6: WARNING: 'Suppliers' mentions the business term 'Vendor'{SUFFIX}" in warnings


def test_a_noop_rebuild_warns_again_without_reading(make_app: MakeApp, tmp_path: Path) -> None:
    srcdir = copy_root("mentions", tmp_path / "src")
    for _build in range(2):
        app = make_app("html", srcdir=srcdir)
        app.build()
        assert mention_warnings(app) == CITED_TERMS
        app.cleanup()
    assert "0 added, 0 changed, 0 removed" in app.status.getvalue()
