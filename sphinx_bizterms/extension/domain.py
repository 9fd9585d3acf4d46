"""The ``bizterm`` domain: every citation, display and glossary of the project, by document."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator, Set
from typing import Any, ClassVar, NamedTuple, cast

from docutils import nodes
from docutils.nodes import Element, Node, make_id
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation
from sphinx.roles import XRefRole
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.nodes import make_refnode

from ..corpus.article import Article, Stamp
from ..corpus.findings import Finding
from ..corpus.index import Corpus, Resolution

_ = get_translation("sphinx_bizterms")


class Citation(NamedTuple):
    """A role or directive naming a term, as read; ``slug`` is None for an unknown key."""

    docname: str
    lineno: int
    key: str
    slug: str | None
    node_id: str
    stamp: Stamp | None
    shown: bool
    #: A ``:section:`` that matched no heading of the article, and the headings it has.
    missing_section: tuple[str, tuple[str, ...]] | None = None
    #: The file (relative to the source folder) and line as written, for warnings:
    #: ``lineno`` also counts the lines that an ``include`` put before it.
    source: tuple[str, int] | None = None


class BodyLink(NamedTuple):
    """An internal link in an article body that a ``bizterm`` directive rendered."""

    docname: str
    key: str
    slug: str | None
    #: The target article's stamp when the page was read (None for a broken link).
    stamp: Stamp | None = None


class Glossary(NamedTuple):
    """A ``bizterm-glossary`` directive and its options."""

    docname: str
    lineno: int
    node_id: str
    scope: str
    depth: int
    keywords: tuple[str, ...]
    #: ``:no-index:``: the glossary lists terms but holds no term's anchor.
    no_index: bool = False


class Anchor(NamedTuple):
    """Where a term's entry is: the glossary entry or, lacking one, its first display."""

    docname: str
    node_id: str
    title: str
    #: The glossary that holds the entry, or ``""`` for a display.
    glossary_id: str = ""


class BizTermsDomain(Domain):
    """Business terms from the corpus, as objects that intersphinx and search know."""

    name = "bizterm"
    label = "Business terms"
    object_types = {"term": ObjType(_("business term"), "term")}  # noqa: RUF012 - Sphinx API
    # A business term reads as prose, like the std domain's :term:, not as code.
    roles = {"term": XRefRole(innernodeclass=nodes.inline)}  # noqa: RUF012 - Sphinx API
    initial_data: ClassVar[dict[str, Any]] = {
        "citations": [],  # list[Citation], per document
        "body_links": [],  # list[BodyLink], per document
        "glossaries": [],  # list[Glossary], per document
        # worked out from all of the above after reading (see events.on_env_updated):
        "entries": {},  # glossary node_id -> tuple of slugs
        "anchors": {},  # slug -> Anchor
        "signatures": {},  # glossary node_id -> digest of what it shows
        "findings": (),  # tuple[Finding, ...] of the last build
        "inputs": None,  # digest of everything the three above and the findings came from
        # the Corpus.fingerprint every page's citations were last checked against
        "corpus": None,
    }
    data_version = 1

    #: The loaded corpus; set at ``builder-inited``, never pickled with the environment.
    corpus: Corpus = Corpus(())
    #: The builder of the build under way, for post-transforms (``SphinxTransform.app`` is
    #: deprecated); set at ``builder-inited``.
    builder: Builder | None = None
    #: Whether ``corpus`` was loaded for the build under way (see ``events``).
    corpus_current = False
    #: This build's findings (see ``events.build_findings``); set at ``env-updated``, never pickled.
    findings: tuple[Finding, ...] = ()

    @property
    def citations(self) -> list[Citation]:
        return cast(list[Citation], self.data["citations"])

    @property
    def body_links(self) -> list[BodyLink]:
        return cast(list[BodyLink], self.data["body_links"])

    @property
    def glossaries(self) -> list[Glossary]:
        return cast(list[Glossary], self.data["glossaries"])

    @property
    def entries(self) -> dict[str, tuple[str, ...]]:
        return cast(dict[str, tuple[str, ...]], self.data["entries"])

    @property
    def anchors(self) -> dict[str, Anchor]:
        return cast(dict[str, Anchor], self.data["anchors"])

    def clear_doc(self, docname: str) -> None:
        for name in ("citations", "body_links", "glossaries"):
            self.data[name] = [record for record in self.data[name] if record.docname != docname]

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for name in ("citations", "body_links", "glossaries"):
            self.data[name].extend(record for record in otherdata[name] if record.docname in docnames)

    def resolve(self, key: str) -> Resolution:
        """What a citation of ``key`` finds, word forms in the project's ``language`` included."""
        return self.corpus.resolve(key, self.env.config.language)

    def cited_slugs(self) -> list[str]:
        """Slugs of every term the project cites, each once, in document order."""
        ordered = sorted(self.citations, key=lambda c: (c.docname, c.lineno))
        return list(dict.fromkeys(c.slug for c in ordered if c.slug in self.corpus.by_slug))

    def backlinks_by_slug(self) -> dict[str, list[Citation]]:
        """Every citation of each cited term, in document order.

        One pass over all citations: a glossary of thousands of terms that scanned every
        citation per term would cost terms × citations.
        """
        index: dict[str, list[Citation]] = {}
        for citation in sorted(self.citations, key=lambda c: (c.docname, c.lineno)):
            if citation.slug is not None:
                index.setdefault(citation.slug, []).append(citation)
        return index

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
        if typ == "backlink":
            docname, _sep, node_id = target.partition("#")
            return self.backlink_reference(builder, fromdocname, docname, node_id, contnode)
        article = self.corpus.by_slug.get(target) or self.corpus.lookup(target)
        if article is None:
            return None
        return self.term_reference(builder, fromdocname, article, contnode)

    def term_reference(
        self, builder: Builder, fromdocname: str, article: Article, contnode: Node
    ) -> nodes.reference:
        """A link to the term's entry, its description as hover text (may raise ``NoUri``)."""
        anchor = self.anchors.get(article.slug)
        if anchor is None:
            # Cited, but shown nowhere in the project: keep the hover text, drop the link.
            # (ReferencesResolver puts any node in place; the base class annotates less.)
            hover = nodes.abbreviation("", "", contnode, explanation=article.description or article.title)
            return hover  # type: ignore[return-value]
        return page_refnode(
            builder,
            fromdocname,
            anchor.docname,
            anchor.node_id,
            contnode,
            article.description or article.title,
        )

    def backlink_reference(
        self, builder: Builder, fromdocname: str, docname: str, node_id: str, contnode: Node
    ) -> nodes.reference:
        """A glossary's link back to a citation (may raise ``NoUri``)."""
        backlink = page_refnode(builder, fromdocname, docname, node_id, contnode)
        backlink["classes"].append("bizterm-backlink")
        return backlink

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

    def docs_citing(self, slugs: Iterable[str]) -> set[str]:
        wanted = set(slugs)
        return {c.docname for c in self.citations if c.slug in wanted}


def get_domain(env: BuildEnvironment) -> BizTermsDomain:
    return cast(BizTermsDomain, env.get_domain(BizTermsDomain.name))


def term_xref(slug: str, rawsource: str = "", refdoc: str | None = None) -> pending_xref:
    """A cross-reference to a term's entry, resolved by :meth:`BizTermsDomain.resolve_xref`.

    ``refdoc`` is the page the link stands on (LaTeX and singlehtml resolve every page as the
    root document); None leaves it to be filled in.
    """
    xref = pending_xref(
        rawsource, refdomain="bizterm", reftype="term", reftarget=slug, refexplicit=True, refwarn=False
    )
    if refdoc is not None:
        xref["refdoc"] = refdoc
    return xref


def cite(directive: SphinxDirective | SphinxRole, key: str, article: Article | None, kind: str) -> Citation:
    """The record of a role (``kind`` "cite") or directive ("show") naming ``key`` here."""
    env = directive.env
    return Citation(
        env.docname,
        directive.lineno,
        key,
        article.slug if article else None,
        new_node_id(env, kind),
        article.stamp if article else None,
        shown=kind == "show",
        source=source_of(env, *directive.get_source_info()),
    )


def source_of(env: BuildEnvironment, source: str | None, line: int | None) -> tuple[str, int] | None:
    """A :attr:`Citation.source` from ``get_source_info()``, if it knows the file and line.

    Relative to the source folder, so that records do not depend on where the project is.
    """
    if not source or not line:
        return None
    # docutils names an included file relative to the working directory, as Sphinx does.
    cwd = "" if os.path.isabs(source) else os.getcwd()
    return _relative_source(source, str(env.srcdir), cwd), line


@functools.lru_cache(maxsize=1024)
def _relative_source(source: str, srcdir: str, cwd: str) -> str:
    """``source`` relative to ``srcdir`` if it is inside, else absolute (once per file)."""
    path = os.path.normpath(os.path.join(cwd, source))
    srcdir = os.path.abspath(srcdir)
    return os.path.relpath(path, srcdir) if os.path.commonpath([path, srcdir]) == srcdir else path


def new_node_id(env: BuildEnvironment, kind: str) -> str:
    """``bizterm-<kind>-<document>-<n>``: an id unique in the whole project.

    Builders that put pages together (singlehtml, LaTeX, Texinfo) need every backlink target
    to stay distinct, and glossaries are told apart by their id.
    """
    return f"bizterm-{kind}-{make_id(env.docname) or 'doc'}-{env.new_serialno(f'bizterm-{kind}')}"


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
