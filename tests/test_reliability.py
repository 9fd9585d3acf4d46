"""What is not an article file never stalls or stops a build: FIFOs, sockets, odd file names."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import small_project, write

REPO = Path(__file__).parent.parent
#: A hang is the failure these tests guard against: a generous bound turns it into a failure.
TIMEOUT = 120
ARTICLE = "---\ntitle: Real\ndescription: A real term.\n---\nBody.\n"
NOT_A_FILE = "not a regular file (a FIFO, socket or device); skipped [bizterms.bad_article]"


def run(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command as CI does: strict UTF-8 output, this worktree's code, never for ever."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "PYTHONPATH": str(REPO)}
    return subprocess.run(
        argv, capture_output=True, text=True, encoding="utf-8", env=env, cwd=cwd, timeout=TIMEOUT, check=False
    )


def bizterms(*argv: str) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, "-m", "sphinx_bizterms", *argv)


def sphinx_build(root: Path, builder: str) -> subprocess.CompletedProcess[str]:
    # --no-color: CI=true makes Sphinx colour its warnings
    return run(
        sys.executable,
        "-m",
        "sphinx",
        "--no-color",
        "-q",
        "-b",
        builder,
        str(root),
        str(root / "_build" / builder),
    )


def project(root: Path) -> Path:
    return small_project(root, {"real.md": ARTICLE}, ":bizterm:`Real`")


@pytest.fixture
def special_files(tmp_path: Path) -> Iterator[Path]:
    """A project whose corpus holds a FIFO with no writer and a listening socket, named like articles."""
    root = project(tmp_path / "project")
    os.mkfifo(root / "corpus" / "pipe.md")
    server = socket.socket(socket.AF_UNIX)
    # a socket's path is short (108 bytes): bound from inside the corpus folder
    cwd = Path.cwd()
    os.chdir(root / "corpus")
    try:
        server.bind("socket.md")
    finally:
        os.chdir(cwd)
    server.listen()
    try:
        yield root
    finally:
        server.close()


def test_check_reports_a_fifo_and_a_socket_without_opening_them(special_files: Path) -> None:
    done = bizterms("check", str(special_files / "corpus"))
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        f"{special_files / 'corpus' / 'pipe.md'}: {NOT_A_FILE}",
        f"{special_files / 'corpus' / 'socket.md'}: {NOT_A_FILE}",
    ]
    # named on the command line, a FIFO is the same finding
    done = bizterms("check", str(special_files / "corpus" / "pipe.md"))
    assert done.stdout.splitlines() == [f"{special_files / 'corpus' / 'pipe.md'}: {NOT_A_FILE}"]


@pytest.mark.parametrize("builder", ["html", "bizterms"])
def test_a_build_reports_a_fifo_and_a_socket_and_goes_on(special_files: Path, builder: str) -> None:
    done = sphinx_build(special_files, builder)
    warnings = [line for line in done.stderr.splitlines() if "WARNING" in line]
    assert warnings == [
        f"{special_files / 'corpus' / 'pipe.md'}:1: WARNING: {NOT_A_FILE}",
        f"{special_files / 'corpus' / 'socket.md'}:1: WARNING: {NOT_A_FILE}",
    ]
    assert done.returncode == (1 if builder == "bizterms" else 0), done.stderr


# --- file names that are not UTF-8 ------------------------------------------------------

ODD = os.fsdecode(b"x\xff.md")  # "x\udcff.md": Python's spelling of the byte 0xff


@pytest.fixture
def odd_name(tmp_path: Path) -> Path:
    root = project(tmp_path / "project")
    write(root / "corpus" / ODD, "---\ntitle: Odd\n---\nSee [nothing](/nothing).\n")
    write(root / "index.rst", "Index\n=====\n\n:bizterm:`Real` and :bizterm:`Odd`\n")
    return root


def test_check_and_list_print_a_name_that_is_not_utf8_escaped(odd_name: Path) -> None:
    corpus = odd_name / "corpus"
    done = bizterms("check", str(corpus))
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        rf"{corpus}/x\xff.md:4: broken internal link '/nothing': no article has that key"
        " [bizterms.broken_link]"
    ]
    done = bizterms("check", "--format", "json", str(corpus))
    assert json.loads(done.stdout)["path"] == str(corpus / ODD)  # the same name, once decoded
    done = bizterms("list", "--corpus", str(corpus))
    assert done.returncode == 0, done.stderr
    assert f"odd\tOdd\todd,x\t{corpus}/x\\xff.md" in done.stdout.splitlines()
    done = bizterms("list", "--format", "json", "--corpus", str(corpus))
    assert done.returncode == 0, done.stderr
    assert str(corpus / ODD) in [json.loads(line)["file"] for line in done.stdout.splitlines()]


def test_the_report_builder_writes_a_name_that_is_not_utf8_escaped(odd_name: Path) -> None:
    done = sphinx_build(odd_name, "bizterms")
    assert done.returncode == 1, done.stderr  # findings, not a crash (2)
    report = (odd_name / "_build" / "bizterms" / "output.txt").read_text(encoding="utf-8")
    assert report.splitlines() == [
        r"corpus/x\xff.md:4: broken internal link '/nothing': no article has that key [bizterms.broken_link]"
    ]
    records = (odd_name / "_build" / "bizterms" / "output.json").read_text(encoding="utf-8").splitlines()
    assert "corpus/" + ODD in [json.loads(line).get("path") for line in records]
