"""Reading article bodies without Sphinx: internal links, unsafe content, and their lines."""

from __future__ import annotations

import pytest

from sphinx_bizterms.corpus.markdown import LinkKind, classify_link, scan_body

PREFIXES = ("/",)


def links(body: str, first_line: int = 1) -> list[tuple[str, int]]:
    """``(key, line)`` of each internal link of ``body``."""
    return [(link.key, link.line) for link in scan_body(body, first_line, PREFIXES).links]


def unsafe(body: str, first_line: int = 1) -> list[tuple[int, str]]:
    return [(u.line, u.message) for u in scan_body(body, first_line, PREFIXES).unsafe]


@pytest.mark.parametrize(
    ("href", "kind", "key"),
    [
        ("/subcontracting", LinkKind.INTERNAL, "subcontracting"),
        ("/data-breach#risks", LinkKind.INTERNAL, "data-breach"),
        ("/vendor/", LinkKind.INTERNAL, "vendor"),
        ("/x.md", LinkKind.INTERNAL, "x"),
        ("/x.html?y=1", LinkKind.INTERNAL, "x"),
        ("/X.MD", LinkKind.INTERNAL, "X"),
        ("/%C3%A6bler", LinkKind.INTERNAL, "æbler"),  # markdown-it percent-encodes hrefs
        ("/data%20breach", LinkKind.INTERNAL, "data breach"),
        ("http://example.com/x", LinkKind.EXTERNAL, ""),
        ("https://example.com/vendor", LinkKind.EXTERNAL, ""),
        ("HTTPS://example.com", LinkKind.EXTERNAL, ""),
        ("mailto:a@example.com", LinkKind.EXTERNAL, ""),
        ("//example.com/vendor", LinkKind.EXTERNAL, ""),
        ("#risks", LinkKind.ANCHOR, ""),
        ("vendor.md", LinkKind.FILE, "vendor.md"),
        ("./vendor.md#risks", LinkKind.FILE, "./vendor.md"),
        ("../vendor/", LinkKind.FILE, "../vendor/"),
        ("../secret.txt", LinkKind.FILE, "../secret.txt"),
        ("chart.png", LinkKind.LOCAL, ""),
        ("../files/report.pdf", LinkKind.LOCAL, ""),
        ("/docs/concepts/pods/", LinkKind.SITE, ""),
        ("/", LinkKind.SITE, ""),
        ("/#top", LinkKind.SITE, ""),
        ("javascript:alert(1)", LinkKind.UNSAFE, ""),
        ("data:text/html,x", LinkKind.UNSAFE, ""),
        ("file:///etc/passwd", LinkKind.UNSAFE, ""),
    ],
)
def test_classify_link(href: str, kind: LinkKind, key: str) -> None:
    assert classify_link(href, PREFIXES) == (kind, key)


def test_classify_link_with_other_prefixes() -> None:
    prefixes = ("/terms/", "term:")
    assert classify_link("/terms/vendor", prefixes) == (LinkKind.INTERNAL, "vendor")
    # A prefix that looks like a scheme is still a scheme: it must not become internal.
    assert classify_link("term:vendor", prefixes) == (LinkKind.UNSAFE, "")
    # Site-absolute but under no prefix, or deeper than one segment: a page of the site.
    assert classify_link("/vendor", prefixes) == (LinkKind.SITE, "")
    assert classify_link("/terms/a/b", prefixes) == (LinkKind.SITE, "")


def test_link_lines_are_counted_from_first_line() -> None:
    assert links("[a](/a)\n\n[b](/b)\n", first_line=7) == [("a", 7), ("b", 9)]


def test_links_in_a_multi_line_paragraph() -> None:
    body = "one [a](/a)\ntwo\nthree [b](/b) [c](/c)\n[d\ntext](/d)\n"
    assert links(body) == [("a", 1), ("b", 3), ("c", 3), ("d", 4)]


def test_links_in_lists_quotes_and_headings() -> None:
    body = (
        "# [h](/h)\n\n- item [a](/a)\n  more [b](/b)\n- [c](/c)\n\n1. x\n\n   [d](/d)\n\n> quote\n> [e](/e)\n"
    )
    assert links(body) == [("h", 1), ("a", 3), ("b", 4), ("c", 5), ("d", 9), ("e", 12)]


def test_links_in_a_table() -> None:
    body = "| a | b |\n|---|---|\n| [x](/x) | c |\n| d | `e` [y](/y) |\n"
    assert links(body) == [("x", 3), ("y", 4)]


def test_reference_style_links_count_where_they_are_used() -> None:
    body = "See [the vendor][v] and [Vendor].\n\n[v]: /vendor\n[vendor]: /vendor#top\n"
    assert links(body) == [("vendor", 1), ("vendor", 1)]


def test_code_is_not_a_link() -> None:
    body = (
        "Text `[a](/in-code-span)` text.\n"
        "\n"
        "```\n"
        "[b](/in-fence)\n"
        "```\n"
        "\n"
        "~~~markdown\n"
        "[c](/in-tilde-fence)\n"
        "~~~\n"
        "\n"
        "    [d](/in-indented-code)\n"
        "\n"
        "[real](/real)\n"
    )
    assert links(body) == [("real", 13)]


def test_lines_stay_right_after_code_spans_and_roles_across_lines() -> None:
    # Line ends inside these become spaces, and a link title leaves no token of its own.
    body = (
        "a `code\n"  # 1
        "span` [a](/a)\n"  # 2
        "{abbr}`x\n"  # 3
        "y` [b](/b)\n"  # 4
        '[t](/t "a\n'  # 5
        'title") [c](/c)\n'  # 6
        "![alt\n"  # 7
        "text](https://x.test/i.png) [d](/d)\n"  # 8
    )
    assert links(body) == [("a", 2), ("b", 4), ("t", 5), ("c", 6), ("d", 8)]


def test_external_and_anchor_links_are_not_internal() -> None:
    body = "[w](https://example.com/vendor) [m](mailto:x@example.com) [h](//host/x) [f](#frag) <https://x.test>\n"
    assert links(body) == []
    assert unsafe(body) == []


def test_link_text_and_target_are_kept() -> None:
    (link,) = scan_body("[the *data* `breach`](/data-breach#risks)", 3, PREFIXES).links
    assert link.text == "the data breach"
    assert link.target == "/data-breach#risks"
    assert link.line == 3


def test_non_ascii_link_targets() -> None:
    (link,) = scan_body("[æbler](/æbler)", 1, PREFIXES).links
    assert (link.key, link.target) == ("æbler", "/æbler")


def test_raw_html_block_and_inline() -> None:
    body = "text\n\n<div>\nblock\n</div>\n\nsome <b>bold</b> text\n"
    assert unsafe(body, first_line=5) == [
        (7, "raw HTML is shown as text"),
        (11, "raw HTML is shown as text"),
        (11, "raw HTML is shown as text"),
    ]


def test_myst_directive_fence() -> None:
    body = "text\n\n```{include} /etc/passwd\n```\n\n```python\nok = 1\n```\n"
    scan = scan_body(body, 1, PREFIXES)
    assert [(u.line, u.message, u.target) for u in scan.unsafe] == [
        (3, "MyST directive {include} is not run", "{include}")
    ]


def test_myst_role() -> None:
    body = "text\nmore {eval-rst}`:download:`x`` end\n"
    scan = scan_body(body, 1, PREFIXES)
    assert [(u.line, u.message, u.target) for u in scan.unsafe] == [
        (2, "MyST role {eval-rst} is not run", "eval-rst")
    ]


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", "JavaScript:alert(1)", "vbscript:x", "data:text/html,x", "file:///etc/passwd"],
)
def test_links_with_unsafe_schemes(href: str) -> None:
    # markdown-it itself turns these into plain text; each must still be reported.
    body = f"first\n[click]({href}) after\n"
    assert unsafe(body) == [(2, f"link '{href}' has an unsafe scheme")]


def test_unsafe_scheme_in_an_autolink_and_a_reference() -> None:
    body = "<javascript:alert(1)>\n\n[x][ref]\n\n[ref]: javascript:alert(2)\n"
    assert unsafe(body) == [
        (1, "link 'javascript:alert(1)' has an unsafe scheme"),
        (3, "link 'javascript:alert(2)' has an unsafe scheme"),
    ]


def test_local_images_and_file_links() -> None:
    body = "![logo](img/logo.png)\n\n![remote](https://example.com/x.png)\n\n[sheet](../data.xlsx)\n"
    assert unsafe(body) == [
        (1, "local image 'img/logo.png' is not copied"),
        (5, "link to the local file '../data.xlsx' is shown as text"),
    ]


def test_a_second_frontmatter_block() -> None:
    assert unsafe("---\ntitle: again\n---\ntext\n", first_line=5) == [
        (5, "a second frontmatter block is shown as text")
    ]


def test_empty_body() -> None:
    assert scan_body("", 1, PREFIXES) == ((), ())
