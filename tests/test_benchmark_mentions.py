"""A tiny run of ``benchmarks/run.py --mentions``: the same project with mentions off and reported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARK = Path(__file__).parent.parent / "benchmarks" / "run.py"


def test_a_tiny_mentions_run_compares_off_and_report(tmp_path: Path) -> None:
    options = ["--skip-index", "--mentions", "--build-corpus", "60", "--pages", "3", "--terms", "12"]
    done = subprocess.run(
        [sys.executable, str(BENCHMARK), *options, "--repeats", "1", "--work", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = done.stdout
    table = report[report.index("## Unlinked mentions") :]
    assert '| measure | `"off"` | `"report"` | ratio | target | result |' in table
    assert "≤ 1.1×" in table.splitlines()[4]  # the CPU time row carries the target
    conf = (tmp_path / "project-60-3-12" / "bizterms-mentions-off" / "conf.py").read_text()
    assert conf.endswith("bizterms_mentions = 'off'\n")
