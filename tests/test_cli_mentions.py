"""``bizterms mentions``: the unlinked mentions of a docs folder without Sphinx, as a build has them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from sphinx_bizterms.corpus.sources import read_myst, read_rst

from helpers import ROOTS, MakeApp, copy_root, run_cli, warnings


@pytest.mark.parametrize(("root", "language"), [("mentions", "en"), ("mentions-da", "da")])
@pytest.mark.parametrize("terms", ["cited", "all"])
def test_the_command_lists_what_a_warning_build_reports(
    make_app: MakeApp,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    root: str,
    language: str,
    terms: str,
) -> None:
    srcdir = copy_root(root, tmp_path / "docs")
    app = make_app("html", srcdir=srcdir, confoverrides={"bizterms_mentions_terms": terms})
    app.build()
    built = [line.replace(": WARNING: ", ": ") for line in warnings(app) if "unlinked_mention" in line]
    app.cleanup()
    capsys.readouterr()

    status, lines, _ = run_cli(
        capsys,
        "mentions",
        str(srcdir),
        "--corpus",
        str(srcdir / "corpus"),
        "--language",
        language,
        "--terms",
        terms,
    )
    assert status == 1
    assert lines == built
    assert len(lines) >= 4


def test_formats_keywords_and_a_clean_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = str(ROOTS / "test-mentions")
    corpus = str(ROOTS / "test-mentions" / "corpus")
    status, lines, err = run_cli(
        capsys, "mentions", docs, "--corpus", corpus, "--terms", "operations", "--format", "json"
    )
    assert status == 1
    records = [json.loads(line) for line in lines]
    assert [(Path(r["path"]).name, r["line"], r["target"]) for r in records] == [
        ("index.rst", 32, "back-office"),
        ("index.rst", 32, "information-technology"),
        ("page.md", 23, "back-office"),
        ("page.md", 23, "information-technology"),
    ]
    assert err == []

    status, lines, _ = run_cli(capsys, "mentions", docs, "--corpus", corpus, "--format", "github")
    assert lines[0] == (
        f"::warning file={docs}/index.rst,line=30,title=bizterms.unlinked_mention::"
        "'Business Process Outsourcing' mentions the business term 'Business Process Outsourcing (BPO)' "
        "without citing it"
    )

    (tmp_path / "index.rst").write_text("Plain\n=====\n\nNothing to see.\n", encoding="utf-8")
    assert run_cli(capsys, "mentions", str(tmp_path), "--corpus", corpus) == (0, [], [])


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    corpus = str(ROOTS / "test-mentions" / "corpus")
    status, _, err = run_cli(capsys, "mentions", "no-such-docs", "--corpus", corpus)
    assert status == 2
    assert any("no such folder: 'no-such-docs'" in line for line in err)
    status, _, err = run_cli(capsys, "mentions", str(ROOTS), "--corpus", corpus, "--terms", ",")
    assert status == 2


RST = """\
:bizterms-mentions: off

Title with BPO
==============

Prose with BPO, ``BPO``, :ref:`BPO <x>`, `BPO <https://x>`_ and :bizterm:`shown <vendor>`.

.. code-block:: text

   BPO

.. note:: A note on BPO
   goes on.

Literal::

   BPO

.. bizterm:: back office

Second
------

BPO
again.
"""

MYST = """\
---
bizterms-mentions: off
---
# Title with BPO

Prose with BPO, `BPO`, {ref}`BPO <x>`, [BPO](https://x) and {bizterm}`shown <vendor>`.

```text
BPO
```

```{note}
:class: x
A note on BPO
```

<!-- BPO -->

```{bizterm} back office
```

Second
------

BPO
again.
"""


@pytest.mark.parametrize("read", [read_rst, read_myst])
def test_the_reader_keeps_prose_and_citations_only(read: Callable[[str], object]) -> None:
    page = read(RST if read is read_rst else MYST)
    assert page.opted_out  # type: ignore[attr-defined]
    prose = [(p.section, p.text.replace(" ¦ ", "|")) for p in page.paragraphs]  # type: ignore[attr-defined]
    assert prose == [
        (1, "Prose with BPO, |, |, | and |."),
        (1, "A note on BPO" + ("\n   goes on." if read is read_rst else "")),
        *([(1, "Literal::")] if read is read_rst else []),
        (2, "BPO\nagain."),
    ]
    assert page.cited == {1: ["vendor", "back office"]}  # type: ignore[attr-defined]
