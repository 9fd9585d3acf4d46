"""The glossary: the nodes that list the terms of each ``bizterm-glossary``."""

from __future__ import annotations

from itertools import groupby
from typing import Any, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.errors import NoUri
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

from ..corpus.collation import group_letter
from ..corpus.gcpause import gc_paused
from ..corpus.keys import make_slug
from .domain import BizTermsDomain, get_domain
from .nodes import bizterm_glossary
from .records import Backlink, GlossaryEntry, SeeAlso

_ = get_translation("sphinx_bizterms")


def letter_id(glossary_id: str, letter: str) -> str:
    """The id of a letter group's heading: one part more than an entry's, so never one."""
    if letter.isascii() and make_slug(letter):
        return f"{glossary_id}--letter--{make_slug(letter)}"
    if letter == "0–9":
        return f"{glossary_id}--letter--digits"
    if letter == "#":
        return f"{glossary_id}--letter--other"
    # make_id would spell Å as "a" and Ø as "o", the ids of the A and O groups.
    return f"{glossary_id}--letter--{''.join(f'u{ord(ch):04x}' for ch in letter)}"


class link_line(nodes.General, nodes.Element):
    """A "See also" or "Cited in" line of an entry, as HTML writers write it, in one node.

    A glossary of thousands of terms holds tens of thousands of these links; as standard
    nodes (a paragraph of references around inlines, with text between them) they were most
    of its page's nodes, and every later stage (the HTML writer, the search index, the
    collection of garbage) costs in proportion. ``links`` holds one :class:`GlossaryLink` each, with
    its URI already worked out; ``label`` is the line's label. Other builders get the
    standard nodes (:meth:`GlossaryTransform.line`).
    """


class GlossaryLink(NamedTuple):
    """One link of a "See also" or "Cited in" line, after its separator, for any builder."""

    separator: str
    text: str
    #: The URI from the glossary's page: ``#id`` on that page itself; None where there is no URI
    #: (the text alone, in an ``<abbr>`` when there is a ``title``).
    href: str | None
    #: The hover text.
    title: str | None
    #: The link's classes, besides the writer's own.
    classes: tuple[str, ...] = ()
    #: Whether the text stands in an inline of the classes ``xref bizterm``, as a term's name.
    xref: bool = False


def visit_link_line(self: HTML5Translator, node: link_line) -> None:
    """Write the line as the standard nodes of :meth:`GlossaryTransform.line` would be."""
    encode, attval = self.encode, self.attval
    html = [self.starttag(node, "p", ""), "<strong>", encode(node["label"]), "</strong>"]
    for separator, text, href, title, classes, xref in node["links"]:
        html.append(separator)
        inner = f'<span class="xref bizterm">{encode(text)}</span>' if xref else encode(text)
        title_attr = f' title="{attval(title)}"' if title else ""
        if href is not None:
            css = " ".join((*classes, "reference", "internal"))
            html.append(f'<a class="{css}" href="{attval(href)}"{title_attr}>{inner}</a>')
        elif title:
            html.append(f"<abbr{title_attr}>{inner}</abbr>")
        else:
            html.append(inner)
    html.append("</p>\n")
    self.body.append("".join(html))
    raise nodes.SkipNode


def depart_link_line(self: HTML5Translator, node: link_line) -> None:
    pass  # the visit writes the whole line


class GlossaryTransform(SphinxPostTransform):
    """Replace each glossary placeholder by letter groups of entries (builders other than HTML).

    Its links are made resolved, so it could run at any point; it runs early, so that the
    post-transforms of LaTeX and Texinfo (and :class:`.targets.IdTargetTransform`) see
    its nodes.
    """

    default_priority = 5
    #: The page of the glossary being built.
    docname = ""
    domain: BizTermsDomain
    #: Per page that holds a glossary: the "Keywords:", "See also:" and "Cited in:" labels in
    #: the project's language, and the URIs of pages (None: none).
    labels: tuple[str, str, str]
    uris: dict[str, str | None]
    #: Whether the builder writes HTML (see :class:`link_line`).
    html = False

    def is_supported(self) -> bool:
        return super().is_supported() and self.builder(get_domain(self.env)).format != "html"

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(bizterm_glossary))
        if not placeholders:
            return
        domain = get_domain(self.env)
        homes = {glossary.node_id: glossary.docname for glossary in domain.glossaries}
        self.domain = domain
        self.labels = (_("Keywords:"), _("See also:"), _("Cited in:"))
        self.html = self.builder(domain).format == "html"
        entries = domain.glossary_entries()
        # Tens of thousands of new nodes, all in use: collections would find nothing to free.
        # The benchmark's fresh build, whole process: 7.2 s of CPU time with the pause against
        # 7.5 s without (medians of five, alternating).
        with gc_paused():
            for placeholder in placeholders:
                glossary_id = placeholder["ids"][0]
                # Links are made from the glossary's own page: LaTeX and singlehtml resolve every
                # page as the root document, so env.docname is not where the glossary stands.
                self.docname = homes.get(glossary_id, self.env.docname)
                self.uris = {}
                placeholder.replace_self(self.build(glossary_id, entries.get(glossary_id, ())))

    def build(self, glossary_id: str, entries: tuple[GlossaryEntry, ...]) -> nodes.Element:
        language = self.config.language
        root = nodes.container(classes=["bizterm-glossary"], ids=[glossary_id])
        root["support_smartquotes"] = False
        if not entries:
            root += nodes.paragraph("", _("No business terms to list."), classes=["bizterm-empty"])
            return root
        groups = [
            (letter, list(items))
            for letter, items in groupby(entries, key=lambda entry: group_letter(entry.term.title, language))
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
            group_entries = nodes.definition_list(classes=["bizterm-entries", "glossary"])
            for entry in items:
                group_entries += self.entry(entry)
            # Inside Sphinx's own glossary node, HTML writers give each term a permalink.
            group = addnodes.glossary()
            group += group_entries
            root += group
        return root

    def entry(self, entry: GlossaryEntry) -> nodes.definition_list_item:
        labels, shown = self.labels, entry.term
        definition = nodes.definition()
        if entry.deprecated:
            definition += self.deprecated(entry)
        if shown.description:
            definition += nodes.paragraph(
                "", "", nodes.Text(shown.description), classes=["bizterm-description"]
            )
        if shown.keywords:
            definition += nodes.paragraph(
                "",
                "",
                nodes.strong("", "", nodes.Text(labels[0])),
                nodes.Text(" " + ", ".join(shown.keywords)),
                classes=["bizterm-keywords"],
            )
        if entry.see_also:
            links = [self.see_also(target, ", " if i else " ") for i, target in enumerate(entry.see_also)]
            definition += self.line(labels[1], links, "bizterm-see-also")
        if entry.cited_in:
            definition += self.line(labels[2], self.cited_in(entry.cited_in), "bizterm-cited-in")
        term = nodes.term("", "", nodes.Text(shown.title), ids=[entry.node_id])
        return nodes.definition_list_item("", term, definition, classes=["bizterm-entry"])

    def deprecated(self, entry: GlossaryEntry) -> nodes.Element:
        """The marker of a deprecated term, with a link to its replacement's entry."""
        if entry.replacement is None:
            return nodes.paragraph("", "", nodes.strong("", _("Deprecated.")), classes=["bizterm-deprecated"])
        link = self.see_also(entry.replacement, " ")
        return self.line(_("Deprecated; replaced by:"), [link], "bizterm-deprecated")

    # A glossary holds thousands of links: a pending_xref for each, which ReferencesResolver
    # then copies, resolves and replaces one by one, costs more than the link. They are made
    # here by the domain's own resolution, with this builder, as ReferencesResolver would.

    @staticmethod
    def builder(domain: BizTermsDomain) -> Builder:
        assert domain.builder is not None, "set at builder-inited"
        return domain.builder

    def see_also(self, target: SeeAlso, separator: str) -> GlossaryLink:
        """A "See also" link to ``target``'s entry, as :meth:`BizTermsDomain.term_reference`
        makes it (each builder has its own URIs), with its description as hover text."""
        anchor = target.anchor
        href = self.href(anchor.docname, anchor.node_id) if anchor is not None else None
        # Cited, but shown nowhere in the project: the hover text without a link. Shown, but on
        # no page of this output: the text alone.
        hover = target.hover if anchor is None or href is not None else None
        return GlossaryLink(separator, target.title, href, hover, xref=True)

    def cited_in(self, backlinks: tuple[Backlink, ...]) -> list[GlossaryLink]:
        """Links back to each citation: the citing page's title, then ``[2]``, ``[3]``… for
        its further citations."""
        links = []
        for i, (_docname, citations) in enumerate(groupby(backlinks, key=lambda b: b.docname)):
            for n, backlink in enumerate(citations):
                separator = " " if n else "; " if i else " "
                text = f"[{n + 1}]" if n else backlink.page_title
                href = self.href(backlink.docname, backlink.node_id)
                links.append(GlossaryLink(separator, text, href, None, ("bizterm-backlink",)))
        return links

    def line(self, label: str, links: list[GlossaryLink], cls: str) -> nodes.Element:
        """A labelled line of links: one :class:`link_line` for HTML, standard nodes otherwise."""
        if self.html:
            return link_line("", classes=[cls], label=label, links=links)
        children: list[nodes.Node] = [nodes.strong("", "", nodes.Text(label))]
        for link in links:
            children.append(nodes.Text(link.separator))
            content: nodes.Node = nodes.Text(link.text)
            if link.xref:
                content = nodes.inline("", "", content, classes=["xref", "bizterm"])
            if link.href is None:
                if link.title:
                    content = nodes.abbreviation("", "", content, explanation=link.title)
                children.append(content)
                continue
            ref = nodes.reference("", "", content, internal=True, classes=list(link.classes))
            if link.href.startswith("#"):
                ref["refid"] = link.href[1:]
            else:
                ref["refuri"] = link.href
            if link.title:
                ref["reftitle"] = link.title
            children.append(ref)
        return nodes.paragraph("", "", *children, classes=[cls])

    def href(self, todocname: str, node_id: str) -> str | None:
        """The URI of ``node_id`` on ``todocname`` from this glossary's page, as
        :func:`.domain.page_refnode` makes it; None where there is no URI.

        The URI of each page is worked out once per glossary page, not once per link.
        """
        if todocname == self.docname:
            return f"#{node_id}"
        if todocname not in self.uris:
            try:
                self.uris[todocname] = self.builder(self.domain).get_relative_uri(self.docname, todocname)
            except NoUri:
                self.uris[todocname] = None
        uri = self.uris[todocname]
        if uri is None:
            return None
        # singlehtml gives every page a "#document-..." URI in its one page: the id alone
        return f"#{node_id}" if uri.startswith("#") else f"{uri}#{node_id}"


class HTMLGlossaryTransform(GlossaryTransform):
    """The same for HTML builders, after every other post-transform.

    None of them has anything to do in a glossary (no pending cross-references, code, images
    or ``only`` nodes), yet each would walk its thousands of nodes. Handlers of
    ``doctree-resolved`` still see the whole glossary.
    """

    default_priority = 890
    formats = ("html",)

    def is_supported(self) -> bool:
        return SphinxPostTransform.is_supported(self)
