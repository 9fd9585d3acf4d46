"""Every builder the docs name builds a project that uses every feature, with links that land."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import MakeApp, build_copy, warnings_of

BUILDERS = ["html", "dirhtml", "singlehtml", "latex", "text", "man", "texinfo", "epub", "gettext"]

SEED = "corpus/000_ecdf2bf2053fa52b.txt"
#: The seed links to four keys that the test corpus lacks; nothing else may warn.
EXPECTED_WARNINGS = [
    f"{SEED}:10: WARNING: broken internal link '/subcontracting': no article has that key "
    "[bizterms.broken_link]",
    f"{SEED}:10: WARNING: broken internal link '/vendor': no article has that key [bizterms.broken_link]",
    f"{SEED}:18: WARNING: broken internal link '/frontoffice': no article has that key "
    "[bizterms.broken_link]",
    f"{SEED}:48: WARNING: broken internal link '/data-breach': no article has that key "
    "[bizterms.broken_link]",
]

#: Descriptions of the three terms, as every output format must carry them.
DESCRIPTIONS = {
    "back-office": "The part of a firm that supports the front office",
    "business-process-outsourcing": "Business process outsourcing (BPO) er en metode til",
    "corporate-tax": "A tax on the profits of a company.",
}


def build(make_app: MakeApp, rootdir: Path, tmp_path: Path, buildername: str) -> SphinxTestApp:
    return build_copy(make_app, rootdir / "test-builders", tmp_path / "src", buildername, freshenv=True)


class _Anchors(HTMLParser):
    """The ids of an HTML page and the hrefs of its links."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.hrefs.append(str(found["href"]))


def parse_html(path: Path) -> _Anchors:
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def check_html_links(outdir: Path, suffix: str) -> dict[Path, _Anchors]:
    """Every link to a ``bizterm-`` anchor leads to an existing page that has that id."""
    pages = {path: parse_html(path) for path in outdir.rglob(f"*{suffix}")}
    checked = 0
    for page, anchors in pages.items():
        for href in anchors.hrefs:
            parts = urlsplit(href)
            if parts.scheme or not parts.fragment.startswith("bizterm-"):
                continue
            assert href.count("#") == 1, f"{page.name}: malformed link {href}"
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / f"index{suffix}"
            assert target in pages, f"{page}: link {href} leads to no page"
            assert parts.fragment in pages[target].ids, f"{page}: link {href} leads to no anchor"
            checked += 1
    assert checked > 20  # the role, the displays, See also and Cited in all link
    return pages


@pytest.mark.parametrize("buildername", BUILDERS)
def test_every_builder_builds_with_only_the_expected_warnings(
    make_app: MakeApp, rootdir: Path, tmp_path: Path, buildername: str
) -> None:
    app = build(make_app, rootdir, tmp_path, buildername)
    assert warnings_of(app) == EXPECTED_WARNINGS
    assert any(app.outdir.iterdir())


def test_html_glossary_entries_and_links(make_app: MakeApp, rootdir: Path, tmp_path: Path) -> None:
    app = build(make_app, rootdir, tmp_path, "html")
    pages = check_html_links(app.outdir, ".html")
    glossary = app.outdir / "glossary.html"
    assert {"bizterm-back-office", "bizterm-business-process-outsourcing", "bizterm-corporate-tax"} <= set(
        pages[glossary].ids
    )
    html = glossary.read_text(encoding="utf-8")
    for description in DESCRIPTIONS.values():
        assert description in html
    # "See also" of Back Office: the two articles it links to
    entry = html[html.index('id="bizterm-back-office"') : html.index('id="bizterm-business-process')]
    assert 'href="#bizterm-business-process-outsourcing"' in entry
    assert 'href="#bizterm-corporate-tax"' in entry
    # "Cited in" of Back Office: the rST page and the MyST page (role and display)
    assert entry.count("bizterm-backlink") == 3
    assert 'href="index.html#bizterm--cite--' in entry
    assert 'href="myst.html#bizterm--cite--' in entry
    assert 'href="myst.html#bizterm--show--' in entry
    # every id is unique in every page
    for page, anchors in pages.items():
        assert len(anchors.ids) == len(set(anchors.ids)), page


def test_html_second_glossary_lists_its_own_terms(make_app: MakeApp, rootdir: Path, tmp_path: Path) -> None:
    """Two glossaries in two pages are two glossaries, each with its own options."""
    app = build(make_app, rootdir, tmp_path, "html")
    glossary = (app.outdir / "glossary.html").read_text(encoding="utf-8")
    assert len(re.findall(r"<dt id=", glossary)) == 3
    taxes = (app.outdir / "taxes.html").read_text(encoding="utf-8")
    (term,) = re.findall(r'<dt id="([^"]+)">', taxes)
    # the term's anchor is its entry in the first glossary; this one has an id of its own
    assert term.endswith("-corporate-tax") and term != "bizterm-corporate-tax"
    assert 'href="glossary.html#bizterm-back-office"' in taxes


def test_dirhtml_links(make_app: MakeApp, rootdir: Path, tmp_path: Path) -> None:
    app = build(make_app, rootdir, tmp_path, "dirhtml")
    check_html_links(app.outdir, ".html")
    index = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert 'href="glossary/#bizterm-business-process-outsourcing"' in index
    glossary = (app.outdir / "glossary" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="\.\./#bizterm--cite--[\w-]+"', glossary)
    assert re.search(r'href="\.\./myst/#bizterm--show--[\w-]+"', glossary)


def test_singlehtml_links_stay_in_the_page(make_app: MakeApp, rootdir: Path, tmp_path: Path) -> None:
    app = build(make_app, rootdir, tmp_path, "singlehtml")
    pages = check_html_links(app.outdir, ".html")
    page = pages[app.outdir / "index.html"]
    ours = [href for href in page.hrefs if "bizterm-" in href]
    assert ours
    assert all(href.startswith("#bizterm-") for href in ours), ours
    # ids from different source pages must not clash once they share one page
    assert len(page.ids) == len(set(page.ids))
    assert all(href[1:] in page.ids for href in ours)


def test_epub_links(make_app: MakeApp, rootdir: Path, tmp_path: Path) -> None:
    app = build(make_app, rootdir, tmp_path, "epub")
    check_html_links(app.outdir, ".xhtml")
    assert (app.outdir / "Builders.epub").is_file()


def _tex(app: SphinxTestApp) -> str:
    return (app.outdir / "builders.tex").read_text(encoding="utf-8")


def test_latex_glossary_hyperlinks(make_app: MakeApp, rootdir: Path, tmp_path: Path) -> None:
    app = build(make_app, rootdir, tmp_path, "latex")
    tex = _tex(app)
    labels = set(re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", tex))
    links = re.findall(r"\\hyperref\[\\detokenize\{([^}]*)\}\]", tex)
    # glossary entries are labelled, and every citation links to its entry
    for slug in DESCRIPTIONS:
        assert f"glossary:bizterm-{slug}" in labels
    assert links.count("glossary:bizterm-business-process-outsourcing") >= 4
    # backlinks lead to the citing page's own label, not to one in the glossary's chapter
    assert any(re.fullmatch(r"index:bizterm--cite--[\w-]+", link) for link in links)
    assert any(re.fullmatch(r"myst:bizterm--show--[\w-]+", link) for link in links)
    # and no link in the PDF is dangling
    dangling = sorted(set(links) - labels)
    assert not dangling, dangling
    for description in DESCRIPTIONS.values():
        assert description in tex


def test_texinfo_references_have_anchors(make_app: MakeApp, rootdir: Path, tmp_path: Path) -> None:
    app = build(make_app, rootdir, tmp_path, "texinfo")
    texi = (app.outdir / "builders.texi").read_text(encoding="utf-8")
    assert "@anchor{glossary bizterm-corporate-tax}" in texi
    # the writer parks references to ids it never wrote at the end, as empty anchors
    parked = re.findall(r"^@anchor\{([^}]*)\}@w\{ +\}$", texi, re.MULTILINE)
    assert not parked


def test_text_output_carries_the_definitions(make_app: MakeApp, rootdir: Path, tmp_path: Path) -> None:
    app = build(make_app, rootdir, tmp_path, "text")
    glossary = (app.outdir / "glossary.txt").read_text(encoding="utf-8")
    for description in DESCRIPTIONS.values():
        assert description in " ".join(glossary.split())
    assert "See also: *Business Process Outsourcing (BPO)*, *Corporate Tax*" in glossary.replace("**", "")
    assert "Cited in: Builders; MyST page [2]" in glossary.replace("**", "")
    index = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "Corporate Tax" in index and DESCRIPTIONS["corporate-tax"] in index
    full = (app.outdir / "full.txt").read_text(encoding="utf-8")
    assert "Selvom BPO oprindeligt udelukkende gjaldt" in full
    section = (app.outdir / "section.txt").read_text(encoding="utf-8")
    assert "Rates differ by country" in section and "older than the income tax" not in section
    myst = (app.outdir / "myst.txt").read_text(encoding="utf-8")
    assert "older than the income tax" in myst and "The back office runs accounting" in myst


def test_man_page_carries_the_definitions(make_app: MakeApp, rootdir: Path, tmp_path: Path) -> None:
    app = build(make_app, rootdir, tmp_path, "man")
    (page,) = app.outdir.rglob("*.1")
    text = page.read_text(encoding="utf-8")
    assert DESCRIPTIONS["corporate-tax"] in text
    assert "Cited in:" in text


def test_gettext_catalogs(make_app: MakeApp, rootdir: Path, tmp_path: Path) -> None:
    app = build(make_app, rootdir, tmp_path, "gettext")
    catalogs = {path.stem for path in app.outdir.glob("*.pot")}
    assert catalogs == {"index", "full", "section", "myst", "glossary", "taxes"}
    index = (app.outdir / "index.pot").read_text(encoding="utf-8")
    assert 'msgid "Many firms use :bizterm:`BPO`' in index
