"""A hostile and broken corpus never leaks into the output, never runs and never stops a build."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml
from sphinx.testing.util import SphinxTestApp

from sphinx_bizterms.corpus.article import MAX_ARTICLE_BYTES, Article, load_article
from sphinx_bizterms.corpus.findings import Finding, Subtype
from sphinx_bizterms.corpus.load import load_corpus

from helpers import ROOTS, Warning_, build_once, containers, copy_root, dangerous, elements, parse_warnings

ROOT = ROOTS / "test-safety"
SECRET_MARKER = "BIZTERMS-SECRET-MARKER-7f3a9c"
PWNED = "bizterms-pwned.txt"  # what python-tag.md's YAML tag would create, were it run
HUGE_BYTES = 40 * 1024 * 1024

# Articles whose bytes matter: written when a test makes the project (not kept in git, where
# line ends, encodings and symlinks do not survive every checkout and editor).
BYTE_ARTICLES = {
    "bom.md": b"\xef\xbb\xbf---\ntitle: Bom Term\n---\nA BOM article.\n\n<b>bom</b>\n",
    "crlf.md": b"---\r\ntitle: Crlf Term\r\n---\r\nA CRLF article.\r\n\r\n<b>crlf</b>\r\n",
    "lone-cr.md": b"---\rtitle: Lone Cr Term\r---\rA lone-CR article.\r\r<b>cr</b>\r",
    "latin1.md": "---\ntitle: Caf\u00e9\n---\nBody.\n".encode("latin-1"),
    "empty.md": b"",
    "binary.md": b"---\ntitle: Binary\n---\n\x00\x01\x02\xff\xfe",
}

#: Every bad file of the project: (name, line, message) of its one ``bad_article`` warning.
BAD = [
    ("bad-aliases.md", 3, "'aliases' must be a comma-separated string or a list of text"),
    ("binary.md", 1, "article is a binary file, not text"),
    ("empty.md", 1, "article is empty"),
    ("folder.md", 1, "a folder is named like an article; skipped"),
    ("huge.md", 1, f"article is {HUGE_BYTES} bytes, over the {MAX_ARTICLE_BYTES}-byte limit; skipped"),
    (
        "json-first-line.md",
        1,
        "article has no YAML frontmatter between '---' lines (a title is required)",
    ),
    ("latin1.md", 2, "article is not UTF-8 (byte 0xe9 at offset 14)"),
    ("list-frontmatter.md", 1, "frontmatter is a list, not a mapping of fields"),
    ("no-title.md", 2, "frontmatter has no 'title'"),
    ("null-frontmatter.md", 1, "frontmatter is empty, not a mapping of fields"),
    (
        "python-tag.md",
        3,
        "frontmatter is not valid YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:builtins.open'",
    ),
    ("scalar-frontmatter.md", 1, "frontmatter is a str, not a mapping of fields"),
    ("symlink-out.md", 1, "symlink leads outside the corpus folder or to no file; skipped"),
    ("title-number.md", 3, "'title' must be text, not a number"),
    ("yaml-error.md", 4, "frontmatter is not valid YAML: did not find expected ',' or ']'"),
]

#: Files that trip python-frontmatter but are sound articles: they load, with these titles.
CLEAN = {
    "bom.md": "Bom Term",
    "crlf.md": "Crlf Term",
    "lone-cr.md": "Lone Cr Term",
    "content-keys.md": "Content Keys",
    "odd-keys.md": "Odd Keys",
    "bad-date.md": "Bad Date",
}


def make_project(dest: Path) -> Path:
    """The test-safety root, completed with the files that git cannot hold as they are."""
    copy_root("safety", dest)
    corpus = dest / "corpus"
    for name, data in BYTE_ARTICLES.items():
        (corpus / name).write_bytes(data)
    (corpus / "folder.md").mkdir()
    (corpus / "symlink-out.md").symlink_to(Path("..", "secret", "secret.txt"))
    with (corpus / "huge.md").open("wb") as stream:
        stream.write(b"---\ntitle: Huge\n---\n")
        stream.truncate(HUGE_BYTES)  # sparse: tens of megabytes that cost no disk
    return dest


# --- what the process opens -------------------------------------------------------------

_opened: list[str] | None = None


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and _opened is not None and isinstance(args[0], (str, bytes, os.PathLike)):
        _opened.append(os.path.realpath(os.fsdecode(args[0])))


sys.addaudithook(_audit)  # audit hooks cannot be removed: this one records only when asked


@contextmanager
def recording_opens() -> Iterator[list[str]]:
    """Every file this process opens meanwhile (Python's ``open`` audit event), as real paths."""
    global _opened
    opened: list[str] = []
    _opened = opened
    try:
        yield opened
    finally:
        _opened = None


def text_of(html: str) -> str:
    parser = HTMLParser(convert_charrefs=True)
    parts: list[str] = []
    parser.handle_data = parts.append  # type: ignore[method-assign]
    parser.feed(html)
    parser.close()
    return "".join(parts)


# --- one build of the whole hostile project, shared by the tests below --------------------


class Build(NamedTuple):
    srcdir: Path
    outdir: Path
    doctreedir: Path
    warnings: list[Warning_]
    other_output: list[str]
    opened: list[str]
    workdir: Path


def build_project(
    srcdir: Path, buildername: str, workdir: Path, parallel: int = 0, **overrides: object
) -> Build:
    """Build in a process whose working directory is ``workdir``, recording the files opened."""
    with pytest.MonkeyPatch.context() as patch, recording_opens() as opened:
        patch.chdir(workdir)
        app = build_once(srcdir, buildername, confoverrides=dict(overrides), parallel=parallel)
    found, other = parse_warnings(app.warning.getvalue(), srcdir)
    return Build(srcdir, Path(app.outdir), Path(app.doctreedir), found, other, list(opened), workdir)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = make_project(tmp_path_factory.mktemp("safety") / "project")
    return build_project(project, "html", tmp_path_factory.mktemp("cwd"))


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The same project with an empty corpus: what Sphinx's own theme puts in a page."""
    project = make_project(tmp_path_factory.mktemp("baseline") / "project")
    return build_project(project, "html", tmp_path_factory.mktemp("cwd"), bizterms_corpus=[])


def of_subtype(build: Build, subtype: str) -> list[Warning_]:
    return [w for w in build.warnings if w.subtype == subtype]


def line_of(path: Path, prefix: str) -> int:
    """The 1-based line of the first line of ``path`` that starts with ``prefix``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(prefix):
            return number
    raise AssertionError(f"{prefix!r} is not in {path}")


# --- the build goes on ------------------------------------------------------------------


def test_a_hostile_corpus_builds_with_exit_0_and_no_traceback(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", str(project), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "Exception occurred" not in result.stderr
    found, other = parse_warnings(result.stderr, project)
    assert other == []
    bad = sorted((w.path, w.line, w.message) for w in found if w.subtype == "bad_article")
    assert bad == [(f"corpus{os.sep}{name}", line, message) for name, line, message in BAD]


def test_each_bad_file_gets_exactly_one_precise_warning(built: Build) -> None:
    bad = [(w.path, w.line, w.message) for w in of_subtype(built, "bad_article")]
    assert sorted(bad) == [(os.path.join("corpus", name), line, msg) for name, line, msg in BAD]
    assert built.other_output == []


def test_only_known_subtypes_are_reported(built: Build) -> None:
    # Nothing else goes wrong: no duplicate key among the clean articles, no broken link.
    assert {w.subtype for w in built.warnings} == {"bad_article", "unsafe_content", "unknown_term"}


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_frontmatter_pitfalls_that_are_sound_articles_load_cleanly(built: Build, name: str) -> None:
    article = load_article(built.srcdir / "corpus" / name)
    assert isinstance(article, Article), article
    assert article.title == CLEAN[name]
    assert not [w for w in built.warnings if w.path.endswith(name) and w.subtype == "bad_article"]
    glossary = containers((built.outdir / "index.html").read_text(encoding="utf-8"), "bizterm-glossary")
    assert re.search(rf"<dt [^>]*>{re.escape(CLEAN[name])}[<\n]", glossary[0])


def test_crlf_bom_and_lone_cr_articles_report_lines_as_an_editor_shows_them(built: Build) -> None:
    unsafe = {(w.path, w.line) for w in of_subtype(built, "unsafe_content")}
    for name in ("bom.md", "crlf.md", "lone-cr.md"):
        assert (os.path.join("corpus", name), 6) in unsafe  # the line of <b>…</b>


def test_an_impossible_date_is_kept_as_text(built: Build) -> None:
    meta = yaml.safe_load("date: 2020-01-01")  # a real date is still a date for PyYAML
    assert not isinstance(meta["date"], str)
    assert (built.srcdir / "corpus" / "bad-date.md").read_text().count("2020-13-45") == 1
    assert isinstance(load_article(built.srcdir / "corpus" / "bad-date.md"), Article)


# --- YAML is data ------------------------------------------------------------------------


def test_the_python_tag_payload_is_live(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tag in python-tag.md really creates a file when PyYAML is asked to run tags."""
    text = (ROOT / "corpus" / "python-tag.md").read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    yaml.unsafe_load(text.split("---")[1])
    assert (tmp_path / PWNED).exists()


def test_python_tags_are_never_executed(built: Build) -> None:
    assert not (built.workdir / PWNED).exists()
    assert not any(path.endswith(PWNED) for path in built.opened)
    assert ("corpus/python-tag.md", 3) in {(w.path.replace(os.sep, "/"), w.line) for w in built.warnings}


# --- nothing outside the corpus is read ---------------------------------------------------


def test_nothing_outside_the_corpus_is_read(built: Build) -> None:
    secret = os.path.realpath(built.srcdir / "secret")
    assert not [path for path in built.opened if path.startswith(secret + os.sep)]
    assert "/etc/passwd" not in built.opened


def test_the_secret_is_nowhere_in_the_output(built: Build) -> None:
    for folder in (built.outdir, built.doctreedir):
        for path in folder.rglob("*"):
            if path.is_file():
                assert SECRET_MARKER.encode() not in path.read_bytes(), path


def test_directive_and_role_arguments_are_keys_never_paths(built: Build) -> None:
    unknown = sorted((w.path, w.line, w.message) for w in of_subtype(built, "unknown_term"))
    index, page = ROOT / "index.rst", ROOT / "page.md"
    assert unknown == [
        (
            "index.rst",
            line_of(index, ".. bizterm:: ../../"),
            "unknown business term '../../secret/secret.txt'",
        ),
        ("index.rst", line_of(index, ".. bizterm:: /etc"), "unknown business term '/etc/passwd'"),
        ("index.rst", line_of(index, "Nor"), "unknown business term '../secret/secret.txt'"),
        ("index.rst", line_of(index, "Nor"), "unknown business term '/etc/passwd'"),
        ("page.md", line_of(page, "```{bizterm} ../"), "unknown business term '../secret/secret.txt'"),
        ("page.md", line_of(page, "Nor"), "unknown business term '/secret/secret.txt'"),
    ]


def test_a_symlink_out_of_the_corpus_is_skipped(built: Build) -> None:
    link = built.srcdir / "corpus" / "symlink-out.md"
    assert link.is_symlink() and SECRET_MARKER in link.read_text(encoding="utf-8")
    assert str(link) not in {article.path for article in load_corpus([built.srcdir / "corpus"])}


# --- a huge article ----------------------------------------------------------------------


def test_a_huge_article_is_refused_by_size_without_being_read(built: Build) -> None:
    huge = built.srcdir / "corpus" / "huge.md"
    assert huge.stat().st_size == HUGE_BYTES > MAX_ARTICLE_BYTES
    assert os.path.realpath(huge) not in built.opened
    tracemalloc.start()
    try:
        finding = load_article(huge)
        corpus = load_corpus([built.srcdir / "corpus"])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(finding, Finding) and finding.subtype is Subtype.BAD_ARTICLE
    assert huge.name in {Path(f.path).name for f in corpus.findings}
    assert peak < 4 * 1024 * 1024  # the whole corpus, not one byte of the 40 MB file


# --- nothing in a body runs or passes through ---------------------------------------------


def hostile_expected() -> list[tuple[int, str]]:
    article = ROOT / "corpus" / "hostile.md"

    def at(prefix: str) -> int:
        return line_of(article, prefix)

    raw = "raw HTML is shown as text"

    def directive(name: str) -> str:
        return f"MyST directive {{{name}}} is not run"

    def scheme(href: str) -> str:
        return f"link '{href}' has an unsafe scheme"

    return sorted(
        [
            (at("<script>alert"), raw),
            (at('<iframe src="https://evil.example/frame"'), raw),
            (at("<p>No lexer reads"), raw),
            (at("Inline <img"), raw),
            (at("```{include} /secret"), directive("include")),
            (at("```{include} ../secret"), directive("include")),
            (at("```{literalinclude}"), directive("literalinclude")),
            (at("```{csv-table}"), directive("csv-table")),
            (at("```{eval-rst}"), directive("eval-rst")),
            (at("```{raw}"), directive("raw")),
            (at("```{code-cell}"), directive("code-cell")),
            (at("````{note}"), directive("note")),
            (at("~~~{raw}"), directive("raw")),
            (at("> ```{include}"), directive("include")),
            (at("A role"), "MyST role {download} is not run"),
            (at("A role"), "MyST role {raw-html} is not run"),
            (at("A local image"), "local image '../secret/pixel.png' is not copied"),
            (at("A local image"), "local image '/secret/pixel.png' is not copied"),
            (at("A relative"), "link to the local file '../secret/secret.txt' is shown as text"),
            (at("A relative"), "link to the local file 'secret.txt' is shown as text"),
            (at("Links:"), scheme("javascript:alert(1)")),
            (at("Links:"), scheme("JaVaScRiPt:alert(2)")),
            (at("Links:"), scheme("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==")),
            (at("[file]"), scheme("file:///etc/passwd")),
            (at("[file]"), scheme("vbscript:msgbox(1)")),
            (at("[file]"), scheme("javascript:alert(3)")),
            (at("Other schemes"), scheme("ftp://example.com/file")),
            (at("Other schemes"), scheme("tel:+4512345678")),
            (at("Other schemes"), "image 'data:image/png;base64,iVBORw0KGgo=' has an unsafe scheme"),
            (at("A reference-style"), scheme("javascript:alert(4)")),
        ]
    )


def test_each_unsafe_construct_is_one_warning_at_its_line(built: Build) -> None:
    # Two pages show the article in full: still one warning per construct and build.
    hostile = sorted(
        (w.line, w.message) for w in of_subtype(built, "unsafe_content") if w.path.endswith("hostile.md")
    )
    assert hostile == hostile_expected()


@pytest.mark.parametrize("page", ["index.html", "page.html"])  # shown from reST and from MyST
def test_the_hostile_body_is_shown_as_text(built: Build, page: str) -> None:
    html = (built.outdir / page).read_text(encoding="utf-8")
    shown = next(c for c in containers(html, "bizterm-definition") if "Hostile Content" in c)
    assert dangerous(shown) == set()
    assert "<script" not in shown and "<iframe" not in shown
    text = text_of(shown)
    for literal in (
        '<script>alert("block")</script>',
        '<iframe src="https://evil.example/frame"></iframe>',
        '<img src="x" onerror="alert(\'inline\')">',
        "```{include} /secret/secret.txt\n```",
        "```{eval-rst}\n.. include:: /secret/secret.txt",
        '```{raw} html\n<script>alert("raw")</script>',
        '~~~{raw} html\n<iframe src="https://evil.example/tilde"></iframe>',
        "````{note}\n```{include} /secret/secret.txt\n```\n````",
        "{download}`/secret/secret.txt`",
        ":::{include} /secret/secret.txt",
    ):
        assert literal in text, literal
    # raw HTML and MyST markup are plain text, not highlighted (by default, as Python)
    classes = re.findall(r'<div class="(bizterm-raw [^"]*)"', shown)
    assert set(classes) == {"bizterm-raw highlight-none notranslate"}
    # a link of an unsafe scheme is its text only, its target nowhere
    assert "Links: js, JS, data," in text
    assert "javascript:alert(1)" not in shown
    # safe links stay links; nothing else in the body links anywhere
    hrefs = [attrs["href"] for tag, attrs in elements(shown) if tag == "a"]
    assert [h for h in hrefs if not re.match(r"^(index\.html)?#bizterm-hostile-content$", h)] == [
        "https://example.com/",
        "mailto:someone%40example.com",
        "https://example.com/a",  # the first of two definitions of one reference
    ]


def test_no_page_carries_markup_from_the_corpus(built: Build, baseline: Build) -> None:
    pages = sorted(p.relative_to(built.outdir) for p in built.outdir.rglob("*.html"))
    assert pages
    for page in pages:
        html = (built.outdir / page).read_text(encoding="utf-8")
        theirs = (baseline.outdir / page).read_text(encoding="utf-8")
        assert dangerous(html) <= dangerous(theirs), page


def test_local_images_and_files_are_never_copied(built: Build) -> None:
    for name in ("_images", "_downloads"):
        folder = built.outdir / name
        assert not folder.exists() or not any(folder.iterdir())
    assert not list(built.outdir.rglob("pixel*.png"))
    assert not list(built.outdir.rglob("secret*"))


def test_article_text_keeps_its_quotes_and_dashes(built: Build) -> None:
    html = (built.outdir / "index.html").read_text(encoding="utf-8")
    vendor = next(c for c in containers(html, "bizterm-definition") if "A vendor sells" in c)
    text = text_of(vendor)
    assert 'A vendor sells "things" -- and more...' in text
    assert "A list item keeps 'single' and \"double\" quotes -- and dashes..." in text  # nested
    glossary = text_of(containers(html, "bizterm-glossary")[0])
    assert 'A firm that sells "goods" -- or services...' in glossary
    hostile = next(c for c in containers(html, "bizterm-definition") if "Hostile Content" in c)
    assert 'Quotes stay "straight" -- and dots stay ... as written.' in text_of(hostile)


# --- frontmatter is text, escaped by every builder -----------------------------------------

XSS_TITLE = "<script>alert(1)</script>"
XSS_DESCRIPTION = yaml.safe_load((ROOT / "corpus" / "xss-frontmatter.md").read_text().split("---")[1])[
    "description"
]


def test_frontmatter_html_is_escaped_in_pages_and_hover_text(built: Build) -> None:
    html = (built.outdir / "index.html").read_text(encoding="utf-8")
    tags = elements(html)
    hovers = [
        attrs["title"]
        for tag, attrs in tags
        if tag == "a" and "script-alert-1" in attrs.get("href", "") and "headerlink" not in attrs["class"]
        if "title" in attrs
    ]
    assert len(hovers) >= 2 and set(hovers) == {XSS_DESCRIPTION}  # the attribute holds it as text
    text = text_of(html)
    assert XSS_TITLE in text and XSS_DESCRIPTION in text
    assert "<b>bold</b>, <script>alert('keyword')</script>" in text  # keywords
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b>bold" not in html
    # an explicit slug full of markup is only ever an id
    assert 'id="bizterm-script-alert-5-script"' in html
    # a "See also" line, written by the extension's own HTML visitor, escapes the same way
    see_also = [line for line in re.findall(r'<p class="bizterm-see-also">.*?</p>', html) if "alert" in line]
    assert [text_of(line) for line in see_also] == [f"See also: {XSS_TITLE}, Slug Attack"]
    assert XSS_DESCRIPTION in [attrs.get("title") for _tag, attrs in elements(see_also[0])]


HTML_BUILDERS = ["html", "dirhtml", "singlehtml", "epub"]
OTHER_BUILDERS = ["latex", "text", "man", "texinfo", "gettext"]


@pytest.mark.parametrize("buildername", HTML_BUILDERS + OTHER_BUILDERS)
def test_every_builder_builds_the_hostile_project_and_escapes_it(
    tmp_path: Path, buildername: str, baseline: Build
) -> None:
    build = build_project(make_project(tmp_path / "project"), buildername, tmp_path)
    assert sorted((w.path, w.line) for w in of_subtype(build, "bad_article")) == sorted(
        (os.path.join("corpus", name), line) for name, line, _ in BAD
    )
    files = [p for p in build.outdir.rglob("*") if p.is_file() and "_static" not in p.parts]
    output = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files)
    assert SECRET_MARKER not in output
    if buildername in HTML_BUILDERS:
        for page in (p for p in files if p.suffix in (".html", ".xhtml")):
            html = page.read_text(encoding="utf-8")
            assert not [d for d in dangerous(html) if "alert" in d or "evil" in d], page
        assert not (build.outdir / "_images").exists() and not (build.outdir / "_downloads").exists()
    elif buildername == "latex":
        assert r"\textless{}script\textgreater{}alert(1)" in output
        assert r"\input{/secret" not in output
    elif buildername == "texinfo":
        assert re.search(r"(?<!@)@verbatiminclude", output) is None
    elif buildername == "man":
        assert not [line for line in output.splitlines() if line.startswith(".so")]
    elif buildername == "text":
        assert XSS_TITLE in output  # plain text shows the title as written


# --- every build says it again --------------------------------------------------------------


def test_a_no_op_rebuild_reports_the_same_warnings_once(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    first = build_project(project, "html", tmp_path)
    again = build_project(project, "html", tmp_path)
    assert sorted(again.warnings) == sorted(first.warnings)
    assert len(set(first.warnings)) == len(first.warnings)


def test_a_parallel_build_reports_the_same_warnings(tmp_path: Path, built: Build) -> None:
    parallel = build_project(make_project(tmp_path / "project"), "html", tmp_path, parallel=2)
    assert sorted(parallel.warnings) == sorted(built.warnings)
    assert parallel.other_output == []


def test_an_article_that_vanishes_during_the_build_is_a_warning_at_its_path(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    app = SphinxTestApp("html", srcdir=project, builddir=project / "_build")  # loads the corpus
    try:
        (project / "corpus" / "vendor.md").unlink()  # shown in full by index.rst
        app.build()
        found, other = parse_warnings(app.warning.getvalue(), project)
    finally:
        app.cleanup()
    assert other == []
    vendor = [w for w in found if "vendor" in w.path]
    assert [(w.path, w.line, w.subtype) for w in vendor] == [
        (os.path.join("corpus", "vendor.md"), 1, "bad_article")
    ]
    assert vendor[0].message.startswith("cannot read article: ")
