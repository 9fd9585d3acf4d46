"""Term identity without Sphinx: key normalisation, slugs, parentheticals, suggestions."""

from __future__ import annotations

import pytest

from sphinx_bizterms.corpus.findings import did_you_mean
from sphinx_bizterms.corpus.keys import make_slug, normalize_key, parentheticals, strip_parenthetical, suggest


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("BPO", "bpo"),
        ("/bpo", "bpo"),
        ("Business process outsourcing", "businessprocessoutsourcing"),
        ("business-process-outsourcing", "businessprocessoutsourcing"),
        ("Back Office", "backoffice"),
        ("back-office", "backoffice"),
        ("/backoffice", "backoffice"),
        ("ＢＰＯ", "bpo"),  # NFKC: full-width letters
        ("ﬁnance", "finance"),  # NFKC: the fi ligature
        ("x²", "x2"),  # NFKC: superscript digit
        ("Straße", "strasse"),  # case-folded, not just lower-cased
        ("Æbler Øst-Å", "æblerøstå"),  # Danish letters stay letters
        ("C++ & Co.", "cco"),
        ("  ", ""),
    ],
)
def test_normalize_key(text: str, key: str) -> None:
    assert normalize_key(text) == key


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Business Process Outsourcing", "business-process-outsourcing"),
        ("Back Office", "back-office"),
        ("Æbler og pærer", "aebler-og-paerer"),
        ("123 go", "go"),
        ("!!!", ""),
    ],
)
def test_make_slug_is_docutils_make_id(text: str, slug: str) -> None:
    assert make_slug(text) == slug


def test_strip_parenthetical() -> None:
    assert strip_parenthetical("Business Process Outsourcing (BPO)") == "Business Process Outsourcing"
    assert strip_parenthetical("Value Added Tax (VAT)  ") == "Value Added Tax"
    # Only a trailing parenthetical goes; a title that is nothing else keeps it.
    assert strip_parenthetical("A (B) c") == "A (B) c"
    assert strip_parenthetical("(X)") == "(X)"


def test_parentheticals() -> None:
    assert parentheticals("Business Process Outsourcing (BPO)") == ["BPO"]
    assert parentheticals("A (B) and (C) ( )") == ["B", "C"]
    assert parentheticals("No parenthesis") == []


def test_suggest_returns_display_names_of_close_keys() -> None:
    names = {"vendor": "Vendor", "vendors": "vendors", "bpo": "BPO"}
    assert suggest("/vendr", names, names) == ("Vendor", "vendors")
    assert suggest("vendr", names, names, limit=1) == ("Vendor",)
    assert suggest("zzz", names, names) == ()
    assert suggest("", names, names) == ()


def test_suggest_shows_each_name_once() -> None:
    names = {"backoffice": "Back Office", "backoffices": "Back Office"}
    assert suggest("backofice", names, names) == ("Back Office",)


def test_did_you_mean() -> None:
    assert did_you_mean(()) == ""
    assert did_you_mean(("BPO",)) == "; did you mean 'BPO'?"
    assert did_you_mean(("A", "B")) == "; did you mean 'A' or 'B'?"
    assert did_you_mean(("A", "B", "C")) == "; did you mean 'A', 'B' or 'C'?"
