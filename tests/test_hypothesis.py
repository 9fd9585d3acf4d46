"""Random article files: the build never raises, never leaks, and reports each bad file once."""

from __future__ import annotations

import json
import os
import re
import tempfile
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sphinx_bizterms.corpus.article import load_article
from sphinx_bizterms.corpus.findings import Finding

from helpers import build_once, containers, dangerous, elements, parse_warnings, weighted

CONF = """\
extensions = ["myst_parser", "sphinx_bizterms"]
bizterms_corpus = ["corpus"]
bizterms_link_check = "all"
exclude_patterns = ["_build", "corpus", "outside"]
"""

# --- fragments that articles are made of --------------------------------------------------

words = st.text(
    alphabet=st.sampled_from(list("abcXYZ æøå-_.,:;!?'\"<>&/\\{}[]()`*#|=~%@$^0123456789\t")),
    max_size=20,
)
targets = st.one_of(
    st.sampled_from(
        [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "ftp://example.com/x",
            "tel:+4512345678",
            "data:image/png;base64,iVBORw0KGgo=",
            "../outside/secret.txt",
            "secret.txt",
            "pixel.png",
            "/outside/pixel.png",
            "/article-0",
            "/no-such-term",
            "#anchor",
            "//evil.example/x",
            "https://example.com/x",
            "mailto:a@example.com",
        ]
    ),
    words,
)
html = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '<iframe src="https://evil.example"></iframe>',
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "<div onclick=alert(1)>x</div>",
        "<svg onload=alert(1)>",
        "<style>body{display:none}</style>",
        "<object data=x></object><embed src=x>",
        "<!-- comment -->",
        "<base href=//evil.example/>",
    ]
)
directive_names = st.sampled_from(
    [
        *("include", "literalinclude", "raw", "eval-rst", "csv-table", "code-cell", "image", "figure"),
        *("note", "toctree", "bizterm", "bizterm-glossary", "download", "only", ""),
    ]
)
directive_args = st.sampled_from(
    ["../outside/secret.txt", "/outside/secret.txt", "html", "python", "article-0", ""]
)
directive_bodies = st.sampled_from(
    [
        "",
        ":file: /outside/secret.txt",
        "<script>alert(1)</script>",
        ".. include:: /outside/secret.txt",
        ".. raw:: html\n\n   <iframe src=x></iframe>",
        "```{include} /outside/secret.txt\n```",
        "import os",
    ]
)


@st.composite
def directives(draw: st.DrawFn) -> str:
    fence = draw(st.sampled_from(["```", "````", "~~~", ":::"]))
    return f"{fence}{{{draw(directive_names)}}} {draw(directive_args)}\n{draw(directive_bodies)}\n{fence}"


@st.composite
def roles(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(["download", "raw", "doc", "ref", "eval-rst", "bizterm", "abbr", "x"]))
    return f"{{{name}}}`{draw(st.sampled_from(['/outside/secret.txt', '<script>', 'article-0']))}`"


links = st.one_of(
    st.builds("[{}]({})".format, words, targets),
    st.builds("![{}]({})".format, words, targets),
    st.builds("<{}>".format, targets),
    st.builds("[{}][r]\n\n[r]: {}".format, words, targets),
)
#: Links three times as often as each other kind of fragment.
body_fragments = weighted(
    (1, words),
    (1, html),
    (1, directives()),
    (1, roles()),
    (3, links),
    (1, st.builds("# {}".format, words)),
    (1, st.builds("- {}\n  - {}".format, words, words)),
    (1, st.builds("> {}".format, words)),
    (1, st.builds("| {} | b |\n|---|---|\n| {} | d |".format, words, words)),
    (1, st.builds("`{}`".format, words)),
    (1, st.builds("```{}\n{}\n```".format, st.sampled_from(["", "python", "nosuchlang", "html"]), html)),
    (1, st.sampled_from(["---", "+++", "% comment", "(target)=", "[^1]\n\n[^1]: note", "$x$", "***"])),
)
# The same fragments inside a quote or a list item, where MyST parses them as well.
nested_fragments = st.one_of(
    body_fragments.map(lambda part: "> " + part.replace("\n", "\n> ")),
    body_fragments.map(lambda part: "- " + part.replace("\n", "\n  ")),
    body_fragments.map(lambda part: "1. " + part.replace("\n", "\n   ")),
)
bodies = st.lists(st.one_of(body_fragments, nested_fragments), max_size=6).flatmap(
    lambda parts: st.sampled_from(["\n\n", "\n", " "]).map(lambda sep: sep.join(parts))
)

frontmatter_lines = st.one_of(
    st.builds("title: {}".format, words),
    st.builds('title: "{}"'.format, words),
    st.builds("description: {}".format, words),
    st.builds("keywords: {}".format, words),
    st.builds("aliases: [{}, {}]".format, words, words),
    st.builds("slug: {}".format, words),
    st.sampled_from(
        [
            "title: Some Term",
            "title: <script>alert(1)</script>",
            "title: 123",
            "title: [a, b]",
            "title:",
            "title: !!python/object/apply:os.system ['touch pwned']",
            "description: !!binary aGVsbG8=",
            "aliases: [1, null]",
            "keywords: [a, {b: c}]",
            "date: 2020-13-45",
            "date: 2020-01-01",
            "content: x",
            "handler: y",
            "1: one",
            "true: yes",
            "x: [unclosed",
            "  bad: indent",
            "- a list item",
            "~",
            "just text",
            "a: &a [x, x]\nb: [*a, *a]",
            "{",
            "",
        ]
    ),
)
frontmatters = st.lists(frontmatter_lines, max_size=5).map("\n".join)

# Sound frontmatter, with markup in every value, so that most articles load and are shown.
quoted = st.one_of(words, html, targets).map(lambda text: json.dumps("T " + text))  # JSON is YAML
sound_lines = st.one_of(
    st.builds("description: {}".format, quoted),
    st.builds("keywords: [{}, {}]".format, quoted, quoted),
    st.builds("aliases: {}".format, quoted),
    st.sampled_from(["date: 2020-13-45", "content: x", "handler: y", "1: one", "true: yes"]),
)
sound_frontmatters = st.builds(
    lambda title, rest: "\n".join([f"title: {title}", *rest]), quoted, st.lists(sound_lines, max_size=3)
)


@st.composite
def articles(draw: st.DrawFn) -> bytes:
    """The bytes of one article file: mostly sound ones with hostile bodies, sometimes anything."""
    kind = draw(
        st.sampled_from(["sound"] * 6 + ["random-frontmatter"] * 2 + ["no-frontmatter", "bytes", "empty"])
    )
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "empty":
        return draw(st.sampled_from([b"", b"\n", b"   \n\t"]))
    body = draw(bodies)
    frontmatter = draw(sound_frontmatters if kind == "sound" else frontmatters)
    text = body if kind == "no-frontmatter" else f"---\n{frontmatter}\n---\n{body}\n"
    ending = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    text = text.replace("\n", ending)
    encoding = draw(st.sampled_from(["utf-8"] * 4 + ["utf-8-sig", "latin-1", "utf-16"]))
    return text.encode(encoding, errors="replace")


# --- building ---------------------------------------------------------------------------


def write_project(root: Path, files: list[bytes]) -> list[Path]:
    (root / "conf.py").write_text(CONF, encoding="utf-8")
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("SECRET\n", encoding="utf-8")
    (outside / "pixel.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "secret.txt").write_text("not an article\n", encoding="utf-8")
    (corpus / "pixel.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    paths = []
    lines = ["Random corpus", "=============", ""]
    for i, data in enumerate(files):
        path = corpus / f"article-{i}.md"
        path.write_bytes(data)
        paths.append(path)
        lines += [f"Cites :bizterm:`article-{i}`.", "", f".. bizterm:: article-{i}", "   :full:", ""]
    lines += [".. bizterm-glossary::", "   :scope: all", ""]
    (root / "index.rst").write_text("\n".join(lines), encoding="utf-8")
    return paths


@cache
def baseline_dangers() -> frozenset[str]:
    """What Sphinx's theme puts in a page of this project on its own (scripts, the search box)."""
    with tempfile.TemporaryDirectory() as tmp:
        write_project(Path(tmp), [])
        outdir = Path(build_once(Path(tmp)).outdir)
        return frozenset(dangerous((outdir / "index.html").read_text(encoding="utf-8")))


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files=st.lists(articles(), min_size=1, max_size=4))
def test_random_articles_never_break_or_leak_a_build(files: list[bytes]) -> None:
    check_random_corpus(files)


def check_random_corpus(files: list[bytes]) -> None:
    """Build a corpus of ``files``; the build must not raise, leak or miss a bad file."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = write_project(root, files)
        app = build_once(root)  # never raises
        outdir = Path(app.outdir)

        found, other = parse_warnings(app.warning.getvalue(), root)
        assert other == [], other
        verdicts = [load_article(path) for path in paths]
        event(f"an article is shown: {not all(isinstance(verdict, Finding) for verdict in verdicts)}")
        for path, verdict in zip(paths, verdicts, strict=True):
            named = [w for w in found if w.subtype == "bad_article" and w.path == os.path.relpath(path, root)]
            if isinstance(verdict, Finding):
                assert [(w.line, w.message) for w in named] == [(verdict.line or 1, verdict.message)]
            else:
                assert named == []

        for folder in ("_images", "_downloads"):
            assert not (outdir / folder).exists() or not any((outdir / folder).iterdir())
        page = (outdir / "index.html").read_text(encoding="utf-8")
        assert dangerous(page) <= baseline_dangers()
        for shown in containers(page, "bizterm-definition") + containers(page, "bizterm-glossary"):
            assert not re.search(r"<(script|iframe)\b", shown, re.IGNORECASE)
            urls = [v for _, attrs in elements(shown) for k, v in attrs.items() if k in ("href", "src")]
            assert not [url for url in urls if "javascript:" in re.sub(r"\s+", "", url).lower()]
        assert "SECRET" not in page
