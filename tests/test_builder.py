"""The ``bizterms`` builder: output.txt, output.json and the exit status, as CI sees them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sphinx.util.console import strip_colors

from sphinx_bizterms.corpus.baseline import DEFAULT_NAME
from sphinx_bizterms.extension.builder import JSON_REPORT, TEXT_REPORT

from helpers import ROOTS, SEED, SEED_LINKS, SEEDS, Warning_, build_copy, copy_root, parse_warnings

SEED_PATH = f"corpus/{SEED}"


class Build:
    """A ``python -m sphinx -b bizterms`` run on a copy of a test root."""

    def __init__(self, src: Path, out: Path, result: subprocess.CompletedProcess[str]) -> None:
        self.src = src
        self.out = out
        self.returncode = result.returncode
        self.stdout = strip_colors(result.stdout)
        self.stderr = strip_colors(result.stderr)

    @property
    def text(self) -> str:
        return (self.out / TEXT_REPORT).read_text(encoding="utf-8")

    @property
    def records(self) -> list[dict[str, Any]]:
        lines = (self.out / JSON_REPORT).read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        return [record for record in self.records if record["kind"] == kind]

    def warnings(self) -> list[Warning_]:
        """The bizterms warnings on the console (paths relative to the source folder)."""
        return parse_warnings(self.stderr, self.src)[0]


def run_bizterms(src: Path, out: Path, *options: str) -> Build:
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "bizterms", *options, str(src), str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=src.parent,
    )
    return Build(src, out, result)


def test_seed_root_holds_the_seed_byte_for_byte() -> None:
    shipped = (SEEDS / SEED).read_bytes()
    assert (ROOTS / "test-builder-report" / SEED_PATH).read_bytes() == shipped


def test_seed_corpus_reports_six_broken_links_and_exits_1(tmp_path: Path) -> None:
    build = run_bizterms(copy_root("builder-report", tmp_path / "src"), tmp_path / "out")

    assert build.returncode == 1, build.stderr
    findings = build.of_kind("finding")
    assert [(f["path"], f["line"], f["subtype"], f["target"]) for f in findings] == [
        (SEED_PATH, line, "broken_link", target) for line, target in SEED_LINKS
    ]
    assert findings[0] == {
        "kind": "finding",
        "path": SEED_PATH,
        "line": 10,
        "subtype": "broken_link",
        "message": "broken internal link '/subcontracting': no article has that key",
        "target": "/subcontracting",
        "suggestions": [],
        "known": False,
    }
    assert build.of_kind("citation") == [
        {
            "kind": "citation",
            "docname": "index",
            "path": "index.rst",
            "lineno": 8,
            "key": "BPO",
            "status": "ok",
            "slug": "business-process-outsourcing",
        },
        {
            "kind": "citation",
            "docname": "index",
            "path": "index.rst",
            "lineno": 10,
            "key": "BPO",
            "status": "ok",
            "slug": "business-process-outsourcing",
        },
        {
            "kind": "citation",
            "docname": "page",
            "path": "page.md",
            "lineno": 3,
            "key": "bpo",
            "status": "ok",
            "slug": "business-process-outsourcing",
        },
    ]
    assert build.text.splitlines() == [
        f"{SEED_PATH}:{line}: broken internal link '{target}': no article has that key [bizterms.broken_link]"
        for line, target in SEED_LINKS
    ]


def test_builder_writes_no_pages(tmp_path: Path) -> None:
    build = run_bizterms(copy_root("builder-report", tmp_path / "src"), tmp_path / "out")

    written = {
        p.relative_to(build.out).as_posix() for p in build.out.rglob("*") if ".doctrees" not in p.parts
    }
    assert written == {TEXT_REPORT, JSON_REPORT, DEFAULT_NAME}


def test_clean_project_exits_0_with_citations_only(tmp_path: Path) -> None:
    build = run_bizterms(copy_root("builder-clean", tmp_path / "src"), tmp_path / "out")

    assert build.returncode == 0, build.stderr
    assert build.text == ""
    assert build.records == [
        {
            "kind": "citation",
            "docname": "index",
            "path": "index.rst",
            "lineno": 8,
            "key": "back office",
            "status": "ok",
            "slug": "back-office",
        },
        {
            "kind": "citation",
            "docname": "page",
            "path": "page.md",
            "lineno": 3,
            "key": "front office",
            "status": "ok",
            "slug": "front-office",
        },
    ]
    assert build.warnings() == []


def test_unknown_citations_are_findings_and_unknown_records(tmp_path: Path) -> None:
    build = run_bizterms(copy_root("builder-unknown", tmp_path / "src"), tmp_path / "out")

    assert build.returncode == 1
    citations = [
        (c["path"], c["lineno"], c["key"], c["status"], c["slug"]) for c in build.of_kind("citation")
    ]
    assert citations == [
        ("index.rst", 8, "back office", "ok", "back-office"),
        ("index.rst", 10, "back ofice", "unknown", None),
        ("page.md", 3, "front ofice", "unknown", None),
        ("page.md", 5, "Middle Office", "unknown", None),
        ("page.md", 8, "back office", "ok", "back-office"),
        ("page.md", 10, "Side Office", "unknown", None),
    ]
    unknown = [f for f in build.of_kind("finding") if f["subtype"] == "unknown_term"]
    assert [(f["path"], f["line"], f["target"]) for f in unknown] == [
        ("index.rst", 10, "back ofice"),
        ("page.md", 3, "front ofice"),
        ("page.md", 5, "Middle Office"),
        ("page.md", 10, "Side Office"),
    ]
    assert unknown[0]["suggestions"] and unknown[0]["message"].startswith(
        "unknown business term 'back ofice'; did you mean"
    )
    assert unknown[2]["suggestions"] == []


def test_output_txt_is_sorted_by_file_then_line(tmp_path: Path) -> None:
    build = run_bizterms(copy_root("builder-unknown", tmp_path / "src"), tmp_path / "out")

    # page.md:10 after page.md:5: lines sort as numbers, not as text.
    assert build.text.splitlines() == [
        "corpus/back-office.md:7: broken internal link '/middle-office': "
        "no article has that key [bizterms.broken_link]",
        "index.rst:10: unknown business term 'back ofice'; did you mean 'Back Office'?"
        " [bizterms.unknown_term]",
        "page.md:3: unknown business term 'front ofice'; did you mean 'Front Office'?"
        " [bizterms.unknown_term]",
        "page.md:5: unknown business term 'Middle Office' [bizterms.unknown_term]",
        "page.md:10: unknown business term 'Side Office' [bizterms.unknown_term]",
    ]
    findings = build.of_kind("finding")
    keys = [(f["path"], f["line"]) for f in findings]
    assert keys == sorted(keys)


@pytest.mark.parametrize("root", ["builder-report", "builder-unknown"])
def test_report_lists_the_findings_the_warnings_show(root: str, tmp_path: Path) -> None:
    build = run_bizterms(copy_root(root, tmp_path / "src"), tmp_path / "out")

    reported = [(f["path"], f["line"], f["subtype"], f["message"]) for f in build.of_kind("finding")]
    assert reported
    assert sorted(build.warnings()) == sorted(reported)


def test_noop_rerun_writes_the_same_report(tmp_path: Path) -> None:
    src = copy_root("builder-unknown", tmp_path / "src")
    first = run_bizterms(src, tmp_path / "out")
    text, records = first.text, first.records
    # Gone before the re-run, so that the second report cannot be the first one left behind.
    (first.out / TEXT_REPORT).unlink()
    (first.out / JSON_REPORT).unlink()

    second = run_bizterms(src, tmp_path / "out")

    assert "0 added, 0 changed, 0 removed" in second.stdout
    assert second.returncode == first.returncode == 1
    assert second.text == text
    assert second.records == records
    assert second.warnings() == first.warnings()


def test_an_article_a_display_cannot_read_is_in_the_report_and_stays(tmp_path: Path) -> None:
    src = copy_root("builder-report", tmp_path / "src")
    index = src / "index.rst"
    index.write_text(
        index.read_text(encoding="utf-8").replace(":: BPO", ":: BPO\n   :full:"), encoding="utf-8"
    )
    run_bizterms(src, tmp_path / "out")
    # The body goes bad, but size and mtime stay: the cached corpus still holds the article,
    # and only the :full: display, read again, finds out.
    seed = src / SEED_PATH
    stat = seed.stat()
    data = bytearray(seed.read_bytes())
    data[data.index(b"\n", data.index(b"---", 4) + 200)] = 0xFF
    seed.write_bytes(bytes(data))
    os.utime(seed, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    index.write_text(index.read_text(encoding="utf-8") + "\nRead again.\n", encoding="utf-8")

    for changed in (1, 0):  # the page is read again, then a no-op build repeats the finding
        build = run_bizterms(src, tmp_path / "out")
        assert f"0 added, {changed} changed, 0 removed" in build.stdout
        unreadable = [line for line in build.text.splitlines() if "bad_article" in line]
        assert len(unreadable) == 1
        assert unreadable[0].startswith(f"{SEED_PATH}:1: cannot read article: 'utf-8' codec can't decode")
        assert unreadable[0].endswith(" [bizterms.bad_article]")
        assert [w[:3] for w in build.warnings() if w[2] == "bad_article"] == [(SEED_PATH, 1, "bad_article")]


def test_rerun_after_fixing_a_citation_updates_the_report(tmp_path: Path) -> None:
    src = copy_root("builder-unknown", tmp_path / "src")
    run_bizterms(src, tmp_path / "out")
    index = src / "index.rst"
    index.write_text(index.read_text(encoding="utf-8").replace("back ofice", "back office"), encoding="utf-8")

    build = run_bizterms(src, tmp_path / "out")

    assert "0 added, 1 changed, 0 removed" in build.stdout
    assert "index.rst:10:" not in build.text
    assert {"path": "index.rst", "lineno": 10, "status": "ok"}.items() <= build.of_kind("citation")[1].items()


def test_link_check_none_still_checks_the_shown_articles(tmp_path: Path) -> None:
    build = run_bizterms(
        copy_root("builder-report", tmp_path / "src"), tmp_path / "out", "-D", "bizterms_link_check=none"
    )

    assert build.returncode == 1
    assert [(f["line"], f["target"]) for f in build.of_kind("finding")] == SEED_LINKS


@pytest.mark.parametrize(("mode", "broken"), [("none", 0), ("used", len(SEED_LINKS))])
def test_link_check_none_still_quiets_other_builders(
    make_app: Any, rootdir: Path, tmp_path: Path, mode: str, broken: int
) -> None:
    source = rootdir / "test-builder-report"
    app = build_copy(make_app, source, tmp_path / "src", confoverrides={"bizterms_link_check": mode})
    assert strip_colors(app.warning.getvalue()).count("[bizterms.broken_link]") == broken


def test_suppressed_warnings_are_left_out_of_the_report(tmp_path: Path) -> None:
    build = run_bizterms(
        copy_root("builder-report", tmp_path / "src"),
        tmp_path / "out",
        "-D",
        "suppress_warnings=bizterms.broken_link",
    )

    assert build.returncode == 0, build.stderr
    assert build.text == ""
    assert len(build.of_kind("citation")) == 3


def test_parallel_build_writes_the_same_report(tmp_path: Path) -> None:
    src = copy_root("builder-unknown", tmp_path / "src")
    # Sphinx reads in parallel only from six documents on.
    for n in range(6):
        (src / f"extra{n}.rst").write_text(
            f"Extra {n}\n=======\n\nThe :bizterm:`front office` and :bizterm:`back offize`.\n",
            encoding="utf-8",
        )
    serial = run_bizterms(src, tmp_path / "serial")
    parallel = run_bizterms(src, tmp_path / "parallel", "-j", "2")

    assert parallel.returncode == serial.returncode == 1
    assert parallel.text == serial.text
    assert parallel.records == serial.records
    assert len(parallel.of_kind("citation")) == 6 + 2 * 6


@pytest.mark.sphinx("bizterms", testroot="builder-unknown")
def test_builder_sets_the_exit_status_in_process(app: Any) -> None:
    app.build()

    assert app.statuscode == 1
    assert (Path(app.outdir) / TEXT_REPORT).read_text(encoding="utf-8").count("[bizterms.unknown_term]") == 4


@pytest.mark.sphinx("bizterms", testroot="builder-clean")
def test_clean_builder_leaves_the_exit_status_alone(app: Any) -> None:
    app.build()

    assert app.statuscode == 0


def test_citations_in_included_files_are_recorded_where_they_are_written(tmp_path: Path) -> None:
    build = run_bizterms(copy_root("basic-include", tmp_path / "src"), tmp_path / "out")
    citations = {(c["docname"], c["path"], c["lineno"], c["key"]) for c in build.of_kind("citation")}
    # the included files' own lines, and the including pages' lines after the include
    assert {
        ("index", "part.rst.txt", 3, "BOQ"),
        ("index", "part.rst.txt", 5, "BPO"),
        ("index", "index.rst", 10, "BOR"),
        ("page", "part.md.txt", 3, "BOQ"),
        ("page", "page.md", 6, "BOR"),
    } <= citations
    unknown = {(c["path"], c["lineno"]) for c in build.of_kind("citation") if c["status"] == "unknown"}
    reported = {(f["path"], f["line"]) for f in build.of_kind("finding") if f["subtype"] == "unknown_term"}
    assert unknown <= reported
