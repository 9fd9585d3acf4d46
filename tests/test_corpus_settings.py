"""Builds with corpus settings: conf.py mappings and bizterms.toml, order, drafts, ambiguity, language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_bizterms.cli import main
from sphinx_bizterms.corpus.settings import SETTING_CHECKS

from helpers import MakeApp, warnings, warnings_of, write

#: The settings after 'exclude', as the message lists them.
KNOWN = ", ".join(f"'{name}'" for name in list(SETTING_CHECKS)[1:])

CD = (
    "ambiguous business term 'CD': it could mean 'Continuous Delivery (CD)' (continuous-delivery) "
    "or 'Continuous Deployment (CD)' (continuous-deployment); cite one by its slug [bizterms.ambiguous_term]"
)


def hover(html: str, text: str) -> str | None:
    """The hover text of the citation that reads ``text``."""
    found = re.search(rf'title="([^"]*)"[^>]*><span[^>]*>{re.escape(text)}</span>', html)
    return found.group(1) if found else None


@pytest.mark.sphinx("html", testroot="corpus-settings")
def test_settings_from_conf_py_and_bizterms_toml(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == [
        "own/bizterms.toml:1: WARNING: unknown setting 'colour' (the settings are 'exclude', "
        f"{KNOWN}); ignored [bizterms.config]",
        "conf.py:3: WARNING: bizterms_corpus entry 'hugo': setting 'site_url' must be an http or https URL "
        "such as 'https://example.com', not 'example.org'; ignored [bizterms.config]",
        "hugo/delivery.md:5: WARNING: broken internal link '/pipeline': no article has that key "
        "[bizterms.broken_link]",
        f"index.rst:10: WARNING: {CD}",
        f"index.rst:12: WARNING: {CD}",
        # another language's corpus, and a draft, are not there
        "index.rst:14: WARNING: unknown business term 'Hund' [bizterms.unknown_term]",
        "index.rst:14: WARNING: unknown business term 'Not Yet' [bizterms.unknown_term]",
        f"page.md:5: WARNING: {CD}",
        f"page.md:7: WARNING: {CD}",
        "page.md:10: WARNING: unknown business term 'Hund' [bizterms.unknown_term]",
        "page.md:10: WARNING: unknown business term 'Not Yet' [bizterms.unknown_term]",
    ]
    for page in ("index.html", "page.html"):
        html = (app.outdir / page).read_text(encoding="utf-8")
        # fields from bizterms.toml: the description, the alias; a capitalised 'Title:'
        assert hover(html, "HPA") == "Scales pods."
        # the corpus listed first has 'Pod'; the other keeps its own explicit slug
        assert hover(html, "pod") == "Our pod."
        assert hover(html, "k8s-pod") == "Their pod."
        assert '<span class="bizterm bizterm-unknown">CD</span>' in html
    glossary = (app.outdir / "index.html").read_text(encoding="utf-8")
    # the files a site generator keeps beside its terms are no terms
    assert "The list page" not in glossary and "Unfinished" not in glossary
    assert 'id="bizterm-horizontal-pod-autoscaler"' in glossary


@pytest.mark.sphinx("html", testroot="corpus-settings")
def test_the_command_reads_conf_py_and_reports_what_the_build_does(
    app: SphinxTestApp, capsys: pytest.CaptureFixture[str]
) -> None:
    app.build()
    capsys.readouterr()
    status = main(["check", "--conf", str(app.srcdir)])
    out = capsys.readouterr().out.splitlines()
    # every corpus finding of the build (which checks all articles here), none more
    from_build = [line.replace(" WARNING:", "", 1) for line in warnings(app) if "[bizterms." in line]
    corpus_lines = [
        line
        for line in from_build
        if not line.startswith((str(app.srcdir / "index.rst"), str(app.srcdir / "page.md")))
    ]
    assert sorted(line for line in out if ": note: " not in line) == sorted(corpus_lines)
    assert len(corpus_lines) == 3
    assert [line.replace(f"{app.srcdir}/", "") for line in out if ": note: " in line] == [
        "hugo/delivery.md:1: note: key 'CD' is ambiguous: it could mean 'Continuous Delivery (CD)' "
        "(continuous-delivery) or 'Continuous Deployment (CD)' (continuous-deployment) "
        "[bizterms.ambiguous_term]"
    ]
    assert status == 1


@pytest.mark.sphinx("html", testroot="corpus-settings", confoverrides={"language": "da"})
def test_a_corpus_of_the_project_language_is_used(app: SphinxTestApp) -> None:
    app.build()
    assert not [line for line in warnings_of(app) if "'Hund'" in line]
    assert hover((app.outdir / "page.html").read_text(encoding="utf-8"), "Hund") == "Et dyr."


def test_changed_settings_are_read_again(make_app: MakeApp, tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    write(
        srcdir / "conf.py",
        'extensions = ["sphinx_bizterms"]\nbizterms_corpus = ["corpus"]\nexclude_patterns = ["corpus"]\n',
    )
    write(srcdir / "index.rst", "Cited\n=====\n\nA :bizterm:`HPA`.\n")
    write(
        srcdir / "corpus" / "autoscaler.md",
        "---\ntitle: Autoscaler\naka: [HPA]\nsummary: Scales.\n---\nText.\n",
    )
    app = make_app("html", srcdir=srcdir, builddir=srcdir / "_build")
    app.build()
    assert warnings_of(app) == ["index.rst:4: WARNING: unknown business term 'HPA' [bizterms.unknown_term]"]
    # the same files, read anew with other field names: no stale record from the cache
    write(srcdir / "corpus" / "bizterms.toml", '[fields]\naliases = ["aka"]\ndescription = "summary"\n')
    app = make_app("html", srcdir=srcdir, builddir=srcdir / "_build")
    app.build()
    assert [line for line in warnings_of(app) if "[bizterms." in line] == []
    assert hover((app.outdir / "index.html").read_text(encoding="utf-8"), "HPA") == "Scales."
