"""What the domain works out once all pages are read, as pure functions of the corpus and its records."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import chain

from ..corpus.article import Article
from ..corpus.collation import sort_key
from ..corpus.deprecation import deprecation, is_deprecated, replacement
from ..corpus.findings import Finding, Subtype, did_you_mean
from ..corpus.index import Corpus, Resolution
from ..corpus.keys import normalize_key
from ..corpus.links import could_mean
from .records import Anchor, Backlink, BodyLink, Citation, Glossary, GlossaryEntry, SeeAlso, Shown

#: Where a citation was written: its file and line.
Locate = Callable[[Citation], tuple[str, int]]


def stale_docs(found: Iterable[tuple[Citation | BodyLink, Article | None]]) -> set[str]:
    """Pages whose citations or shown body links no longer find what they found when read.

    ``found`` holds each record and the article its key finds now. A shown body's links
    carry their target's description as hover text, so a change of the target counts as
    for a citation.
    """
    stale = set()
    for record, article in found:
        if (article.slug if article else None) != record.slug or (
            article is not None and article.stamp != record.stamp
        ):
            stale.add(record.docname)
    return stale


def in_page_order(citations: Iterable[Citation]) -> list[Citation]:
    """By page, then by line."""
    return sorted(citations, key=lambda c: (c.docname, c.lineno))


def cited_slugs(corpus: Corpus, citations: Iterable[Citation]) -> list[str]:
    """Slugs of every term cited, each once, in document order."""
    return list(
        dict.fromkeys(
            c.slug for c in in_page_order(citations) if c.slug is not None and c.slug in corpus.by_slug
        )
    )


def backlinks_by_slug(citations: Iterable[Citation]) -> dict[str, list[Citation]]:
    """Every citation of each cited term, in document order.

    One pass over all citations: a glossary of thousands of terms that scanned every
    citation per term would cost terms × citations.
    """
    index: dict[str, list[Citation]] = {}
    for citation in in_page_order(citations):
        if citation.slug is not None:
            index.setdefault(citation.slug, []).append(citation)
    return index


def select_terms(
    corpus: Corpus, glossary: Glossary, cited: Iterable[str], language: str | None
) -> tuple[str, ...]:
    """The slugs a glossary lists, sorted by title in the collation of ``language``."""
    slugs = list(corpus.by_slug) if glossary.scope == "all" else list(cited)
    # A deprecated term's entry links to its replacement: the glossary lists that too.
    replacements = (replacement(corpus, corpus.by_slug[slug]) for slug in slugs)
    slugs += [found.slug for found in replacements if found is not None]
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


def select_glossaries(
    corpus: Corpus, glossaries: Iterable[Glossary], cited: Sequence[str], language: str | None
) -> dict[str, tuple[str, ...]]:
    """The slugs each glossary lists, by the glossary's id."""
    return {g.node_id: select_terms(corpus, g, cited, language) for g in glossaries}


def place_anchors(
    corpus: Corpus,
    glossaries: Iterable[Glossary],
    selections: Mapping[str, tuple[str, ...]],
    citations: Iterable[Citation],
) -> dict[str, Anchor]:
    """Where each term's links lead: its entry in the first glossary (in page order) that
    lists it and is not ``:no-index:``, or else its first display."""
    anchors: dict[str, Anchor] = {}
    for glossary in sorted(glossaries, key=lambda g: (g.docname, g.lineno)):
        if glossary.no_index:
            continue
        for slug in selections[glossary.node_id]:
            if slug not in anchors:
                title = corpus.by_slug[slug].title
                anchors[slug] = Anchor(glossary.docname, f"bizterm-{slug}", title, glossary.node_id)
    for citation in in_page_order(citations):
        if (
            citation.shown
            and citation.slug is not None
            and citation.slug in corpus.by_slug
            and citation.slug not in anchors
        ):
            title = corpus.by_slug[citation.slug].title
            anchors[citation.slug] = Anchor(citation.docname, citation.node_id, title)
    return anchors


def glossary_entries(
    corpus: Corpus,
    glossary_id: str,
    slugs: Iterable[str],
    anchors: Mapping[str, Anchor],
    backlinks: Mapping[str, list[Citation]],
    page_titles: Mapping[str, str],
) -> tuple[GlossaryEntry, ...]:
    """What a glossary shows of each of its terms, in its order."""
    entries = []
    for slug in slugs:
        article = corpus.by_slug[slug]
        anchor = anchors.get(slug)
        node_id = (
            anchor.node_id
            if anchor is not None and anchor.glossary_id == glossary_id
            else f"{glossary_id}--{slug}"
        )
        see_also = tuple(see_also_of(corpus, target, anchors) for target in corpus.linked(article))
        cited_in = tuple(
            Backlink(c.docname, c.node_id, page_titles[c.docname]) for c in backlinks.get(slug, ())
        )
        replaced = replacement(corpus, article)
        entry = GlossaryEntry(
            node_id,
            Shown(article.title, corpus.description(article), article.keywords),
            see_also,
            cited_in,
            deprecated=is_deprecated(article),
            replacement=see_also_of(corpus, replaced, anchors) if replaced is not None else None,
        )
        entries.append(entry)
    return tuple(entries)


def see_also_of(corpus: Corpus, target: Article, anchors: Mapping[str, Anchor]) -> SeeAlso:
    """A glossary entry's link to another term's entry."""
    return SeeAlso(target.title, corpus.description(target) or target.title, anchors.get(target.slug))


def digest(data: object) -> str:
    """A digest of plain data (records, text, numbers), equal for equal data in any build.

    Of its ``repr``, not of a pickle: pickles of equal data differ with object identity (the
    memo), which an environment loaded from disk does not keep.
    """
    return hashlib.sha1(repr(data).encode(), usedforsecurity=False).hexdigest()


def signature(entries: Sequence[GlossaryEntry], language: str | None) -> str:
    """A digest of what a glossary shows, to write its page again only when that changes."""
    return digest((entries, language))


def build_findings(
    corpus: Corpus,
    citations: Sequence[Citation],
    shown: Iterable[str],
    mode: str,
    locate: Locate,
    resolve: Callable[[str], Resolution],
) -> list[Finding]:
    """Every finding of a build, in a stable order: corpus first, then citing pages.

    ``shown`` are the slugs the project shows, link-checked under ``mode`` "used". The
    warnings and the ``bizterms`` builder's report both come from this one list.
    """
    if mode == "all":
        checked = list(corpus)
    elif mode == "used":
        checked = [corpus.by_slug[slug] for slug in dict.fromkeys(shown)]
    else:
        checked = []
    unreadable = [
        Finding(Subtype.BAD_ARTICLE, corpus.by_slug[c.slug].path, 1, f"cannot read article: {c.unreadable}")
        for c in citations
        if c.unreadable is not None and c.slug is not None and c.slug in corpus.by_slug
    ]
    corpus_findings = set(chain(corpus.findings, corpus.body_findings(checked), unreadable))
    unresolved = [c for c in citations if c.slug is None]
    resolutions = {c.key: resolve(c.key) for c in unresolved}
    unknown_citations = [c for c in unresolved if not resolutions[c.key].candidates]
    suggested = corpus.suggest_each(c.key for c in unknown_citations)  # one budget, as for links
    unknown = {(*locate(c), c.key, suggested[normalize_key(c.key)]) for c in unknown_citations}
    ambiguous = {
        ambiguous_term(*locate(c), c.key, resolutions[c.key].candidates)
        for c in unresolved
        if resolutions[c.key].candidates
    }
    missing = {(*locate(c), c.key, *c.missing_section) for c in citations if c.missing_section}
    deprecated = {
        Finding(
            Subtype.DEPRECATED_TERM,
            *locate(c),
            f"business term '{c.key}' is deprecated{deprecation(corpus, corpus.by_slug[c.slug])}",
            c.key,
        )
        for c in citations
        if c.slug is not None and c.slug in corpus.by_slug and is_deprecated(corpus.by_slug[c.slug])
    }
    citing_findings = [
        *ambiguous,
        *deprecated,
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
    return [
        *sorted(corpus_findings, key=lambda f: f.sort_key),
        *sorted(citing_findings, key=lambda f: f.sort_key),
    ]


def ambiguous_term(path: str, line: int, key: str, candidates: tuple[Article, ...]) -> Finding:
    """The finding of a citation whose key, or its word form, reaches several terms."""
    ordered = sorted(candidates, key=lambda a: (a.title, a.slug))
    message = f"ambiguous business term '{key}': {could_mean(ordered)}; cite one by its slug"
    return Finding(Subtype.AMBIGUOUS_TERM, path, line, message, key, tuple(a.slug for a in ordered))
