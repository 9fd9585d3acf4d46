"""Word forms without Sphinx: Snowball stems by language and spelling variants."""

from __future__ import annotations

import pytest

from sphinx_bizterms.corpus.forms import (
    WordForms,
    form_key,
    has_stemming,
    has_word_forms,
    primary_language,
    stemming_languages,
)


@pytest.mark.parametrize(
    ("language", "cited", "term"),
    [
        ("en", "Deployments", "Deployment"),
        ("en", "back offices", "Back Office"),
        ("en", "Backoffices", "back-office"),
        ("en_GB", "business processes outsourcing", "Business Process Outsourcing"),
        ("da", "leverandører", "Leverandør"),
        ("da", "underleverandøren", "Underleverandør"),
        ("da", "aarsregnskab", "Årsregnskab"),
        ("da", "aarsregnskaber", "Årsregnskab"),
        ("da", "Aebler", "æble"),
        ("da", "oekonomi", "Økonomi"),
        ("nb", "aarsregnskapet", "Årsregnskap"),
        ("no", "oekonomien", "Økonomi"),
        ("de", "Strasse", "Straße"),
        ("de", "Haeuser", "Häuser"),
        ("de", "Oefen", "Öfen"),
        ("de", "Ruecklagen", "Rücklage"),
        ("sv", "leverantörer", "Leverantör"),
        ("fr", "fournisseurs", "Fournisseur"),
    ],
)
def test_forms_meet(language: str, cited: str, term: str) -> None:
    assert form_key(cited, language) == form_key(term, language)


@pytest.mark.parametrize(
    ("language", "one", "other"),
    [
        ("en", "Deployments", "Development"),
        ("da", "leverandør", "underleverandør"),
        # Variants are a language's spelling: English and French keep their ``ae`` and ``oe``.
        ("en", "aesthetic", "æsthetic"),
        ("fr", "oeuvre", "øuvre"),
        # ``ue`` after ``q`` is German's own ``u`` + ``e``, not ``ü``.
        ("de", "Quelle", "Qülle"),
        # Without stemming, only exact words meet.
        ("ja", "Deployments", "Deployment"),
        (None, "Deployments", "Deployment"),
    ],
)
def test_forms_stay_apart(language: str | None, one: str, other: str) -> None:
    assert form_key(one, language) != form_key(other, language)


def test_each_word_is_stemmed() -> None:
    forms = WordForms("en")
    assert forms.stems("Business Process Outsourcing (BPO)") == ("busi", "process", "outsourc", "bpo")
    assert forms.key("Business-processes outsourced") == "busiprocessoutsourc"


def test_fold_is_the_same_on_both_sides() -> None:
    danish = WordForms("da")
    assert danish.fold("AARSREGNSKAB") == danish.fold("Årsregnskab") == "årsregnskab"
    assert danish.fold("Paa_Ae-Oe") == "på_æ-ø"
    assert WordForms("de").fold("STRASSE Straße") == "strasse strasse"
    assert WordForms("en").fold("Ærø") == "ærø"


def test_words_are_letters_and_digits() -> None:
    assert WordForms("en").words("ＢＰＯ, 2-factor_auth (x²)!") == ["bpo", "2", "factor", "auth", "x2"]
    assert WordForms("en").key("  --  ") == ""


@pytest.mark.parametrize(
    ("language", "primary"),
    [("pt_BR", "pt"), ("pt-BR", "pt"), ("DA", "da"), ("", ""), (None, "")],
)
def test_primary_language(language: str | None, primary: str) -> None:
    assert primary_language(language) == primary


def test_which_languages_have_stemming() -> None:
    for code in ("da", "nb", "nn", "no", "de", "en", "sv", "fi", "fr", "es", "it", "nl", "pt", "ru"):
        assert has_stemming(code), code
        assert code in stemming_languages()
    assert has_stemming("en_US")
    assert not has_stemming("ja")
    assert not has_stemming("zh_CN")
    assert not has_stemming(None)
    assert stemming_languages() == tuple(sorted(stemming_languages()))
    assert has_word_forms("da")
    assert not has_word_forms("ja")


def test_a_word_is_stemmed_once() -> None:
    forms = WordForms("en")
    forms.key("deployments deployments")
    assert forms._stems == {"deployments": "deploy"}


def test_cost_is_linear_in_hostile_input() -> None:
    # One long word and many short ones: both a single pass of the fold and the stemmer.
    assert form_key("a" * 100_000, "da") == "å" * 50_000
    assert len(WordForms("da").words("aa " * 50_000)) == 50_000
