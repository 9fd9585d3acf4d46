"""Rebuilds without ``-E``: edits to articles and pages re-write exactly what they change.

Each test runs twice: with a new application per build, which loads the environment from
disk as ``sphinx-build`` does, and with one application that builds again, as a language
server does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from helpers import MakeApp, copy_root, touch_later

WRITING = re.compile(r"writing output\.\.\. \[\s*\d+%\] (\S+)")
FORECAST_BROKEN = "corpus/ledger.md:8: WARNING: broken internal link '/forecast': no article has that key"
#: Both glossaries, and ``index``: Sphinx writes the toctree parent of every page it writes.
ALWAYS = {"glossary", "terms", "index"}


class Project:
    """The ``incremental`` test root in a temporary folder, built again and again."""

    def __init__(self, make_app: MakeApp, srcdir: Path, same_app: bool) -> None:
        self.make_app = make_app
        self.srcdir = srcdir
        self.same_app = same_app
        self.app: SphinxTestApp | None = None

    def build(self) -> set[str]:
        """Build (never with ``-E``); the pages written, as the status output names them."""
        if self.app is not None and self.same_app:
            for stream in (self.app.status, self.app.warning):
                stream.seek(0)
                stream.truncate()
        else:
            if self.app is not None:
                self.app.cleanup()  # unregister its nodes, as a new process would not have them
            self.app = self.make_app("html", srcdir=self.srcdir)
        self.app.build()
        return set(WRITING.findall(self.status()))

    @property
    def outdir(self) -> Path:
        assert self.app is not None
        return Path(self.app.outdir)

    def status(self) -> str:
        assert self.app is not None
        return strip_colors(self.app.status.getvalue())

    def warnings(self) -> list[str]:
        assert self.app is not None
        text = strip_colors(self.app.warning.getvalue()).replace(f"{self.srcdir}/", "")
        return [line for line in text.splitlines() if line.strip()]

    def html(self, docname: str) -> str:
        return (self.outdir / f"{docname}.html").read_text(encoding="utf-8")

    def mtimes(self) -> dict[str, int]:
        return {path.name: path.stat().st_mtime_ns for path in self.outdir.glob("*.html")}


@pytest.fixture(params=["new-app", "same-app"])
def project(make_app: MakeApp, tmp_path: Path, request: pytest.FixtureRequest) -> Project:
    """The project, built once; tests edit files under ``srcdir`` and build again."""
    srcdir = copy_root("incremental", tmp_path / "src")
    built = Project(make_app, srcdir, same_app=request.param == "same-app")
    assert len(built.build()) == 8  # the first build writes every page
    return built


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    touch_later(path)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    write(path, text.replace(old, new))


def test_noop_rebuild_writes_no_page_and_reports_corpus_findings(project: Project) -> None:
    assert any(line.startswith(FORECAST_BROKEN) for line in project.warnings())
    before = project.mtimes()
    for _ in range(2):  # the first rebuild loads the environment from disk, the second too
        assert project.build() == set()
        assert "no targets are out of date." in project.status()
        # the corpus findings are reported again, so that -W fails the same way each time
        assert [line for line in project.warnings() if "bizterms" in line] == [
            FORECAST_BROKEN + " [bizterms.broken_link]"
        ]
    assert {
        name: time for name, time in project.mtimes().items() if name not in {"genindex.html", "search.html"}
    } == {name: time for name, time in before.items() if name not in {"genindex.html", "search.html"}}


@pytest.mark.parametrize(
    ("article", "old", "new", "pages"),
    [
        # shown by a display only
        ("budget.md", "A plan of income and spending.", "A plan of what comes in and goes out.", {"display"}),
        # cited by a role in rST and in MyST
        ("invoice.md", "A bill sent to a customer.", "A bill that asks a customer to pay.", {"role", "myst"}),
        # cited by a role, and linked to from the body that full.rst shows (its hover text)
        ("audit.md", "An independent check of the books.", "A check of the books.", {"role", "full"}),
        # cited nowhere, listed by the glossary of every term only
        ("payroll.md", "The list of employees", "The roll of employees", set()),
    ],
)
def test_editing_an_article_rewrites_the_pages_that_show_it(
    project: Project, article: str, old: str, new: str, pages: set[str]
) -> None:
    edit(project.srcdir / "corpus" / article, old, new)
    written = project.build()
    glossaries = {"terms"} if not pages else {"glossary", "terms"}
    assert written == pages | glossaries | {"index"}
    for docname in pages | glossaries:
        assert new in project.html(docname), docname
    assert "plain" not in written
    # and the next build is a no-op again
    assert project.build() == set()


def test_editing_an_article_body_rewrites_its_full_display(project: Project) -> None:
    edit(project.srcdir / "corpus" / "ledger.md", "A ledger feeds", "A general ledger feeds")
    # The glossaries list Ledger, but show nothing of its body but its links, which did not
    # change: they are not written again (index is, as the toctree parent of full).
    assert project.build() == {"full", "index"}
    assert "A general ledger feeds" in project.html("full")


def test_adding_the_article_a_broken_link_points_to(project: Project) -> None:
    assert "bizterm-forecast" not in project.html("full")
    write(
        project.srcdir / "corpus" / "forecast.md",
        "---\ntitle: Forecast\ndescription: What the numbers will be next year.\n---\n"
        "# Forecast\n\nA guess.\n",
    )
    written = project.build()
    assert not [line for line in project.warnings() if "forecast" in line]
    assert written == {"full"} | ALWAYS
    # the :full: display links to the new term's entry (in the glossary of every term) ...
    full = project.html("full")
    assert re.search(r'<a class="reference internal" href="terms.html#bizterm-forecast"[^>]*>', full)
    # ... and so does Ledger's "See also" in the glossary of cited terms
    glossary = project.html("glossary")
    ledger = glossary[glossary.index('id="bizterm-ledger"') :]
    see_also = ledger[: ledger.index("</p>", ledger.index("bizterm-see-also"))]
    assert 'href="terms.html#bizterm-forecast"' in see_also
    assert 'id="bizterm-forecast"' in project.html("terms")


def test_deleting_a_cited_article(project: Project) -> None:
    assert 'id="bizterm-audit"' in project.html("glossary")
    (project.srcdir / "corpus" / "audit.md").unlink()
    written = project.build()
    warnings = project.warnings()
    assert "role.rst:4: WARNING: unknown business term 'Audit'" in "\n".join(warnings)
    assert any("[bizterms.unknown_term]" in line and line.startswith("role.rst:4:") for line in warnings)
    # Ledger's body linked to it: that link is broken now
    assert any(
        line.startswith("corpus/ledger.md:8: WARNING: broken internal link '/audit'") for line in warnings
    )
    assert written == {"role", "full"} | ALWAYS
    for docname in ("glossary", "terms"):
        assert "bizterm-audit" not in project.html(docname)
        assert "An independent check of the books." not in project.html(docname)
    assert "bizterm-unknown" in project.html("role")
    # the warnings stay while the article is missing, on a no-op build too
    assert project.build() == set()
    assert any(line.startswith("role.rst:4:") for line in project.warnings())


def test_a_new_page_that_cites_a_term_appears_in_its_backlinks(project: Project) -> None:
    assert 'id="bizterm-payroll"' not in project.html("glossary")  # cited nowhere yet
    write(
        project.srcdir / "newpage.md",
        "---\norphan: true\n---\n# New page\n\nIt cites {bizterm}`Payroll` and {bizterm}`Budget`.\n",
    )
    written = project.build()
    assert written == {"newpage"} | ALWAYS
    glossary = project.html("glossary")
    # Payroll is cited now: the glossary of cited terms lists it, with its backlink
    payroll = glossary[glossary.index('id="bizterm-payroll"') :]
    backlink = 'class="bizterm-backlink reference internal" href="newpage.html#bizterm--cite--newpage--0"'
    assert f"<a {backlink}>New page</a>" in payroll
    budget = glossary[glossary.index('id="bizterm-budget"') : glossary.index('id="bizterm-invoice"')]
    assert 'href="display.html#bizterm--show--display--0"' in budget
    assert 'href="newpage.html#bizterm--cite--newpage--1"' in budget


def test_editing_a_page_title_updates_the_backlinks(project: Project) -> None:
    edit(project.srcdir / "display.rst", "Display\n=======", "Showing a term\n==============")
    written = project.build()
    assert written == {"display"} | ALWAYS
    assert ">Showing a term</a>" in project.html("glossary")


def test_removing_a_citation_from_a_page(project: Project) -> None:
    edit(project.srcdir / "role.rst", " and :bizterm:`the invoice <invoice>`", "")
    written = project.build()
    assert written == {"role"} | ALWAYS
    glossary = project.html("glossary")
    invoice = glossary[glossary.index('id="bizterm-invoice"') : glossary.index('id="bizterm-ledger"')]
    assert "role.html#" not in invoice and "myst.html#bizterm--cite--myst--0" in invoice
