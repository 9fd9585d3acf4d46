"""Corpus text cannot forge what others read: inventory entries, HTML ids, log and report lines."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors
from sphinx.util.inventory import InventoryFile

from sphinx_bizterms.corpus.article import Article, load_article
from sphinx_bizterms.corpus.keys import make_slug
from sphinx_bizterms.extension.domain import get_domain

from helpers import build_once, small_project, term

FORGED_TITLE = "Harmless\nos.system py:function 1 //evil.example/pwn.html -"
#: An escape that retitles and clears a terminal, and a line that looks like another warning.
ESCAPES = "\x1b]0;PWNED\x07\x1b[2J"
FORGED_LINE = "\nconf.py:1: WARNING: forged [bizterms.config]"
#: The same, percent-encoded in a link target, as markdown-it hands it on.
ENCODED = "%1b]0;PWNED%07%1b[2J%0Aconf.py:1:%20WARNING:%20forged%20[bizterms.config]"
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def test_a_title_cannot_forge_an_inventory_entry(tmp_path: Path) -> None:
    title = json.dumps(FORGED_TITLE)
    root = small_project(
        tmp_path,
        {"harmless.md": f"---\ntitle: {title}\nslug: harmless\ndescription: d\n---\nBody.\n"},
        ":bizterm:`harmless`\n\n.. bizterm-glossary::",
    )
    app = build_once(root)
    inventory = InventoryFile.loads((app.outdir / "objects.inv").read_bytes(), uri="https://docs.example/")
    entries = {(kind, name): item for kind, names in inventory.data.items() for name, item in names.items()}
    assert set(entries) == {
        ("bizterm:term", "harmless"),
        ("std:doc", "index"),
        ("std:label", "genindex"),
        ("std:label", "modindex"),
        ("std:label", "py-modindex"),
        ("std:label", "search"),
    }
    assert entries["bizterm:term", "harmless"].display_name == " ".join(FORGED_TITLE.split())


@pytest.mark.parametrize("field", ["title", "aliases", "keywords"])
def test_names_are_one_line_of_text(tmp_path: Path, field: str) -> None:
    value = f"Vendor\t{ESCAPES}\u2028{FORGED_LINE}\x85end"
    other = {"title": "", "aliases": "aliases: [a]\n", "keywords": "keywords: [k]\n"}
    frontmatter = "" if field == "title" else "title: T\n"
    frontmatter += f"{field}: {json.dumps([value] if field != 'title' else value)}\n"
    frontmatter += "".join(text for name, text in other.items() if name != field)
    article = load_article(term(tmp_path, "a.md", frontmatter, "Body.\n"))
    assert isinstance(article, Article)
    names = [article.title, *article.aliases, *article.keywords]
    assert "Vendor ]0;PWNED [2J conf.py:1: WARNING: forged [bizterms.config] end" in names
    assert not any(CONTROLS.search(name) or "\n" in name or "\u2028" in name for name in names)


# --- HTML ids ---------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="hostile-ids")
def test_slugs_cannot_take_the_extensions_own_ids(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    slugs = set(get_domain(app.env).corpus.by_slug)
    assert {"tip-vendor", "glossary-index-0-v", "cite-index-0", "glossary-index-0", "v"} <= slugs
    assert all("--" not in slug and not slug.startswith("-") for slug in slugs)
    anchors = {f"bizterm-{slug}" for slug in slugs}
    assert anchors <= set(ids)
    own = [i for i in ids if i.startswith("bizterm") and i not in anchors]
    assert own and all(i.startswith("bizterm--") for i in own), own
    # The citation's preview is the vendor's, its target the citation, the "V" link the heading.
    preview = re.search(r'aria-describedby="([^"]+)"', html)
    assert preview is not None and preview.group(1) == "bizterm--tip--vendor"
    tip = html.split(f'id="{preview.group(1)}"', 1)[1].split("</div>", 1)[0]
    assert "The real vendor sells goods." in tip and "ATTACKER" not in tip
    jump = re.search(r'<a class="reference internal" href="#([^"]+)">V</a>', html)
    assert jump is not None
    heading = html.split(f'id="{jump.group(1)}"', 1)[0].rsplit("<", 1)[1]
    assert 'class="bizterm-letter rubric"' in heading


@pytest.mark.parametrize(
    "text",
    ["--tip--vendor", "-glossary--index--0--letter--v", "a  --  b", "_x_", "객체 -- 사람", "Ω -- ω!", "--"],
)
def test_a_slug_never_reaches_the_extensions_namespace(text: str) -> None:
    # what own_id relies on: no leading hyphen, never two in a row, whatever the script
    slug = make_slug(text)
    assert "--" not in slug and not slug.startswith("-") and not slug.endswith("-")


# --- logs and reports -------------------------------------------------------------------

EVIL_NAME = f"evil{ESCAPES}{FORGED_LINE}.md"


def hostile_log_project(root: Path) -> Path:
    return small_project(
        root,
        {
            "shown.md": f"---\ntitle: Shown\ndescription: d\n---\nSee [this](/{ENCODED}).\n",
            EVIL_NAME: "---\ntitle: [unclosed\n---\nBody.\n",
        },
        ".. bizterm:: Shown\n   :full:\n\n:bizterm:`missing`\n",
    )


def assert_printable(text: str) -> None:
    assert not CONTROLS.search(text), repr(text)
    assert not re.search(r"^conf\.py:1: WARNING: forged", text, re.MULTILINE), text
    assert r"\x1b]0;PWNED\x07\x1b[2J\nconf.py:1: WARNING: forged [bizterms.config]" in text


def test_the_build_log_escapes_control_characters(tmp_path: Path) -> None:
    app = build_once(hostile_log_project(tmp_path))
    log = strip_colors(app.warning.getvalue())  # Sphinx's own colours, not the corpus's escapes
    assert "broken internal link" in log and "frontmatter is not valid YAML" in log
    assert_printable(log)


def test_the_report_files_escape_control_characters(tmp_path: Path) -> None:
    app = build_once(hostile_log_project(tmp_path), "bizterms")
    report = (app.outdir / "output.txt").read_text(encoding="utf-8")
    assert len(report.splitlines()) == 3  # the broken link, the bad article, the unknown term
    assert_printable(report)
    records = (app.outdir / "output.json").read_text(encoding="utf-8").splitlines()
    assert not CONTROLS.search("".join(records))
    targets = [json.loads(line).get("target") for line in records]
    assert "/" + ESCAPES + FORGED_LINE in targets  # the target itself, once decoded


def test_check_escapes_control_characters(tmp_path: Path) -> None:
    corpus = hostile_log_project(tmp_path) / "corpus"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "PYTHONPATH": str(Path(__file__).parent.parent)}
    done = subprocess.run(
        [sys.executable, "-m", "sphinx_bizterms", "check", str(corpus)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert len(done.stdout.splitlines()) == 2
    assert_printable(done.stdout)
