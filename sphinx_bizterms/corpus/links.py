"""Where the links of an article body lead, and the findings of those that lead nowhere."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from .article import Article
from .findings import Finding, Subtype, did_you_mean
from .keys import normalize_key
from .markdown import (
    ARTICLE_SUFFIXES,
    FILE_LINK,
    KEY_LINK,
    LOCAL_IMAGE,
    SITE_LINK,
    Link,
    LinkKind,
    Unsafe,
    classify_link,
    unresolved_file,
)

if TYPE_CHECKING:
    from .index import Corpus


def file_target(by_path: dict[str, Article], source: str, path: str) -> Article | None:
    """The article loaded from ``path``, a link relative to the article file ``source``."""
    folder = os.path.dirname(source)
    path = path.rstrip("/")
    if path.lower().endswith(".html"):  # a published page: ``vendor.html`` is ``vendor.md``
        path = path[:-5]
    stem = os.path.splitext(os.path.basename(source))[0]
    # ``vendor.md`` and ``../vendor/`` against the article's folder; a path without a
    # suffix also against the article's page (``pod.md`` is published as ``pod/``, and so is
    # ``pod/index.md``), where ``../vendor/`` is its sibling, and as a folder of its own
    # (``vendor/index.md``).
    pretty = "." not in path.rsplit("/", 1)[-1]
    page = folder if stem.lower() == "index" else os.path.join(folder, stem)
    for base in dict.fromkeys((folder, page)) if pretty else (folder,):
        found = os.path.normpath(os.path.join(base, *path.split("/")))
        candidates = [found, *(found + suffix for suffix in ARTICLE_SUFFIXES)]
        if pretty:
            candidates += [os.path.join(found, "index" + suffix) for suffix in ARTICLE_SUFFIXES]
        for candidate in candidates:
            if candidate in by_path:
                return by_path[candidate]
    return None


def link_findings(
    corpus: Corpus, article: Article, dangling: Iterable[Link], suggested: Mapping[str, tuple[str, ...]]
) -> list[Finding]:
    """The ``broken_link``, ``ambiguous_term``, ``config`` and ``unsafe_content`` findings of
    ``dangling``, the links of ``article`` that lead to no article.

    ``suggested`` holds the "did you mean" of each broken key (by normalised key), asked for
    all the checked articles at once (:meth:`Corpus.suggest_each`).
    """
    findings: list[Finding] = []
    site_links: list[Link] = []
    for link in dangling:
        candidates = corpus.resolve(link.key).candidates if link.form == KEY_LINK else ()
        if candidates:
            message = f"ambiguous internal link '{link.target}': {could_mean(candidates)}"
            findings.append(Finding(Subtype.AMBIGUOUS_TERM, article.path, link.line, message, link.target))
            continue
        kind = unresolved_file(link.key) if link.form == FILE_LINK else LinkKind.BROKEN
        if link.form == SITE_LINK or kind is LinkKind.SITE:
            site_links.append(link)
        else:
            findings.append(_unresolved(article, link, kind, suggested))
    # One finding an article: the fix (a site URL) is one setting, not one per link.
    if site_links and corpus.settings_of(article).site_url is None:
        findings.append(_site_links(article, site_links))
    return findings


def _unresolved(
    article: Article, link: Link, kind: LinkKind, suggested: Mapping[str, tuple[str, ...]]
) -> Finding:
    """The finding of a link to a term or file that is not there."""
    if kind is LinkKind.LOCAL:
        message = f"link to the local file '{link.target}' is shown as text"
        return Finding(Subtype.UNSAFE_CONTENT, article.path, link.line, message, link.target)
    if link.form == FILE_LINK:
        message = f"broken link '{link.target}': no article of the corpus is that file"
        return Finding(Subtype.BROKEN_LINK, article.path, link.line, message, link.target)
    suggestions = suggested.get(normalize_key(link.key), ())
    message = f"broken internal link '{link.target}': no article has that key" + did_you_mean(suggestions)
    return Finding(Subtype.BROKEN_LINK, article.path, link.line, message, link.target, suggestions)


def _site_links(article: Article, links: list[Link]) -> Finding:
    """The one finding of an article whose links to other pages of the site are shown as text."""
    first = links[0]
    more = f" and {len(links) - 1} more" if len(links) > 1 else ""
    message = (
        f"link '{first.target}'{more} to pages of the site, not terms, shown as text; "
        "set the corpus's site_url to make them links"
    )
    return Finding(Subtype.CONFIG, article.path, first.line, message, first.target)


def could_mean(candidates: Sequence[Article]) -> str:
    """``it could mean 'A (X)' (a) or 'B (X)' (b)``: every candidate of a key, by title."""
    named = [f"'{a.title}' ({a.slug})" for a in sorted(candidates, key=lambda a: (a.title, a.slug))]
    return f"it could mean {', '.join(named[:-1])} or {named[-1]}"


def on_the_site(unsafe: Unsafe, site_url: str | None) -> bool:
    """Whether ``unsafe`` is an image at a site-absolute path (``/assets/chart.png``), which
    ``site_url`` makes a link to the image on the corpus's site rather than a local file."""
    is_image = unsafe.message == LOCAL_IMAGE.format(unsafe.target)
    return bool(site_url) and is_image and classify_link(unsafe.target, ())[0] is LinkKind.SITE
