"""Word forms without Sphinx: Snowball stems by language and spelling variants."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_bizterms.corpus.forms import (
    _SUFFIX_ONLY,
    FormIndex,
    WordForms,
    form_key,
    has_stemming,
    has_word_forms,
    primary_language,
    stemming_languages,
)
from sphinx_bizterms.corpus.index import Corpus, Resolution
from sphinx_bizterms.corpus.load import load_corpus

from helpers import term


@pytest.mark.parametrize(
    ("language", "cited", "title"),
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
def test_forms_meet(language: str, cited: str, title: str) -> None:
    assert form_key(cited, language) == form_key(title, language)


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


# --- resolution by word forms in a corpus ----------------------------------------------


def corpus_of(tmp_path: Path, *terms: tuple[str, str]) -> Corpus:
    for name, frontmatter in terms:
        term(tmp_path, name, frontmatter)
    return load_corpus([tmp_path])


def titles(resolution: Resolution) -> tuple[str | None, list[str]]:
    article = resolution.article
    return (article.title if article else None, [a.title for a in resolution.candidates])


@pytest.mark.parametrize(
    ("language", "cited", "title"),
    [
        ("en", "Deployments", "Deployment"),
        ("en", "back offices", "Back Office"),
        ("da", "leverandører", "Leverandør"),
        ("da", "underleverandøren", "Underleverandør"),
        ("da", "aarsregnskabet", "Årsregnskab"),
        ("da", "Aarsregnskab", "Årsregnskab"),
    ],
)
def test_a_citation_finds_its_term_by_word_forms(
    tmp_path: Path, language: str, cited: str, title: str
) -> None:
    corpus = corpus_of(
        tmp_path,
        *((f"{t.lower()}.md", f"title: {t}\n") for t in ["Deployment", "Back Office", "Leverandør"]),
        ("under.md", "title: Underleverandør\n"),
        ("year.md", "title: Årsregnskab\n"),
    )
    assert corpus.lookup(cited) is None
    assert titles(corpus.resolve(cited, language)) == (title, [])
    # No language, no word forms: only exact keys.
    assert titles(corpus.resolve(cited)) == (None, [])


def test_an_exact_key_wins_and_stems_nothing(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path, ("a.md", "title: Deploy\n"), ("b.md", "title: Deployment\n"))
    assert titles(corpus.resolve("Deployment", "en")) == ("Deployment", [])
    assert "_form_indexes" not in corpus.__dict__
    # Both stem to "deploy": a form that reaches two terms names both.
    assert titles(corpus.resolve("Deployments", "en")) == (None, ["Deploy", "Deployment"])


def test_an_explicit_claim_beats_derived_forms(tmp_path: Path) -> None:
    corpus = corpus_of(
        tmp_path,
        ("a.md", "title: Deploy\naliases: [deploying]\n"),
        ("b.md", "title: Deployment\n"),
    )
    assert titles(corpus.resolve("deploys", "en")) == ("Deploy", [])


def test_a_key_lost_to_another_article_has_no_forms(tmp_path: Path) -> None:
    corpus = corpus_of(
        tmp_path,
        ("a.md", "title: Vendor\naliases: [supplier]\n"),
        ("b.md", "title: Provider\naliases: [supplier]\n"),
    )
    assert titles(corpus.resolve("suppliers", "en")) == ("Vendor", [])


def test_word_form_indexes_are_kept_per_language(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path, ("a.md", "title: Leverandør\n"))
    assert titles(corpus.resolve("leverandører", "da")) == ("Leverandør", [])
    assert titles(corpus.resolve("leverandøren", "en")) == (None, [])
    assert titles(corpus.resolve("leverandører", "da_DK")) == ("Leverandør", [])
    assert sorted(corpus.__dict__["_form_indexes"]) == ["da", "en"]


LATIN = "abcdefghijklmnopqrstuvwxyzäöüåæøéèêàçñõãíóúëïôûœßışğčřžšěůýáőű"
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_form_starts_with_the_letter_of_its_phrase(data: st.DataObject) -> None:
    # What lets a miss stem the claims of one letter only: in these languages, stemming never
    # changes a first letter beyond its accents.
    language = data.draw(st.sampled_from(sorted(_SUFFIX_ONLY)))
    text = data.draw(st.text(CYRILLIC if language == "ru" else LATIN, min_size=1, max_size=16))
    index = FormIndex(WordForms(language), [])
    assert index._initial(index.forms.key(text)) == index._initial(text)


def test_a_miss_stems_the_claims_of_its_letter_only(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path, ("deployment.md", "title: Deployment\n"), ("vendor.md", "title: Vendor\n"))
    assert titles(corpus.resolve("Deployments", "en")) == ("Deployment", [])
    index = corpus.__dict__["_form_indexes"]["en"]
    assert set(index._pending) == {"v"}
    assert "vendor" not in index.forms._stems
    # Arabic strips prefixes: one group of all claims.
    assert set(corpus._forms("ar")._pending) == {""}
