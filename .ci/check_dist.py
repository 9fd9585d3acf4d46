"""Check the built distributions: both carry the package data, and the wheel works on its own.

``python .ci/check_dist.py DIST``, after ``python -m build --outdir DIST``. The wheel is
installed into a new virtual environment, away from the source tree, and builds a small
project in Danish with ``-nW``: the translations and static files must come from the wheel.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tempfile
import venv
import zipfile
from pathlib import Path

#: Package data that a source checkout has and a careless build would leave out.
DATA = (
    "sphinx_bizterms/extension/locale/da/LC_MESSAGES/sphinx_bizterms.mo",
    "sphinx_bizterms/extension/static/bizterms.css",
    "sphinx_bizterms/extension/static/bizterms.js",
)

CONF = """\
project = "dist-check"
language = "da"
extensions = ["myst_parser", "sphinx_bizterms"]
bizterms_corpus = ["corpus"]
exclude_patterns = ["_build", "corpus"]
"""

INDEX = """\
Dist check
==========

Many firms use :bizterm:`BPO`.

.. bizterm-glossary::
"""

ARTICLE = """\
---
title: Business Process Outsourcing (BPO)
description: Work handed to another firm.
keywords: Business
---
# Business Process Outsourcing (BPO)

Firms hand work to another firm.
"""


def only(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if len(found) != 1:
        sys.exit(f"check_dist: expected one {pattern} in {folder}, found {[p.name for p in found]}")
    return found[0]


def check_contents(names: list[str], archive: Path) -> None:
    missing = [data for data in DATA if not any(name.endswith(data) for name in names)]
    if missing:
        sys.exit(f"check_dist: {archive.name} lacks {', '.join(missing)}")
    print(f"check_dist: {archive.name} carries the translations and static files")


def build_with_wheel(wheel: Path, scratch: Path) -> None:
    env = scratch / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "-q", str(wheel)], check=True)
    project = scratch / "project"
    (project / "corpus").mkdir(parents=True)
    (project / "conf.py").write_text(CONF)
    (project / "index.rst").write_text(INDEX)
    (project / "corpus" / "bpo.md").write_text(ARTICLE)
    # Run from the project, not the checkout, so that only the installed package can be imported.
    where = subprocess.run(
        [python, "-c", "import sphinx_bizterms; print(sphinx_bizterms.__file__)"],
        cwd=project,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not where.startswith(str(env)):
        sys.exit(f"check_dist: sphinx_bizterms came from {where}, not from the new environment")
    html = project / "_build" / "html"
    subprocess.run(
        [env / "bin" / "sphinx-build", "-nW", "--keep-going", "-q", "-b", "html", ".", html],
        cwd=project,
        check=True,
    )
    page = (html / "index.html").read_text(encoding="utf-8")
    for expected in ("Citeret i:", "_static/bizterms.css", "_static/bizterms.js"):
        if expected not in page:
            sys.exit(f"check_dist: the page built with the wheel lacks {expected!r}")
    # the glossary's "Cited in" link leads back to the citation
    backlink = re.search(r'class="bizterm-backlink[^"]*" href="#([^"]+)"', page)
    if backlink is None or f'id="{backlink[1]}"' not in page:
        sys.exit("check_dist: the glossary's backlink leads to no citation on the page")
    for asset in ("bizterms.css", "bizterms.js"):
        if not (html / "_static" / asset).is_file():
            sys.exit(f"check_dist: the build did not copy {asset}")
    print("check_dist: the wheel, installed on its own, built a project in Danish")


def main(dist: Path) -> None:
    wheel = only(dist, "*.whl")
    sdist = only(dist, "*.tar.gz")
    check_contents(zipfile.ZipFile(wheel).namelist(), wheel)
    with tarfile.open(sdist) as archive:
        check_contents(archive.getnames(), sdist)
    with tempfile.TemporaryDirectory(prefix="bizterms-dist-") as scratch:
        build_with_wheel(wheel.resolve(), Path(scratch))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
