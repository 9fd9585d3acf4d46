"""Configuration values in real builds: a wrong one warns at ``conf.py`` and the default is used."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import MakeApp, warnings, warnings_of, write


def cited_term_resolved(app: SphinxTestApp) -> bool:
    """The citation of BPO found its article: it carries the description as hover text."""
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    return bool(
        re.search(r'<(a|abbr) [^>]*title="Contracting work out\."[^>]*><span[^>]*>BPO</span></\1>', html)
    )


@pytest.mark.sphinx("html", testroot="config-values", freshenv=True)
def test_wrong_values_warn_at_their_conf_py_line_and_defaults_are_used(app: SphinxTestApp) -> None:
    app.build()
    conf = app.confdir / "conf.py"
    corpus = app.srcdir / "corpus"
    assert sorted(warnings(app)) == [
        f"{conf}:5: WARNING: bizterms_link_check must be one of 'used', 'all', 'none', not 'sometimes';"
        " using the default 'used' [bizterms.config]",
        # an annotated assignment is found too
        f"{conf}:6: WARNING: bizterms_tooltips must be True or False, not 'yes'; using the default True"
        " [bizterms.config]",
        f"{conf}:7: WARNING: bizterms_suffixes must be a list of file suffixes such as '.md', not ['md'];"
        " using the default ['.md', '.markdown', '.txt'] [bizterms.config]",
        f"{conf}:8: WARNING: bizterms_internal_prefixes must be a list of non-empty link prefixes"
        " such as '/', not ['']; using the default ['/'] [bizterms.config]",
        # link check "used" (the default): the cited article is checked, the uncited one is not;
        # "/vendor" is internal under the default prefix "/".
        f"{corpus}/bpo.md:6: WARNING: broken internal link '/vendor': no article has that key"
        " [bizterms.broken_link]",
    ]
    assert app.config.bizterms_link_check == "used"
    assert app.config.bizterms_tooltips is True
    assert list(app.config.bizterms_suffixes) == [".md", ".markdown", ".txt"]
    assert list(app.config.bizterms_internal_prefixes) == ["/"]
    assert cited_term_resolved(app)  # the .md corpus was found with the default suffixes


@pytest.mark.sphinx("html", testroot="config-corpus-string", freshenv=True)
def test_corpus_given_as_a_string_warns_and_uses_no_corpus(app: SphinxTestApp) -> None:
    app.build()
    assert warnings(app) == [
        f"{app.confdir / 'conf.py'}:3: WARNING: bizterms_corpus must be a list of folder or file paths,"
        " or mappings with a 'path' and settings, not 'corpus'; using the default [] [bizterms.config]",
        f"{app.srcdir / 'index.rst'}:4: WARNING: unknown business term 'BPO' [bizterms.unknown_term]",
    ]
    assert app.config.bizterms_corpus == []
    assert not cited_term_resolved(app)


@pytest.mark.sphinx("html", testroot="config-missing", freshenv=True)
def test_missing_corpus_folder_warns_and_the_others_are_used(app: SphinxTestApp) -> None:
    app.build()
    assert warnings(app) == [
        f"{app.confdir / 'conf.py'}:3: WARNING: bizterms_corpus: no such file or folder:"
        f" {app.srcdir / 'missing'} [bizterms.config]",
        f"{app.srcdir / 'corpus' / 'bpo.md'}:6: WARNING: broken internal link '/vendor':"
        " no article has that key [bizterms.broken_link]",
    ]
    assert cited_term_resolved(app)


@pytest.mark.sphinx(
    "html", testroot="config-missing", freshenv=True, confoverrides={"bizterms_link_check": "sometimes"}
)
def test_wrong_override_warns_at_conf_py(app: SphinxTestApp) -> None:
    app.build()
    # conf.py does not set it (it came from -D): no line to point at, and the build goes on
    assert warnings(app)[0] == (
        "WARNING: bizterms_link_check must be one of 'used', 'all', 'none', not 'sometimes';"
        " using the default 'used' [bizterms.config]"
    )
    assert len(warnings(app)) == 3
    assert app.config.bizterms_link_check == "used"


@pytest.mark.sphinx("html", testroot="config-values", freshenv=True)
def test_config_warnings_come_again_on_a_no_op_rebuild(app: SphinxTestApp, make_app: MakeApp) -> None:
    app.build()
    first = warnings(app)
    app.cleanup()
    again = make_app("html", srcdir=app.srcdir, builddir=app.srcdir / "_build")
    again.build()
    # the defaults put in place do not make the environment look changed
    assert "0 added, 0 changed, 0 removed" in again.status.getvalue()
    assert warnings(again) == first


def test_a_corpus_folder_without_articles_warns_and_says_what_was_left_out(
    make_app: MakeApp, tmp_path: Path
) -> None:
    # Every citation would be unknown; the warning at the folder says why.
    srcdir = tmp_path / "src"
    write(srcdir / "conf.py", 'extensions = ["sphinx_bizterms"]\nbizterms_corpus = ["glossary"]\n')
    write(srcdir / "index.rst", "Cited\n=====\n\nA :bizterm:`Ajax`.\n")
    write(srcdir / "glossary" / "index.md", "---\ntitle: Glossary\n---\nThe terms.\n")
    app = make_app(
        "html", srcdir=srcdir, builddir=srcdir / "_build", confoverrides={"exclude_patterns": ["glossary"]}
    )
    app.build()
    assert warnings_of(app) == [
        "glossary:1: WARNING: no article file in this corpus folder; 1 left out, such as"
        " 'glossary/index.md' (exclude '/index.md'): see 'bizterms list --excluded' [bizterms.config]",
        "index.rst:4: WARNING: unknown business term 'Ajax' [bizterms.unknown_term]",
    ]
