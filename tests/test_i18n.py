"""Labels in the docs' language: English by default, Danish from the shipped catalog.

The catalog lives in ``sphinx_bizterms/extension/locale``. After changing a translatable string::

    pybabel extract --add-location=file --sort-output --project=sphinx-bizterms \\
        -o sphinx_bizterms/extension/locale/sphinx_bizterms.pot sphinx_bizterms
    pybabel update -D sphinx_bizterms -i sphinx_bizterms/extension/locale/sphinx_bizterms.pot \\
        -d sphinx_bizterms/extension/locale
    # translate the new entries in da/LC_MESSAGES/sphinx_bizterms.po, then:
    pybabel compile -D sphinx_bizterms -d sphinx_bizterms/extension/locale
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from sphinx.testing.util import SphinxTestApp

import sphinx_bizterms

PACKAGE = Path(sphinx_bizterms.__file__).parent
LOCALE = PACKAGE / "extension" / "locale"
DANISH = LOCALE / "da" / "LC_MESSAGES"

ENGLISH_LABELS = ["Keywords:", "See also:", "Cited in:"]
DANISH_LABELS = ["Nøgleord:", "Se også:", "Citeret i:"]


def text_of(app: SphinxTestApp, name: str) -> str:
    html = (Path(app.outdir) / name).read_text(encoding="utf-8")
    return re.sub(r"<[^>]+>", "", html)


def object_type_names(app: SphinxTestApp) -> list[str]:
    script = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(script[script.index("(") + 1 : script.rindex(")")])
    return [name for _domain, _type, name in index["objnames"].values()]


@pytest.mark.sphinx("html", testroot="i18n")
def test_labels_are_english_by_default(app: SphinxTestApp) -> None:
    app.build()
    glossary = text_of(app, "glossary.html")
    for label in ENGLISH_LABELS:
        assert glossary.count(label) == 2, label
    assert not any(label in glossary for label in DANISH_LABELS)
    assert "No business terms to list." in text_of(app, "empty.html")
    # The hover previews of the citing page use the same label.
    assert text_of(app, "index.html").count("Keywords:") == 2
    assert any(name.endswith("business term") for name in object_type_names(app))


@pytest.mark.sphinx("html", testroot="i18n", srcdir="i18n-da", confoverrides={"language": "da"})
def test_labels_are_danish_with_language_da(app: SphinxTestApp) -> None:
    app.build()
    glossary = text_of(app, "glossary.html")
    for label in DANISH_LABELS:
        assert glossary.count(label) == 2, label
    assert not any(label in glossary for label in ENGLISH_LABELS)
    assert "Ingen forretningsbegreber at vise." in text_of(app, "empty.html")
    index = text_of(app, "index.html")
    assert index.count("Nøgleord:") == 2
    assert "Keywords:" not in index
    assert any(name.endswith("forretningsbegreb") for name in object_type_names(app))


@pytest.mark.sphinx("text", testroot="i18n", srcdir="i18n-da-text", confoverrides={"language": "da"})
def test_labels_are_danish_in_text_output_too(app: SphinxTestApp) -> None:
    app.build()
    glossary = (Path(app.outdir) / "glossary.txt").read_text(encoding="utf-8")
    for label in DANISH_LABELS:
        assert label in glossary
    assert "Ingen forretningsbegreber at vise." in (Path(app.outdir) / "empty.txt").read_text("utf-8")


def test_catalog_template_lists_every_translatable_string() -> None:
    in_code = {message for _file, _line, message, _comments, _context in extract_from_dir(str(PACKAGE))}
    with open(LOCALE / "sphinx_bizterms.pot", encoding="utf-8") as template:
        in_template = {message.id for message in read_po(template) if message.id}
    assert in_code
    assert in_template == in_code


def test_danish_catalog_is_complete_and_compiled() -> None:
    with open(LOCALE / "sphinx_bizterms.pot", encoding="utf-8") as template:
        wanted = {message.id for message in read_po(template) if message.id}
    with open(DANISH / "sphinx_bizterms.po", encoding="utf-8") as source:
        po = {message.id: message.string for message in read_po(source) if message.id}
    assert set(po) == wanted
    assert all(po.values()), [message for message, translation in po.items() if not translation]
    # The shipped .mo is the compiled .po, at the path setup() registers.
    with open(DANISH / "sphinx_bizterms.mo", "rb") as compiled:
        mo = {message.id: message.string for message in read_mo(compiled) if message.id}
    assert mo == po
