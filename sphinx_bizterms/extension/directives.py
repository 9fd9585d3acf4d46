"""The ``bizterm`` directive (show a term) and ``bizterm-glossary`` (list terms)."""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.nodes import Node
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import OptionSpec

from ..corpus.article import Article
from ..corpus.index import Corpus
from .citing import cite, new_node_id, term_xref
from .domain import BizTermsDomain, get_domain
from .nodes import bizterm_glossary
from .records import BodyLink, Citation, Glossary
from .render import SectionNotFound, render_article


def _description(corpus: Corpus, article: Article) -> nodes.paragraph:
    text = corpus.description(article)
    return nodes.paragraph(text, text, classes=["bizterm-description"])


def _keywords(argument: str | None) -> tuple[str, ...]:
    return tuple(k.strip() for k in (argument or "").split(",") if k.strip())


class BizTermDirective(SphinxDirective):
    """Show a term where it stands: title and description, ``:full:`` body or one ``:section:``."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[OptionSpec] = {
        "full": directives.flag,
        "section": directives.unchanged_required,
        "class": directives.class_option,
    }

    def run(self) -> list[Node]:
        key = self.arguments[0].strip()
        domain = get_domain(self.env)
        article = domain.resolve(key).article
        citation = cite(self.env, key, article, "show", self.lineno, self.get_source_info())
        shown: list[Node] = []
        if article is not None:
            citation, shown = self.show(domain, article, citation)
        # unknown_term (or ambiguous_term), a missing section and an unreadable article are reported with the
        # other findings at env-updated, so that a no-op rebuild repeats them.
        domain.citations.append(citation)
        return shown

    def show(
        self, domain: BizTermsDomain, article: Article, citation: Citation
    ) -> tuple[Citation, list[Node]]:
        """The display of ``article``, and its citation with what went wrong, if anything."""
        container = nodes.container(
            classes=["bizterm-definition", *self.options.get("class", [])], ids=[citation.node_id]
        )
        # Article text is someone else's prose: leave its quotes as they are.
        container["support_smartquotes"] = False
        self.set_source_info(container)
        title = nodes.rubric("", "", classes=["bizterm-title"])
        xref = term_xref(article.slug, refdoc=self.env.docname)
        xref += nodes.inline(article.title, article.title)
        title += xref
        container += title

        section = self.options.get("section")
        if "full" not in self.options and section is None:
            container += _description(domain.corpus, article)
            return citation, [container]
        try:
            body, links = render_article(article, domain.corpus, section)
        except SectionNotFound as missing:
            citation = citation._replace(missing_section=(str(section), tuple(missing.titles)))
            body, links = [_description(domain.corpus, article)], []
        except (OSError, UnicodeDecodeError) as exc:
            citation = citation._replace(unreadable=str(exc))
            body, links = [], []
        container += body
        # LaTeX and singlehtml resolve all pages as the root document: say whose links these are.
        for body_xref in container.findall(addnodes.pending_xref):
            body_xref["refdoc"] = self.env.docname
        domain.body_links.extend(
            BodyLink(self.env.docname, k, slug, domain.corpus.by_slug[slug].stamp if slug else None)
            for k, slug in links
        )
        return citation, [container]


class GlossaryDirective(SphinxDirective):
    """A glossary of terms, filled in after every document has been read."""

    has_content = False
    option_spec: ClassVar[OptionSpec] = {
        "scope": lambda arg: directives.choice(arg, ("cited", "all")),
        "depth": directives.nonnegative_int,
        "keywords": directives.unchanged,
        "no-index": directives.flag,
    }

    def run(self) -> list[Node]:
        node_id = new_node_id(self.env, "glossary")
        get_domain(self.env).glossaries.append(
            Glossary(
                self.env.docname,
                self.lineno,
                node_id,
                self.options.get("scope", "cited"),
                self.options.get("depth", 0),
                _keywords(self.options.get("keywords")),
                no_index="no-index" in self.options,
            )
        )
        node = bizterm_glossary(ids=[node_id])
        self.set_source_info(node)
        return [node]
