"""What readers get in HTML: hover previews of cited terms, their assets, glossary permalinks."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

import pytest
from sphinx.testing.util import SphinxTestApp

import sphinx_bizterms

from helpers import MakeApp, build_copy

STATIC = Path(sphinx_bizterms.__file__).parent / "extension" / "static"
BPO = 'Contracting "business operations" out to a third-party provider & its staff.'
VENDOR = "A person or company that sells goods or services to another business."
KPI = "A measurable value that shows how well an objective is met."
#: Each sample page cites BPO three times, the vendor and the KPI once, and one unknown key.
CITED = {
    "business-process-outsourcing": ("Business Process Outsourcing (BPO)", BPO, "Business, Small Business"),
    "vendor": ("Vendor", VENDOR, "Business, Purchasing"),
    "key-performance-indicator": ("Key Performance Indicator (KPI)", KPI, None),
}
SAMPLES = ["index", "page"]  # the same sample in reStructuredText and MyST


class Element(NamedTuple):
    tag: str
    attrs: dict[str, str]
    #: Every element inside, in document order, and the text inside.
    inner: list[Element]
    text: list[str]

    def find(self, tag: str = "", **attrs: str) -> list[Element]:
        return [
            e
            for e in self.inner
            if (not tag or e.tag == tag)
            and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    @property
    def string(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.text)).strip()


class PageParser(HTMLParser):
    """Just enough of a DOM: each element with its attributes, descendants and text."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, [], [])
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v if v is not None else "" for k, v in attrs}, [], [])
        for ancestor in self.open:
            ancestor.inner.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, 0, -1):
            if self.open[i].tag == tag:
                del self.open[i:]
                return

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.text.append(data)


def page(app: SphinxTestApp, name: str) -> Element:
    parser = PageParser()
    parser.feed((Path(app.outdir) / name).read_text(encoding="utf-8"))
    return parser.root


def citations(doc: Element) -> list[Element]:
    return [a for a in doc.find("a") if a.attrs.get("aria-describedby", "").startswith("bizterm--tip--")]


def previews(doc: Element) -> list[Element]:
    return [e for e in doc.find() if e.attrs.get("role") == "tooltip"]


def warnings(app: SphinxTestApp) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


@pytest.mark.parametrize("docname", SAMPLES)
@pytest.mark.sphinx("html", testroot="tooltips")
def test_each_cited_term_has_one_preview_per_page(app: SphinxTestApp, docname: str) -> None:
    app.build()
    doc = page(app, f"{docname}.html")
    cites = citations(doc)
    assert [a.string for a in cites] == ["BPO", "outsourcing", "BPO", "vendor", "KPI"]
    tips = previews(doc)
    # One preview per distinct term, shared by all of its citations, in order of first citation.
    assert [tip.attrs["id"] for tip in tips] == [f"bizterm--tip--{slug}" for slug in CITED]
    assert {a.attrs["aria-describedby"] for a in cites} == {tip.attrs["id"] for tip in tips}
    for tip in tips:
        slug = tip.attrs["id"].removeprefix("bizterm--tip--")
        title, description, keywords = CITED[slug]
        assert "hidden" in tip.attrs
        assert "bizterm-preview" in tip.attrs["class"].split()
        [heading] = [p for p in tip.find("p") if "bizterm-preview-title" in p.attrs.get("class", "")]
        [link] = heading.find("a")
        assert (link.string, link.attrs["href"]) == (title, f"glossary.html#bizterm-{slug}")
        assert description in tip.string
        if keywords:
            assert f"Keywords: {keywords}" in tip.string
        else:
            assert "Keywords" not in tip.string
    # The unknown key stays plain text, without a preview.
    assert "BOP" not in [a.string for a in doc.find("a")]


@pytest.mark.parametrize("docname", SAMPLES)
@pytest.mark.sphinx("html", testroot="tooltips")
def test_citation_keeps_its_title_for_readers_without_script(app: SphinxTestApp, docname: str) -> None:
    app.build()
    titles = {a.string: a.attrs.get("title") for a in citations(page(app, f"{docname}.html"))}
    assert titles == {"BPO": BPO, "outsourcing": BPO, "vendor": VENDOR, "KPI": KPI}


@pytest.mark.parametrize(
    ("builder", "pagename", "glossary"),
    [
        ("html", "sub/deep.html", "../glossary.html"),
        ("dirhtml", "sub/deep/index.html", "../../glossary/"),
        ("singlehtml", "index.html", ""),
    ],
)
def test_preview_links_reach_the_entry_from_any_page(
    make_app: MakeApp,
    rootdir: Path,
    tmp_path: Path,
    builder: str,
    pagename: str,
    glossary: str,
) -> None:
    app = build_copy(make_app, rootdir / "test-tooltips", tmp_path / "src", builder)
    doc = page(app, pagename)
    links = {a.string: a.attrs["href"] for a in citations(doc)}
    assert links["vendor"] == f"{glossary}#bizterm-vendor"
    for tip in previews(doc):
        slug = tip.attrs["id"].removeprefix("bizterm--tip--")
        [link] = tip.find("a")
        assert link.attrs["href"] == f"{glossary}#bizterm-{slug}"
    ids = [e.attrs["id"] for e in doc.find() if "id" in e.attrs]
    assert len(ids) == len(set(ids))


@pytest.mark.sphinx("html", testroot="tooltips")
def test_script_and_stylesheet_ship_with_html(app: SphinxTestApp) -> None:
    app.build()
    head = page(app, "index.html")
    assert any(link.attrs.get("href", "").startswith("_static/bizterms.css") for link in head.find("link"))
    [script] = [s for s in head.find("script") if s.attrs.get("src", "").startswith("_static/bizterms.js")]
    assert script.attrs.get("defer") == "defer"
    for name in ("bizterms.css", "bizterms.js"):
        assert (Path(app.outdir) / "_static" / name).read_bytes() == (STATIC / name).read_bytes()


@pytest.mark.sphinx("html", testroot="tooltips", confoverrides={"bizterms_tooltips": False})
def test_previews_can_be_turned_off(app: SphinxTestApp) -> None:
    app.build()
    doc = page(app, "index.html")
    assert citations(doc) == []
    assert previews(doc) == []
    assert not [s for s in doc.find("script") if "bizterms" in s.attrs.get("src", "")]
    # The plain title stays, and so does the glossary's stylesheet.
    assert [a.attrs.get("title") for a in doc.find("a") if a.string == "vendor"] == [VENDOR]
    assert any("bizterms.css" in link.attrs.get("href", "") for link in doc.find("link"))


@pytest.mark.sphinx("html", testroot="tooltips-unlinked")
def test_term_shown_nowhere_still_gets_a_focusable_preview(app: SphinxTestApp) -> None:
    app.build()
    doc = page(app, "index.html")
    [abbr] = doc.find("abbr")
    assert abbr.string == "vendor"
    assert abbr.attrs["title"] == VENDOR
    assert abbr.attrs["tabindex"] == "0"
    assert abbr.attrs["aria-describedby"] == "bizterm--tip--vendor"
    [tip] = previews(doc)
    assert tip.attrs["id"] == "bizterm--tip--vendor"
    assert tip.find("a") == []
    assert tip.string.startswith("Vendor")
    assert VENDOR in tip.string


@pytest.mark.sphinx("html", testroot="tooltips")
def test_previews_stay_out_of_the_search_index(app: SphinxTestApp) -> None:
    app.build()
    text = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    # "measurable" is in the KPI's description only: the glossary shows it, the citing pages
    # carry it in a preview, which search must not count.
    found = index["terms"]["measur"]
    found = found if isinstance(found, list) else [found]
    assert [index["docnames"][i] for i in found] == ["glossary"]


@pytest.mark.parametrize(
    ("builder", "filename"),
    [("text", "index.txt"), ("latex", "tooltips.tex"), ("man", "tooltips.1"), ("texinfo", "tooltips.texi")],
)
def test_other_builders_get_no_previews(
    make_app: MakeApp, rootdir: Path, tmp_path: Path, builder: str, filename: str
) -> None:
    app = build_copy(make_app, rootdir / "test-tooltips", tmp_path / "src", builder)
    assert "unknown node" not in warnings(app).lower()
    output = (Path(app.outdir) / filename).read_text(encoding="utf-8")
    assert "vendor" in output
    assert "bizterm--tip" not in output
    # The KPI's description is in the glossary once, never repeated by a preview.
    assert output.count("A measurable value") <= 1


@pytest.mark.sphinx("epub", testroot="tooltips")
def test_epub_keeps_the_plain_title(app: SphinxTestApp) -> None:
    app.build()
    doc = page(app, "index.xhtml")
    assert previews(doc) == []
    assert not [s for s in doc.find("script") if "bizterms" in s.attrs.get("src", "")]
    assert [a.attrs.get("title") for a in doc.find("a") if a.string == "vendor"] == [VENDOR]
    assert (Path(app.outdir) / "_static" / "bizterms.css").is_file()


@pytest.mark.sphinx("html", testroot="tooltips")
def test_glossary_terms_have_permalinks(app: SphinxTestApp) -> None:
    app.build()
    doc = page(app, "glossary.html")
    terms = [dt for dt in doc.find("dt") if dt.attrs.get("id", "").startswith("bizterm-")]
    assert [dt.attrs["id"] for dt in terms] == [
        "bizterm-business-process-outsourcing",
        "bizterm-key-performance-indicator",
        "bizterm-vendor",
    ]
    for dt in terms:
        [permalink] = [a for a in dt.find("a") if "headerlink" in a.attrs.get("class", "")]
        assert permalink.attrs["href"] == "#" + dt.attrs["id"]
        assert permalink.attrs["title"] == "Link to this term"


@pytest.mark.sphinx("html", testroot="tooltips")
def test_jump_line_links_each_letter_group(app: SphinxTestApp) -> None:
    app.build()
    doc = page(app, "glossary.html")
    [jump] = [p for p in doc.find("p") if "bizterm-jumpline" in p.attrs.get("class", "")]
    letters = [e for e in doc.find() if "bizterm-letter" in e.attrs.get("class", "").split()]
    assert [a.string for a in jump.find("a")] == [e.string for e in letters] == ["B", "K", "V"]
    assert [a.attrs["href"] for a in jump.find("a")] == ["#" + e.attrs["id"] for e in letters]


def test_parallel_build_writes_the_same_pages(make_app: MakeApp, rootdir: Path, tmp_path: Path) -> None:
    pages = {}
    for parallel in (1, 2):
        app = build_copy(
            make_app, rootdir / "test-tooltips", tmp_path / f"src-{parallel}", "html", parallel=parallel
        )
        pages[parallel] = {
            name: (Path(app.outdir) / name).read_text(encoding="utf-8")
            for name in ("index.html", "page.html", "sub/deep.html", "glossary.html")
        }
    assert pages[1] == pages[2]
    assert 'role="tooltip"' in pages[2]["sub/deep.html"]
