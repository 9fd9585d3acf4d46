"""The layers: the corpus core and the command line work in a process where Sphinx cannot be imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import sphinx_bizterms.corpus

SEEDS = Path(__file__).parent.parent / "seeds"

#: Run first in the child: ``None`` in ``sys.modules`` makes every ``import sphinx...`` fail.
BLOCK_SPHINX = "import sys; sys.modules['sphinx'] = None\n"


def run_without_sphinx(code: str) -> subprocess.CompletedProcess[str]:
    # A process of its own: blocking an import is process-wide state.
    return subprocess.run(
        [sys.executable, "-c", BLOCK_SPHINX + code], capture_output=True, text=True, timeout=120
    )


def test_the_block_works() -> None:
    done = run_without_sphinx("import sphinx.application")
    assert done.returncode == 1
    assert "ModuleNotFoundError" in done.stderr


def test_every_core_module_imports_without_sphinx() -> None:
    modules = sorted(path.stem for path in Path(sphinx_bizterms.corpus.__file__).parent.glob("*.py"))
    assert {"article", "index", "load", "cache", "markdown"} <= set(modules)
    code = (
        "import importlib, json\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module('sphinx_bizterms.corpus.' + name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('sphinx_bizterms'))))\n"
    )
    done = run_without_sphinx(code)
    assert done.returncode == 0, done.stderr
    imported = json.loads(done.stdout)
    assert [m for m in imported if m.startswith("sphinx_bizterms.extension")] == []
    assert {f"sphinx_bizterms.corpus.{name}" for name in modules if name != "__init__"} <= set(imported)


def test_bizterms_check_runs_without_sphinx() -> None:
    code = f"from sphinx_bizterms.cli import main\nsys.exit(main(['check', {str(SEEDS)!r}]))\n"
    done = run_without_sphinx(code)
    # the seed has broken links: findings, exit status 1, and no traceback
    assert done.returncode == 1, done.stderr
    assert "broken_link" in done.stdout
    assert "Traceback" not in done.stderr


def test_bizterms_mentions_runs_without_sphinx() -> None:
    docs = Path(__file__).parent / "roots" / "test-mentions"
    args = ["mentions", "--conf", str(docs), str(docs)]
    code = f"from sphinx_bizterms.cli import main\nsys.exit(main({args!r}))\n"
    done = run_without_sphinx(code)
    # the pages read without Sphinx: mentions found, exit status 1, and no traceback
    assert done.returncode == 1, done.stderr
    assert "unlinked_mention" in done.stdout
    assert "Traceback" not in done.stderr
