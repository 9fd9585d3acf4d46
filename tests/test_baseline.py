"""The findings baseline: the core, a real build with it, the ``bizterms`` builder and the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors
from sphinx.util.parallel import parallel_available

from sphinx_bizterms.cli import main
from sphinx_bizterms.corpus.baseline import (
    DEFAULT_NAME,
    BaselineError,
    Entry,
    baseline_text,
    match,
    read_baseline,
    write_baseline,
)
from sphinx_bizterms.corpus.findings import Finding, Subtype

from helpers import SEEDS, MakeApp, build, copy_root, warnings_of, write

#: What the ``baseline`` root warns about: what is not in its baseline, and its stale entry.
NEW_AND_STALE = [
    "corpus/ledger.md:9: WARNING: broken internal link '/audit': no article has that key"
    " [bizterms.broken_link]",
    "page.md:5: WARNING: unknown business term 'Jornal' [bizterms.unknown_term]",
    "bizterms-baseline.json:5: WARNING: baseline entry no longer occurs: broken_link in"
    " corpus/ledger.md, target '/cashflow'; write the baseline again to drop it [bizterms.stale_baseline]",
]
#: ... and the notes about what is in it.
KNOWN = [
    "corpus/ledger.md:7: known finding (in the baseline): broken internal link '/budget':"
    " no article has that key [bizterms.broken_link]",
    "corpus/ledger.md:7: known finding (in the baseline): broken internal link '/forecast':"
    " no article has that key [bizterms.broken_link]",
    "index.rst:8: known finding (in the baseline): unknown business term 'Ledgr'; did you mean"
    " 'Ledger'? [bizterms.unknown_term]",
    "page.md:3: known finding (in the baseline): unknown business term 'Ledgr'; did you mean"
    " 'Ledger'? [bizterms.unknown_term]",
]


def link(path: str, target: str, line: int = 1) -> Finding:
    return Finding(Subtype.BROKEN_LINK, path, line, f"broken internal link '{target}'", target)


# --- the core ----------------------------------------------------------------------------


def test_entries_match_by_subtype_file_and_target_not_line() -> None:
    entries = [Entry("broken_link", "corpus/a.md", "/x"), Entry("broken_link", "corpus/b.md", "/y", line=4)]
    findings = [link("/docs/corpus/a.md", "/x", line=30), link("/docs/corpus/a.md", "/z")]
    matched = match(entries, findings, "/docs")
    assert matched.known == [findings[0]]
    assert matched.new == [findings[1]]
    assert matched.stale == [entries[1]]


def test_each_entry_matches_one_finding() -> None:
    entries = [Entry("broken_link", "a.md", "/x", line=3), Entry("broken_link", "a.md", "/x", line=4)]
    three = [link("/d/a.md", "/x", line) for line in (1, 2, 3)]
    assert match(entries, three, "/d")[:2] == (three[2:], three[:2])
    # one fixed of two: the entry left over is the last of its kind
    assert match(entries, three[:1], "/d").stale == [entries[1]]


def test_written_baseline_reads_back_with_each_entry_line(tmp_path: Path) -> None:
    findings = [link(str(tmp_path / "corpus" / "b.md"), "/y"), link(str(tmp_path / "corpus" / "a.md"), "/x")]
    write_baseline(tmp_path / DEFAULT_NAME, findings + findings[:1])
    assert read_baseline(tmp_path / DEFAULT_NAME) == [
        Entry("broken_link", "corpus/a.md", "/x", "broken internal link '/x'", 4),
        Entry("broken_link", "corpus/b.md", "/y", "broken internal link '/y'", 5),
        Entry("broken_link", "corpus/b.md", "/y", "broken internal link '/y'", 6),
    ]
    assert json.loads(baseline_text([], str(tmp_path))) == {"version": 1, "findings": []}


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (None, "cannot read"),
        ("{", "is not JSON"),
        ("[]", "expected an object with a 'findings' list"),
        ('{"findings": [{"file": "a.md"}]}', "finding 1 needs a 'subtype' and a 'file'"),
        ('{"findings": [{"subtype": "x", "file": "a.md", "target": 3}]}', "must be text"),
        ('{"version": 2, "findings": []}', "has version 2"),
    ],
)
def test_a_file_that_is_no_baseline_says_why(tmp_path: Path, text: str | None, error: str) -> None:
    path = tmp_path / DEFAULT_NAME
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(BaselineError, match=error):
        read_baseline(path)


def test_a_hand_written_baseline_needs_no_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "b.json", json.dumps({"findings": [{"subtype": "broken_link", "file": "a.md"}]}))
    assert read_baseline(path) == [Entry("broken_link", "a.md", "", "", 0)]


# --- a build with a baseline --------------------------------------------------------------


def notes(app: SphinxTestApp) -> list[str]:
    text = strip_colors(app.status.getvalue()).replace(f"{app.srcdir}/", "")
    return [line for line in text.splitlines() if "known finding" in line]


@pytest.mark.sphinx("html", testroot="baseline", freshenv=True)
def test_known_findings_are_notes_and_new_ones_warn(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == NEW_AND_STALE
    assert sorted(notes(app)) == KNOWN


def built(make_app: MakeApp, srcdir: Path, builder: str = "html", **options: object) -> SphinxTestApp:
    """A build by a new application, as a new ``sphinx-build`` process makes it."""
    app = build(make_app, srcdir, builder, **options)
    app.cleanup()  # unregister its nodes, as the next process would not have them
    return app


def test_known_findings_stay_known_when_lines_move(make_app: MakeApp, tmp_path: Path) -> None:
    srcdir = copy_root("baseline", tmp_path / "baseline")
    built(make_app, srcdir, freshenv=True)
    ledger = srcdir / "corpus" / "ledger.md"
    ledger.write_text(ledger.read_text().replace("# Ledger\n", "# Ledger\n\nTwo lines\nabove.\n"))
    page = srcdir / "page.md"
    page.write_text(page.read_text().replace("# Page\n", "# Page\n\nOne more paragraph.\n"))
    app = built(make_app, srcdir)
    assert warnings_of(app) == [
        NEW_AND_STALE[0].replace("ledger.md:9:", "ledger.md:12:"),
        NEW_AND_STALE[1].replace("page.md:5:", "page.md:7:"),
        NEW_AND_STALE[2],
    ]
    assert len(notes(app)) == len(KNOWN)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("missing.json", "cannot read missing.json: No such file or directory"),
        ("index.rst", "index.rst is not JSON: Expecting value: line 1 column 1 (char 0)"),
    ],
)
def test_a_baseline_that_cannot_be_read_warns_and_every_finding_warns(
    make_app: MakeApp, tmp_path: Path, value: str, problem: str
) -> None:
    srcdir = copy_root("baseline", tmp_path / "baseline")
    app = built(make_app, srcdir, freshenv=True, confoverrides={"bizterms_baseline": value})
    found = warnings_of(app)
    assert found[0] == (
        f"conf.py:4: WARNING: bizterms_baseline: {problem}; every finding is reported"
        " as a warning [bizterms.config]"
    )
    assert len(found) == 1 + 6  # three broken links, three unknown terms
    assert not notes(app)


@pytest.mark.sphinx("html", testroot="baseline", freshenv=True, confoverrides={"bizterms_baseline": 3})
def test_a_baseline_of_the_wrong_type_is_ignored(app: SphinxTestApp) -> None:
    app.build()
    found = warnings_of(app)
    assert found[0] == (
        "conf.py:4: WARNING: bizterms_baseline must be None or the path of a JSON file, not 3;"
        " using the default None [bizterms.config]"
    )
    assert len(found) == 1 + 6
    assert app.config.bizterms_baseline is None


def test_the_builder_writes_the_baseline_that_silences_the_build(make_app: MakeApp, tmp_path: Path) -> None:
    srcdir = copy_root("baseline", tmp_path / "baseline")
    report = built(make_app, srcdir, "bizterms", freshenv=True)
    assert report.statuscode == 1  # new findings and a stale entry
    written = Path(report.outdir, DEFAULT_NAME)
    entries = read_baseline(written)
    assert sorted((e.subtype, e.file, e.target) for e in entries) == [
        ("broken_link", "corpus/ledger.md", "/audit"),
        ("broken_link", "corpus/ledger.md", "/budget"),
        ("broken_link", "corpus/ledger.md", "/forecast"),
        ("unknown_term", "index.rst", "Ledgr"),
        ("unknown_term", "page.md", "Jornal"),
        ("unknown_term", "page.md", "Ledgr"),
    ]
    records = [json.loads(line) for line in Path(report.outdir, "output.json").read_text().splitlines()]
    marked = {(r["subtype"], r["target"], r["known"]) for r in records if r["kind"] == "finding"}
    assert ("broken_link", "/audit", False) in marked
    assert ("broken_link", "/forecast", True) in marked
    assert ("stale_baseline", "/cashflow", False) in marked

    shutil.copy(written, srcdir / DEFAULT_NAME)
    html = built(make_app, srcdir, freshenv=True)
    assert warnings_of(html) == []
    assert len(notes(html)) == 6
    again = built(make_app, srcdir, "bizterms", freshenv=True)
    assert again.statuscode == 0


# --- the command line ----------------------------------------------------------------------


def test_cli_writes_a_baseline_and_checks_against_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    monkeypatch.chdir(tmp_path)
    assert main(["baseline", "write", "corpus", "-o", "ci/known.json"]) == 2  # no such folder
    assert "cannot write 'ci/known.json'" in capsys.readouterr().err
    (tmp_path / "ci").mkdir()
    assert main(["baseline", "write", "corpus", "-o", "ci/known.json"]) == 0
    assert capsys.readouterr().err == "wrote 6 findings to ci/known.json\n"
    entries = read_baseline(tmp_path / "ci" / "known.json")
    assert {e.file for e in entries} == {"../corpus/000_ecdf2bf2053fa52b.txt"}

    assert main(["check", "corpus", "--baseline", "ci/known.json"]) == 0
    assert capsys.readouterr().out == ""
    known = (tmp_path / "ci" / "known.json").read_text()
    (tmp_path / "ci" / "known.json").write_text(known.replace('"/vendor"', '"/vendors"'))
    assert main(["check", "corpus", "--baseline", "ci/known.json"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "ci/known.json:9: baseline entry no longer occurs: broken_link in ../corpus/000_ecdf2bf2053fa52b.txt,"
        " target '/vendors'; write the baseline again to drop it [bizterms.stale_baseline]",
        "corpus/000_ecdf2bf2053fa52b.txt:10: broken internal link '/vendor': no article has that key"
        " [bizterms.broken_link]",
    ]
    assert err == "2 findings in 1 of 1 article (5 more known, in the baseline)\n"
    assert main(["check", "corpus", "--baseline", "nope.json"]) == 2


@pytest.mark.skipif(not parallel_available, reason="Sphinx cannot build in parallel here")
def test_parallel_and_no_op_builds_note_and_warn_the_same(make_app: MakeApp, tmp_path: Path) -> None:
    srcdir = copy_root("baseline", tmp_path / "baseline")
    for fresh in (True, False):  # the second build has nothing to read again
        app = built(make_app, srcdir, parallel=2, freshenv=fresh)
        assert warnings_of(app) == NEW_AND_STALE
        assert sorted(notes(app)) == KNOWN
