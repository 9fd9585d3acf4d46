"""Build-wide steps: load the corpus, find outdated pages, fill glossaries, report findings."""

from __future__ import annotations

import gc
import hashlib
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.display import progress_message

from ..corpus.article import Article
from ..corpus.cache import CorpusCache
from ..corpus.findings import Finding, Subtype, did_you_mean
from ..corpus.load import load_corpus
from ..version import __version__
from .builder import BizTermsBuilder
from .domain import Anchor, BizTermsDomain, Citation, get_domain
from .glossary import select_terms
from .reporting import warn_finding

CACHE_NAME = "bizterms-corpus.pickle"


def _cache(app: Sphinx) -> CorpusCache:
    tag = (tuple(app.config.bizterms_suffixes), tuple(app.config.bizterms_internal_prefixes))
    return CorpusCache(Path(app.doctreedir, CACHE_NAME), tag)


def on_builder_inited(app: Sphinx) -> None:
    """Load the corpus (from the cache where files are unchanged) before anything is read."""
    get_domain(app.env).builder = app.builder
    _load_corpus(app)


def _load_corpus(app: Sphinx) -> None:
    domain = get_domain(app.env)
    domain.corpus = load_corpus(
        app.config.bizterms_corpus,
        app.config.bizterms_suffixes,
        app.config.bizterms_internal_prefixes,
        cache=_cache(app),
    )
    domain.corpus_current = True
    _freeze()


def _freeze() -> None:
    """Move everything alive now out of the cyclic garbage collector's sight.

    The corpus index is tens of thousands of records that live as long as the build and
    hold no reference cycles; every full collection would walk all of them again (the
    build's many document trees trigger a dozen). Frozen, they (and Sphinx's own state,
    such as the environment a rebuild loaded) are skipped; they are still freed by reference
    counting. When the build finishes, all that is alive is frozen too: a process that exits
    then, as ``sphinx-build`` does, skips it in its last collection (on the benchmark, a
    quarter of the CPU time of a rebuild with nothing to do). A later build in the same
    process (a language server, a test run) gives the collector back what the last one
    froze, and lets it free the cycles among it, before freezing again.
    """
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    gc.freeze()


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages that cite or show an article that changed, appeared or went away."""
    domain = get_domain(env)
    if not domain.corpus_current:
        # A second build by the same application (a language server, a test): builder-inited
        # does not fire again, and articles may have changed since the first.
        _load_corpus(app)
    corpus = domain.corpus
    if corpus.fingerprint is not None and corpus.fingerprint == domain.data.get("corpus"):
        # File for file the corpus that every page was last checked against (nor is the
        # corpus read from its cache to find that out).
        return []
    outdated = set()
    for citation in domain.citations:
        article = domain.resolve(citation.key).article
        if (article.slug if article else None) != citation.slug or (
            article is not None and article.stamp != citation.stamp
        ):
            outdated.add(citation.docname)
    for link in domain.body_links:
        # a shown body's links carry their target's description as hover text
        article = corpus.lookup(link.key)
        if (article.slug if article else None) != link.slug or (
            article is not None and article.stamp != link.stamp
        ):
            outdated.add(link.docname)
    # The pages found outdated are read again in this build, against this corpus.
    domain.data["corpus"] = corpus.fingerprint
    return sorted(outdated - removed)


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Fill the glossaries, report this build's findings, and name pages to write again."""
    domain = get_domain(env)
    inputs = _inputs(app, env, domain)
    with progress_message("bizterms: checking business terms"):
        if inputs is not None and inputs == domain.data.get("inputs"):
            # Nothing the glossaries, anchors and findings are made of changed since the last
            # build: they stand, no page needs writing again, and the corpus need not be read.
            domain.findings = tuple(domain.data["findings"])
            for finding in domain.findings:
                warn_finding(finding)
            return []
        old_anchors = dict(domain.anchors)
        old_signatures = dict(domain.data["signatures"])
        _fill_glossaries(app, domain)
        domain.findings = tuple(build_findings(app, domain))
        domain.data["findings"] = domain.findings
        for finding in domain.findings:
            warn_finding(finding)
    moved = {
        slug
        for slug in old_anchors.keys() | domain.anchors.keys()
        if old_anchors.get(slug) != domain.anchors.get(slug)
    }
    rewrite = domain.docs_citing(moved)
    rewrite.update(link.docname for link in domain.body_links if link.slug in moved)
    signatures = _signatures(env, domain)
    domain.data["signatures"] = signatures
    rewrite.update(
        g.docname for g in domain.glossaries if old_signatures.get(g.node_id) != signatures[g.node_id]
    )
    domain.data["inputs"] = inputs
    return sorted(rewrite & env.found_docs)


def _inputs(app: Sphinx, env: BuildEnvironment, domain: BizTermsDomain) -> str | None:
    """A digest of all that :func:`on_env_updated` works from; None without a corpus fingerprint.

    The corpus, every citation, body link and glossary, the pages that hold them (title and
    file), the language and the link-check mode: equal digests give equal glossaries,
    anchors, signatures and findings.
    """
    if domain.corpus.fingerprint is None:
        return None
    docnames = sorted({c.docname for c in domain.citations} | {g.docname for g in domain.glossaries})
    pages = [
        (name, str(env.doc2path(name)), env.titles[name].astext() if name in env.titles else "")
        for name in docnames
    ]
    records = [sorted(map(repr, domain.data[name])) for name in ("citations", "body_links", "glossaries")]
    data = repr(
        (
            __version__,
            domain.corpus.fingerprint,
            records,
            pages,
            str(app.srcdir),
            app.config.language,
            link_check_mode(app),
        )
    )
    return hashlib.sha1(data.encode(), usedforsecurity=False).hexdigest()


def _fill_glossaries(app: Sphinx, domain: BizTermsDomain) -> None:
    corpus = domain.corpus
    cited = domain.cited_slugs()
    entries: dict[str, tuple[str, ...]] = {}
    anchors: dict[str, Anchor] = {}
    for glossary in sorted(domain.glossaries, key=lambda g: (g.docname, g.lineno)):
        slugs = select_terms(corpus, glossary, cited, app.config.language)
        entries[glossary.node_id] = slugs
        if glossary.no_index:
            continue
        for slug in slugs:
            if slug not in anchors:
                anchors[slug] = Anchor(
                    glossary.docname, f"bizterm-{slug}", corpus.by_slug[slug].title, glossary.node_id
                )
    for citation in sorted(domain.citations, key=lambda c: (c.docname, c.lineno)):
        if citation.shown and citation.slug in corpus.by_slug and citation.slug not in anchors:
            anchors[citation.slug] = Anchor(
                citation.docname, citation.node_id, corpus.by_slug[citation.slug].title
            )
    domain.data["entries"] = entries
    domain.data["anchors"] = anchors


def link_check_mode(app: Sphinx) -> str:
    """Which articles this build link-checks: ``bizterms_link_check``, but the ``bizterms``
    report builder checks at least the articles the project shows, even under ``"none"``."""
    mode: str = app.config.bizterms_link_check
    if mode == "none" and isinstance(app.builder, BizTermsBuilder):
        return "used"
    return mode


def build_findings(app: Sphinx, domain: BizTermsDomain) -> list[Finding]:
    """Every finding of this build, in a stable order: corpus first, then citing pages.

    The warnings and the ``bizterms`` builder's report both come from this one list.
    """
    corpus = domain.corpus
    mode = link_check_mode(app)
    if mode == "all":
        checked = list(corpus)
    elif mode == "used":
        shown = dict.fromkeys(domain.cited_slugs())
        for slugs in domain.entries.values():
            shown.update(dict.fromkeys(slugs))
        checked = [corpus.by_slug[slug] for slug in shown]
    else:
        checked = []
    corpus_findings = sorted(set(corpus.findings + corpus.body_findings(checked)), key=lambda f: f.sort_key)

    def where(c: Citation) -> tuple[str, int]:
        if c.source is None:
            return str(app.env.doc2path(c.docname)), c.lineno
        return str(Path(app.srcdir, c.source[0])), c.source[1]

    unresolved = [c for c in domain.citations if c.slug is None]
    resolutions = {c.key: domain.resolve(c.key) for c in unresolved}
    unknown = sorted(
        {(*where(c), c.key, corpus.suggest(c.key)) for c in unresolved if not resolutions[c.key].candidates}
    )
    ambiguous = {
        ambiguous_term(*where(c), c.key, resolutions[c.key].candidates)
        for c in unresolved
        if resolutions[c.key].candidates
    }
    missing = sorted({(*where(c), c.key, *c.missing_section) for c in domain.citations if c.missing_section})
    citing_findings = [
        *ambiguous,
        *(
            Finding(
                Subtype.UNKNOWN_TERM,
                path,
                lineno,
                f"unknown business term '{key}'{did_you_mean(suggestions)}",
                key,
                suggestions,
            )
            for path, lineno, key, suggestions in unknown
        ),
        *(
            Finding(
                Subtype.UNKNOWN_TERM,
                path,
                lineno,
                f"business term '{key}' has no section '{section}'; its sections are: "
                + (", ".join(f"'{title}'" for title in titles) or "none"),
                section,
            )
            for path, lineno, key, section, titles in missing
        ),
    ]
    return [*corpus_findings, *sorted(citing_findings, key=lambda f: f.sort_key)]


def ambiguous_term(path: str, line: int, key: str, candidates: tuple[Article, ...]) -> Finding:
    """The finding of a citation whose key, or its word form, reaches several terms."""
    ordered = sorted(candidates, key=lambda a: (a.title, a.slug))
    named = [f"'{a.title}' ({a.slug})" for a in ordered]
    message = (
        f"ambiguous business term '{key}': it could mean {', '.join(named[:-1])} or {named[-1]};"
        " cite one by its slug"
    )
    return Finding(Subtype.AMBIGUOUS_TERM, path, line, message, key, tuple(a.slug for a in ordered))


def _signatures(env: BuildEnvironment, domain: BizTermsDomain) -> dict[str, str]:
    """A digest of everything each glossary shows, to write it again only when that changes.

    The digest is of ``repr``, not of a pickle: pickles of equal data differ with object
    identity (the memo), which an environment loaded from disk does not keep.
    """
    corpus = domain.corpus
    anchors = sorted(domain.anchors.items())
    by_slug = domain.backlinks_by_slug()
    # each citing page's title as text, once: a page cites many terms
    titles = {
        c.docname: env.titles[c.docname].astext() if c.docname in env.titles else "" for c in domain.citations
    }
    signatures = {}
    for glossary in domain.glossaries:
        shown = []
        for slug in domain.entries.get(glossary.node_id, ()):
            article = corpus.by_slug[slug]
            backlinks = [(c.docname, c.node_id, titles[c.docname]) for c in by_slug.get(slug, [])]
            # "See also": the titles and hover texts of the articles this one links to
            see_also = [(target.slug, target.stamp) for target in corpus.linked(article)]
            shown.append((slug, article.stamp, see_also, backlinks))
        data = repr((shown, anchors, env.config.language)).encode()
        signatures[glossary.node_id] = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    return signatures


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Keep the parsed corpus (and the bodies scanned this build) for the next build."""
    domain = get_domain(app.env)
    if exception is None:
        # The cache the corpus was loaded with: reading the file again only to compare costs
        # as much as the warm start itself.
        (domain.corpus.cache or _cache(app)).save(domain.corpus)
    domain.corpus_current = False
    # What builder-inited froze stays frozen, and what the build made joins it (see _freeze).
    gc.freeze()
