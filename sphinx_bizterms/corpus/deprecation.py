"""Deprecated terms: which articles are, what replaces them, and replacements that are missing."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .article import Article, decode, read_file, split_body
from .findings import Finding, Subtype, did_you_mean

if TYPE_CHECKING:
    from .index import Corpus

#: The ``status`` value that marks a term that should no longer be cited (case-insensitive).
DEPRECATED = "deprecated"


def is_deprecated(article: Article) -> bool:
    """``status: deprecated``, or a ``replaced_by``: a term with a replacement is one to avoid."""
    return article.status.casefold() == DEPRECATED or bool(article.replaced_by)


def replacement(corpus: Corpus, article: Article) -> Article | None:
    """The article that ``replaced_by`` names (any of its keys), if there is one."""
    if not article.replaced_by:
        return None
    found = corpus.lookup(article.replaced_by)
    return found if found is not None and found.slug != article.slug else None


def deprecation(corpus: Corpus, article: Article) -> str:
    """What a ``deprecated_term`` message says after "is deprecated", for a deprecated article."""
    found = replacement(corpus, article)
    if found is not None:
        return f"; cite '{found.title}' ({found.slug}) instead"
    if article.replaced_by:
        return f"; its replacement '{article.replaced_by}' is not in the corpus"
    return ""


def replacement_findings(corpus: Corpus, article: Article) -> list[Finding]:
    """A ``broken_link`` finding when ``replaced_by`` names no other article, at its line."""
    target = article.replaced_by
    if not target:
        return []
    found = corpus.lookup(target)
    if found is not None and found.slug != article.slug:
        return []
    line = _field_line(corpus, article)
    if found is not None:
        message = f"replaced_by '{target}' names this article itself"
        return [Finding(Subtype.BROKEN_LINK, article.path, line, message, target)]
    suggestions = corpus.suggest(target)
    message = f"broken replaced_by '{target}': no article has that key{did_you_mean(suggestions)}"
    return [Finding(Subtype.BROKEN_LINK, article.path, line, message, target, suggestions)]


def _field_line(corpus: Corpus, article: Article) -> int:
    """The line of the article's ``replaced_by`` field, counted in the whole file (else 1).

    Read again only for a replacement that is missing: the record keeps no field lines.
    """
    try:
        parts = split_body(decode(read_file(article.path)))
    except (OSError, UnicodeDecodeError):  # NotAFile too: a FIFO put in its place is not read
        return 1
    if parts.frontmatter is None:
        return 1
    names = "|".join(map(re.escape, corpus.settings_of(article).fields.replaced_by))
    found = re.search(rf"^(?:{names})\s*:", parts.frontmatter, re.MULTILINE | re.IGNORECASE)
    if found is None:
        return parts.frontmatter_line
    return parts.frontmatter_line + parts.frontmatter.count("\n", 0, found.start())
