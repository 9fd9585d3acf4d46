"""Collation of glossary titles, without Sphinx."""

from __future__ import annotations

import pytest

from sphinx_bizterms.corpus.collation import group_letter, sort_key

TITLES = ["Østrig", "Zebra", "Æble", "Ålborg", "apple", "Éclair", "Back Office", "123 go"]


def ordered(titles: list[str], language: str | None) -> list[str]:
    return sorted(titles, key=lambda t: sort_key(t, language))


def test_danish_puts_ae_oe_aa_after_z() -> None:
    assert ordered(TITLES, "da") == [
        "123 go",
        "apple",
        "Back Office",
        "Éclair",
        "Zebra",
        "Æble",
        "Østrig",
        "Ålborg",
    ]


def test_english_files_ae_oe_aa_under_their_base_letters() -> None:
    assert ordered(TITLES, "en") == [
        "123 go",
        "Æble",
        "Ålborg",
        "apple",
        "Back Office",
        "Éclair",
        "Østrig",
        "Zebra",
    ]


@pytest.mark.parametrize("language", ["da", "en", None])
def test_a_title_sorts_before_longer_titles_that_start_with_it(language: str | None) -> None:
    titles = ["Overhead Risk Budget", "Overhead", "Æble Receivable", "Æble", "Café", "Cafe"]
    result = ordered(titles, language)
    assert result.index("Overhead") < result.index("Overhead Risk Budget")
    assert result.index("Æble") < result.index("Æble Receivable")
    assert result.index("Cafe") < result.index("Café")


@pytest.mark.parametrize(
    ("title", "language", "letter"),
    [
        ("Æble", "da", "Æ"),
        ("Æble", "en", "A"),
        ("Ålborg", "sv", "Å"),
        ("éclair", "fr", "E"),
        ("123 go", "en", "0–9"),
        ("¿Qué?", "es", "Q"),
        ("???", "en", "#"),
        # other alphabets head groups of their own; ideographs are too many to
        ("객체(Object)", "ko", "ㄱ"),
        ("까치", "ko", "ㄱ"),
        ("노드", "ko", "ㄴ"),
        ("Кошелёк", "ru", "К"),
        ("ωμέγα", "el", "Ω"),
        ("漢字", "zh", "#"),
    ],
)
def test_group_letter(title: str, language: str, letter: str) -> None:
    assert group_letter(title, language) == letter


def test_hangul_sorts_in_dictionary_order() -> None:
    assert ordered(["노드", "객체", "파드", "까치", "가상"], "ko") == ["가상", "객체", "까치", "노드", "파드"]


def test_language_variants_share_rules() -> None:
    assert sort_key("Ø", "da_DK") == sort_key("Ø", "da")
    assert sort_key("Ø", "nb-NO")[0] > sort_key("Z", "nb-NO")[0]
