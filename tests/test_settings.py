"""Corpus settings: bizterms.toml and conf.py mappings, read, checked and merged (no Sphinx)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinx_bizterms.corpus.findings import Finding, Subtype
from sphinx_bizterms.corpus.settings import (
    DEFAULT_FIELDS,
    CorpusSettings,
    Fields,
    Rewrite,
    corpus_settings,
    project_corpora,
    same_language,
)

from helpers import write

HUGO = """\
exclude = ["_TEMPLATE.md"]
link_prefixes = ["/docs/reference/glossary/", "/"]
site_url = "https://example.org/"
language = "en"

[fields]
description = ["short_description", "description"]
aliases = "aka"

[[rewrite]]
pattern = '\\{\\{<\\s*tooltip\\s+text="([^"]*)"\\s+id="([^"]*)"\\s*>\\}\\}'
replace = '[\\1](/\\2)'
"""


def settings_of(tmp_path: Path, toml: str | None, entry: object = "corpus") -> tuple[object, list[Finding]]:
    (tmp_path / "corpus").mkdir(exist_ok=True)
    if toml is not None:
        write(tmp_path / "corpus" / "bizterms.toml", toml)
    return corpus_settings(entry, str(tmp_path), ["/"], (str(tmp_path / "conf.py"), 7))


def test_no_settings_is_the_extension_format(tmp_path: Path) -> None:
    settings, findings = settings_of(tmp_path, None)
    assert settings == CorpusSettings(str(tmp_path / "corpus"), link_prefixes=("/",))
    assert findings == []
    assert settings.fields is DEFAULT_FIELDS  # type: ignore[union-attr]  # the loader's quick path


def test_toml_file_gives_every_setting(tmp_path: Path) -> None:
    settings, findings = settings_of(tmp_path, HUGO)
    assert findings == []
    assert settings == CorpusSettings(
        path=str(tmp_path / "corpus"),
        exclude=("_TEMPLATE.md",),
        link_prefixes=("/docs/reference/glossary/", "/"),
        site_url="https://example.org",
        language="en",
        fields=Fields(description=("short_description", "description"), aliases=("aka",)),
        rewrite=(Rewrite(r'\{\{<\s*tooltip\s+text="([^"]*)"\s+id="([^"]*)"\s*>\}\}', r"[\1](/\2)"),),
    )


def test_conf_mapping_overrides_the_file_key_by_key_and_fields_field_by_field(tmp_path: Path) -> None:
    entry = {"path": "corpus", "site_url": "https://other.example", "fields": {"aliases": ["aliases"]}}
    settings, findings = settings_of(tmp_path, HUGO, entry)
    assert findings == []
    assert isinstance(settings, CorpusSettings)
    assert settings.site_url == "https://other.example"
    assert settings.exclude == ("_TEMPLATE.md",)  # from the file
    assert settings.fields == Fields(description=("short_description", "description"), aliases=("aliases",))


def test_link_prefixes_default_to_the_project_prefixes(tmp_path: Path) -> None:
    write(tmp_path / "corpus" / "a.md", "")
    settings, _ = corpus_settings("corpus", str(tmp_path), ["/terms/"])
    assert settings is not None and settings.link_prefixes == ("/terms/",)


BAD = """\
exclude = "index.md"
colour = "blue"
site_url = "example.org"

[fields]
title = ["name", 3]
summary = ["x"]

[[rewrite]]
pattern = "("
replace = ""

[[rewrite]]
pattern = "a(b)"
replace = "\\\\2"

[[rewrite]]
pattern = "ok"
replace = "fine"
"""


def test_bad_settings_are_config_findings_at_their_line_and_are_ignored(tmp_path: Path) -> None:
    settings, findings = settings_of(tmp_path, BAD)
    toml = str(tmp_path / "corpus" / "bizterms.toml")
    assert [(f.subtype, f.path, f.line) for f in findings] == [
        (Subtype.CONFIG, toml, 2),
        (Subtype.CONFIG, toml, 3),
        (Subtype.CONFIG, toml, 6),
        (Subtype.CONFIG, toml, 7),
        (Subtype.CONFIG, toml, 10),
        (Subtype.CONFIG, toml, 15),
    ]
    messages = [f.message for f in findings]
    assert messages[0].startswith("unknown setting 'colour' (the settings are 'exclude', ")
    assert messages[1] == (
        "setting 'site_url' must be an http or https URL such as 'https://example.com', "
        "not 'example.org'; ignored"
    )
    assert (
        messages[2] == "setting 'fields.title' must be a list of frontmatter keys, not ['name', 3]; ignored"
    )
    assert messages[3].startswith("unknown field 'summary' in 'fields'")
    assert messages[4].startswith("rewrite rule 1: pattern '(' is not a valid regular expression: missing ),")
    assert messages[5] == (
        "rewrite rule 2: replacement '\\\\2' is not valid for pattern 'a(b)': invalid group reference 2 "
        "at position 1; ignored"
    )
    # what is right is kept: a single text is a list of one; the good rule stays
    assert isinstance(settings, CorpusSettings)
    assert settings.exclude == ("index.md",)
    assert settings.fields is DEFAULT_FIELDS
    assert settings.rewrite == (Rewrite("ok", "fine"),)


def test_a_link_prefix_that_is_a_url_is_reported_and_left_out(tmp_path: Path) -> None:
    toml = 'link_prefixes = ["https://glossary.example.org/", "/"]\n'
    settings, findings = settings_of(tmp_path, toml)
    message = (
        "setting 'link_prefixes': 'https://glossary.example.org/' is a URL, and a link with a scheme is"
        " never a term link (a rewrite rule can make such links site paths); ignored"
    )
    assert findings == [Finding(Subtype.CONFIG, str(tmp_path / "corpus" / "bizterms.toml"), 1, message)]
    assert isinstance(settings, CorpusSettings) and settings.link_prefixes == ("/",)
    # with nothing left, the project's prefixes apply (here "/"), not none at all
    settings, findings = settings_of(tmp_path, 'link_prefixes = "https://glossary.example.org/"\n')
    assert len(findings) == 1
    assert isinstance(settings, CorpusSettings) and settings.link_prefixes == ("/",)


def test_suffixes_must_start_with_a_dot(tmp_path: Path) -> None:
    settings, findings = settings_of(tmp_path, 'exclude = ["glossary.md"]\nsuffixes = ["md", ".mdx"]\n')
    toml = str(tmp_path / "corpus" / "bizterms.toml")
    message = "setting 'suffixes' must be a list of file suffixes such as '.mdx', not ['md', '.mdx']; ignored"
    assert findings == [Finding(Subtype.CONFIG, toml, 2, message)]
    assert isinstance(settings, CorpusSettings) and settings.suffixes == ()


def test_conf_mapping_problems_are_placed_at_bizterms_corpus(tmp_path: Path) -> None:
    entry = {"path": "corpus", "exclude": [1], "rewrite": [{"pattern": "[", "with": "x"}]}
    settings, findings = settings_of(tmp_path, None, entry)
    conf = str(tmp_path / "conf.py")
    assert findings == [
        Finding(
            Subtype.CONFIG,
            conf,
            7,
            "bizterms_corpus entry 'corpus': setting 'exclude' must be a list of glob patterns, "
            "not [1]; ignored",
        ),
        Finding(
            Subtype.CONFIG,
            conf,
            7,
            "bizterms_corpus entry 'corpus': rewrite rule 1: unknown key 'with' "
            "(a rule has 'pattern' and 'replace'); ignored",
        ),
    ]
    assert settings == CorpusSettings(str(tmp_path / "corpus"), link_prefixes=("/",))


def test_invalid_toml_is_one_finding_at_its_line(tmp_path: Path) -> None:
    settings, findings = settings_of(tmp_path, 'exclude = ["a"]\nsite_url = \n')
    assert [(f.line, f.message) for f in findings] == [
        (2, "bizterms.toml is not valid TOML: Invalid value; its settings are ignored")
    ]
    assert settings == CorpusSettings(str(tmp_path / "corpus"), link_prefixes=("/",))


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            {"site_url": "https://x.org"},
            "bizterms_corpus: each entry must be a path or a mapping with a 'path'",
        ),
        (3, "bizterms_corpus: each entry must be a path or a mapping with a 'path'"),
        ("missing", "bizterms_corpus: no such file or folder: "),
    ],
)
def test_an_entry_without_a_usable_path_is_left_out(tmp_path: Path, entry: object, message: str) -> None:
    settings, (finding,) = settings_of(tmp_path, None, entry)
    assert settings is None
    assert (finding.subtype, finding.path, finding.line) == (Subtype.CONFIG, str(tmp_path / "conf.py"), 7)
    assert finding.message.startswith(message)


def test_corpora_of_another_language_are_left_out(tmp_path: Path) -> None:
    for name in ("en", "da", "any"):
        (tmp_path / name).mkdir()
    entries = [{"path": "en", "language": "en"}, {"path": "da", "language": "da"}, "any"]
    corpora, findings = project_corpora(entries, str(tmp_path), ["/"], "da")
    assert findings == []
    assert [Path(c.path).name for c in corpora] == ["da", "any"]
    assert same_language("pt-BR", "pt_br")
    assert not same_language("da", None)
    assert same_language(None, None)
