"""The corpus core without Sphinx: loading articles, term identity and findings (the cache: test_cache)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import sphinx_bizterms.corpus.article
import sphinx_bizterms.corpus.index
import sphinx_bizterms.corpus.load
from sphinx_bizterms.corpus.article import Article, load_article
from sphinx_bizterms.corpus.findings import Finding, Subtype
from sphinx_bizterms.corpus.index import Corpus
from sphinx_bizterms.corpus.load import load_corpus

from helpers import SEED as SEED_NAME
from helpers import SEED_LINKS, SEEDS, summary, term, write

SEED = SEEDS / SEED_NAME


def only_article(corpus: Corpus) -> Article:
    (article,) = corpus
    return article


def path_of(corpus: Corpus, key: str) -> str | None:
    article = corpus.lookup(key)
    return article.path if article is not None else None


def link_lines(corpus: Corpus, article: Article) -> list[tuple[str, int]]:
    return [(link.key, link.line) for link in corpus.scan(article).links]


# --- the shipped seed ------------------------------------------------------------------


def test_seed_article_fields() -> None:
    corpus = load_corpus([SEEDS])
    article = only_article(corpus)
    assert article.path == str(SEED)
    assert article.slug == "business-process-outsourcing"
    assert article.title == "Business Process Outsourcing (BPO)"
    assert article.description == (
        "Business process outsourcing (BPO) er en metode til underleverandør af forskellige "
        "forretningsrelaterede operationer til tredjepartsleverandører."
    )
    assert article.keywords == ("Business", "Small Business")
    assert article.aliases == ()
    assert article.body_line == 7
    assert article.read_body().startswith("# Business Process Outsourcing (BPO)\n## Hvad er")


@pytest.mark.parametrize(
    "key",
    [
        "bpo",
        "BPO",
        "/bpo",
        "business-process-outsourcing",
        "Business process outsourcing",
        "Business Process Outsourcing (BPO)",
        "000_ecdf2bf2053fa52b",
    ],
)
def test_seed_lookup_keys(key: str) -> None:
    article = load_corpus([SEEDS]).lookup(key)
    assert article is not None
    assert article.slug == "business-process-outsourcing"


def test_seed_unknown_key_and_suggestion() -> None:
    corpus = load_corpus([SEEDS])
    assert corpus.lookup("BOP") is None
    assert corpus.lookup("") is None
    assert corpus.suggest("BOP") == ("BPO",)


def test_seed_internal_links() -> None:
    corpus = load_corpus([SEEDS])
    assert link_lines(corpus, only_article(corpus)) == [(target[1:], line) for line, target in SEED_LINKS]


def test_seed_check_reports_six_broken_links() -> None:
    findings = load_corpus([SEEDS]).check()
    assert [(f.subtype, f.path, f.line, f.target) for f in findings] == [
        (Subtype.BROKEN_LINK, str(SEED), line, target) for line, target in SEED_LINKS
    ]
    assert findings[0].format() == (
        f"{SEED}:10: broken internal link '/subcontracting': no article has that key [bizterms.broken_link]"
    )


def test_seed_loaded_as_a_single_file_root() -> None:
    corpus = load_corpus([SEED])
    assert [a.slug for a in corpus] == ["business-process-outsourcing"]


def test_paths_stay_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    term(tmp_path / "corpus", "a.md", "title: A\n")
    monkeypatch.chdir(tmp_path)
    assert [a.path for a in load_corpus(["corpus"])] == [os.path.join("corpus", "a.md")]
    monkeypatch.chdir(tmp_path / "corpus")
    assert [a.path for a in load_corpus(["."])] == ["a.md"]


def test_records_share_the_text_they_repeat(tmp_path: Path) -> None:
    # Memory per article: one path string per file, one string per keyword in the corpus.
    term(tmp_path, "a.md", "title: A\nkeywords: Banking, Tax\n")
    term(tmp_path, "b.md", "title: B\nkeywords:\n- Tax\n- Banking\n")
    corpus = load_corpus([tmp_path])
    a, b = corpus.by_slug["a"], corpus.by_slug["b"]
    assert (a.keywords, b.keywords) == (("Banking", "Tax"), ("Tax", "Banking"))
    assert a.keywords[0] is b.keywords[1] and a.keywords[1] is b.keywords[0]
    assert corpus.stamps == {}  # an article carries its stamp; only a bad file's is kept beside it


# --- term identity ---------------------------------------------------------------------


def test_slug_field_is_the_slug_and_a_key(tmp_path: Path) -> None:
    term(tmp_path, "a.md", "title: Value Added Tax (VAT)\nslug: moms\n")
    corpus = load_corpus([tmp_path])
    article = only_article(corpus)
    assert (article.slug, article.explicit_slug) == ("moms", True)
    assert corpus.lookup("MOMS") is article


def test_slug_is_made_like_a_docutils_id(tmp_path: Path) -> None:
    term(tmp_path, "a.md", "title: Æbler og pærer\n")
    term(tmp_path, "odd.md", "title: '!!!'\n")
    corpus = load_corpus([tmp_path])
    assert sorted(a.slug for a in corpus) == ["aebler-og-paerer", "odd"]
    assert corpus.lookup("æbler og pærer") is corpus.by_slug["aebler-og-paerer"]


def test_title_parenthetical_and_stem_are_keys(tmp_path: Path) -> None:
    term(tmp_path, "moms-article.md", "title: Value Added Tax (VAT)\n")
    corpus = load_corpus([tmp_path])
    article = only_article(corpus)
    assert article.slug == "value-added-tax"
    for key in ["Value Added Tax (VAT)", "value added tax", "VAT", "/vat", "moms-article", "moms article"]:
        assert corpus.lookup(key) is article, key
    assert corpus.lookup("tax") is None


@pytest.mark.parametrize(
    "aliases", ["[Merværdiafgift, Moms]", "Merværdiafgift, Moms", "'Merværdiafgift,Moms'"]
)
def test_aliases_as_list_or_comma_string(tmp_path: Path, aliases: str) -> None:
    term(tmp_path, "vat.md", f"title: VAT\naliases: {aliases}\n")
    corpus = load_corpus([tmp_path])
    article = only_article(corpus)
    assert article.aliases == ("Merværdiafgift", "Moms")
    assert corpus.lookup("merværdiafgift") is article
    assert corpus.lookup("/moms") is article


def test_keywords_as_list_or_comma_string(tmp_path: Path) -> None:
    term(tmp_path, "a.md", "title: A\nkeywords: [Tax, ' Small Business ', Tax]\n")
    term(tmp_path, "b.md", "title: B\nkeywords: Tax,Small Business,\n")
    corpus = load_corpus([tmp_path])
    assert [a.keywords for a in corpus] == [("Tax", "Small Business")] * 2


def test_keys_are_normalised(tmp_path: Path) -> None:
    term(tmp_path, "a.md", "title: Back Office\n")
    term(tmp_path, "b.md", "title: Købmandsgård\n")
    corpus = load_corpus([tmp_path])
    for key in ["/backoffice", "back-office", "BACK OFFICE", "Ｂａｃｋ　Ｏｆｆｉｃｅ"]:
        assert corpus.lookup(key) is corpus.by_slug["back-office"], key
    for key in ["/købmandsgård", "KØBMANDSGÅRD"]:
        assert corpus.lookup(key) is corpus.by_slug["kobmandsgard"], key
    # æøå are letters of their own, not spellings of a, o, aa.
    assert corpus.lookup("kobmandsgard") is corpus.by_slug["kobmandsgard"]  # the slug
    assert corpus.lookup("kobmandsgaard") is None


def test_other_fields_are_ignored(tmp_path: Path) -> None:
    term(tmp_path, "a.md", "title: A\nauthor: [x, 1]\ndate: 2020-01-01\n")
    corpus = load_corpus([tmp_path])
    assert only_article(corpus).title == "A"
    assert corpus.check() == []


# --- collisions ------------------------------------------------------------------------


def test_duplicate_key_names_both_files_on_the_loser(tmp_path: Path) -> None:
    winner = term(tmp_path, "a.md", "title: Business Process Outsourcing\naliases: [BPO]\n")
    loser = term(tmp_path, "b.md", "title: Bank Payment Order\naliases: BPO\n")
    corpus = load_corpus([tmp_path])
    assert corpus.lookup("BPO") is corpus.by_slug["business-process-outsourcing"]
    assert corpus.lookup("bank payment order") is corpus.by_slug["bank-payment-order"]
    assert corpus.check() == [
        Finding(
            Subtype.DUPLICATE_KEY,
            str(loser),
            1,
            f"key 'BPO' is also claimed by {winner}, which keeps it",
            "BPO",
        )
    ]


def test_explicit_alias_beats_derived_key(tmp_path: Path) -> None:
    derived = term(tmp_path, "a.md", "title: Vendor\n")
    explicit = term(tmp_path, "b.md", "title: Supplier\naliases: [Vendor]\n")
    corpus = load_corpus([tmp_path])
    assert corpus.lookup("vendor") is corpus.by_slug["supplier"]
    assert corpus.by_slug["vendor"].path == str(derived)
    assert corpus.by_slug["supplier"].path == str(explicit)
    assert corpus.check() == []  # silently


def test_explicit_slug_beats_derived_slug(tmp_path: Path) -> None:
    derived = term(tmp_path, "a.md", "title: Vendor\n")
    explicit = term(tmp_path, "b.md", "title: Supplier\nslug: vendor\n")
    corpus = load_corpus([tmp_path])
    assert corpus.by_slug["vendor"].path == str(explicit)
    assert corpus.by_slug["vendor-2"].path == str(derived)
    assert path_of(corpus, "vendor") == str(explicit)
    assert path_of(corpus, "vendor-2") == str(derived)
    # an explicit claim beats a derived one silently
    assert corpus.check() == []


def test_of_two_articles_with_one_slug_the_file_named_so_keeps_it(tmp_path: Path) -> None:
    # a copy under another name sorts first, but the site serves /function-as-a-service/
    # from function-as-a-service.md
    copy = term(tmp_path, "faas.md", "title: Function as a Service (FaaS)\n")
    own = term(tmp_path, "function-as-a-service.md", "title: Function as a Service (FaaS)\n")
    corpus = load_corpus([tmp_path])
    assert corpus.by_slug["function-as-a-service"].path == str(own)
    assert corpus.by_slug["function-as-a-service-2"].path == str(copy)


def test_two_articles_deriving_one_slug_get_distinct_slugs(tmp_path: Path) -> None:
    first = term(tmp_path, "a.md", "title: Vendor\n")
    second = term(tmp_path, "b.md", "title: Vendor (supplier)\n")
    corpus = load_corpus([tmp_path])
    assert {slug: a.path for slug, a in corpus.by_slug.items()} == {
        "vendor": str(first),
        "vendor-2": str(second),
    }
    # the title of one beats the title without parenthetical of the other
    assert corpus.resolve("vendor") == (corpus.by_slug["vendor"], ())
    assert path_of(corpus, "vendor-2") == str(second)
    assert path_of(corpus, "supplier") == str(second)
    # derived claims only: no corpus finding
    assert corpus.check() == []


def test_a_title_beats_a_parenthetical_and_ties_are_ambiguous(tmp_path: Path) -> None:
    term(tmp_path, "downstream.md", "title: Downstream\n")
    term(tmp_path, "downstream-x.md", "title: Downstream (disambiguation)\n")
    term(tmp_path, "upstream-x.md", "title: Upstream (disambiguation)\n")
    term(tmp_path, "cd.md", "title: CD\n")
    term(tmp_path, "delivery.md", "title: Continuous Delivery (CD)\n")
    term(tmp_path, "deployment.md", "title: Continuous Deployment (CD)\n")
    corpus = load_corpus([tmp_path])
    assert path_of(corpus, "Downstream").endswith("downstream.md")
    assert path_of(corpus, "CD").endswith("cd.md")
    # two parentheticals and nothing better: ambiguous, without a corpus finding
    found = corpus.resolve("disambiguation")
    assert found.article is None
    assert sorted(a.title for a in found.candidates) == [
        "Downstream (disambiguation)",
        "Upstream (disambiguation)",
    ]
    assert not [f for f in corpus.check() if f.target == "disambiguation"]


# --- description and line ends ---------------------------------------------------------


def test_description_falls_back_to_the_first_paragraph(tmp_path: Path) -> None:
    body = "\n# Heading\n\n<div>x</div>\n\nFirst *para* with [a link](/x) and `code`\nline two.\n\nSecond.\n"
    term(tmp_path, "a.md", "title: A\n", body)
    term(tmp_path, "b.md", "title: B\ndescription: '  Given.  '\n", body)
    term(tmp_path, "c.md", "title: C\n", "```\ncode\n```\n")
    corpus = load_corpus([tmp_path])
    # the first paragraph is made when asked for, not as the corpus loads
    assert corpus.by_slug["a"].description == ""
    assert corpus.description(corpus.by_slug["a"]) == "First para with a link and code line two."
    assert corpus.description(corpus.by_slug["b"]) == "Given."
    assert corpus.description(corpus.by_slug["c"]) == ""


@pytest.mark.parametrize(
    ("paragraph", "description"),
    [
        (
            'Use {{< glossary_tooltip text="nodes" term_id="node" >}} here.',
            'Use {{< glossary_tooltip text="nodes" term_id="node" >}} here.',
        ),
        ("A *vendor* or **supplier**, _not_ __a__ ~~x~~.", "A vendor or supplier, not a ~~x~~."),
        ("snake_case_name and `code_with *stars*` stay", "snake_case_name and code_with *stars* stay"),
        (
            "[the *link* text](/x 'title') and ![an image](i.png) and <https://a.example>",
            "the link text and an image and https://a.example",
        ),
        (r"Escaped \*stars\* and \_under\_, &amp; entities", "Escaped *stars* and _under_, & entities"),
        ("Ends with a hard  \nbreak and a soft\nbreak", "Ends with a hard break and a soft break"),
    ],
)
def test_a_first_paragraph_is_its_text_as_markdown_renders_it(
    tmp_path: Path, paragraph: str, description: str
) -> None:
    term(tmp_path, "a.md", "title: A\n", f"# A\n\n{paragraph}\n\nSecond.\n")
    corpus = load_corpus([tmp_path])
    assert corpus.description(only_article(corpus)) == description


def test_a_long_first_paragraph_is_cut_at_a_space(tmp_path: Path) -> None:
    term(tmp_path, "a.md", "title: A\n", "word " * 1000)
    corpus = load_corpus([tmp_path])
    description = corpus.description(only_article(corpus))
    assert description.endswith("word …") and len(description) < 1010


LINE_ENDS_ARTICLE = (
    "---\ntitle: Line Ends\ndescription: d\n---\n\n# Line Ends\n\nText [a](/a)\nmore [b](/b).\n\n- [c](/c)\n"
)


@pytest.mark.parametrize(
    ("newline", "bom"),
    [("\n", ""), ("\r\n", ""), ("\r", ""), ("\n", "\ufeff"), ("\r\n", "\ufeff"), ("\r", "\ufeff")],
    ids=["lf", "crlf", "cr", "bom-lf", "bom-crlf", "bom-cr"],
)
def test_bom_and_line_ends(tmp_path: Path, newline: str, bom: str) -> None:
    write(tmp_path / "line-ends.md", bom + LINE_ENDS_ARTICLE.replace("\n", newline))
    corpus = load_corpus([tmp_path])
    article = only_article(corpus)
    # The body starts after the blank line that follows the frontmatter.
    assert (article.title, article.description, article.body_line) == ("Line Ends", "d", 6)
    assert article.read_body() == "# Line Ends\n\nText [a](/a)\nmore [b](/b).\n\n- [c](/c)\n"
    assert link_lines(corpus, article) == [("a", 8), ("b", 9), ("c", 11)]
    assert [(f.line, f.target) for f in corpus.check()] == [(8, "/a"), (9, "/b"), (11, "/c")]


def test_the_seed_with_crlf_and_a_bom_gives_the_same_lines(tmp_path: Path) -> None:
    data = SEED.read_bytes()
    write(tmp_path / "crlf" / SEED.name, data.replace(b"\n", b"\r\n"))
    write(tmp_path / "bom" / SEED.name, b"\xef\xbb\xbf" + data)
    for folder in ["crlf", "bom"]:
        findings = load_corpus([tmp_path / folder]).check()
        assert [f.line for f in findings] == [line for line, _ in SEED_LINKS], folder


# --- bad articles ----------------------------------------------------------------------

BAD_ARTICLES = {
    "yaml-error": ("---\ntitle: T\ndescription: a: b\n---\n", 3, "frontmatter is not valid YAML: "),
    "yaml-tab": ("---\ntitle: T\n\tbad\n---\n", 3, "frontmatter is not valid YAML: "),
    "frontmatter-list": ("---\n- a\n- b\n---\n", 1, "frontmatter is a list, not a mapping of fields"),
    "frontmatter-scalar": ("---\njust text\n---\n", 1, "frontmatter is a str, not a mapping of fields"),
    "frontmatter-null": ("---\n---\nbody\n", 1, "frontmatter is empty, not a mapping of fields"),
    "frontmatter-blank": ("---\n\n---\nbody\n", 1, "frontmatter is empty, not a mapping of fields"),
    "no-title": ("---\ndescription: d\n---\n", 2, "frontmatter has no 'title'"),
    "empty-title": ("---\ndescription: d\ntitle: ''\n---\n", 3, "frontmatter has no 'title'"),
    "number-title": ("---\ntitle: 123\n---\n", 2, "'title' must be text, not a number"),
    "date-title": ("---\nkeywords: x\ntitle: 2020-01-01\n---\n", 3, "'title' must be text, not a date"),
    "list-description": (
        "---\ntitle: T\ndescription: [a]\n---\n",
        3,
        "'description' must be text, not a list",
    ),
    "bad-aliases": (
        "---\ntitle: T\naliases: [1, null]\n---\n",
        3,
        "'aliases' must be a comma-separated string or a list of text",
    ),
    "mapping-keywords": (
        "---\ntitle: T\nkeywords: {a: b}\n---\n",
        3,
        "'keywords' must be a comma-separated string or a list of text",
    ),
    "empty-file": ("", 1, "article is empty"),
    "blank-file": (" \n\n", 1, "article is empty"),
    "binary": (b"---\ntitle: T\n---\n\x00\x01\x02", 1, "article is a binary file, not text"),
    "no-frontmatter": (
        "# Title\n\ntext\n",
        1,
        "article has no YAML frontmatter between '---' lines (a title is required)",
    ),
    "unclosed-frontmatter": (
        "---\ntitle: T\n\nbody\n",
        1,
        "article has no YAML frontmatter between '---' lines (a title is required)",
    ),
    "not-utf8": (b"---\ntitle: T\n---\nok\n\xff\n", 5, "article is not UTF-8 (byte 0xff at offset 20)"),
    "not-utf8-latin1": (
        "---\ntitle: Købmand\n---\n".encode("latin-1"),
        2,
        "article is not UTF-8 (byte 0xf8 at offset 12)",
    ),
    "not-utf8-bom": (
        b"\xef\xbb\xbf---\ntitle: T\n---\nok\n\xff\n",
        5,
        "article is not UTF-8 (byte 0xff at offset 23)",
    ),
    "not-utf8-crlf": (
        b"---\r\ntitle: T\r\n---\r\nok\r\n\xff\r\n",
        5,
        "article is not UTF-8 (byte 0xff at offset 24)",
    ),
    "not-utf8-cr": (b"---\rtitle: T\r---\rok\r\xff\r", 5, "article is not UTF-8 (byte 0xff at offset 20)"),
}


@pytest.mark.parametrize(("text", "line", "message"), BAD_ARTICLES.values(), ids=BAD_ARTICLES.keys())
def test_bad_article(tmp_path: Path, text: str | bytes, line: int, message: str) -> None:
    good = term(tmp_path, "good.md", "title: Good\n")
    bad = write(tmp_path / "bad.md", text)
    corpus = load_corpus([tmp_path])
    # Exactly one finding, naming the file; the rest of the corpus still loads.
    (finding,) = corpus.check()
    assert (finding.subtype, finding.path, finding.line) == (Subtype.BAD_ARTICLE, str(bad), line)
    assert finding.message.startswith(message)
    if not message.endswith(": "):
        assert finding.message == message
    assert [a.path for a in corpus] == [str(good)]


def test_yaml_python_tag_is_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    bad = term(tmp_path, "bad.md", f"title: !!python/object/apply:os.system ['touch {marker}']\n")
    (finding,) = load_corpus([tmp_path]).check()
    assert (finding.subtype, finding.path, finding.line) == (Subtype.BAD_ARTICLE, str(bad), 2)
    assert "could not determine a constructor" in finding.message
    assert not marker.exists()


def test_yaml_error_line_is_counted_in_the_whole_file(tmp_path: Path) -> None:
    bad = write(
        tmp_path / "bad.md", "\ufeff---\r\ntitle: T\r\nkeywords: a\r\nfoo: [1, 2\r\nbar: 3\r\n---\r\n"
    )
    (finding,) = load_corpus([tmp_path]).check()
    assert (finding.path, finding.line) == (str(bad), 5)
    assert finding.message == "frontmatter is not valid YAML: did not find expected ',' or ']'"


def test_folder_named_like_an_article(tmp_path: Path) -> None:
    (tmp_path / "x.md").mkdir()
    term(tmp_path / "x.md", "inside.md", "title: Inside\n")
    corpus = load_corpus([tmp_path])
    assert corpus.check() == [
        Finding(Subtype.BAD_ARTICLE, str(tmp_path / "x.md"), 0, "a folder is named like an article; skipped")
    ]
    assert [a.title for a in corpus] == ["Inside"]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_symlink_leading_outside_the_corpus(tmp_path: Path) -> None:
    outside = term(tmp_path, "secret.md", "title: Secret\n")
    corpus_dir = tmp_path / "corpus"
    term(corpus_dir, "a.md", "title: A\n")
    (corpus_dir / "inside-link.md").symlink_to(corpus_dir / "a.md")
    (corpus_dir / "escape.md").symlink_to(outside)
    (corpus_dir / "dangling.md").symlink_to(tmp_path / "missing.md")
    corpus = load_corpus([corpus_dir])
    assert summary(corpus.check()) == [
        ("bad_article", "dangling.md", 0),
        ("bad_article", "escape.md", 0),
    ]
    # a link within the corpus is fine: its target is loaded once, by its own name
    assert [a.path for a in corpus] == [str(corpus_dir / "a.md")]
    assert corpus.lookup("secret") is None
    assert path_of(corpus, "a") == str(corpus_dir / "a.md")


def test_oversized_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = term(tmp_path, "big.md", "title: Big\n", "x" * 100)
    monkeypatch.setattr(sphinx_bizterms.corpus.article, "MAX_ARTICLE_BYTES", 64)
    size = big.stat().st_size
    assert load_corpus([tmp_path]).check() == [
        Finding(Subtype.BAD_ARTICLE, str(big), 1, f"article is {size} bytes, over the 64-byte limit; skipped")
    ]


def test_unreadable_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = term(tmp_path, "bad.md", "title: T\n")
    read_file = sphinx_bizterms.corpus.article.read_file

    def refuse(path: str) -> bytes:
        if Path(path).name == "bad.md":  # chmod 0 does not stop root, so refuse here
            raise PermissionError(13, "Permission denied", str(path))
        return read_file(path)

    monkeypatch.setattr(sphinx_bizterms.corpus.article, "read_file", refuse)
    assert load_corpus([tmp_path]).check() == [
        Finding(Subtype.BAD_ARTICLE, str(bad), 1, "cannot read article: Permission denied")
    ]


def test_load_article_returns_a_finding_for_a_missing_file(tmp_path: Path) -> None:
    finding = load_article(tmp_path / "missing.md")
    assert isinstance(finding, Finding)
    assert finding.subtype is Subtype.BAD_ARTICLE


def test_which_files_are_articles(tmp_path: Path) -> None:
    for name in [
        "a.md",
        "b.markdown",
        "c.txt",
        "d.MD",
        "e.rst",
        "f.md.bak",
        ".hidden.md",
        ".git/g.md",
        "sub/h.md",
    ]:
        term(tmp_path, name, f"title: {Path(name).name}\n")
    found = sorted(Path(a.path).relative_to(tmp_path).as_posix() for a in load_corpus([tmp_path]))
    assert found == ["a.md", "b.markdown", "c.txt", "d.MD", "sub/h.md"]
    only_md = load_corpus([tmp_path], suffixes=[".md"])
    assert sorted(Path(a.path).name for a in only_md) == ["a.md", "d.MD", "h.md"]


# --- links in the corpus ---------------------------------------------------------------


def test_links_resolve_through_every_key_form(tmp_path: Path) -> None:
    term(tmp_path, "vendor.md", "title: Vendor\n")
    term(tmp_path, "data.md", "title: Data Breach\n")
    source = term(
        tmp_path,
        "source.md",
        "title: Source\n",
        "[a](/vendor) [b](/Vendor/) [c](/vendor.md) [d](/vendor.html?x=1) [e](/data-breach#risks)\n"
        "[f](/databreach) [g](/data%20breach) [h](https://example.com/nothing) [i](mailto:x@y.z)\n",
    )
    corpus = load_corpus([tmp_path])
    assert corpus.check() == []
    article = corpus.lookup("source")
    assert article is not None and article.path == str(source)
    assert [a.slug for a in corpus.linked(article)] == ["vendor", "data-breach"]


def test_linked_leaves_out_self_and_broken_links(tmp_path: Path) -> None:
    term(tmp_path, "a.md", "title: A\n", "[self](/a) [b](/b) [missing](/missing) [b again](/b)\n")
    term(tmp_path, "b.md", "title: B\n", "[a](/a)\n")
    corpus = load_corpus([tmp_path])
    assert [a.slug for a in corpus.linked(corpus.by_slug["a"])] == ["b"]
    assert [a.slug for a in corpus.linked(corpus.by_slug["b"])] == ["a"]


def test_broken_link_suggestions(tmp_path: Path) -> None:
    term(tmp_path, "vendor.md", "title: Vendor\n")
    source = term(tmp_path, "source.md", "title: Source\n", "\nSee [vendors](/vendr).\n")
    corpus = load_corpus([tmp_path])
    assert corpus.check() == [
        Finding(
            Subtype.BROKEN_LINK,
            str(source),
            5,
            "broken internal link '/vendr': no article has that key; did you mean 'Vendor'?",
            "/vendr",
            ("Vendor",),
        )
    ]


def test_body_findings_only_for_the_given_articles(tmp_path: Path) -> None:
    term(tmp_path, "a.md", "title: A\n", "[x](/x)\n")
    term(tmp_path, "b.md", "title: B\n", "[y](/y) <b>html</b>\n")
    corpus = load_corpus([tmp_path])
    assert summary(corpus.body_findings([corpus.by_slug["b"]])) == [
        ("broken_link", "b.md", 4),
        ("unsafe_content", "b.md", 4),
    ]


def test_unsafe_content_lines_in_the_whole_file(tmp_path: Path) -> None:
    body = (
        "\n"  # 4
        "<div>raw</div>\n"  # 5
        "\n"
        "Inline <span>x</span> here.\n"  # 7
        "\n"
        "```{include} ../secret.md\n"  # 9
        "```\n"
        "\n"
        "{eval-rst}`.. raw:: html`\n"  # 12
        "\n"
        "[click](javascript:alert(1))\n"  # 14
        "\n"
        "![logo](logo.png)\n"  # 16
        "\n"
        "[file](report.pdf)\n"  # 18
    )
    article = term(tmp_path, "a.md", "title: A\n", body)
    findings = load_corpus([tmp_path]).check()
    assert {f.path for f in findings} == {str(article)}
    assert [(f.subtype.value, f.line, f.message) for f in findings] == [
        ("unsafe_content", 5, "raw HTML is shown as text"),
        ("unsafe_content", 7, "raw HTML is shown as text"),  # <span> and </span>: one finding
        ("unsafe_content", 9, "MyST directive {include} is not run"),
        ("unsafe_content", 12, "MyST role {eval-rst} is not run"),
        ("unsafe_content", 14, "link 'javascript:alert(1)' has an unsafe scheme"),
        ("unsafe_content", 16, "local image 'logo.png' is not copied"),
        ("unsafe_content", 18, "link to the local file 'report.pdf' is shown as text"),
    ]


def test_internal_prefixes(tmp_path: Path) -> None:
    term(tmp_path, "vendor.md", "title: Vendor\n")
    term(tmp_path, "a.md", "title: A\n", "[v](/terms/vendor) [w](/terms/nobody)\n")
    corpus = load_corpus([tmp_path], prefixes=["/terms/"])
    assert [(f.subtype.value, f.target) for f in corpus.check()] == [("broken_link", "/terms/nobody")]


def test_check_is_sorted_by_file_and_line(tmp_path: Path) -> None:
    term(tmp_path, "b.md", "title: B\n", "[x](/x)\n\n[y](/y)\n")
    term(tmp_path, "a.md", "title: A\n", "\n\n[z](/z)\n")
    write(tmp_path / "c.md", "no frontmatter\n")
    assert summary(load_corpus([tmp_path]).check()) == [
        ("broken_link", "a.md", 6),
        ("broken_link", "b.md", 4),
        ("broken_link", "b.md", 6),
        ("bad_article", "c.md", 1),
    ]
