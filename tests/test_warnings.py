"""Warnings in real builds: subtypes, locations, repetition, ``suppress_warnings`` and ``-W``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import SEED, SEED_LINKS, SEEDS, MakeApp, build, copy_root, warnings


def seed_warnings(srcdir: Path) -> list[str]:
    seed = srcdir / "corpus" / SEED
    return [
        f"{seed}:{line}: WARNING: broken internal link '{target}': no article has that key"
        " [bizterms.broken_link]"
        for line, target in SEED_LINKS
    ]


def sphinx_build(srcdir: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", *options, str(srcdir), str(srcdir / "_build")],
        capture_output=True,
        text=True,
        check=False,
    )


def test_seed_gives_exactly_six_broken_links(make_app: MakeApp, tmp_path: Path) -> None:
    srcdir = copy_root("warnings-seed", tmp_path / "warnings-seed")
    assert (srcdir / "corpus" / SEED).read_bytes() == (SEEDS / SEED).read_bytes()
    app = build(make_app, srcdir)
    assert warnings(app) == seed_warnings(srcdir)


def test_seed_warnings_come_again_on_a_second_build(make_app: MakeApp, tmp_path: Path) -> None:
    srcdir = copy_root("warnings-seed", tmp_path / "warnings-seed")
    app = build(make_app, srcdir)
    assert warnings(app) == seed_warnings(srcdir)
    app.warning.seek(0)
    app.warning.truncate()
    app.status.seek(0)
    app.status.truncate()
    app.build()
    assert "0 added, 0 changed, 0 removed" in app.status.getvalue()
    assert warnings(app) == seed_warnings(srcdir)


@pytest.mark.parametrize("root", ["warnings-seed", "warnings-corpus"])
def test_corpus_findings_come_again_in_a_new_app(make_app: MakeApp, tmp_path: Path, root: str) -> None:
    srcdir = copy_root(root, tmp_path / root)
    first_app = build(make_app, srcdir)
    first = warnings(first_app)
    assert first
    first_app.cleanup()  # as if the process ended: a new app starts from the pickled environment
    again = build(make_app, srcdir)
    assert "0 added, 0 changed, 0 removed" in again.status.getvalue()
    assert warnings(again) == first


def test_sphinx_build_W_fails_on_the_seed_every_time(tmp_path: Path) -> None:
    srcdir = copy_root("warnings-seed", tmp_path / "warnings-seed")
    for _attempt in range(2):  # the second build has nothing to read, and must fail the same way
        result = sphinx_build(srcdir, "-W")
        assert result.returncode != 0
        assert (
            f"{srcdir / 'corpus' / SEED}:10: WARNING: broken internal link '/subcontracting'" in result.stderr
        )
        assert "[bizterms.broken_link]" in result.stderr


def test_sphinx_build_W_passes_with_broken_links_suppressed(tmp_path: Path) -> None:
    srcdir = copy_root("warnings-seed", tmp_path / "warnings-seed")
    result = sphinx_build(srcdir, "-W", "-D", "suppress_warnings=bizterms.broken_link")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


@pytest.mark.sphinx(
    "html",
    testroot="warnings-seed",
    freshenv=True,
    confoverrides={"suppress_warnings": ["bizterms.broken_link"]},
)
def test_suppress_warnings_silences_broken_links(app: SphinxTestApp) -> None:
    app.build()
    assert warnings(app) == []


@pytest.mark.sphinx(
    "html", testroot="warnings-seed", freshenv=True, confoverrides={"suppress_warnings": ["bizterms"]}
)
def test_suppress_warnings_silences_the_whole_type(app: SphinxTestApp) -> None:
    app.build()
    assert warnings(app) == []


@pytest.mark.sphinx(
    "html",
    testroot="warnings-seed",
    freshenv=True,
    confoverrides={"suppress_warnings": ["bizterms.unknown_term"]},
)
def test_suppress_warnings_keeps_other_subtypes(app: SphinxTestApp) -> None:
    app.build()
    assert warnings(app) == seed_warnings(app.srcdir)


def test_broken_link_is_reported_once_however_many_pages_show_it(make_app: MakeApp, tmp_path: Path) -> None:
    srcdir = copy_root("warnings-shown", tmp_path / "warnings-shown")
    app = build(make_app, srcdir)
    # the seed is cited, listed, and shown in full three times and in part once, on four pages
    html = (app.outdir / "full-rst.html").read_text(encoding="utf-8")
    assert html.count('class="bizterm-broken-link"') == 12
    assert warnings(app) == seed_warnings(srcdir)


def test_corpus_findings_with_file_and_line(make_app: MakeApp, tmp_path: Path) -> None:
    srcdir = copy_root("warnings-corpus", tmp_path / "warnings-corpus")
    app = build(make_app, srcdir)
    corpus = srcdir / "corpus"
    found = warnings(app)
    assert [line for line in found if "[bizterms.bad_article]" in line] == [
        f"{corpus}/e-bad-yaml.md:5: WARNING: frontmatter is not valid YAML: did not find expected ',' or ']'"
        " [bizterms.bad_article]",
        f"{corpus}/f-no-title.md:2: WARNING: frontmatter has no 'title' [bizterms.bad_article]",
        f"{corpus}/g-list.md:1: WARNING: frontmatter is a list, not a mapping of fields"
        " [bizterms.bad_article]",
        f"{corpus}/h-latin1.md:4: WARNING: article is not UTF-8 (byte 0xe6 at offset 21)"
        " [bizterms.bad_article]",
        f"{corpus}/i-no-frontmatter.md:1: WARNING: article has no YAML frontmatter between '---' lines"
        " (a title is required) [bizterms.bad_article]",
    ]
    # An alias (explicit) beats a title (derived) silently; two articles of one title are told
    # apart by slug silently (the one that sorts first keeps it), their title is an ambiguous
    # key, and the alias they both claim is a duplicate key.
    assert [line for line in found if "[bizterms.duplicate_key]" in line] == [
        f"{corpus}/d-tax.md:1: WARNING: key 'Levy' is also claimed by {corpus}/c-tax.md, which keeps it"
        " [bizterms.duplicate_key]"
    ]
    assert [line for line in found if "[bizterms.ambiguous_term]" in line] == [
        f"{srcdir}/index.rst:4: WARNING: ambiguous business term 'tax': it could mean 'Tax' (tax)"
        " or 'Tax' (tax-2); cite one by its slug [bizterms.ambiguous_term]"
    ]
    assert len(found) == 7
    # the citations resolve to the winners
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert re.search(r'title="A party that sells\."[^>]*><span[^>]*>supplier</span>', html)
    assert '<span class="bizterm bizterm-unknown">tax</span>' in html


@pytest.mark.parametrize(
    ("mode", "reported"),
    [
        (
            "used",
            [
                "cited.md:6: WARNING: broken internal link '/gone'",
                "listed.md:7: WARNING: broken internal link '/absent'",
            ],
        ),
        (
            "all",
            [
                "cited.md:6: WARNING: broken internal link '/gone'",
                "listed.md:7: WARNING: broken internal link '/absent'",
                "uncited.md:6: WARNING: broken internal link '/missing'",
            ],
        ),
        ("none", []),
    ],
)
def test_link_check_modes(make_app: MakeApp, tmp_path: Path, mode: str, reported: list[str]) -> None:
    srcdir = copy_root("warnings-linkcheck", tmp_path / "warnings-linkcheck")
    app = build(make_app, srcdir, confoverrides={"bizterms_link_check": mode})
    corpus = srcdir / "corpus"
    assert warnings(app) == [
        f"{corpus}/{where}: no article has that key [bizterms.broken_link]" for where in reported
    ]


def test_link_check_default_is_used(make_app: MakeApp, tmp_path: Path) -> None:
    srcdir = copy_root("warnings-linkcheck", tmp_path / "warnings-linkcheck")
    app = build(make_app, srcdir)
    assert [line.split(": WARNING")[0] for line in warnings(app)] == [
        f"{srcdir / 'corpus' / 'cited.md'}:6",
        f"{srcdir / 'corpus' / 'listed.md'}:7",
    ]
