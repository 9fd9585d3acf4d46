"""Benchmark sphinx-bizterms against a bare frontmatter loop and against Sphinx's own glossary.

Run ``python benchmarks/run.py`` (see ``--help``). It generates deterministic corpora and doc
projects under ``benchmarks/_work/``, measures each step in a fresh process, alternating the
contenders and taking medians, and prints the ratios with PASS or FAIL per target of
docs/performance.md. ``--check`` makes a failed target an exit status of 1.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import EDIT, Project, edit_term, make_corpus, make_project  # noqa: E402

#: Targets, as ratios of the contender to the baseline (docs/performance.md).
COLD_INDEX = 2.0
WARM_INDEX = 0.3
FRESH_BUILD = 1.25
NOOP_BUILD = 1.2
PEAK_MEMORY = 1.5
#: ``bizterms_mentions = "report"`` against ``"off"`` on the same project (issue: at most 10% more).
MENTIONS_REPORT = 1.1


@dataclass
class Sample:
    """One measured process: wall and CPU seconds, peak resident memory in MiB."""

    seconds: float
    cpu: float
    rss_mib: float = 0.0
    #: pages a build read and wrote
    pages: tuple[int, int] = (0, 0)


@dataclass
class Series:
    samples: list[Sample] = field(default_factory=list)

    def median(self, attr: str = "seconds") -> float:
        return statistics.median(getattr(s, attr) for s in self.samples)


@dataclass
class Check:
    """One row of a result table: a measured ratio against its target."""

    name: str
    baseline: str
    contender: str
    ratio: float
    target: float | None

    @property
    def passed(self) -> bool:
        return self.target is None or self.ratio <= self.target

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "(info)"
        return "PASS" if self.passed else "FAIL"


class Launcher:
    """The process that starts each measured one (``launcher.py`` says why)."""

    def __init__(self) -> None:
        launcher = [sys.executable, str(HERE / "launcher.py")]
        self._proc = subprocess.Popen(launcher, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def run(self, cmd: Sequence[str], log: Path) -> tuple[Sample, int]:
        """Run ``cmd`` to its end, its output in ``log``: its resource use and exit status."""
        assert self._proc.stdin is not None and self._proc.stdout is not None
        request = {"cmd": [str(part) for part in cmd], "log": str(log)}
        self._proc.stdin.write(json.dumps(request) + "\n")
        self._proc.stdin.flush()
        answer = json.loads(self._proc.stdout.readline())
        return Sample(answer["seconds"], answer["cpu"], answer["rss_mib"]), answer["code"]


#: Started by :func:`main` before anything else.
_launcher: Launcher | None = None


def _run(cmd: Sequence[str], log: Path) -> tuple[Sample, int]:
    """Run ``cmd`` as a measured process: its wall and CPU time, its own peak memory."""
    if _launcher is None:
        raise RuntimeError("main() starts the launcher before any measurement")
    return _launcher.run(cmd, log)


def _fail(message: str, log: Path) -> None:
    sys.exit(f"benchmark step failed: {message}\n--- {log} ---\n{log.read_text(errors='replace')[-4000:]}")


# -- corpus indexing --------------------------------------------------------------------------


def index_one(mode: str, corpus: Path, cache: Path, log: Path) -> Sample:
    sample, code = _run([sys.executable, str(HERE / "child.py"), mode, str(corpus), str(cache)], log)
    if code:
        _fail(f"indexing ({mode}) exited with {code}", log)
    result = json.loads(log.read_text().strip().splitlines()[-1])
    return Sample(result["seconds"], result["cpu"], sample.rss_mib)


def bench_index(work: Path, sizes: Sequence[int], repeats: int, metric: str) -> list[Check]:
    checks: list[Check] = []
    for size in sizes:
        corpus = work / f"corpus-{size}"
        print(f"  generating a corpus of {size:,} articles ...", file=sys.stderr, flush=True)
        make_corpus(corpus, size)
        cache = work / f"index-cache-{size}.jsonl"
        log = work / "index.log"
        index_one("prime", corpus, cache, log)
        series = {mode: Series() for mode in ("loop", "cold", "warm")}
        order = list(series)
        for r in range(repeats):
            # rotate the order, so that no contender always runs first or last
            for mode in order[r % 3 :] + order[: r % 3]:
                series[mode].samples.append(index_one(mode, corpus, cache, log))
            print(f"  index {size:,}: repeat {r + 1}/{repeats} done", file=sys.stderr, flush=True)
        for attr in _metrics(metric):
            for mode, target in (("cold", COLD_INDEX), ("warm", WARM_INDEX)):
                checks.append(
                    _compare(
                        f"{mode} index, {size:,} articles, {_LABELS[attr]} (s)",
                        series["loop"],
                        series[mode],
                        attr,
                        target if attr == metric else None,
                        "{:.3f}",
                    )
                )
        for mode in ("cold", "warm"):
            checks.append(
                _compare(
                    f"{mode} index, {size:,} articles, peak memory (MiB)",
                    series["loop"],
                    series[mode],
                    "rss_mib",
                    None,
                    "{:.0f}",
                )
            )
    return checks


# -- HTML builds ------------------------------------------------------------------------------


def build_one(src: Path, out: Path, log: Path, step: str, builder: str = "html") -> Sample:
    """One ``python -m sphinx -b html`` (or another ``builder``) in a fresh process.

    ``step`` is ``fresh`` (from nothing), ``noop`` (nothing changed since the last build) or
    ``edit`` (one source changed since then).
    """
    if step == "fresh":
        shutil.rmtree(out, ignore_errors=True)
    cmd = [
        sys.executable,
        "-m",
        "sphinx",
        # plain text to read the log by, also where CI=true makes Sphinx colour it
        "--no-color",
        "-b",
        builder,
        "-d",
        str(out / "doctrees"),
        str(src),
        str(out / builder),
    ]
    sample, code = _run(cmd, log)
    if code:
        _fail(f"sphinx-build of {src} exited with {code}", log)
    text = log.read_text(errors="replace")
    if "WARNING" in text or "ERROR" in text:
        _fail(f"sphinx-build of {src} warned; the generated project should build cleanly", log)
    read, written = activity(text)
    if step == "noop" and (read or written):
        _fail(f"the rebuild of {src} read or wrote pages: not a no-op", log)
    if step == "edit" and not written:
        _fail(f"the rebuild of {src} after an edit wrote no page", log)
    sample.pages = (read, written)
    return sample


def activity(log: str) -> tuple[int, int]:
    """How many pages a build read and wrote, from its output."""
    match = re.search(r"updating environment: .*?(\d+) added, (\d+) changed", log)
    read = int(match[1]) + int(match[2]) if match else 0
    # one "writing output... [ n%] page" per page, on a line of its own or, where Sphinx takes
    # the output for a terminal (CI=true), rewritten in place with "\r"
    written = len(re.findall(r"writing output\.\.\. \[", log))
    return read, written


def bench_build(
    work: Path, corpus_size: int, pages: int, terms: int, repeats: int, metric: str, variants: bool
) -> tuple[list[Check], Project, list[str]]:
    corpus = work / f"corpus-{corpus_size}"
    print(
        f"  generating a corpus of {corpus_size:,} articles and the projects ...", file=sys.stderr, flush=True
    )
    all_terms = make_corpus(corpus, corpus_size)
    project = make_project(
        work / f"project-{corpus_size}-{pages}-{terms}", corpus.resolve(), all_terms, pages, terms
    )
    contenders = {"builtin": project.builtin, "bizterms": project.bizterms}
    if variants:
        # The same project without hover previews, to show what they cost (information only).
        plain = project.bizterms.with_name("bizterms-no-previews")
        shutil.rmtree(plain, ignore_errors=True)
        shutil.copytree(project.bizterms, plain)
        with (plain / "conf.py").open("a") as conf:
            conf.write("bizterms_tooltips = False\n")
        contenders["no-previews"] = plain
    fresh = {name: Series() for name in contenders}
    noop = {name: Series() for name in contenders}
    edit = {name: Series() for name in contenders}
    order = list(contenders)
    for r in range(repeats):
        # alternate the order, so that no contender always runs first
        for name in order[r % len(order) :] + order[: r % len(order)]:
            out = work / f"out-{name}"
            log = work / f"build-{name}.log"
            fresh[name].samples.append(build_one(contenders[name], out, log, "fresh"))
            noop[name].samples.append(build_one(contenders[name], out, log, "noop"))
            # One term's description changes: in its article for sphinx-bizterms, in the
            # glossary entry for Sphinx's glossary. The next fresh build starts from nothing,
            # so the old text goes back at once.
            path, old = edit_term(project, corpus, builtin=name == "builtin")
            try:
                edit[name].samples.append(build_one(contenders[name], out, log, "edit"))
            finally:
                path.write_bytes(old)
            if EDIT not in (out / "html" / "glossary.html").read_text(encoding="utf-8"):
                _fail(f"the rebuild of {name} after the edit left its glossary as it was", log)
        print(f"  builds: repeat {r + 1}/{repeats} done", file=sys.stderr, flush=True)
    _check_outputs(work, pages, terms)
    notes = [
        f"After the edit, {name} read {series.samples[-1].pages[0]} and wrote "
        f"{series.samples[-1].pages[1]} pages."
        for name, series in edit.items()
    ]

    checks = []
    for attr in _metrics(metric):
        for label, series, target in (
            ("fresh build", fresh, FRESH_BUILD),
            ("no-op rebuild", noop, NOOP_BUILD),
            ("rebuild after editing one cited term", edit, None),
        ):
            checks.append(
                _compare(
                    f"{label}, {_LABELS[attr]} (s)",
                    series["builtin"],
                    series["bizterms"],
                    attr,
                    target if attr == metric else None,
                    "{:.2f}",
                )
            )
    for label, series, target in (("fresh build", fresh, PEAK_MEMORY), ("no-op rebuild", noop, None)):
        checks.append(
            _compare(
                f"{label}, peak memory (MiB)",
                series["builtin"],
                series["bizterms"],
                "rss_mib",
                target,
                "{:.0f}",
            )
        )
    if variants:
        for label, series in (("fresh build", fresh), ("no-op rebuild", noop)):
            checks.append(
                _compare(
                    f"{label}, {_LABELS[metric]} (s), previews off",
                    series["builtin"],
                    series["no-previews"],
                    metric,
                    None,
                    "{:.2f}",
                )
            )
        checks.append(
            _compare(
                "fresh build, peak memory (MiB), previews off",
                fresh["builtin"],
                fresh["no-previews"],
                "rss_mib",
                None,
                "{:.0f}",
            )
        )
    return checks, project, notes


def bench_mentions(work: Path, project: Project, repeats: int, metric: str) -> list[Check]:
    """The build's project with ``bizterms_mentions`` ``"off"`` and ``"report"``, fresh builds.

    In HTML (the target) and with the ``bizterms`` builder, the one that lists the mentions
    and so the only one that looks for them under ``"report"`` (for information).
    """
    contenders = {}
    for mode in ("off", "report"):
        root = project.bizterms.with_name(f"bizterms-mentions-{mode}")
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(project.bizterms, root)
        with (root / "conf.py").open("a") as conf:
            conf.write(f"bizterms_mentions = {mode!r}\n")
        contenders[mode] = root
    builders = ("html", "bizterms")
    fresh = {(builder, mode): Series() for builder in builders for mode in contenders}
    for r in range(repeats):
        for builder in builders:
            for mode in ("off", "report") if r % 2 == 0 else ("report", "off"):
                out, log = work / f"out-mentions-{mode}", work / f"build-mentions-{mode}.log"
                fresh[builder, mode].samples.append(build_one(contenders[mode], out, log, "fresh", builder))
        print(f"  mention builds: repeat {r + 1}/{repeats} done", file=sys.stderr, flush=True)
    return [
        _compare(
            f"fresh {builder} build, {_LABELS[attr]} (s)",
            fresh[builder, "off"],
            fresh[builder, "report"],
            attr,
            MENTIONS_REPORT if attr == metric and builder == "html" else None,
            "{:.2f}",
        )
        for builder in builders
        for attr in _metrics(metric)
    ]


_LABELS = {"cpu": "CPU time", "seconds": "wall time"}


def _metrics(metric: str) -> list[str]:
    """The metric that the targets apply to first, then the other one for information."""
    return [metric, *(m for m in _LABELS if m != metric)]


def _compare(name: str, base: Series, mine: Series, attr: str, target: float | None, fmt: str) -> Check:
    b, m = base.median(attr), mine.median(attr)
    return Check(name, fmt.format(b), fmt.format(m), m / b, target)


def table(checks: Sequence[Check], baseline: str, contender: str) -> list[str]:
    """A Markdown table of ``checks``: what the targets apply to first."""
    rows = [
        f"| measure | {baseline} | {contender} | ratio | target | result |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for c in sorted(checks, key=lambda c: c.target is None):
        target = f"≤ {c.target}×" if c.target is not None else ""
        rows.append(f"| {c.name} | {c.baseline} | {c.contender} | {c.ratio:.2f}× | {target} | {c.verdict} |")
    return rows


def _check_outputs(work: Path, pages: int, terms: int) -> None:
    """Both builds wrote every page, and both glossaries list every cited term once."""
    for name in ("builtin", "bizterms"):
        html = work / f"out-{name}" / "html"
        written = len(list(html.glob("page*.html")))
        if written != pages:
            sys.exit(f"benchmark: the {name} build wrote {written} of {pages} pages")
        entries = (html / "glossary.html").read_text(encoding="utf-8").count("<dt ")
        if entries != terms:
            sys.exit(f"benchmark: the {name} glossary lists {entries} terms, not {terms}")
    glossary = (work / "out-bizterms" / "html" / "glossary.html").read_text(encoding="utf-8")
    if "bizterm-cited-in" not in glossary:
        sys.exit("benchmark: the sphinx-bizterms glossary lists no backlinks")


# -- command line -----------------------------------------------------------------------------


def _sizes(text: str) -> list[int]:
    return [int(part.strip().replace("_", "")) for part in text.split(",") if part.strip()]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="a small run: 1,000 articles, 40 pages, 400 terms"
    )
    parser.add_argument(
        "--sizes", type=_sizes, help="corpus sizes to index (default 1000,10000,30000,100000)"
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="measurements per contender (median; default 3)"
    )
    parser.add_argument("--build-corpus", type=int, help="articles in the build's corpus (default 10000)")
    parser.add_argument("--pages", type=int, help="pages of the doc project (default 200)")
    parser.add_argument("--terms", type=int, help="distinct terms the pages cite (default 2000)")
    parser.add_argument("--skip-index", action="store_true", help="do not measure corpus indexing")
    parser.add_argument("--skip-build", action="store_true", help="do not measure HTML builds")
    parser.add_argument("--work", type=Path, default=HERE / "_work", help="where corpora and builds go")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument(
        "--metric",
        choices=("cpu", "wall"),
        default="cpu",
        help="what the time targets apply to: CPU time of the process (default; steady on a busy "
        "machine) or wall-clock time (the other is shown for information)",
    )
    parser.add_argument(
        "--variants",
        action="store_true",
        help="also build the project with bizterms_tooltips = False (shown for information)",
    )
    parser.add_argument(
        "--mentions",
        action="store_true",
        help='also build the project with bizterms_mentions "off" and "report" and compare them',
    )
    parser.add_argument("--check", action="store_true", help="exit with status 1 if a target fails")
    args = parser.parse_args(argv)
    args.metric = "seconds" if args.metric == "wall" else "cpu"
    quick = args.quick
    args.sizes = args.sizes or ([1000] if quick else [1000, 10000, 30000, 100000])
    args.build_corpus = args.build_corpus or (1000 if quick else 10000)
    args.pages = args.pages or (40 if quick else 200)
    args.terms = args.terms or (400 if quick else 2000)
    if args.repeats < 1 or args.terms > args.build_corpus or args.pages > args.terms:
        parser.error("need repeats >= 1 and pages <= terms <= build-corpus")
    return args


def _commit(package: Path) -> str:
    """The commit of the checkout the measured package comes from, if it is one."""
    try:
        found = subprocess.run(
            ["git", "-C", str(package), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return ""
    return f" (commit {found.stdout.strip()})"


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    global _launcher
    _launcher = Launcher()  # before this process grows (see launcher.py)
    work: Path = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    import docutils
    import sphinx

    import sphinx_bizterms

    # The contenders' other packages come with their bytecode, compiled when pip installed
    # them; an editable install of this one (or PYTHONDONTWRITEBYTECODE) may have none, and
    # every measured process would compile its source again. Compile it once, as pip does.
    package = Path(sphinx_bizterms.__file__).parent
    compileall.compile_dir(package, quiet=2)
    header = (
        f"sphinx-bizterms {sphinx_bizterms.__version__}{_commit(package)}, Sphinx {sphinx.__version__}, "
        f"docutils {docutils.__version__}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}; median of {args.repeats} runs each; "
        f"time targets apply to {_LABELS[args.metric]}"
    )
    checks: list[Check] = []
    out = [f"# sphinx-bizterms benchmark\n\n{header}\n"]
    started = time.perf_counter()
    if not args.skip_index:
        found = bench_index(work, args.sizes, args.repeats, args.metric)
        checks += found
        out += ["## Corpus indexing\n", *table(found, "`frontmatter.load` loop", "`load_corpus`"), ""]
    if not args.skip_build:
        found, project, notes = bench_build(
            work, args.build_corpus, args.pages, args.terms, args.repeats, args.metric, args.variants
        )
        checks += found
        out += [
            f"## HTML build: {project.pages} pages citing {project.terms:,} terms ({project.citations:,} "
            f"citations) of a {args.build_corpus:,}-article corpus\n",
            *table(found, "Sphinx `glossary`", "sphinx-bizterms"),
            "",
            *notes,
            "",
        ]
        if args.mentions:
            found = bench_mentions(work, project, args.repeats, args.metric)
            checks += found
            out += ["## Unlinked mentions\n", *table(found, '`"off"`', '`"report"`'), ""]
    targeted = [c for c in checks if c.target is not None]
    failed = [c for c in targeted if not c.passed]
    out.append(
        f"{len(targeted) - len(failed)} of {len(targeted)} targets met"
        + (f"; FAILED: {', '.join(c.name for c in failed)}" if failed else "")
        + f" (benchmark took {time.perf_counter() - started:.0f} s)"
    )
    print("\n".join(out))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "header": header,
                    "checks": [{**c.__dict__, "passed": c.passed} for c in checks],
                },
                indent=2,
            )
        )
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
