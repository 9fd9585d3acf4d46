"""The Markdown of site generators, read without Sphinx: wikilinks, comments, admonitions, links."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinx_bizterms.corpus.article import Article, first_paragraph, load_article
from sphinx_bizterms.corpus.findings import Finding
from sphinx_bizterms.corpus.index import Corpus
from sphinx_bizterms.corpus.load import load_corpus
from sphinx_bizterms.corpus.markdown import FILE_LINK, KEY_LINK, SITE_LINK, scan_body
from sphinx_bizterms.corpus.settings import CorpusSettings, Rewrite, corpus_settings
from sphinx_bizterms.corpus.syntax import Admonition, admonition_of, strip_comments, wikilinks_as_text

from helpers import write


def scanned(body: str) -> tuple[list[tuple[str, str, str, int, str]], list[tuple[int, str]]]:
    scan = scan_body(body, 1, ("/",))
    return [tuple(link) for link in scan.links], [(u.line, u.message) for u in scan.unsafe]  # type: ignore[misc]


def test_wikilinks_are_links_by_key_with_their_text_and_line() -> None:
    links, unsafe = scanned("One [[Vendor]] and\n[[data breach#risks|a breach]] here.\n")
    assert links == [
        ("Vendor", "[[Vendor]]", "Vendor", 1, KEY_LINK),
        ("data breach", "[[data breach#risks|a breach]]", "a breach", 2, KEY_LINK),
    ]
    assert unsafe == []


@pytest.mark.parametrize(
    "body",
    [
        "`[[vendor]]` in code",
        "    [[vendor]] in an indented code block",
        "[[a\nb]] spans lines",
        "[[]] is empty",
    ],
)
def test_what_is_not_a_wikilink(body: str) -> None:
    assert scanned(body)[0] == []


def test_a_heading_of_the_same_note_is_text() -> None:
    assert scanned("See [[#Risks]] and [[#Risks|the risks]].")[0] == []
    assert wikilinks_as_text("See [[#Risks]] and [[#Risks|the risks]].") == "See Risks and the risks."


def test_embeds_are_not_shown_and_reported_like_local_images() -> None:
    links, unsafe = scanned("A chart:\n![[diagram.png]] and ![[Vendor]].\n")
    assert links == []
    assert unsafe == [
        (2, "embedded file 'diagram.png' is not shown"),
        (2, "embedded file 'Vendor' is not shown"),
    ]


def test_a_markdown_link_whose_text_is_in_brackets_stays_a_link() -> None:
    assert [link[0] for link in scanned("[[a]](/vendor)")[0]] == ["vendor"]


def test_brackets_without_end_cost_a_constant_each() -> None:
    # Each ``[`` tries the wikilink rule; a regular-expression search to the end of the text
    # each time would make this body (100,000 brackets) take minutes instead of a second.
    assert scanned("[[" * 50_000)[0] == []
    assert scanned(("[[" + "a" * 400) * 500)[0] == []


def test_relative_and_site_links_have_their_form() -> None:
    body = "[a](vendor.md) [b](../vendor/#x) [c](/docs/concepts/pods/) [d](/pod) [e](chart.png)\n"
    links, unsafe = scanned(body)
    assert [(link[0], link[1], link[4]) for link in links] == [
        ("vendor.md", "vendor.md", FILE_LINK),
        ("../vendor/", "../vendor/#x", FILE_LINK),
        ("", "/docs/concepts/pods/", SITE_LINK),
        ("pod", "/pod", KEY_LINK),
    ]
    assert unsafe == [(1, "link to the local file 'chart.png' is shown as text")]


def test_html_comments_are_invisible_and_hide_their_links() -> None:
    body = (
        "Intro.\n<!--more-->\n\nText <!-- [inline](/hidden) --> [shown](/shown).\n\n"
        "<!--\n[hidden](/block)\n<b>bold</b>\n-->\n\n<b>raw</b> [last](/last)\n"
    )
    links, unsafe = scanned(body)
    assert [(link[0], link[3]) for link in links] == [("shown", 4), ("last", 11)]
    assert unsafe == [(11, "raw HTML is shown as text")] * 2  # one finding: see Corpus.body_findings


def test_strip_comments_keeps_lines_and_is_linear() -> None:
    assert strip_comments("a<!-- x\ny -->b\nc") == "a\nb\nc"
    assert strip_comments("a <!-- never closed\nb") == "a \n"
    assert strip_comments("<!--" * 100_000) == "\n" * 0


def test_admonition_lines() -> None:
    assert admonition_of("note[Posting rules]") == Admonition("note", "Posting rules")
    assert admonition_of("tip Keep it short") == Admonition("tip", "Keep it short")
    assert admonition_of("warning") == Admonition("warning", "")
    assert admonition_of(" danger{#id}") == Admonition("danger", "")
    assert admonition_of("details Click") is None
    assert admonition_of("{note}") is None


def test_admonitions_are_not_findings_and_their_links_count() -> None:
    links, unsafe = scanned(":::note[Title]\nSee [[vendor]].\n:::\n\n:::tip\nText.\n:::\n")
    assert [(link[0], link[3]) for link in links] == [("vendor", 2)]
    assert unsafe == []


def test_first_paragraph_without_comments_admonitions_and_wikilinks() -> None:
    assert first_paragraph("<!-- draft -->\nThe [[ledger|main ledger]] of [[Vendor]].\n") == (
        "The main ledger of Vendor."
    )
    assert first_paragraph("Summary.\n<!--more-->\nRest of it.\n") == "Summary."
    assert first_paragraph(":::note\nA note.\n:::\n\nBody.\n") == "Body."
    assert wikilinks_as_text("no links") == "no links"


def corpus_of(tmp_path: Path, files: dict[str, str]) -> Corpus:
    for name, text in files.items():
        write(tmp_path / name, text)
    return load_corpus([str(tmp_path)])


def test_relative_links_find_articles_by_path(tmp_path: Path) -> None:
    corpus = corpus_of(
        tmp_path,
        {
            "terms/ledger.md": "---\ntitle: Ledger\n---\n[a](vendor.md) [b](./vendor.md#risks) "
            "[c](../terms/invoice/) [d](../invoice) [e](../other/vendor.md) [f](vendor.html)\n",
            "terms/vendor.md": "---\ntitle: Vendor\n---\nText.\n",
            "terms/invoice.md": "---\ntitle: Invoice\n---\nText.\n",
            "other/vendor.md": "---\ntitle: Other Vendor\n---\nText.\n",
        },
    )
    ledger = corpus.lookup("ledger")
    assert ledger is not None
    assert [a.title for a in corpus.linked(ledger)] == ["Vendor", "Invoice", "Other Vendor"]
    assert corpus.body_findings([ledger]) == []


def test_unresolved_links_each_have_their_finding(tmp_path: Path) -> None:
    corpus = corpus_of(
        tmp_path,
        {
            "ledger.md": "---\ntitle: Ledger\n---\n[a](missing.md) [[Nowhere]]\n"
            "[b](/docs/a/b/) [c](../intro/) [d](/)\n[e](notes.txt)\n",
        },
    )
    findings = [(f.subtype.value, f.line, f.message) for f in corpus.check()]
    assert findings == [
        ("broken_link", 4, "broken internal link '[[Nowhere]]': no article has that key"),
        ("broken_link", 4, "broken link 'missing.md': no article of the corpus is that file"),
        (
            "config",
            5,
            "link '/docs/a/b/' and 2 more to pages of the site, not terms, shown as text; "
            "set the corpus's site_url to make them links",
        ),
        ("unsafe_content", 6, "link to the local file 'notes.txt' is shown as text"),
    ]


def test_titles_from_file_names(tmp_path: Path) -> None:
    note = write(tmp_path / "Three-Way Match.md", "---\naliases: [3WM]\n---\nChecks a bill twice.\n")
    bare = write(tmp_path / "Goods Receipt.md", "The record that goods arrived.\n")
    for path in (note, bare):
        assert isinstance(load_article(path), Finding)  # no title: a bad article by default
    article = load_article(note, title_from_file_name=True)
    assert isinstance(article, Article)
    assert (article.title, article.slug, article.aliases) == ("Three-Way Match", "three-way-match", ("3WM",))
    article = load_article(bare, title_from_file_name=True)
    assert isinstance(article, Article)
    assert (article.title, Corpus([article]).description(article), article.body_line) == (
        "Goods Receipt",
        "The record that goods arrived.",
        1,
    )


def test_rewrites_apply_to_descriptions_which_are_plain_text(tmp_path: Path) -> None:
    shortcode = Rewrite(r'\{\{<\s*tip\s+term="([^"]*)"\s*>\}\}', r"[\1](/\1)")
    path = write(
        tmp_path / "a.md",
        '---\ntitle: A\ndescription: Like {{< tip term="b" >}}, but *more*.\n---\nText.\n',
    )
    described = load_article(path, rewrite=[shortcode])
    assert isinstance(described, Article)
    assert described.description == "Like b, but more."
    assert load_article(path).description == 'Like {{< tip term="b" >}}, but *more*.'  # type: ignore[union-attr]
    write(path, '---\ntitle: A\n---\nSee {{< tip term="c" >}}.\n')
    corpus = load_corpus([CorpusSettings(str(tmp_path), rewrite=(shortcode,))])
    assert corpus.description(corpus.by_slug["a"]) == "See c."


def test_title_from_file_name_is_a_flag(tmp_path: Path) -> None:
    write(tmp_path / "bizterms.toml", "title_from_file_name = true\n")
    settings, findings = corpus_settings(str(tmp_path), "", ("/",))
    assert (settings and settings.title_from_file_name, findings) == (True, [])
    settings, findings = corpus_settings({"path": str(tmp_path), "title_from_file_name": "yes"}, "", ("/",))
    assert settings is not None and settings.title_from_file_name  # the file's value stands
    assert [f.message for f in findings] == [
        f"bizterms_corpus entry {str(tmp_path)!r}: setting 'title_from_file_name' must be true or false, "
        "not 'yes'; ignored"
    ]
