"""The ``bizterm`` role: a citation that links to the term's glossary entry."""

from __future__ import annotations

from docutils import nodes
from docutils.nodes import Node, system_message
from sphinx.addnodes import pending_xref
from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import split_explicit_title

from .citing import citation_target, cite, term_xref
from .domain import get_domain


class BizTermRole(SphinxRole):
    """``:bizterm:`BPO``` or ``:bizterm:`outsourcing <bpo>```."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        _, text, key = split_explicit_title(self.text)
        domain = get_domain(self.env)
        article = domain.resolve(key).article
        citation = cite(self.env, key, article, "cite", self.lineno, self.get_source_info())
        domain.citations.append(citation)
        if article is None:
            # unknown_term (or ambiguous_term) is reported with the corpus findings, once per build
            return [nodes.inline(self.rawtext, text, classes=["bizterm", "bizterm-unknown"])], []
        xref = citation_link(article.slug, text, self.rawtext, self.env.docname)
        self.set_source_info(xref)
        return [citation_target(citation), xref], []


def citation_link(slug: str, text: str, rawtext: str, docname: str) -> pending_xref:
    """A citation's link to the term's entry, showing ``text``."""
    xref = term_xref(slug, rawtext, docname)
    # The slug outlives resolution (the inline is kept inside the link), for the hover preview.
    xref += nodes.inline(text, text, classes=["xref", "bizterm", "bizterm-cite"], bizterm_slug=slug)
    return xref
