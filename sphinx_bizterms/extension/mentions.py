"""Unlinked mentions in the project's pages: found as each page is read, judged once all are."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxRole

from ..corpus.findings import Finding, Subtype
from ..corpus.mentions import MentionMatcher, PageMentions, UnlinkedMention, select_terms, unlinked_findings
from .citing import citation_target, new_node_id, source_of, written_at
from .derived import digest
from .domain import BizTermsDomain, get_domain
from .nodes import bizterm_glossary
from .records import Citation, Mention, Unsearched
from .reporting import warn
from .roles import citation_link

#: Page metadata (rST field ``:bizterms-mentions: off``, MyST frontmatter) that opts a page out.
PAGE_OPT_OUT = "bizterms-mentions"
#: How "off" is written: YAML frontmatter reads a bare ``off`` as the boolean false.
_OFF = frozenset({"off", "false", "no"})


class bizterm_mention(nodes.inline):
    """A mention that ``"link"`` mode may make a citation, once it is known which terms count."""


class IgnoreRole(SphinxRole):
    """``:bizterm-ignore:`BPO```: text that is no mention of a term, shown as it is."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        return [nodes.inline(self.rawtext, self.text, classes=["bizterm-ignore"])], []


#: Elements whose text is never a mention: code, literals, headings, links, citations, markup
#: that is not prose, and what this extension shows.
_SKIPPED = (
    nodes.FixedTextElement,
    nodes.literal,
    nodes.raw,
    nodes.math,
    nodes.reference,
    nodes.Invisible,
    nodes.title,
    nodes.subtitle,
    nodes.rubric,
    nodes.citation_reference,
    nodes.footnote_reference,
    nodes.problematic,
    nodes.system_message,
    nodes.image,
    nodes.abbreviation,
    nodes.option_string,
    nodes.field_name,
    addnodes.pending_xref,
    addnodes.toctree,
    addnodes.desc_signature,
    addnodes.productionlist,
    addnodes.download_reference,
    bizterm_glossary,
)
_SKIPPED_CLASSES = frozenset({"bizterm", "bizterm-ignore", "bizterm-definition", "bizterm-glossary"})


def setup_mentions(app: Sphinx) -> None:
    app.add_role("bizterm-ignore", IgnoreRole())
    app.add_post_transform(MentionTransform)
    app.connect("env-before-read-docs", on_env_before_read_docs)
    # after Sphinx has read the page's metadata (its collectors, priority 500)
    app.connect("doctree-read", on_doctree_read, priority=600)
    # before the glossaries are filled (events.on_env_updated, priority 500)
    app.connect("env-updated", on_env_updated, priority=400)


class _PageScan(PageMentions):
    """One walk over a page's tree: its mentions, where each stands, and the terms each section cites."""

    def __init__(self, matcher: MentionMatcher) -> None:
        super().__init__(matcher)
        #: Where each found mention stands: the run of text nodes, its start and end in them.
        self.places: list[tuple[list[nodes.Text], int, int]] = []
        self.sources: list[str | None] = []
        self.sections = 0
        self.line = 0
        self.source: str | None = None

    def walk(self, element: nodes.Element, section: int) -> None:
        if isinstance(element, nodes.section):
            self.sections += 1
            section = self.sections
        if element.line is not None and not isinstance(element, nodes.Inline):
            # lines are counted from the block's first line, through the text it holds
            self.line, self.source = element.line, element.source or self.source
        run: list[nodes.Text] = []
        for child in element.children:
            if isinstance(child, nodes.Text):
                run.append(child)
                continue
            if run:
                self.scan(run, section)
                run = []
            if isinstance(child, nodes.Element):
                if isinstance(child, _SKIPPED) or _SKIPPED_CLASSES.intersection(child["classes"]):
                    self.skip(child, section)
                else:
                    self.walk(child, section)
        if run:
            self.scan(run, section)

    def skip(self, element: nodes.Element, section: int) -> None:
        """Note the terms that ``element`` cites; it holds no mention."""
        xrefs = list(element.findall(addnodes.pending_xref))
        if "bizterm-definition" in element["classes"]:
            # a display cites the term in its title; the links of the body it shows are the
            # article's, not the writer's
            xrefs = xrefs[:1]
        for xref in xrefs:
            if xref.get("refdomain") == "bizterm" and xref.get("reftype") == "term":
                self.cite(section, xref["reftarget"])
        if isinstance(element, nodes.Inline):
            self.line += element.astext().count("\n")

    def scan(self, run: list[nodes.Text], section: int) -> None:
        text = "".join(run)
        for mention in self.find(text, section, self.line):
            self.places.append((run, mention.start, mention.end))
            self.sources.append(self.source)
        self.line += text.count("\n")


def matcher_of(app: Sphinx, domain: BizTermsDomain) -> MentionMatcher:
    """The phrases of every term of the corpus, made once per build.

    Every term, not only those that count (``bizterms_mentions_terms``): which terms the
    project cites is known only once every page is read, and pages must not be read again
    when that changes. A term added to the corpus is looked for in the pages read from then
    on: finding it in every page would mean reading every page again.
    """
    made = domain.mention_matcher
    if made is None or made[0] is not domain.corpus:
        matcher = MentionMatcher.of_corpus(domain.corpus, app.config.language)
        made = domain.mention_matcher = (domain.corpus, matcher)
    return cast(MentionMatcher, made[1])


def looks_for_mentions(app: Sphinx) -> bool:
    """Whether the pages read by this build are searched for mentions.

    Under ``"report"``, only by the ``bizterms`` builder, which lists them: other builders
    show none, so they leave each page they read marked :class:`Unsearched`, and the
    ``bizterms`` builder reads it again (see ``events.on_env_get_outdated``).
    """
    mode = app.config.bizterms_mentions
    return mode != "off" and (mode != "report" or app.builder.name == "bizterms")


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Make the phrases before reading, so that parallel readers share them."""
    if docnames and looks_for_mentions(app):
        matcher_of(app, get_domain(env))


def page_opted_out(env: BuildEnvironment, docname: str) -> bool:
    value = env.metadata.get(docname, {}).get(PAGE_OPT_OUT)
    if value is None:
        return False
    if str(value).strip().lower() in _OFF:
        return True
    warn(
        Subtype.CONFIG,
        "%s: only 'off' is understood, not %r; mentions are looked for on this page",
        PAGE_OPT_OUT,
        value,
        location=(docname, 1),
    )
    return False


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Record the page's unlinked mentions; in ``"link"`` mode, mark where they stand."""
    env = app.env
    mode = app.config.bizterms_mentions
    if mode == "off" or page_opted_out(env, env.docname):
        return
    domain = get_domain(env)
    if not looks_for_mentions(app):
        domain.unsearched.append(Unsearched(env.docname))
        return
    scan = _PageScan(matcher_of(app, domain))
    scan.walk(doctree, 0)
    docname = env.docname
    marks: list[tuple[int, str]] = []
    for index in scan.unlinked():
        found = scan.found[index]
        node_id = new_node_id(env, "mention") if mode == "link" else ""
        source = source_of(env, scan.sources[index], found.line)
        domain.mentions.append(Mention(docname, found.line, found.slug, found.text, node_id, source))
        marks.append((index, node_id))
    if mode == "link":
        _mark(scan, marks, docname)


def _mark(scan: _PageScan, marks: list[tuple[int, str]], docname: str) -> None:
    """Put each chosen mention in a :class:`bizterm_mention`, splitting its run of text."""
    by_run: dict[int, tuple[list[nodes.Text], list[tuple[int, int, str, str]]]] = {}
    for index, node_id in marks:
        run, start, end = scan.places[index]
        by_run.setdefault(id(run), (run, []))[1].append((start, end, scan.found[index].slug, node_id))
    for run, spans in by_run.values():
        text = "".join(run)
        pieces: list[nodes.Node] = []
        at = 0
        for start, end, slug, node_id in spans:
            if start > at:
                pieces.append(nodes.Text(text[at:start]))
            pieces.append(
                bizterm_mention(
                    text[start:end], text[start:end], bizterm_slug=slug, bizterm_id=node_id, refdoc=docname
                )
            )
            at = end
        if at < len(text):
            pieces.append(nodes.Text(text[at:]))
        parent = cast(nodes.Element, run[0].parent)
        first = next(i for i, child in enumerate(parent.children) if child is run[0])
        parent[first : first + len(run)] = pieces


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Judge the recorded mentions against the terms that count; warn, report or link them.

    Before the glossaries are filled (priority), as linked mentions are citations they list.
    """
    domain = get_domain(env)
    # Every page is read: kept for the writing, the matcher's 50,000 objects were walked by each
    # full pass of the garbage collector, 0.06 s of CPU time in the benchmark's first build.
    domain.mention_matcher = None
    old = {c.node_id: c.docname for c in domain.linked}
    inputs = _inputs(app, domain)
    saved = domain.data.get("mentions_judged")
    if inputs is not None and saved is not None and saved[0] == inputs:
        # Nothing they are judged by changed: the same findings and links, and the corpus
        # (loaded lazily) need not be read. Linked mentions of a page read again are restored.
        findings, linked = saved[1], list(saved[2])
    else:
        mode = app.config.bizterms_mentions
        records = _counted(app, domain) if mode != "off" else []
        linked = [_citation(domain, r) for r in records] if mode == "link" else []
        # warned with the other findings (see events.on_env_updated), through the baseline
        findings = tuple(mention_findings(app, records))
    domain.data["linked"] = linked
    domain.data["mentions_judged"] = (inputs, findings, tuple(linked))
    new = {c.node_id: c.docname for c in linked}
    changed = {old[i] for i in old.keys() - new.keys()} | {new[i] for i in new.keys() - old.keys()}
    return sorted(changed & env.found_docs)


def _inputs(app: Sphinx, domain: BizTermsDomain) -> str | None:
    """A digest of all that mentions are judged by; None without a corpus fingerprint."""
    fingerprint = domain.corpus.fingerprint
    if fingerprint is None:
        return None
    cited = sorted({c.slug for c in domain.citations if c.slug is not None})
    config = (app.config.bizterms_mentions, app.config.bizterms_mentions_terms)
    return digest((fingerprint, config, cited, sorted(domain.mentions), str(app.srcdir)))


def warned_mentions(app: Sphinx) -> tuple[Finding, ...]:
    """The unlinked mentions that are findings: every one under ``"warn"``, else none."""
    warned = app.config.bizterms_mentions == "warn"
    return get_domain(app.env).mention_findings if warned else ()


def reported_mentions(app: Sphinx) -> tuple[Finding, ...]:
    """The unlinked mentions that the ``bizterms`` builder lists under ``"report"``."""
    reported = app.config.bizterms_mentions == "report"
    return get_domain(app.env).mention_findings if reported else ()


def _counted(app: Sphinx, domain: BizTermsDomain) -> list[Mention]:
    cited = {c.slug for c in domain.citations if c.slug is not None}
    # a term deleted from the corpus since its page was read is left out too, as no term counts
    # that the corpus does not hold
    terms = select_terms(domain.corpus, app.config.bizterms_mentions_terms, cited)
    return sorted((r for r in domain.mentions if r.slug in terms), key=lambda r: (r.docname, r.lineno))


def _citation(domain: BizTermsDomain, record: Mention) -> Citation:
    article = domain.corpus.by_slug[record.slug]
    return Citation(
        record.docname,
        record.lineno,
        record.text,
        record.slug,
        record.node_id,
        article.stamp,
        shown=False,
        source=record.source,
    )


def mention_findings(app: Sphinx, records: Sequence[Mention]) -> list[Finding]:
    """One ``unlinked_mention`` per term per page: its first unlinked mention."""
    mentions = (UnlinkedMention(r.docname, *written_at(app.env, r), r.slug, r.text) for r in records)
    return unlinked_findings(get_domain(app.env).corpus, mentions)


class MentionTransform(SphinxPostTransform):
    """Make each linked mention a citation, and every other marked mention text again."""

    default_priority = 5  # before ReferencesResolver (10) resolves the citations made here

    def is_supported(self) -> bool:
        # Only "link" mode marks mentions, and a page read in another mode was read again.
        return super().is_supported() and self.config.bizterms_mentions == "link"

    def run(self, **kwargs: Any) -> None:
        linked = {c.node_id: c for c in get_domain(self.env).linked}
        for mention in list(self.document.findall(bizterm_mention)):
            text = mention.astext()
            citation = linked.get(mention["bizterm_id"])
            if citation is None:
                mention.replace_self(nodes.Text(text))
                continue
            xref = citation_link(mention["bizterm_slug"], text, text, mention["refdoc"])
            xref.source, xref.line = mention.source, mention.line
            mention.replace_self([citation_target(citation), xref])
