"""A tiny run of ``benchmarks/run.py``: it generates, builds, measures and reports (no timings checked)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

BENCHMARK = Path(__file__).parent.parent / "benchmarks" / "run.py"


def test_a_tiny_benchmark_run_reports_every_measure(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    done = subprocess.run(
        [
            sys.executable,
            str(BENCHMARK),
            "--sizes",
            "40",
            "--build-corpus",
            "60",
            "--pages",
            "3",
            "--terms",
            "12",
            "--repeats",
            "1",
            "--work",
            str(tmp_path / "work"),
            "--json",
            str(results),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = done.stdout
    assert "## Corpus indexing" in report
    assert "## HTML build: 3 pages citing 12 terms" in report
    names = [check["name"] for check in json.loads(results.read_text())["checks"]]
    assert "cold index, 40 articles, CPU time (s)" in names
    assert "warm index, 40 articles, CPU time (s)" in names
    assert "fresh build, CPU time (s)" in names
    assert "no-op rebuild, CPU time (s)" in names
    assert "fresh build, peak memory (MiB)" in names
    assert "cold index, 40 articles, peak memory (MiB)" in names
    assert "warm index, 40 articles, peak memory (MiB)" in names
    assert "rebuild after editing one cited term, CPU time (s)" in names
    # the edit rebuild wrote pages: the glossary's description changed in both projects
    assert re.search(r"After the edit, builtin read 1 and wrote [1-9]\d* pages", report)
    assert re.search(r"After the edit, bizterms read [1-9]\d* and wrote [1-9]\d* pages", report)
    targeted = [check for check in json.loads(results.read_text())["checks"] if check["target"]]
    assert len(targeted) == 5
    assert all(check["ratio"] > 0 for check in targeted)
    assert report.count("| PASS |") + report.count("| FAIL |") == 5
    # the generated projects are deterministic: the same seed gives the same pages
    work = tmp_path / "work"
    page = next((work / "project-60-3-12" / "bizterms").glob("page*.rst")).read_text()
    assert ":bizterm:`" in page
    builtin = (work / "project-60-3-12" / "builtin" / "glossary.rst").read_text()
    assert builtin.count("\n   ") >= 12  # the twelve terms, each with its description


def test_the_generator_is_deterministic(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCHMARK.parent))
    try:
        from generate import make_corpus  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(BENCHMARK.parent))
    first = make_corpus(tmp_path / "a", 25, seed=3)
    second = make_corpus(tmp_path / "b", 25, seed=3)
    assert first == second
    texts = [(tmp_path / d / first[7].path).read_text(encoding="utf-8") for d in ("a", "b")]
    assert texts[0] == texts[1]
    assert texts[0].startswith("---\ntitle: ")
    assert texts[0].count("](/") >= 5  # about six internal links
