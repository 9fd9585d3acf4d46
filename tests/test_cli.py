"""The ``bizterms`` command line, run in-process and as ``python -m sphinx_bizterms``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sphinx_bizterms.corpus.findings import Finding, Subtype

from helpers import SEED, SEED_LINKS, SEEDS, run_cli, term

BPO_DESCRIPTION = (
    "Business process outsourcing (BPO) er en metode til underleverandør af forskellige "
    "forretningsrelaterede operationer til tredjepartsleverandører."
)


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root, so that ``seeds`` is a relative path as a user types it."""
    monkeypatch.chdir(SEEDS.parent)
    return SEEDS.parent


@pytest.fixture
def clean_corpus(tmp_path: Path) -> Path:
    """Two articles that link to each other, with nothing to report."""
    term(
        tmp_path, "vendor.md", "title: Vendor\naliases: Supplier\n", "An [outsourcing](/outsourcing) firm.\n"
    )
    term(
        tmp_path,
        "outsourcing.md",
        "title: Outsourcing\nkeywords: [Business]\n",
        "Work given to a [supplier](/supplier) or a [vendor](/vendor/).\n",
    )
    return tmp_path


# --- check -----------------------------------------------------------------------------


def test_check_seeds(capsys: pytest.CaptureFixture[str], in_repo: Path) -> None:
    status, out, err = run_cli(capsys, "check", "seeds")
    assert status == 1
    assert out == [
        f"seeds/{SEED}:{line}: broken internal link '{target}': no article has that key "
        "[bizterms.broken_link]"
        for line, target in SEED_LINKS
    ]
    assert err == ["6 findings in 1 of 1 article"]


def test_check_json(capsys: pytest.CaptureFixture[str], in_repo: Path) -> None:
    status, out, err = run_cli(capsys, "check", "--format", "json", "seeds")
    assert status == 1
    assert err == []
    records = [json.loads(line) for line in out]
    assert [(r["path"], r["line"], r["subtype"], r["target"]) for r in records] == [
        (f"seeds/{SEED}", line, "broken_link", target) for line, target in SEED_LINKS
    ]
    assert records[0] == {
        "path": f"seeds/{SEED}",
        "line": 10,
        "subtype": "broken_link",
        "message": "broken internal link '/subcontracting': no article has that key",
        "target": "/subcontracting",
        "suggestions": [],
    }


def test_check_github(capsys: pytest.CaptureFixture[str], in_repo: Path) -> None:
    status, out, err = run_cli(capsys, "check", "seeds", "--format=github")
    assert status == 1
    assert err == []
    assert out == [
        f"::warning file=seeds/{SEED},line={line},title=bizterms.broken_link::"
        f"broken internal link '{target}': no article has that key"
        for line, target in SEED_LINKS
    ]


def test_github_annotation_escapes() -> None:
    finding = Finding(Subtype.BAD_ARTICLE, "a,b:c%.md", 3, "50% off\r\nnext: line, more")
    assert finding.github() == (
        "::warning file=a%2Cb%3Ac%25.md,line=3,title=bizterms.bad_article::50%25 off%0D%0Anext: line, more"
    )
    # A finding without a line (a folder named like an article) has no line property.
    folder = Finding(Subtype.BAD_ARTICLE, "x.md", 0, "a folder is named like an article; skipped")
    assert folder.github() == (
        "::warning file=x.md,title=bizterms.bad_article::a folder is named like an article; skipped"
    )


def test_check_clean_corpus(capsys: pytest.CaptureFixture[str], clean_corpus: Path) -> None:
    for fmt in ["text", "json", "github"]:
        assert run_cli(capsys, "check", "--format", fmt, str(clean_corpus)) == (0, [], [])


def test_check_several_paths_and_a_single_file(
    capsys: pytest.CaptureFixture[str], clean_corpus: Path
) -> None:
    # The seed links to /vendor; the clean corpus has it, so five links stay broken.
    status, out, err = run_cli(capsys, "check", str(SEEDS / SEED), str(clean_corpus))
    assert status == 1
    assert [line.split(": ", 1)[0] for line in out] == [
        f"{SEEDS / SEED}:{line}" for line, target in SEED_LINKS if target != "/vendor"
    ]
    assert err == ["5 findings in 1 of 3 articles"]


def test_check_reports_every_subtype_with_suggestions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    term(tmp_path, "vendor.md", "title: Vendor\naliases: Supplier\n", "See [BPO](/bpo).\n")
    term(tmp_path, "x-dup.md", "title: Vendor (V)\naliases: Supplier\n", "<b>bold</b>\n")
    term(tmp_path, "voucher.md", "title: Voucher (V)\n", "A receipt.\n")
    (tmp_path / "bad.md").write_text("no frontmatter\n", encoding="utf-8")
    term(tmp_path, "typo.md", "title: Typo\n", "A [vendr](/vendr).\n")
    monkeypatch.chdir(tmp_path)
    status, out, err = run_cli(capsys, "check", ".")
    assert status == 1
    assert out == [
        "bad.md:1: article has no YAML frontmatter between '---' lines (a title is required) "
        "[bizterms.bad_article]",
        "typo.md:4: broken internal link '/vendr': no article has that key; "
        "did you mean 'Vendor', 'Vendor (V)' or 'vendor-2'? [bizterms.broken_link]",
        "vendor.md:5: broken internal link '/bpo': no article has that key [bizterms.broken_link]",
        "x-dup.md:1: key 'Supplier' is also claimed by vendor.md, which keeps it [bizterms.duplicate_key]",
        "x-dup.md:5: raw HTML is shown as text [bizterms.unsafe_content]",
        # two parentheticals share a key: a note, which alone would not fail the check
        "voucher.md:1: note: key 'V' is ambiguous: it could mean 'Vendor (V)' (vendor-2) or "
        "'Voucher (V)' (voucher) [bizterms.ambiguous_term]",
    ]
    assert err == ["5 findings in 4 of 5 articles"]
    status, out, _ = run_cli(capsys, "check", "--format", "json", ".")
    typo = json.loads(out[1])
    assert (typo["path"], typo["suggestions"]) == ("typo.md", ["Vendor", "Vendor (V)", "vendor-2"])


def test_check_options(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    term(tmp_path, "vendor.md", "title: Vendor\n", "[a](/terms/vendor) [b](/terms/bpo)\n")
    term(tmp_path, "bpo.txt", "title: BPO\n", "Text.\n")
    status, out, _ = run_cli(capsys, "check", "--prefix", "/terms/", str(tmp_path))
    assert (status, out) == (0, [])
    status, out, _ = run_cli(capsys, "check", "--prefix", "/terms/", "--suffixes", "md", str(tmp_path))
    assert status == 1
    assert [line.split(": ", 1)[1] for line in out] == [
        "broken internal link '/terms/bpo': no article has that key [bizterms.broken_link]"
    ]
    status, out, _ = run_cli(capsys, "check", "--prefix", "/x/", "--prefix", "/terms/", str(tmp_path))
    assert (status, out) == (0, [])


def test_check_missing_path_is_a_usage_error(capsys: pytest.CaptureFixture[str], in_repo: Path) -> None:
    assert run_cli(capsys, "check", "seeds", "no-such-corpus") == (
        2,
        [],
        ["bizterms: error: no such file or folder: 'no-such-corpus'"],
    )


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["check"],
        ["check", "--format", "xml", "seeds"],
        ["check", "--suffixes", ",", "seeds"],
        ["check", "--prefix", "", "seeds"],
        ["frobnicate"],
        ["show", "bpo"],
        ["list"],
        ["list", "--corpus", "seeds", "--format", "github"],
    ],
)
def test_usage_errors(capsys: pytest.CaptureFixture[str], in_repo: Path, argv: list[str]) -> None:
    status, out, err = run_cli(capsys, *argv)
    assert status == 2
    assert out == []
    assert err[0].startswith("usage: bizterms")
    assert err[-1].startswith("bizterms")
    assert ": error: " in err[-1]


def test_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "--help")
    assert status == 0
    assert out[0].startswith("usage: bizterms")
    assert any("check" in line and "broken links" in line for line in out)
    status, out, _ = run_cli(capsys, "--version")
    assert (status, out) == (0, ["bizterms 0.1.0"])


# --- show ------------------------------------------------------------------------------


def test_show(capsys: pytest.CaptureFixture[str], in_repo: Path) -> None:
    status, out, err = run_cli(capsys, "show", "bpo", "--corpus", "seeds")
    assert status == 0
    assert err == []
    assert out == [
        "title:       Business Process Outsourcing (BPO)",
        "slug:        business-process-outsourcing",
        f"description: {BPO_DESCRIPTION}",
        "keywords:    Business, Small Business",
        f"file:        seeds/{SEED}",
    ]


@pytest.mark.parametrize(
    "key", ["BPO", "/bpo", "Business process outsourcing", "business-process-outsourcing"]
)
def test_show_finds_every_key_form(capsys: pytest.CaptureFixture[str], in_repo: Path, key: str) -> None:
    status, out, _ = run_cli(capsys, "show", key, "--corpus", "seeds")
    assert status == 0
    assert out[1] == "slug:        business-process-outsourcing"


def test_show_with_several_corpus_folders(capsys: pytest.CaptureFixture[str], clean_corpus: Path) -> None:
    status, out, _ = run_cli(
        capsys, "show", "supplier", "--corpus", str(SEEDS), "--corpus", str(clean_corpus)
    )
    assert status == 0
    assert out == [
        "title:       Vendor",
        "slug:        vendor",
        "description: An outsourcing firm.",
        "aliases:     Supplier",
        f"file:        {clean_corpus / 'vendor.md'}",
    ]


def test_show_unknown_key(capsys: pytest.CaptureFixture[str], in_repo: Path) -> None:
    assert run_cli(capsys, "show", "BOP", "--corpus", "seeds") == (
        1,
        [],
        ["unknown business term 'BOP'; did you mean 'BPO'?"],
    )
    assert run_cli(capsys, "show", "zzz", "--corpus", "seeds") == (1, [], ["unknown business term 'zzz'"])


def test_show_missing_corpus(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    assert run_cli(capsys, "show", "bpo", "--corpus", str(missing)) == (
        2,
        [],
        [f"bizterms: error: no such file or folder: {str(missing)!r}"],
    )


# --- list ------------------------------------------------------------------------------


def test_list(capsys: pytest.CaptureFixture[str], in_repo: Path) -> None:
    status, out, err = run_cli(capsys, "list", "--corpus", "seeds")
    assert (status, err) == (0, [])
    assert out == [
        "\t".join(
            [
                "business-process-outsourcing",
                "Business Process Outsourcing (BPO)",
                "000ecdf2bf2053fa52b,bpo,businessprocessoutsourcing,businessprocessoutsourcingbpo",
                f"seeds/{SEED}",
            ]
        )
    ]


def test_list_json(capsys: pytest.CaptureFixture[str], in_repo: Path) -> None:
    status, out, _ = run_cli(capsys, "list", "--corpus", "seeds", "--format", "json")
    assert status == 0
    assert [json.loads(line) for line in out] == [
        {
            "slug": "business-process-outsourcing",
            "title": "Business Process Outsourcing (BPO)",
            "keys": [
                "000ecdf2bf2053fa52b",
                "bpo",
                "businessprocessoutsourcing",
                "businessprocessoutsourcingbpo",
            ],
            "file": f"seeds/{SEED}",
        }
    ]


def test_list_shows_keys_after_collisions(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    term(tmp_path, "a.md", "title: Bank Payment Order (BPO)\n", "")
    term(tmp_path, "b.md", "title: Business Process Outsourcing (BPO)\naliases: [BPO]\n", "")
    status, out, _ = run_cli(capsys, "list", "--format", "json", "--corpus", str(tmp_path))
    assert status == 0  # listing is not checking: collisions do not fail it
    records = {r["slug"]: r["keys"] for r in map(json.loads, out)}
    # b's explicit alias takes BPO from a's derived parenthetical.
    assert records == {
        "bank-payment-order": ["a", "bankpaymentorder", "bankpaymentorderbpo"],
        "business-process-outsourcing": [
            "b",
            "bpo",
            "businessprocessoutsourcing",
            "businessprocessoutsourcingbpo",
        ],
    }


# --- as a separate process -------------------------------------------------------------


def test_python_dash_m(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_bizterms", "check", "seeds"],
        cwd=SEEDS.parent,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert [line.split(": ", 1)[0] for line in result.stdout.splitlines()] == [
        f"seeds/{SEED}:{line}" for line, _ in SEED_LINKS
    ]
    assert all(line.endswith("[bizterms.broken_link]") for line in result.stdout.splitlines())
    assert result.stderr == "6 findings in 1 of 1 article\n"

    missing = subprocess.run(
        [sys.executable, "-m", "sphinx_bizterms", "check", str(tmp_path / "x")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert missing.returncode == 2
    assert missing.stdout == ""
    assert missing.stderr == f"bizterms: error: no such file or folder: {str(tmp_path / 'x')!r}\n"
    assert "Traceback" not in missing.stderr
