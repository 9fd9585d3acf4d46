"""Read article bodies the way MyST does: internal links and unsafe content, with lines."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from enum import Enum
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.myst_blocks import myst_block_plugin
from mdit_py_plugins.myst_role import myst_role_plugin

from .syntax import is_comment, site_syntax

#: Schemes an article may link to; every other scheme is shown as plain text.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_KEY_SUFFIX = re.compile(r"\.(mdx?|html)$", re.IGNORECASE)
#: The finding of an image that is not shown (``on_the_site`` tells it again).
LOCAL_IMAGE = "local image '{}' is not copied"
#: A relative link to one of these (or to a name without a suffix) may be another article.
ARTICLE_SUFFIXES = (".md", ".mdx", ".markdown", ".txt")

#: Inline rules whose tokens the scan reports, and so must know the line of.
_LOCATED_RULES = frozenset(
    {"link", "image", "autolink", "html_inline", "myst_role", "wikilink", "wikilink_embed"}
)
#: What every one of those starts with: ``[`` (links, images, footnote references),
#: ``<`` (autolinks, raw HTML) and ``{`` (roles).
_MAY_REPORT = re.compile(r"[\[<{]")

#: An inline link with plain text and a destination without spaces, parentheses or escapes.
_PLAIN_LINK = re.compile(r"\[([^\[\]\n&\\*_`]*)\]\(([^()\s<>&\\]*)\)")
#: What can make a ``[text](target)`` something else than a link, or hide or add one:
#: code (backticks, tildes, tabs), raw HTML and autolinks, escapes, MyST roles, tables, NUL;
_NOT_PLAIN_CHARS = re.compile(r"[`~<{}|\\\t\0]")
#: images, reference and footnote definitions;
_NOT_PLAIN_TEXT = ("![", "]:")
#: a second frontmatter: ``---`` on the body's first line, in a list item or a quote too;
_FRONTMATTER_START = re.compile(r"[ >*+\-.)\d]*---")
#: and at the start of a line (after quote or list markers): indented code, MyST comments,
#: block breaks and targets. (Searched for in "\n" + body: a literal start is fast.)
_NOT_PLAIN_LINE = re.compile(r"\n[ >*+\-.)\d]*(?: {4}|%|\+\+\+|\(.*\)=)")
#: Targets that markdown-it's normalizeLink leaves as they are: a path of safe characters.
_NORMAL_HREF = re.compile(r"/(?!/)[A-Za-z0-9/_.#?=-]*")


class LinkKind(Enum):
    """What a link target in an article is, and so what becomes of it."""

    INTERNAL = "internal"
    """Points into the corpus (``/key``): becomes a cross-reference to the target's entry."""
    FILE = "file"
    """A relative path that may be another article's file (``vendor.md``, ``../vendor/``)."""
    SITE = "site"
    """Site-absolute but no term link (``/docs/concepts/pods/``, ``/``): external with a
    site URL, else shown as text."""
    EXTERNAL = "external"
    """An http, https or mailto URL (or ``//host``): kept as a link."""
    ANCHOR = "anchor"
    """``#fragment`` within the article: shown as text."""
    LOCAL = "local"
    """A relative path to a file: never copied, shown as text."""
    UNSAFE = "unsafe"
    """Any other scheme (``javascript:``, ``data:``, ``file:``): shown as text."""
    BROKEN = "broken"
    """Internal, but no article has its key: shown as text (and reported)."""


#: The forms of :class:`Link`: a key (``/key``, ``[[key]]``), a relative path to an
#: article's file, and a link to another page of the corpus's site.
KEY_LINK, FILE_LINK, SITE_LINK = "key", "file", "site"


class Link(NamedTuple):
    """A link of an article body to a term, an article file or a page of the site."""

    #: The key (``KEY_LINK``), the relative path without fragment (``FILE_LINK``), or "".
    key: str
    #: The link's target as written (``/pod#x``, ``[[pod|Pods]]``, ``../pod/``).
    target: str
    text: str
    line: int
    form: str = KEY_LINK


class Unsafe(NamedTuple):
    """Content of an article body that is shown as text instead of being run or linked."""

    line: int
    message: str
    target: str = ""


class BodyScan(NamedTuple):
    """What one pass over an article body finds."""

    links: tuple[Link, ...]
    unsafe: tuple[Unsafe, ...]


def classify_link(href: str, prefixes: Sequence[str]) -> tuple[LinkKind, str]:
    """The kind of a link target and, for an internal one, its key (else ``""``)."""
    href = href.strip()
    scheme = _SCHEME.match(href)
    if scheme:
        kind = LinkKind.EXTERNAL if scheme.group(1).lower() in SAFE_SCHEMES else LinkKind.UNSAFE
        return kind, ""
    if href.startswith("//"):
        return LinkKind.EXTERNAL, ""
    for prefix in prefixes:
        if prefix and href.startswith(prefix):
            # markdown-it percent-encodes hrefs: ``/æbler`` arrives as ``/%C3%A6bler``.
            key = _path_of(href[len(prefix) :]).rstrip("/")
            if key and "/" not in key:
                return LinkKind.INTERNAL, _KEY_SUFFIX.sub("", key)
    if href.startswith("/"):
        return LinkKind.SITE, ""
    # ``[Smith 1999]()``, left by a rule that dropped a template tag, is the page itself.
    if not href or href.startswith("#"):
        return LinkKind.ANCHOR, ""
    path = _path_of(href)
    name = path.rsplit("/", 1)[-1]
    # ``vendor.md``, ``../vendor/`` and ``vendor`` may be articles; ``chart.png`` is not.
    if "." not in name or name.lower().endswith((*ARTICLE_SUFFIXES, ".html")):
        return LinkKind.FILE, path
    return LinkKind.LOCAL, ""


def unresolved_file(path: str) -> LinkKind:
    """What a relative link that finds no article is: ``BROKEN`` for a Markdown file
    (``vendor.md``), ``SITE`` for a page (``../intro/``, ``intro.html``), else ``LOCAL``."""
    name = path.rstrip("/").rsplit("/", 1)[-1].lower()
    if name.endswith((".md", ".mdx", ".markdown")):
        return LinkKind.BROKEN
    if path.endswith("/") or "." not in name or name.endswith(".html"):
        return LinkKind.SITE
    return LinkKind.LOCAL


def _path_of(href: str) -> str:
    return unquote(re.split(r"[#?]", href, maxsplit=1)[0])


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The block and inline grammar of myst-parser's default configuration."""
    return _myst_grammar(MarkdownIt("commonmark"))


class _AllLinksMarkdownIt(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        # markdown-it silently turns javascript:, vbscript:, file: and data: links into text;
        # the scan must see them as links to report each one as unsafe content.
        return True


_InlineRule = Callable[[StateInline, bool], bool]


def _located(rule: _InlineRule) -> _InlineRule:
    """``rule``, with each token it makes carrying its offset in the inline source.

    Counting line breaks between tokens falls behind after a code span or role that spans
    lines (their line ends become spaces) or a link title that does (it leaves no token).
    """

    def located_rule(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        found = rule(state, silent)
        if found and not silent:
            for token in state.tokens[count:]:
                token.meta.setdefault("pos", start)
        return found

    return located_rule


@lru_cache(maxsize=1)
def article_parser() -> MarkdownIt:
    """:func:`markdown_parser`'s grammar, keeping every link and the offset of what is reported.

    One parse by it serves both the scan of a shown article and its rendering (which shows a
    link of an unsafe scheme as its text): a hostile body is parsed once, not twice.
    """
    md = _myst_grammar(_AllLinksMarkdownIt("commonmark"))
    for rule in md.inline.ruler.__rules__:
        if rule.name in _LOCATED_RULES:
            md.inline.ruler.at(rule.name, _located(rule.fn), {"alt": rule.alt})
    return md


@lru_cache(maxsize=1)
def scan_parser() -> MarkdownIt:
    """:func:`article_parser`, parsing inline only the text in which something can be reported."""
    md = _myst_grammar(_AllLinksMarkdownIt("commonmark"))
    md.inline = article_parser().inline  # the same inline grammar, located rules and all
    md.core.ruler.at("inline", _inline_where_reported)
    return md


def _inline_where_reported(state: StateCore) -> None:
    """markdown-it's ``inline`` core rule, skipping text in which nothing can be reported.

    Inline parsing is half the cost of a scan, and most paragraphs and headings of an article
    hold no ``[``, ``<`` or ``{``: their children would only be text the scan passes over.
    """
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            if _MAY_REPORT.search(token.content):
                state.md.inline.parse(token.content, state.md, state.env, token.children)


def _myst_grammar(md: MarkdownIt) -> MarkdownIt:
    return (
        md.enable("table")
        .use(front_matter_plugin)
        .use(myst_block_plugin)
        .use(myst_role_plugin)
        .use(footnote_plugin, inline=False, move_to_end=False, always_match_refs=True)
        .use(site_syntax)
    )


def is_directive(token: Token) -> bool:
    """A fence like ```` ```{include} ```` is a MyST directive."""
    return token.type == "fence" and token.info.strip().startswith("{")


def _inline_children(token: Token, first_line: int) -> Iterator[tuple[int, Token]]:
    """The children of an inline token, each with its 1-based line in the body."""
    line = first_line
    for child in token.children or ():
        if "pos" in child.meta:
            line = first_line + token.content.count("\n", 0, child.meta["pos"])
        yield line, child
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type in ("html_inline", "code_inline", "text"):
            line += child.content.count("\n")


def scan_body(body: str, first_line: int, prefixes: Sequence[str]) -> BodyScan:
    """Find internal links and unsafe content in ``body``.

    ``first_line`` is the line of the file on which the body starts, so that every line
    reported is counted in the whole file. A link in a code span or block is not a link.
    """
    plain = _scan_plain(body, first_line, prefixes)
    return plain if plain is not None else _scan_parsed(body, first_line, prefixes)


def _scan_parsed(body: str, first_line: int, prefixes: Sequence[str]) -> BodyScan:
    """:func:`scan_body` by markdown-it with MyST's block and inline grammar."""
    return scan_tokens(scan_parser().parse(body), first_line, prefixes)


def scan_tokens(tokens: Sequence[Token], first_line: int, prefixes: Sequence[str]) -> BodyScan:
    """:func:`scan_body` of a body already parsed by :func:`article_parser` (or the scan's own)."""
    links: list[Link] = []
    unsafe: list[Unsafe] = []
    block_line = first_line
    for token in tokens:
        if token.map is not None:
            block_line = first_line + token.map[0]
        if token.type == "html_block":
            if not is_comment(token.content):
                unsafe.append(Unsafe(block_line, "raw HTML is shown as text"))
        elif is_directive(token):
            name = token.info.strip().split(maxsplit=1)[0]
            unsafe.append(Unsafe(block_line, f"MyST directive {name} is not run", name))
        elif token.type == "front_matter":
            unsafe.append(Unsafe(block_line, "a second frontmatter block is shown as text"))
        elif token.type == "inline":
            _scan_inline(token, block_line, prefixes, links, unsafe)
    return BodyScan(tuple(links), tuple(unsafe))


def _scan_plain(body: str, first_line: int, prefixes: Sequence[str]) -> BodyScan | None:
    """:func:`scan_body` of plain Markdown, by one regular expression; None for other bodies.

    Most articles are prose, headings, lists and quotes with links like ``[text](/key)``.
    When every bracket of a body belongs to such a link and nothing can hide or add one
    (see ``_NOT_PLAIN``), markdown-it finds exactly these links, on these lines, with this
    text: the scan of a shown article then costs a regex pass instead of a parse.
    """
    if (
        _NOT_PLAIN_CHARS.search(body)
        or any(text in body for text in _NOT_PLAIN_TEXT)
        or _FRONTMATTER_START.match(body)
        or _NOT_PLAIN_LINE.search("\n" + body)
    ):
        return None
    rest = _PLAIN_LINK.sub("", body)
    if "[" in rest or "]" in rest:
        return None
    links: list[Link] = []
    unsafe: list[Unsafe] = []
    line, counted = first_line, 0
    for found in _PLAIN_LINK.finditer(body):
        line += body.count("\n", counted, found.start())
        counted = found.start()
        # the href as markdown-it's link rule makes it (validateLink is off for the scan)
        target = found.group(2)
        raw = target if _NORMAL_HREF.fullmatch(target) else scan_parser().normalizeLink(target)
        href = unquote(raw)
        kind, key = classify_link(raw, prefixes)
        if kind in _LINKED:
            links.append(Link(key, href, found.group(1).strip(), line, _LINKED[kind]))
        else:
            _report_link(kind, href, line, unsafe)
    return BodyScan(tuple(links), tuple(unsafe))


#: The kinds of link target that the scan keeps as a :class:`Link`, and the link's form.
_LINKED = {LinkKind.INTERNAL: KEY_LINK, LinkKind.FILE: FILE_LINK, LinkKind.SITE: SITE_LINK}


def _report_link(kind: LinkKind, href: str, line: int, unsafe: list[Unsafe]) -> None:
    if kind is LinkKind.UNSAFE:
        unsafe.append(Unsafe(line, f"link '{href}' has an unsafe scheme", href))
    elif kind is LinkKind.LOCAL:
        unsafe.append(Unsafe(line, f"link to the local file '{href}' is shown as text", href))


def _scan_inline(
    token: Token,
    block_line: int,
    prefixes: Sequence[str],
    links: list[Link],
    unsafe: list[Unsafe],
) -> None:
    open_link: Link | None = None
    text: list[str] = []
    for line, child in _inline_children(token, block_line):
        if child.type == "link_open":
            raw = str(child.attrGet("href") or "")
            href = unquote(raw)
            kind, key = classify_link(raw, prefixes)
            if kind in _LINKED:
                open_link, text = Link(key, href, "", line, _LINKED[kind]), []
            else:
                _report_link(kind, href, line, unsafe)
        elif child.type == "wikilink_open":
            open_link, text = Link(child.meta["key"], child.meta["target"], "", line), []
        elif child.type in ("link_close", "wikilink_close") and open_link is not None:
            links.append(open_link._replace(text="".join(text).strip()))
            open_link = None
        elif child.type == "html_inline":
            if is_comment(child.content):
                continue
            unsafe.append(Unsafe(line, "raw HTML is shown as text"))
        elif child.type == "myst_role":
            name = child.meta.get("name", "")
            unsafe.append(Unsafe(line, f"MyST role {{{name}}} is not run", name))
        elif child.type == "wikilink_embed":
            unsafe.append(Unsafe(line, f"embedded file '{child.content}' is not shown", child.content))
        elif child.type == "image":
            src = unquote(str(child.attrGet("src") or ""))
            kind = classify_link(src, ())[0]
            if kind is LinkKind.UNSAFE:
                unsafe.append(Unsafe(line, f"image '{src}' has an unsafe scheme", src))
            elif kind is not LinkKind.EXTERNAL:
                unsafe.append(Unsafe(line, LOCAL_IMAGE.format(src), src))
        elif open_link is not None and child.type in ("text", "code_inline"):
            text.append(child.content)


def plain_text(markdown: str) -> str:
    """One paragraph's text as Markdown renders it, without its markup, on one line.

    Emphasis markers, link targets and backslash escapes go; words (``snake_case`` too), code
    and the text of links stay. One inline parse: linear in the text, hostile text included.
    """
    parts: list[str] = []
    for token in article_parser().parseInline(markdown):
        _text_of(token.children or (), parts)
    return " ".join("".join(parts).split())


def _text_of(tokens: Sequence[Token], parts: list[str]) -> None:
    for token in tokens:
        if token.children:  # an image: its alt text
            _text_of(token.children, parts)
        elif token.type in ("text", "code_inline", "html_inline", "myst_role"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
