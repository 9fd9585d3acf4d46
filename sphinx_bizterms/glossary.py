"""The glossary: which terms each ``bizterm-glossary`` lists, and the nodes that list them."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.errors import NoUri
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform

from .article import Article
from .collation import group_letter, sort_key
from .corpus import Corpus
from .domain import BizTermsDomain, Citation, Glossary, get_domain
from .keys import make_slug, normalize_key
from .nodes import bizterm_glossary

_ = get_translation("sphinx_bizterms")


def select_terms(
    corpus: Corpus, glossary: Glossary, cited: Iterable[str], language: str | None
) -> tuple[str, ...]:
    """The slugs a glossary lists, sorted by title in the collation of ``language``."""
    slugs = list(corpus.by_slug) if glossary.scope == "all" else list(cited)
    chosen = dict.fromkeys(slugs)
    frontier = slugs
    for _hop in range(glossary.depth):
        reached = [
            target.slug
            for slug in frontier
            for target in corpus.linked(corpus.by_slug[slug])
            if target.slug not in chosen
        ]
        frontier = list(dict.fromkeys(reached))
        chosen.update(dict.fromkeys(frontier))
        if not frontier:
            break
    if glossary.keywords:
        wanted = {normalize_key(k) for k in glossary.keywords}
        chosen = {
            slug: None
            for slug in chosen
            if wanted.intersection(normalize_key(k) for k in corpus.by_slug[slug].keywords)
        }
    return tuple(sorted(chosen, key=lambda slug: sort_key(corpus.by_slug[slug].title, language)))


def entry_id(domain: BizTermsDomain, glossary_id: str, slug: str) -> str:
    """``bizterm-<slug>`` in the glossary that holds the term's anchor, unique ids elsewhere."""
    anchor = domain.anchors.get(slug)
    if anchor is not None and anchor.glossary_id == glossary_id:
        return anchor.node_id
    return f"{glossary_id}-{slug}"


def letter_id(glossary_id: str, letter: str) -> str:
    """The id of a letter group's heading, unique within its glossary."""
    if letter.isascii() and make_slug(letter):
        return f"{glossary_id}-{make_slug(letter)}"
    if letter == "0–9":
        return f"{glossary_id}-digits"
    if letter == "#":
        return f"{glossary_id}-other"
    # make_id would spell Å as "a" and Ø as "o", the ids of the A and O groups.
    return f"{glossary_id}-{''.join(f'u{ord(ch):04x}' for ch in letter)}"


class GlossaryTransform(SphinxPostTransform):
    """Replace each glossary placeholder by letter groups of entries, before references resolve."""

    default_priority = 5  # before ReferencesResolver (10) resolves the "See also" links
    #: The page of the glossary being built.
    docname = ""
    #: Citations by slug, worked out once per page that holds a glossary.
    backlinks: dict[str, list[Citation]]

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(bizterm_glossary))
        if not placeholders:
            return
        domain = get_domain(self.env)
        homes = {glossary.node_id: glossary.docname for glossary in domain.glossaries}
        self.backlinks = domain.backlinks_by_slug()
        for placeholder in placeholders:
            glossary_id = placeholder["ids"][0]
            # Links are made from the glossary's own page: LaTeX and singlehtml resolve every
            # page as the root document, so env.docname is not where the glossary stands.
            self.docname = homes.get(glossary_id, self.env.docname)
            slugs = domain.entries.get(glossary_id, ())
            placeholder.replace_self(self.build(domain, glossary_id, slugs))

    def build(self, domain: BizTermsDomain, glossary_id: str, slugs: tuple[str, ...]) -> nodes.Element:
        corpus = domain.corpus
        language = self.config.language
        root = nodes.container(classes=["bizterm-glossary"], ids=[glossary_id])
        root["support_smartquotes"] = False
        if not slugs:
            root += nodes.paragraph("", _("No business terms to list."), classes=["bizterm-empty"])
            return root
        groups = [
            (letter, list(items))
            for letter, items in groupby(slugs, key=lambda s: group_letter(corpus.by_slug[s].title, language))
        ]
        letter_ids = {letter: letter_id(glossary_id, letter) for letter, _items in groups}
        jump = nodes.paragraph(classes=["bizterm-jumpline"])
        for i, (letter, _items) in enumerate(groups):
            if i:
                # A node of its own, so that HTML can lay out the letters without it.
                jump += nodes.inline(" · ", " · ", classes=["bizterm-sep"])
            jump += nodes.reference(letter, letter, refid=letter_ids[letter], internal=True)
        root += jump
        for letter, items in groups:
            root += nodes.rubric(letter, letter, ids=[letter_ids[letter]], classes=["bizterm-letter"])
            entries = nodes.definition_list(classes=["bizterm-entries", "glossary"])
            for slug in items:
                entries += self.entry(domain, glossary_id, slug)
            # Inside Sphinx's own glossary node, HTML writers give each term a permalink.
            group = addnodes.glossary()
            group += entries
            root += group
        return root

    def entry(self, domain: BizTermsDomain, glossary_id: str, slug: str) -> nodes.definition_list_item:
        article = domain.corpus.by_slug[slug]
        item = nodes.definition_list_item(classes=["bizterm-entry"])
        term = nodes.term(article.title, article.title, ids=[entry_id(domain, glossary_id, slug)])
        item += term
        definition = nodes.definition()
        item += definition
        if article.description:
            definition += nodes.paragraph(
                article.description, article.description, classes=["bizterm-description"]
            )
        if article.keywords:
            para = nodes.paragraph(classes=["bizterm-keywords"])
            para += nodes.strong(_("Keywords:"), _("Keywords:"))
            para += nodes.Text(" " + ", ".join(article.keywords))
            definition += para
        linked = domain.corpus.linked(article)
        if linked:
            para = nodes.paragraph(classes=["bizterm-see-also"])
            para += nodes.strong(_("See also:"), _("See also:"))
            for i, target in enumerate(linked):
                para += nodes.Text(", " if i else " ")
                para += self.term_link(domain, target)
            definition += para
        backlinks = self.backlinks.get(slug, [])
        if backlinks:
            para = nodes.paragraph(classes=["bizterm-cited-in"])
            para += nodes.strong(_("Cited in:"), _("Cited in:"))
            for i, (docname, citations) in enumerate(groupby(backlinks, key=lambda c: c.docname)):
                para += nodes.Text("; " if i else " ")
                title = self.env.titles[docname].astext() if docname in self.env.titles else docname
                for n, citation in enumerate(citations):
                    text = title if n == 0 else f"[{n + 1}]"
                    if n:
                        para += nodes.Text(" ")
                    para += self.link_to(domain, docname, citation.node_id, text)
            definition += para
        return item

    # A glossary holds thousands of links: a pending_xref for each, which ReferencesResolver
    # then copies, resolves and replaces one by one, costs more than the link. They are made
    # here by the domain's own resolution, with this builder, as ReferencesResolver would.

    @staticmethod
    def builder(domain: BizTermsDomain) -> Builder:
        assert domain.builder is not None, "set at builder-inited"
        return domain.builder

    def term_link(self, domain: BizTermsDomain, target: Article) -> nodes.Node:
        """A "See also" link to ``target``'s entry (each builder has its own URIs)."""
        text = nodes.inline(target.title, target.title, classes=["xref", "bizterm"])
        try:
            return domain.term_reference(self.builder(domain), self.docname, target, text)
        except NoUri:  # no page of this output holds the entry: the text alone
            return text

    def link_to(self, domain: BizTermsDomain, docname: str, node_id: str, text: str) -> nodes.Node:
        """A backlink to a citation (each builder has its own URIs)."""
        content = nodes.Text(text)
        try:
            return domain.backlink_reference(self.builder(domain), self.docname, docname, node_id, content)
        except NoUri:
            return content
