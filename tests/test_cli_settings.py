"""The ``bizterms`` command with corpus settings: bizterms.toml, --conf, notes and --excluded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run_cli, term, write


@pytest.fixture
def hugo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A corpus in another format, described by its bizterms.toml; run from its parent."""
    corpus = tmp_path / "glossary"
    write(corpus / "bizterms.toml", '[fields]\naliases = ["aka"]\n\n[[rewrite]]\npattern = "(a+)+"\n')
    term(corpus, "autoscaler.md", "title: Horizontal Pod Autoscaler\naka: [HPA]\n")
    term(corpus, "pod.md", "title: Pod\n", "Scaled by the [HPA](/hpa).\n")
    term(corpus, "_index.md", "title: Glossary\n")
    term(corpus, "wip.md", "title: Work in progress\ndraft: true\n")
    monkeypatch.chdir(tmp_path)
    return corpus


def test_check_reads_the_corpus_settings(capsys: pytest.CaptureFixture[str], hugo: Path) -> None:
    status, out, _ = run_cli(capsys, "check", "glossary")
    # the alias from 'aka' answers the link; the refused rule is the one finding
    assert out == [
        "glossary/bizterms.toml:5: rewrite rule 1: pattern '(a+)+' is refused: a quantifier inside a "
        "quantified group can make matching take exponential time; ignored [bizterms.config]"
    ]
    assert status == 1


def test_ambiguous_keys_are_notes_that_do_not_fail_the_check(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    term(tmp_path, "delivery.md", "title: Continuous Delivery (CD)\n")
    term(tmp_path, "deployment.md", "title: Continuous Deployment (CD)\n")
    status, out, err = run_cli(capsys, "check", str(tmp_path), "--format", "json")
    assert status == 0 and err == []
    (note,) = map(json.loads, out)
    assert note["level"] == "note" and note["subtype"] == "ambiguous_term" and note["target"] == "CD"
    status, out, _ = run_cli(capsys, "check", str(tmp_path), "--format", "github")
    assert status == 0 and out[0].startswith(f"::notice file={tmp_path / 'delivery.md'},line=1,")
    status, out, err = run_cli(capsys, "show", "cd", "--corpus", str(tmp_path))
    assert (status, out) == (1, [])
    assert err == [
        "ambiguous business term 'cd': it could mean 'Continuous Delivery (CD)' (continuous-delivery) "
        "or 'Continuous Deployment (CD)' (continuous-deployment)"
    ]


def test_list_excluded_says_what_was_left_out_and_why(capsys: pytest.CaptureFixture[str], hugo: Path) -> None:
    status, out, _ = run_cli(capsys, "list", "--corpus", "glossary", "--excluded")
    assert (status, out) == (0, ["glossary/_index.md\texclude '_index.md'", "glossary/wip.md\tdraft: true"])
    status, out, _ = run_cli(capsys, "list", "--corpus", "glossary", "--excluded", "--format", "json")
    assert json.loads(out[1]) == {"file": "glossary/wip.md", "reason": "draft: true"}
    # the terms themselves, the alias from the settings among the keys
    status, out, _ = run_cli(capsys, "list", "--corpus", "glossary")
    assert out[0].split("\t")[:3] == [
        "horizontal-pod-autoscaler",
        "Horizontal Pod Autoscaler",
        "autoscaler,horizontalpodautoscaler,hpa",
    ]


def test_conf_reads_the_project_corpora_in_its_language(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    term(tmp_path / "en", "pod.md", "title: Pod\n")
    term(tmp_path / "da", "hund.md", "title: Hund\n")
    write(
        docs / "conf.py",
        "import os\n"
        "language = 'da'\n"
        "bizterms_suffixes = ['.md']\n"
        "bizterms_corpus = [{'path': os.path.join('..', 'en'), 'language': 'en'},\n"
        "                   {'path': '../da', 'language': 'da'}]\n"
        "if tags.has('x'):\n"
        "    raise SystemExit('no tags are set')\n",
    )
    monkeypatch.chdir(tmp_path)
    status, out, _ = run_cli(capsys, "list", "--conf", "docs")
    assert [line.split("\t")[0] for line in out] == ["hund"]
    assert status == 0
    # a path given is checked whatever its language
    status, out, _ = run_cli(capsys, "list", "--conf", "docs", "--corpus", "en")
    assert [line.split("\t")[0] for line in out] == ["hund", "pod"]


@pytest.mark.parametrize(
    ("conf", "error"),
    [
        (None, "bizterms: error: no conf.py in '"),
        ("raise ValueError('broken')\n", "could not be run: ValueError: broken"),
    ],
)
def test_a_conf_py_that_cannot_be_read_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    conf: str | None,
    error: str,
) -> None:
    (tmp_path / "docs").mkdir()
    if conf is not None:
        write(tmp_path / "docs" / "conf.py", conf)
    monkeypatch.chdir(tmp_path)
    status, out, err = run_cli(capsys, "check", "--conf", "docs")
    assert (status, out) == (2, [])
    assert error in err[0]


def test_wrong_conf_values_are_config_findings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    term(tmp_path / "docs" / "corpus", "pod.md", "title: Pod\n")
    write(tmp_path / "docs" / "conf.py", "bizterms_corpus = ['corpus']\nbizterms_suffixes = 'md'\n")
    monkeypatch.chdir(tmp_path)
    status, out, _ = run_cli(capsys, "check", "--conf", "docs")
    conf_py = tmp_path / "docs" / "conf.py"
    assert out == [
        f"{conf_py}:2: bizterms_suffixes must be a list of file suffixes such as '.md', not 'md'; "
        "using the default ['.md', '.markdown', '.txt'] [bizterms.config]"
    ]
    assert status == 1
