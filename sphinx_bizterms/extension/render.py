"""Render an article body with myst-parser, safely: nothing in it runs or passes through raw."""

from __future__ import annotations

import posixpath
from functools import lru_cache
from typing import Any, cast

from docutils import nodes
from docutils.utils import new_reporter
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.base import DocutilsRenderer, make_document
from myst_parser.parsers.mdit import create_md_parser

from ..corpus.article import Article
from ..corpus.index import Corpus
from ..corpus.keys import normalize_key
from ..corpus.markdown import (
    FILE_LINK,
    KEY_LINK,
    LinkKind,
    article_parser,
    classify_link,
    is_directive,
    unresolved_file,
)
from ..corpus.settings import CorpusSettings
from ..corpus.syntax import ADMONITION_KINDS, admonition_of, is_comment, site_syntax, strip_comments
from .citing import term_xref


class ArticleRenderer(DocutilsRenderer):
    """MyST's renderer with everything that could run, include or leak turned into text.

    Headings become rubrics (a host page's sections and toctree stay as they are) and
    internal links become cross-references to the glossary entries of their targets.
    """

    def _context(self) -> RenderContext:
        return cast(RenderContext, self.md_env["bizterms"])

    def render_heading(self, token: SyntaxTreeNode) -> None:
        level = int(token.tag[1])
        rubric = nodes.rubric("", "", classes=[f"bizterm-h{level}"])
        self.add_line_and_source_path(rubric, token)
        with self.current_node_context(rubric, append=True):
            self.render_children(token)

    def show_as_text(self, token: SyntaxTreeNode, text: str, block: bool) -> None:
        """Put ``text``, markup that is not run, where ``token`` stood, as literal text.

        A block is not highlighted: Sphinx's default would colour HTML's ``with`` and ``as``
        as Python's keywords, and any lexer may fail on what a corpus holds (the HTML lexer on
        a Markdown link such as ``[a](</b>)``) and warn outside the ``bizterms`` type.
        """
        node: nodes.TextElement
        if block:
            node = nodes.literal_block(text, text, classes=["bizterm-raw"], language="none")
        else:
            node = nodes.literal(text, text, classes=["bizterm-raw"])
        self.add_line_and_source_path(node, token)
        self.current_node.append(node)

    def render_html_block(self, token: SyntaxTreeNode) -> None:
        # HTML comments are invisible, as on the site the article comes from.
        shown = strip_comments(token.content)
        if shown.strip():
            self.show_as_text(token, shown, block=True)

    def render_html_inline(self, token: SyntaxTreeNode) -> None:
        if not is_comment(token.content):
            self.show_as_text(token, token.content, block=False)

    def render_container_admonition(self, token: SyntaxTreeNode) -> None:
        """``:::note[Title]`` … ``:::`` as a docutils admonition (a titled one when named)."""
        found = admonition_of(token.info)
        kind = ADMONITION_KINDS[found.kind] if found else "note"
        node: nodes.Element
        if found and found.title:
            node = nodes.admonition("", nodes.title(found.title, found.title), classes=[kind])
        else:
            node = getattr(nodes, kind)()
        self.add_line_and_source_path(node, token)
        with self.current_node_context(node, append=True):
            self.render_children(token)

    def render_fence(self, token: SyntaxTreeNode) -> None:
        if not is_directive(cast(Token, token.token)):
            super().render_fence(token)  # a code block (our MdParserConfig has no fence_as_directive)
            return
        markup = token.markup or "```"
        self.show_as_text(token, f"{markup}{token.info}\n{token.content}{markup}", block=True)

    def render_myst_role(self, token: SyntaxTreeNode) -> None:
        self.show_as_text(token, f"{{{token.meta.get('name', '')}}}`{token.content}`", block=False)

    def render_myst_target(self, token: SyntaxTreeNode) -> None:
        self.current_node.append(nodes.Text(f"({token.content})="))

    def render_footnote_ref(self, token: SyntaxTreeNode) -> None:
        # Footnotes would be numbered by the host page's transforms and clash across articles.
        label = f"[{token.meta['label']}]"
        self.current_node.append(nodes.superscript(label, label, classes=["bizterm-footnote"]))

    def render_footnote_reference(self, token: SyntaxTreeNode) -> None:
        label = f"[{token.meta['label']}] "
        note = nodes.container(classes=["bizterm-footnote"])
        self.add_line_and_source_path(note, token)
        with self.current_node_context(note, append=True):
            self.render_children(token)
        first = note.children[0] if note.children else None
        if isinstance(first, nodes.paragraph):
            first.insert(0, nodes.Text(label))

    def render_hr(self, token: SyntaxTreeNode) -> None:
        # A transition is only valid between sections of the host page, never inside a display.
        node = nodes.container(classes=["bizterm-hr"])
        self.add_line_and_source_path(node, token)
        self.current_node.append(node)

    def render_front_matter(self, token: SyntaxTreeNode) -> None:
        self.show_as_text(token, token.content, block=True)

    def render_image(self, token: SyntaxTreeNode) -> None:
        alt = self.renderInlineAsText(token.children or [])
        src = str(token.attrGet("src") or "")
        kind, _ = classify_link(src, ())
        site_url = self._context().settings.site_url
        if kind is LinkKind.SITE and site_url:  # an image of the site: a link to it, like its pages
            src, kind = site_url.rstrip("/") + src, LinkKind.EXTERNAL
        if kind is LinkKind.EXTERNAL:
            node: nodes.Element = nodes.reference(
                alt or src, alt or src, refuri=src, classes=["bizterm-image"]
            )
        else:
            node = nodes.inline(alt, alt, classes=["bizterm-image"])
        self.add_line_and_source_path(node, token)
        self.current_node.append(node)

    def render_wikilink_embed(self, token: SyntaxTreeNode) -> None:
        # An embedded file (``![[diagram.png]]``) is never copied: its name stands for it.
        node = nodes.inline(token.content, token.content, classes=["bizterm-embed"])
        self.add_line_and_source_path(node, token)
        self.current_node.append(node)

    def render_wikilink(self, token: SyntaxTreeNode) -> None:
        self._term_link(token, KEY_LINK, token.meta["key"])

    def render_link(self, token: SyntaxTreeNode) -> None:
        href = str(token.attrGet("href") or "")
        context = self._context()
        kind, key = classify_link(href, context.settings.link_prefixes)
        if kind is LinkKind.EXTERNAL:
            self.render_link_url(token)
        elif kind is LinkKind.SITE and context.settings.site_url:
            uri = context.settings.site_url.rstrip("/") + href
            reference = nodes.reference("", "", refuri=uri)
            self.add_line_and_source_path(reference, token)
            with self.current_node_context(reference, append=True):
                self._render_text(token, href)
        elif kind in (LinkKind.INTERNAL, LinkKind.FILE):
            self._term_link(token, KEY_LINK if kind is LinkKind.INTERNAL else FILE_LINK, key)
        else:
            self._as_text(token, kind, href)

    def _term_link(self, token: SyntaxTreeNode, form: str, key: str) -> None:
        """A link to a term as a cross-reference to its entry, or its text when it finds none."""
        context = self._context()
        target = context.corpus.target(context.article, form, key)
        # The key that finds the target again in a later build, for incremental rebuilds.
        found_by = key
        if form == FILE_LINK:
            found_by = target.slug if target else posixpath.splitext(posixpath.basename(key.rstrip("/")))[0]
        context.links.append((found_by, target.slug if target else None))
        if target is None:
            self._as_text(token, unresolved_file(key) if form == FILE_LINK else LinkKind.BROKEN, key)
            return
        xref = term_xref(target.slug)  # its refdoc is set by the directive
        self.add_line_and_source_path(xref, token)
        inner = nodes.inline("", "", classes=["xref", "bizterm"])
        xref.append(inner)
        with self.current_node_context(xref, append=True), self.current_node_context(inner):
            self._render_text(token, target.title)

    def _as_text(self, token: SyntaxTreeNode, kind: LinkKind, fallback: str) -> None:
        # anchors, local files, unsafe schemes, site pages and broken links: their text only
        span = nodes.inline("", "", classes=[f"bizterm-{kind.value}-link"])
        self.add_line_and_source_path(span, token)
        with self.current_node_context(span, append=True):
            self._render_text(token, fallback)

    def _render_text(self, token: SyntaxTreeNode, fallback: str) -> None:
        """The link's text; ``fallback`` (the target's title, or the target) when it has none."""
        if token.children:
            self.render_children(token)
        else:
            self.current_node.append(nodes.Text(fallback))


class RenderContext:
    """What one render needs from the build, and what it found."""

    def __init__(self, corpus: Corpus, article: Article) -> None:
        self.corpus = corpus
        self.article = article
        self.settings: CorpusSettings = corpus.settings_of(article)
        self.links: list[tuple[str, str | None]] = []


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # The renderer and its options; the tokens come from article_parser(), the same grammar.
    # No extensions: no smart quotes or replacements (quadratic on hostile input), no html
    # pass-through, no linkify.
    return create_md_parser(MdParserConfig(), ArticleRenderer).use(site_syntax)


def section_tokens(tokens: list[Token], section: str) -> list[Token] | None:
    """The tokens of the section whose heading matches ``section`` like a key."""
    wanted = normalize_key(section)
    for i, token in enumerate(tokens):
        if token.type != "heading_open" or normalize_key(tokens[i + 1].content) != wanted:
            continue
        end = next(
            (
                j
                for j in range(i + 3, len(tokens))
                if tokens[j].type == "heading_open" and tokens[j].tag <= token.tag
            ),
            len(tokens),
        )
        return tokens[i:end]
    return None


def section_titles(tokens: list[Token]) -> list[str]:
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


class SectionNotFound(LookupError):
    """The article has no section of that name; ``titles`` are the ones it has."""

    def __init__(self, titles: list[str]) -> None:
        super().__init__(titles)
        self.titles = titles


def render_article(
    article: Article, corpus: Corpus, section: str | None = None
) -> tuple[list[nodes.Node], list[tuple[str, str | None]]]:
    """The body (or one section) as docutils nodes, with the internal links it resolved.

    Raises :class:`SectionNotFound` when ``section`` matches no heading.
    """
    md = _parser()
    context = RenderContext(corpus, article)
    env: dict[str, Any] = {"bizterms": context}
    # Parsed once, by the scan's grammar: the link check of a shown article reads these tokens.
    tokens = article_parser().parse(corpus.body_of(article), env)
    corpus.scan(article, tokens)
    if section is not None:
        found = section_tokens(tokens, section)
        if found is None:
            raise SectionNotFound(section_titles(tokens))
        tokens = found
    elif (
        len(tokens) > 2
        and tokens[0].type == "heading_open"
        and tokens[0].tag == "h1"
        and normalize_key(tokens[1].content) == normalize_key(article.title)
    ):
        tokens = tokens[3:]  # the title is shown already
    document = make_document(article.path)
    document.settings.report_level = 5
    document.settings.halt_level = 5
    # MyST's warnings (a duplicate reference definition…) read this setting outside Sphinx.
    document.settings.myst_suppress_warnings = []
    # The reporter copied the levels when the document was made: without a new one, docutils
    # prints the body's problems to stderr (an unknown code language…) and a severe one raises.
    document.reporter = new_reporter(article.path, document.settings)
    md.options["document"] = document
    md.renderer.render(tokens, md.options, env)
    shift = article.body_line - 1
    for node in document.findall(nodes.Element):
        node["ids"] = []
        node["names"] = []
        if node.line is not None:
            node.line += shift
    result = [child for child in document.children if not isinstance(child, nodes.system_message)]
    for child in result:
        child.parent = None
    return result, context.links
