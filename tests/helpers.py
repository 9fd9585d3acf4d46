"""What many tests share: builds, the seed's links, warnings, resolved trees, HTML, files, the CLI."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import pytest
from docutils import nodes
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from sphinx_bizterms.cli import main
from sphinx_bizterms.corpus.findings import Finding

#: The ``make_app`` fixture of ``sphinx.testing.fixtures``.
MakeApp = Callable[..., SphinxTestApp]
#: The Sphinx test roots, ``test-<scenario>/``.
ROOTS = Path(__file__).parent / "roots"

SEEDS = Path(__file__).parent.parent / "seeds"
SEED = "000_ecdf2bf2053fa52b.txt"
#: The seed article's six internal links, (line in the file, target); none has an article.
SEED_LINKS = [
    (10, "/subcontracting"),
    (10, "/vendor"),
    (18, "/backoffice"),
    (18, "/frontoffice"),
    (42, "/corporatetax"),
    (48, "/data-breach"),
]


def warnings(app: SphinxTestApp) -> list[str]:
    """The build's warnings, a line each, without colours."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line for line in text.splitlines() if line.strip()]


def warnings_of(app: SphinxTestApp) -> list[str]:
    """:func:`warnings` with paths relative to the source folder."""
    text = strip_colors(app.warning.getvalue()).replace(f"{app.srcdir}/", "")
    return [line for line in text.splitlines() if line.strip()]


def bizterms_warnings(app: SphinxTestApp) -> list[str]:
    """The lines of the build's warnings that name a ``bizterms`` subtype, without colours."""
    return [line for line in strip_colors(app.warning.getvalue()).splitlines() if "[bizterms." in line]


def resolved(app: SphinxTestApp, docname: str) -> nodes.document:
    """A page's tree as its builder writes it: references resolved, post-transforms applied."""
    return app.env.get_and_resolve_doctree(docname, app.builder, tags=app.builder.tags)


N = TypeVar("N", bound=nodes.Element)
T = TypeVar("T")


def with_class(tree: nodes.Node, node_type: type[N], cls: str) -> list[N]:
    """The nodes of ``node_type`` in ``tree`` that carry the class ``cls``."""
    return [node for node in tree.findall(node_type) if cls in node["classes"]]


# --- files ------------------------------------------------------------------------------


def write(path: Path, text: str | bytes) -> Path:
    """Write a file byte for byte (no newline translation), with its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def term(folder: Path, name: str, frontmatter: str, body: str = "Text.\n") -> Path:
    """An article file: ``frontmatter`` (whole lines) between ``---`` lines, then ``body``."""
    return write(folder / name, f"---\n{frontmatter}---\n{body}")


def touch_later(path: Path) -> None:
    """Move the mtime a second on, so that a size-and-mtime stamp changes for sure."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def copy_root(name: str, dest: Path) -> Path:
    """A private copy of the test root ``test-<name>`` at ``dest``, for builds that must not share one."""
    shutil.copytree(ROOTS / f"test-{name}", dest)
    return dest


def small_project(root: Path, articles: dict[str, str], page: str) -> Path:
    """A project in ``root``: ``articles`` (file name: text) in its ``corpus``, an index holding ``page``."""
    write(
        root / "conf.py",
        'extensions = ["sphinx_bizterms"]\nbizterms_corpus = ["corpus"]\n'
        'exclude_patterns = ["corpus", "_build"]\n',
    )
    write(root / "index.rst", f"Index\n=====\n\n{page}\n")
    for name, text in articles.items():
        write(root / "corpus" / name, text)
    return root


# --- builds -----------------------------------------------------------------------------


def build(make_app: MakeApp, srcdir: Path, buildername: str = "html", **kwargs: object) -> SphinxTestApp:
    """Build the project in ``srcdir`` (output in its ``_build``) with ``make_app``."""
    app = make_app(buildername, srcdir=srcdir, **kwargs)
    app.build()
    return app


def build_copy(
    make_app: MakeApp, source: Path, srcdir: Path, buildername: str = "html", **kwargs: object
) -> SphinxTestApp:
    """Build a private copy of ``source`` in ``srcdir``: builders and options never share an output."""
    shutil.copytree(source, srcdir)
    return build(make_app, srcdir, buildername, **kwargs)


def build_once(srcdir: Path, buildername: str = "html", **kwargs: Any) -> SphinxTestApp:
    """Build ``srcdir`` (output in its ``_build``) by an application let go at once, as a process would."""
    app = SphinxTestApp(buildername, srcdir=srcdir, builddir=srcdir / "_build", **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()  # unregister its nodes, as the next process would not have them
    return app


class RebuiltProject:
    """A project built again and again, each time by a new application, as with ``sphinx-build``."""

    def __init__(self, make_app: MakeApp, srcdir: Path) -> None:
        self.make_app = make_app
        self.srcdir = srcdir
        self.app: SphinxTestApp | None = None

    def build(self, freshenv: bool = False, **confoverrides: Any) -> SphinxTestApp:
        if self.app is not None:
            self.app.cleanup()
        self.app = self.make_app("html", srcdir=self.srcdir, freshenv=freshenv, confoverrides=confoverrides)
        self.app.build()
        return self.app

    def html(self, page: str) -> str:
        assert self.app is not None
        return (Path(self.app.outdir) / f"{page}.html").read_text(encoding="utf-8")


# --- the corpus and the command line ----------------------------------------------------


def summary(findings: list[Finding]) -> list[tuple[str, str, int]]:
    """``(subtype, file name, line)`` of each finding."""
    return [(f.subtype.value, Path(f.path).name, f.line) for f in findings]


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    """Run the ``bizterms`` command in this process: its exit status, output lines and error lines."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out.splitlines(), err.splitlines()


# --- property tests ---------------------------------------------------------------------


def weighted(*choices: tuple[int, st.SearchStrategy[T]]) -> st.SearchStrategy[T]:
    """A value of one of ``choices``, each chosen in proportion to its weight.

    ``st.one_of`` cannot weigh: it keeps each distinct strategy once however often it is
    named, and spreads its draws evenly over the branches of any ``one_of`` inside it.
    """
    return st.sampled_from([strategy for weight, strategy in choices for _ in range(weight)]).flatmap(
        lambda strategy: strategy
    )


# --- warnings ---------------------------------------------------------------------------

_WARNING = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+): WARNING: (?P<message>.*) \[bizterms\.(?P<subtype>\w+)\]$"
)


class Warning_(NamedTuple):
    path: str
    line: int
    subtype: str
    message: str


def parse_warnings(text: str, srcdir: Path) -> tuple[list[Warning_], list[str]]:
    """The ``bizterms`` warnings (paths relative to ``srcdir``) and every other line."""
    found, other = [], []
    for line in strip_colors(text).splitlines():
        match = _WARNING.match(line)
        if match is None:
            if line.strip():
                other.append(line)
            continue
        path = os.path.relpath(match["path"], srcdir)
        found.append(Warning_(path, int(match["line"]), match["subtype"], match["message"]))
    return found, other


# --- HTML -------------------------------------------------------------------------------


class _Elements(HTMLParser):
    """Start tags with their attributes, and the text inside elements of some classes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.tags


_DANGEROUS_TAGS = {"script", "iframe", "frame", "object", "embed", "img", "base", "form", "style", "svg"}
_SAFE_SCHEMES = ("http:", "https:", "mailto:")


def dangerous(html: str) -> set[str]:
    """Markup in a page that runs, loads or navigates: tags, event handlers, script URLs."""
    found = set()
    for tag, attrs in elements(html):
        if tag in _DANGEROUS_TAGS:
            found.add(f"<{tag} {sorted(attrs.items())}>")
        for name, value in attrs.items():
            compact = re.sub(r"\s+", "", value).lower()
            is_url = name in ("href", "src", "action", "formaction", "xlink:href")
            has_scheme = re.match(r"^[a-z][a-z0-9+.-]*:", compact) is not None
            if name.startswith("on") or (is_url and has_scheme and not compact.startswith(_SAFE_SCHEMES)):
                found.add(f"{tag} {name}={value}")
    return found


def see_also(html: str) -> dict[str, list[str]]:
    """The titles on each glossary entry's "See also" line, by the entry's slug."""
    entries = re.findall(r'<dt id="bizterm-([^"]+)">(.*?)</dd>', html, re.DOTALL)
    lines = {slug: re.search(r'<p class="bizterm-see-also">(.*?)</p>', body) for slug, body in entries}
    return {
        slug: re.findall(r'<span class="xref bizterm">([^<]*)</span>', line.group(1))
        for slug, line in lines.items()
        if line is not None
    }


def containers(html: str, cls: str) -> list[str]:
    """The raw HTML of each ``<div>`` with class ``cls`` (enough for the flat output here)."""
    found = []
    for match in re.finditer(rf'<div class="[^"]*\b{cls}\b[^"]*"[^>]*>', html):
        depth, pos = 1, match.end()
        while depth:
            tag = re.compile(r"<(/?)div\b[^>]*>").search(html, pos)
            assert tag is not None
            depth += -1 if tag.group(1) else 1
            pos = tag.end()
        found.append(html[match.end() : pos])
    return found
