"""Start the benchmark's measured processes from a process that stays small.

``run.py`` starts this script before it generates anything, then sends it one command per
line, as JSON: ``{"cmd": [...], "log": "path"}``. It runs each command to its end, its output
in ``log``, and answers with one line of JSON: the wall and CPU seconds and the peak resident
memory (MiB) of exactly that process, and its exit status.

Why a process of its own: on Linux, a program started with ``exec`` counts as its peak memory
at least the peak of the process it was started from (``maxrss`` outlives ``exec``). Started
by ``run.py`` once that had generated a corpus of 100,000 articles, every measured process
read at least ``run.py``'s own peak: 93 MiB for the frontmatter loop over those articles,
which peaks at 73 MiB, and for a no-op rebuild of Sphinx's project, which peaks at 74 MiB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def run(cmd: list[str], log: str) -> dict[str, float | int]:
    """Run ``cmd`` and collect its resource use with ``wait4``, which gives exactly that child's."""
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mib": usage.ru_maxrss / 1024,  # KiB on Linux
        "code": os.waitstatus_to_exitcode(status),
    }


def main() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        print(json.dumps(run(request["cmd"], request["log"])), flush=True)


if __name__ == "__main__":
    main()
