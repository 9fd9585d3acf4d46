"""Finding mentions in text, without Sphinx: word forms, longest match, whole words, sections."""

from __future__ import annotations

from pathlib import Path

from sphinx_bizterms.corpus.forms import WordForms
from sphinx_bizterms.corpus.load import load_corpus
from sphinx_bizterms.corpus.mentions import (
    MAX_WORDS,
    Found,
    MentionMatcher,
    PageMentions,
    UnlinkedMention,
    select_terms,
    term_phrases,
    unlinked,
    unlinked_findings,
)

from helpers import write

PHRASES = [
    ("Back Office", "back-office"),
    ("Back Office Outsourcing", "back-office-outsourcing"),
    ("Business Process Outsourcing (BPO)", "bpo"),
    ("Business Process Outsourcing", "bpo"),
    ("BPO", "bpo"),
    ("IT", "it"),
    ("Deployment", "deployment"),
]


def found(text: str, language: str = "en", phrases: list[tuple[str, str]] = PHRASES) -> list[tuple[str, str]]:
    matcher = MentionMatcher(phrases, WordForms(language))
    return [(m.text, m.slug) for m in matcher.find(text)]


def test_longest_phrase_wins() -> None:
    assert found("Our back office outsourcing and the back office.") == [
        ("back office outsourcing", "back-office-outsourcing"),
        ("back office", "back-office"),
    ]


def test_word_forms_and_case() -> None:
    assert found("Two Deployments, one DEPLOYMENT; back offices.") == [
        ("Deployments", "deployment"),
        ("DEPLOYMENT", "deployment"),
        ("back offices", "back-office"),
    ]


def test_whole_words_only() -> None:
    assert found("BPOX, xBPO, BPO_ID, back_office, redeployment") == []
    assert found("(BPO) and BPO-based") == [("BPO", "bpo"), ("BPO", "bpo")]


def test_hyphens_join_words_but_punctuation_breaks_a_phrase() -> None:
    assert found("back-office work") == [("back-office", "back-office")]
    assert found("Go back. Office hours.") == []
    assert found("back\n   office") == [("back\n   office", "back-office")]


def test_an_abbreviation_in_capitals_is_only_found_in_capitals() -> None:
    assert found("It is IT; it is not it. ITs") == [("IT", "it"), ("ITs", "it")]


def test_a_form_two_terms_share_names_neither() -> None:
    phrases = [("Lead", "lead-metal"), ("Lead", "sales-lead"), ("Vendor", "vendor")]
    assert found("A lead and a vendor.", phrases=phrases) == [("vendor", "vendor")]


def test_phrases_longer_than_the_bound_are_not_looked_for() -> None:
    long = " ".join(["word"] * (MAX_WORDS + 1))
    assert found(f"{long}.", phrases=[(long, "long")]) == []


def test_danish_stems_and_spelling_variants() -> None:
    phrases = [("Leverandør", "leverandor"), ("Underleverandør", "underleverandor"), ("Årsregnskab", "ar")]
    text = "Leverandørerne, underleverandøren og aarsregnskabet"
    assert found(text, "da", phrases) == [
        ("Leverandørerne", "leverandor"),
        ("underleverandøren", "underleverandor"),
        ("aarsregnskabet", "ar"),
    ]
    # English has no such variants
    assert found("aarsregnskab", "en", phrases) == []


def test_unlinked_takes_the_first_mention_per_section_that_does_not_cite_it() -> None:
    mentions = [
        Found(0, 3, "bpo", "BPO"),
        Found(1, 7, "bpo", "BPO"),
        Found(1, 8, "vendor", "vendors"),
        Found(1, 9, "bpo", "BPO"),
        Found(2, 12, "vendor", "vendor"),
    ]
    assert unlinked(mentions, {0: {"bpo"}, 2: {"bpo"}}) == [1, 2, 4]


def corpus_files(root: Path) -> Path:
    write(root / "bpo.md", "---\ntitle: Business Process Outsourcing (BPO)\naliases: [outsourcing]\n---\nx\n")
    write(root / "cd1.md", "---\ntitle: Continuous Delivery (CD)\nkeywords: Delivery\n---\nx\n")
    write(root / "cd2.md", "---\ntitle: Continuous Deployment (CD)\n---\nx\n")
    return root


def test_term_phrases_are_titles_parentheticals_and_aliases_a_term_owns(tmp_path: Path) -> None:
    corpus = load_corpus([str(corpus_files(tmp_path))], (".md",), ("/",))
    phrases = sorted(term_phrases(corpus))
    assert ("BPO", "business-process-outsourcing") in phrases
    assert ("outsourcing", "business-process-outsourcing") in phrases
    assert ("Continuous Delivery", "continuous-delivery") in phrases
    # neither slugs nor file names are prose
    assert not [text for text, _ in phrases if text in ("bpo", "cd1", "business-process-outsourcing")]


def test_select_terms(tmp_path: Path) -> None:
    corpus = load_corpus([str(corpus_files(tmp_path))], (".md",), ("/",))
    assert select_terms(corpus, "cited", ["continuous-delivery"]) == {"continuous-delivery"}
    assert len(select_terms(corpus, "all", [])) == 3
    assert select_terms(corpus, ["delivery"], []) == {"continuous-delivery"}


def test_select_terms_leaves_out_a_cited_term_the_corpus_no_longer_holds(tmp_path: Path) -> None:
    corpus = load_corpus([str(corpus_files(tmp_path))], (".md",), ("/",))
    assert select_terms(corpus, "cited", ["continuous-delivery", "deleted-term"]) == {"continuous-delivery"}


def test_a_page_counts_each_mentions_own_line_and_what_its_sections_cite() -> None:
    page = PageMentions(MentionMatcher(PHRASES, WordForms("en")))
    found = page.find("Our BPO\nand its\nIT.", 1, 10)
    assert [(m.text, m.start, m.end) for m in found] == [("BPO", 4, 7), ("IT", 16, 18)]
    page.find("BPO again", 2, 20)
    page.cite(2, "bpo")
    assert page.found == [Found(1, 10, "bpo", "BPO"), Found(1, 12, "it", "IT"), Found(2, 20, "bpo", "BPO")]
    assert page.unlinked() == [0, 1]


def test_findings_are_one_per_term_per_page_where_the_mention_is_written(tmp_path: Path) -> None:
    corpus = load_corpus([str(corpus_files(tmp_path))], (".md",), ("/",))
    bpo = "business-process-outsourcing"
    findings = unlinked_findings(
        corpus,
        [
            UnlinkedMention("guide", "shared.rst", 4, bpo, "business process\n   outsourcing"),
            UnlinkedMention("guide", "guide.rst", 9, bpo, "BPO"),
            UnlinkedMention("guide", "guide.rst", 12, "continuous-delivery", "continuous delivery"),
            UnlinkedMention("other", "other.rst", 2, bpo, "BPO"),
        ],
    )
    assert [(f.path, f.line, f.target) for f in findings] == [
        ("shared.rst", 4, bpo),
        ("guide.rst", 12, "continuous-delivery"),
        ("other.rst", 2, bpo),
    ]
    # a mention across lines is quoted on one
    assert findings[0].message == (
        "'business process outsourcing' mentions the business term "
        "'Business Process Outsourcing (BPO)' without citing it"
    )
