"""The fast scan of plain article bodies finds what markdown-it finds, or steps aside."""

from __future__ import annotations

import pytest
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from sphinx_bizterms.corpus.article import decode, split_body
from sphinx_bizterms.corpus.markdown import Link, _scan_parsed, _scan_plain, scan_body

from helpers import SEED, SEEDS, weighted

#: Prose, links in every form the scan reads, and the block and inline markup around them
#: (quotes, lists, headings, breaks, emphasis) that markdown-it may still read otherwise.
PLAIN = [
    "word",
    "Ærø",
    " ",
    "  ",
    "\n",
    "\n\n",
    "[text](/key)",
    "[two words](/data-breach#risks)",
    "[](/empty)",
    "[x](/æbler)",
    "[x](/a%20b)",
    "[x](/a_b.md)",
    "[x](//host/x)",
    "[x](https://example.com/a)",
    "[x](mailto:a@b.c)",
    "[x](javascript:x)",
    "[x](data:x)",
    "[x](file.md)",
    "[x](../up.md)",
    "[x](#here)",
    "[x]()",
    "!",
    "(",
    ")",
    "> ",
    "- ",
    "1. ",
    "# ",
    "## Heading [x](/in-heading)",
    "Heading\n=======",
    "---",
    "***",
    "&",
    "&#91;",
    "*",
    "_",
    "**[x](/strong)**",
]
#: Plain inside a line, not at its start: indented code, MyST comments, blocks and targets.
LINE_STARTS = [
    "    [x](/indented)",
    ">     [x](/quoted-code)",
    "-     [x](/list-code)",
    "% comment [x](/c)",
    "+++",
    "(target)=",
]
#: What makes a link something else, hides one or adds one: titles and odd targets, markup in
#: the text, reference links, footnotes, images, code, raw HTML, autolinks, MyST roles,
#: tables, escapes, NUL, and the brackets of a link apart.
OTHER = [
    "[x](javascript:alert(1))",
    "[x](/a 'title')",
    "[x](</a b>)",
    "[a *b*](/c)",
    "[a_b](/c)",
    "[a &amp; b](/c)",
    "[a\\]b](/c)",
    "[a [b] c](/d)",
    "[ref]",
    "[ref]: /def",
    "[x][ref]",
    "[^1]",
    "[^1]: note",
    "![img](/i.png)",
    "[",
    "]",
    "](",
    "`",
    "`[x](/code)`",
    "```\n[x](/fenced)\n```",
    "~~~",
    "\t[x](/tab)",
    "<b>",
    "<https://x.y>",
    "<!-- [x](/c) -->",
    "{abbr}`x`",
    "{",
    "|",
    "| a | [x](/t) |\n| - | - |",
    "\\[x](/escaped)",
    "\0",
]

#: Bodies of the plain kind (three in four: the scan takes most, and the property compares),
#: or of any pieces. Built, not filtered: drawn from any pieces alone, about one in seven
#: was taken.
bodies = weighted(
    (4, st.lists(weighted((12, st.sampled_from(PLAIN)), (1, st.sampled_from(LINE_STARTS))), max_size=14)),
    (1, st.lists(st.sampled_from(PLAIN + LINE_STARTS + OTHER), max_size=14)),
).map("".join)
prefixes = st.sampled_from([("/",), ("/terms/",), ("/", "/terms/")])


@settings(max_examples=3000, deadline=None)
@given(body=bodies, prefixes=prefixes, first_line=st.integers(1, 9))
@example(body="- % comment [x](/c)", prefixes=("/",), first_line=1)  # a MyST comment in a list
@example(body="1. (label)=\n[x](/c)", prefixes=("/",), first_line=1)
@example(body="- ---word\nword", prefixes=("/",), first_line=1)  # frontmatter in a first list item
def test_plain_scan_agrees_with_markdown_it_or_steps_aside(
    body: str, prefixes: tuple[str, ...], first_line: int
) -> None:
    plain = _scan_plain(body, first_line, prefixes)
    event(f"plain scan: {plain is not None}")
    event(f"plain scan with links: {plain is not None and bool(plain.links)}")
    if plain is not None:
        assert plain == _scan_parsed(body, first_line, prefixes)


@pytest.mark.parametrize(
    "body",
    [
        "`[x](/code)`",
        "    [x](/indented)\n",
        ">     [x](/quoted-code)\n",
        "[ref]\n\n[ref]: /def\n",
        "% comment [x](/c)\n",
        "<a href='/x'>[x](/y)</a>\n",
        "---\ntitle: again\n---\n[x](/y)\n",
        "![img](/i.png)\n",
        "[a [b] c](/d)\n",
        "[x](/a 'title')\n",
    ],
)
def test_plain_scan_steps_aside_where_markdown_decides(body: str) -> None:
    assert _scan_plain(body, 1, ("/",)) is None


def test_plain_scan_takes_ordinary_articles() -> None:
    parts = split_body(decode((SEEDS / SEED).read_bytes()))
    plain = _scan_plain(parts.body, parts.body_line, ("/",))
    assert plain is not None
    assert plain == _scan_parsed(parts.body, parts.body_line, ("/",))
    assert (
        Link(
            "subcontracting",
            "/subcontracting",
            "underleverandør af forskellige forretningsrelaterede operationer",
            10,
        )
        in plain.links
    )


def test_scan_body_lines_count_in_the_whole_file() -> None:
    body = "Intro.\n\nSee [a](/a) and\n[b](/b-key#part).\n\n> quoted [c](/c/)\n"
    scan = scan_body(body, 7, ("/",))
    assert [(link.key, link.line) for link in scan.links] == [("a", 9), ("b-key", 10), ("c", 12)]
    assert scan == _scan_parsed(body, 7, ("/",))
