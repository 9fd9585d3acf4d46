"""The ``bizterm`` domain: every citation, display and glossary of the project, by document."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from functools import partial
from itertools import chain
from typing import Any, ClassVar, Generic, TypeVar, cast

from docutils import nodes
from docutils.nodes import Element, Node, system_message
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from ..corpus.article import Article
from ..corpus.findings import Finding
from ..corpus.index import Corpus, Resolution
from ..version import __version__
from . import derived
from .citing import citation_target, cite, written_at
from .records import Anchor, BodyLink, Citation, Glossary, GlossaryEntry, Holders, Mention, Unsearched

_ = get_translation("sphinx_bizterms")


class TermXRefRole(XRefRole):
    """``:bizterm:term:`slug```: a link to a term's entry, here or (by intersphinx) elsewhere.

    A link to a term of this project's corpus is a citation, as the ``bizterm`` role's is
    (see :meth:`BizTermsDomain.process_doc`); any other target is left to intersphinx.
    """

    def result_nodes(
        self, document: nodes.document, env: BuildEnvironment, node: Element, is_ref: bool
    ) -> tuple[list[Node], list[system_message]]:
        # Intersphinx calls this role for :external:bizterm:term: too, and marks the link as
        # its own only after it returns: which link is a citation is known once all are read.
        node["bizterm_term_role"] = True
        return [node], []


T = TypeVar("T")


class Stored(Generic[T]):
    """An attribute of the domain kept in its ``data``, under the attribute's own name.

    ``data`` is what the environment pickles and what parallel readers merge; these give
    its entries their types.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, domain: Domain, owner: type | None = None) -> T:
        return cast(T, domain.data[self.name])


class BizTermsDomain(Domain):
    """Business terms from the corpus, as objects that intersphinx and search know."""

    name = "bizterm"
    label = "Business terms"
    object_types = {"term": ObjType(_("business term"), "term")}  # noqa: RUF012 - Sphinx API
    # A business term reads as prose, like the std domain's :term:, not as code.
    roles = {"term": TermXRefRole(innernodeclass=nodes.inline)}  # noqa: RUF012 - Sphinx API
    initial_data: ClassVar[dict[str, Any]] = {
        "citations": [],  # list[Citation], per document
        "body_links": [],  # list[BodyLink], per document
        "glossaries": [],  # list[Glossary], per document
        "mentions": [],  # list[Mention], per document
        "unsearched": [],  # list[Unsearched], per document
        # the mentions that "link" mode makes citations, worked out after reading (see
        # mentions.on_env_updated)
        "linked": [],  # list[Citation]
        # the digest of what they were judged by, the unlinked_mention findings and "linked"
        "mentions_judged": None,
        # worked out from all of the above after reading (see derive):
        "selections": {},  # glossary node_id -> the slugs it lists
        "anchors": {},  # slug -> Anchor
        "signatures": {},  # glossary node_id -> digest of what it shows
        "findings": (),  # tuple[Finding, ...] of the last build
        "inputs": None,  # digest of everything the four above came from
        # the Corpus.fingerprint every page's citations were last checked against
        "corpus": None,
    }
    data_version = 5

    #: The loaded corpus; set at ``builder-inited``, never pickled with the environment.
    corpus: Corpus = Corpus(())
    #: The builder of the build under way, for post-transforms (``SphinxTransform.app`` is
    #: deprecated); set at ``builder-inited``.
    builder: Builder | None = None
    #: Whether ``corpus`` was loaded for the build under way (see ``events``).
    corpus_current = False
    #: The corpus that the mention matcher was made from, and the matcher (see ``mentions``).
    mention_matcher: tuple[Corpus, object] | None = None
    #: What each glossary shows, worked out once a build (see :meth:`glossary_entries`).
    shown: dict[str, tuple[GlossaryEntry, ...]] | None = None
    #: The pages that hold records (see :meth:`clear_doc`); never pickled.
    holders: Holders | None = None

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The findings of the last :meth:`derive` (at ``env-updated``)."""
        return tuple(self.data["findings"])

    @property
    def mention_findings(self) -> tuple[Finding, ...]:
        """The ``unlinked_mention`` findings of this build (see ``mentions``)."""
        judged = self.data.get("mentions_judged")
        return tuple(judged[1]) if judged is not None else ()

    citations = Stored[list[Citation]]()
    body_links = Stored[list[BodyLink]]()
    mentions = Stored[list[Mention]]()
    unsearched = Stored[list[Unsearched]]()
    linked = Stored[list[Citation]]()
    glossaries = Stored[list[Glossary]]()
    selections = Stored[dict[str, tuple[str, ...]]]()
    anchors = Stored[dict[str, Anchor]]()

    def every_citation(self) -> list[Citation]:
        """The citations as read, and the mentions that ``"link"`` mode made citations."""
        return [*self.citations, *self.linked]

    def clear_doc(self, docname: str) -> None:
        self.holders = self.holders or Holders()
        self.holders.clear(self.data, docname)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for name in ("citations", "body_links", "glossaries", "mentions", "unsearched"):
            self.data[name].extend(record for record in otherdata[name] if record.docname in docnames)

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        """Record each ``:bizterm:term:`` link to a term of the corpus as a citation."""
        for xref in list(document.findall(pending_xref)):
            if not xref.get("bizterm_term_role") or xref.get("intersphinx"):
                continue
            key = xref["reftarget"]
            article = self.find_term(key)
            if article is None:
                continue  # a term of another project, or a missing reference for nitpicky
            citation = cite(env, key, article, "cite", xref.line or 0, (xref.source, xref.line))
            self.citations.append(citation)
            xref.parent.insert(xref.parent.index(xref), citation_target(citation))

    def resolve(self, key: str) -> Resolution:
        """What a citation of ``key`` finds, word forms in the project's ``language`` included."""
        return self.corpus.resolve(key, self.env.config.language)

    def find_term(self, target: str) -> Article | None:
        """The article a cross-reference names, by slug or by any key."""
        return self.corpus.by_slug.get(target) or self.corpus.lookup(target)

    def outdated_docs(self, corpus: Corpus) -> set[str]:
        """Pages that cite or show an article that changed, appeared or went away in ``corpus``."""
        if corpus.fingerprint is not None and corpus.fingerprint == self.data["corpus"]:
            # File for file the corpus that every page was last checked against (nor is the
            # corpus read from its cache to find that out).
            return set()
        language = self.env.config.language
        # A citation finds word forms too; a body link only its key, as it was rendered.
        return derived.stale_docs(
            chain(
                ((c, corpus.resolve(c.key, language).article) for c in self.citations),
                ((link, corpus.lookup(link.key)) for link in self.body_links),
            )
        )

    def derive(self, link_check: str) -> set[str]:
        """Work out the glossaries, anchors, findings and signatures from every page's records.

        ``link_check`` is the mode that decides which articles are link-checked. Returns the
        pages to write again though not read again: those that link to a term whose anchor
        moved, and those that hold a glossary that shows something else.
        """
        corpus, citations, language = self.corpus, self.every_citation(), self.env.config.language
        self.shown = None  # worked out again from this build's records
        # Every page outdated by this corpus has been read again against it.
        self.data["corpus"] = corpus.fingerprint
        inputs = self._inputs(link_check)
        if inputs is not None and inputs == self.data["inputs"]:
            # Nothing that the glossaries, anchors and findings are made of changed since the
            # last build: they stand, and no page needs writing again.
            return set()
        old_anchors, old_signatures = self.anchors, self.data["signatures"]
        cited = derived.cited_slugs(corpus, citations)
        selections = derived.select_glossaries(corpus, self.glossaries, cited, language)
        anchors = derived.place_anchors(corpus, self.glossaries, selections, citations)
        shown = chain(cited, *selections.values())
        locate = partial(written_at, self.env)
        findings = tuple(derived.build_findings(corpus, citations, shown, link_check, locate, self.resolve))
        self.data.update(selections=selections, anchors=anchors, findings=findings, inputs=inputs)
        entries = self.glossary_entries()
        signatures = {node_id: derived.signature(listed, language) for node_id, listed in entries.items()}
        self.data["signatures"] = signatures
        moved = {s for s in old_anchors.keys() | anchors.keys() if old_anchors.get(s) != anchors.get(s)}
        records: Iterable[Citation | BodyLink] = chain(citations, self.body_links)
        rewrite = {record.docname for record in records if record.slug in moved}
        rewrite.update(
            g.docname for g in self.glossaries if old_signatures.get(g.node_id) != signatures[g.node_id]
        )
        return rewrite

    def glossary_entries(self) -> dict[str, tuple[GlossaryEntry, ...]]:
        """What each glossary shows, by its id: what is rendered, and what its signature is of.

        Worked out once a build, after :meth:`derive`: the signatures and the page need the same.
        """
        if self.shown is None:
            citations = self.every_citation()
            backlinks = derived.backlinks_by_slug(citations)
            # each citing page's title as text, once: a page cites many terms
            titles = {docname: self._page_title(docname) for docname in {c.docname for c in citations}}
            listed = {g.node_id: self.selections.get(g.node_id, ()) for g in self.glossaries}
            self.shown = {
                node_id: derived.glossary_entries(
                    self.corpus, node_id, slugs, self.anchors, backlinks, titles
                )
                for node_id, slugs in listed.items()
            }
        return self.shown

    def _page_title(self, docname: str) -> str:
        title = self.env.titles.get(docname)
        return title.astext() if title is not None else docname

    def _inputs(self, link_check: str) -> str | None:
        """A digest of all that :meth:`derive` works from; None without a corpus fingerprint.

        The corpus, every citation, body link and glossary, the pages that hold them (title and
        file), the language and the link-check mode: equal digests give equal glossaries,
        anchors, signatures and findings.
        """
        if self.corpus.fingerprint is None:
            return None
        env = self.env
        docnames = sorted({c.docname for c in self.every_citation()} | {g.docname for g in self.glossaries})
        pages = [(name, str(env.doc2path(name)), self._page_title(name)) for name in docnames]
        names = ("citations", "linked", "body_links", "glossaries")
        records = [sorted(map(repr, self.data[name])) for name in names]
        data = (__version__, self.corpus.fingerprint, records, pages, str(env.srcdir), env.config.language)
        return derived.digest((*data, link_check))

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        article = self.find_term(target)
        if article is None:
            return None
        return self.term_reference(builder, fromdocname, article, contnode)

    def term_reference(
        self, builder: Builder, fromdocname: str, article: Article, contnode: Node
    ) -> nodes.reference:
        """A link to the term's entry, its description as hover text (may raise ``NoUri``)."""
        anchor = self.anchors.get(article.slug)
        hover = self.corpus.description(article) or article.title
        if anchor is None:
            # Cited, but shown nowhere in the project: keep the hover text, drop the link.
            # (ReferencesResolver puts any node in place; the base class annotates less.)
            return nodes.abbreviation("", "", contnode, explanation=hover)  # type: ignore[return-value]
        return page_refnode(builder, fromdocname, anchor.docname, anchor.node_id, contnode, hover)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        found = self.resolve_xref(env, fromdocname, builder, "term", target, node, contnode)
        return [("bizterm:term", found)] if isinstance(found, nodes.reference) else []

    def get_type_name(self, type: ObjType, primary: bool = False) -> str:
        # Search results read "business term", not "Business terms business term".
        return type.lname

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for slug, anchor in sorted(self.anchors.items()):
            yield slug, anchor.title, "term", anchor.docname, anchor.node_id, 1


def get_domain(env: BuildEnvironment) -> BizTermsDomain:
    return cast(BizTermsDomain, env.get_domain(BizTermsDomain.name))


def page_refnode(
    builder: Builder,
    fromdocname: str,
    todocname: str,
    node_id: str,
    child: Node,
    title: str | None = None,
) -> nodes.reference:
    """:func:`make_refnode`, but a link into the page being written is a bare ``#id``.

    The singlehtml builder gives every document a ``#document-...`` URI in its one page;
    ``make_refnode`` would append ``#id`` to it, a link that leads nowhere.
    """
    node = make_refnode(builder, fromdocname, todocname, node_id, child, title)
    if node.get("refuri", "").startswith("#"):
        node["refuri"] = f"#{node_id}"
    return node
