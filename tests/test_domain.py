"""The ``bizterm`` domain in real builds: ``objects.inv``, the search index, and intersphinx."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.inventory import InventoryFile

from helpers import MakeApp, copy_root, warnings

#: The terms the provider cites and lists: slug -> (title, URI). Vendor is only linked to.
TERMS = {
    "back-office": ("Back Office", "glossary.html#bizterm-back-office"),
    "business-process-outsourcing": (
        "Business Process Outsourcing (BPO)",
        "glossary.html#bizterm-business-process-outsourcing",
    ),
}


def inventory(outdir: Path) -> dict[str, dict[str, tuple[str, ...]]]:
    """``objects.inv`` as ``{type: {name: (project, version, uri, display name)}}``."""
    loaded = InventoryFile.loads((outdir / "objects.inv").read_bytes(), uri="")
    return {
        kind: {
            name: (item.project_name, item.project_version, item.uri, item.display_name)
            for name, item in items.items()
        }
        for kind, items in loaded.data.items()
    }


def search_index(outdir: Path) -> dict[str, object]:
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])  # type: ignore[no-any-return]


@pytest.mark.sphinx("html", testroot="intersphinx-provider", freshenv=True)
def test_objects_inv_lists_the_terms(app: SphinxTestApp) -> None:
    app.build()
    assert warnings(app) == []
    terms = inventory(app.outdir)["bizterm:term"]
    assert {name: (item[3], item[2]) for name, item in terms.items()} == TERMS
    assert {item[0] for item in terms.values()} == {"Provider"}
    # each URI points at the glossary entry's anchor
    html = (app.outdir / "glossary.html").read_text(encoding="utf-8")
    for _title, uri in TERMS.values():
        assert f'id="{uri.split("#")[1]}"' in html


@pytest.mark.sphinx("html", testroot="intersphinx-provider", freshenv=True)
def test_intersphinx_command_lists_the_terms(app: SphinxTestApp) -> None:
    app.build()
    result = subprocess.run(
        [sys.executable, "-m", "sphinx.ext.intersphinx", str(app.outdir / "objects.inv")],
        capture_output=True,
        text=True,
        check=True,
    )
    listing = result.stdout.splitlines()
    section = listing[listing.index("bizterm:term") + 1 : listing.index("bizterm:term") + 3]
    assert [line.split()[0] for line in section] == sorted(TERMS)
    assert "Business Process Outsourcing (BPO)" in section[1]
    assert section[1].endswith(": glossary.html#bizterm-business-process-outsourcing")


@pytest.mark.sphinx("html", testroot="intersphinx-provider", freshenv=True)
def test_search_index_holds_the_terms(app: SphinxTestApp) -> None:
    app.build()
    index = search_index(app.outdir)
    objtypes = index["objtypes"]
    assert isinstance(objtypes, dict)
    type_index = next(int(i) for i, name in objtypes.items() if name == "bizterm:term")
    docnames = index["docnames"]
    assert isinstance(docnames, list)
    found = {
        (entry[4], docnames[entry[0]], entry[3])
        for entries in index["objects"].values()  # type: ignore[attr-defined]
        for entry in entries
        if entry[1] == type_index
    }
    # the display name is searchable; the anchor is stored as "-" when it is "<type>-<name>"
    assert found == {
        ("Back Office", "glossary", "bizterm-back-office"),
        ("Business Process Outsourcing (BPO)", "glossary", "bizterm-business-process-outsourcing"),
    }
    # results say what a hit is in plain words
    objnames = index["objnames"]
    assert isinstance(objnames, dict)
    assert objnames[str(type_index)] == ["bizterm", "term", "business term"]


def test_intersphinx_consumer_links_to_a_term(make_app: MakeApp, tmp_path: Path) -> None:
    provider_src = copy_root("intersphinx-provider", tmp_path / "provider")
    provider = make_app("html", srcdir=provider_src, builddir=provider_src / "_build")
    provider.build()
    provider_out = provider.outdir
    provider.cleanup()

    consumer_src = copy_root("intersphinx-consumer", tmp_path / "consumer")
    mapping = {"biz": (str(provider_out), str(provider_out / "objects.inv"))}
    consumer = make_app(
        "html",
        srcdir=consumer_src,
        builddir=consumer_src / "_build",
        confoverrides={"intersphinx_mapping": mapping, "nitpicky": True},
    )
    consumer.build()
    assert warnings(consumer) == []

    def links(docname: str) -> list[tuple[str, str]]:
        html = (consumer.outdir / f"{docname}.html").read_text(encoding="utf-8")
        return [
            (href, re.sub(r"<[^>]+>", "", inner))
            for href, inner in re.findall(
                r'<a class="reference external" href="([^"]+)"[^>]*>(.*?)</a>', html
            )
        ]

    bpo = f"{provider_out}/glossary.html#bizterm-business-process-outsourcing"
    back_office = f"{provider_out}/glossary.html#bizterm-back-office"
    assert links("index") == [
        (bpo, "Business Process Outsourcing (BPO)"),
        (back_office, "Back Office"),
        (bpo, "outsourcing"),
    ]
    assert links("page") == [(bpo, "Business Process Outsourcing (BPO)"), (back_office, "Back Office")]
    # a business term reads as prose, not as code
    html = (consumer.outdir / "index.html").read_text(encoding="utf-8")
    external = re.findall(r'<a class="reference external" [^>]*>(.*?)</a>', html)
    assert len(external) == 3
    assert not [inner for inner in external if "<code" in inner]


@pytest.mark.sphinx("html", testroot="domain-role", freshenv=True)
def test_the_term_role_cites_the_term_in_rst_and_myst(app: SphinxTestApp) -> None:
    app.build()
    # a target that no article has is left to intersphinx, as before: no citation, no warning
    assert warnings(app) == []
    glossary = (app.outdir / "glossary.html").read_text(encoding="utf-8")
    # only :bizterm:term: cites BPO, and the glossary of cited terms lists it (not Back Office)
    assert 'id="bizterm-business-process-outsourcing"' in glossary
    assert 'id="bizterm-back-office"' not in glossary
    cited_in = re.search(r'<p class="bizterm-cited-in">(.*?)</p>', glossary, re.DOTALL)
    assert cited_in is not None
    assert re.findall(r'<a [^>]*href="([^"]+)"[^>]*>([^<]*)</a>', cited_in.group(1)) == [
        ("index.html#bizterm--cite--index--0", "Linking through the domain"),
        ("page.html#bizterm--cite--page--0", "Linking through the domain in MyST"),
    ]
    for docname in ("index", "page"):
        html = (app.outdir / f"{docname}.html").read_text(encoding="utf-8")
        # the backlink lands right before the link to the term's entry
        assert re.search(
            rf'<span class="target" id="bizterm--cite--{docname}--0"></span><a class="reference internal" '
            r'href="glossary.html#bizterm-business-process-outsourcing"',
            html,
        ), docname
