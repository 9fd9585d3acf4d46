"""Settling claims: each article a slug of its own, and who wins a key that several claim."""

from __future__ import annotations

from collections import Counter

from .article import Article, file_stem
from .findings import Finding, Subtype
from .keys import normalize_key, parentheticals, strip_parenthetical


def place_slugs(articles: list[Article]) -> tuple[list[Article], dict[tuple[str, str], tuple[str, str]]]:
    """``articles``, each with a slug no other has (``-2``, ``-3`` … added where taken).

    Also the path of each article whose explicit slug was taken and the winner's, with the
    old slug and the new.
    """
    renames: dict[tuple[str, str], tuple[str, str]] = {}
    placed = list(articles)
    owners: dict[str, Article] = {}
    # the last number given per slug: 20,000 articles of one title cost linear time, not square
    given: dict[str, int] = {}
    # Explicit slugs are placed first so that a derived slug never takes one from them; of
    # articles with one slug, the one whose file is named so keeps it, as a site serves
    # ``/pod/`` from ``pod.md`` (the others' stems are compared only where slugs collide).
    count = Counter(article.slug for article in placed)

    def rank(i: int) -> tuple[bool, bool]:
        article = placed[i]
        return not article.explicit_slug, count[article.slug] > 1 and file_stem(article.path) != article.slug

    for i in sorted(range(len(placed)), key=rank):
        article = placed[i]
        slug = article.slug
        if slug in owners:
            n = given.get(slug, 1) + 1
            while f"{slug}-{n}" in owners:
                n += 1
            given[slug] = n
            if article.explicit_slug:
                # A derived slug gives way silently, as derived keys do (docs/corpus.md).
                renames[(article.path, owners[slug].path)] = (slug, f"{slug}-{n}")
            slug = f"{slug}-{n}"
            # The new slug is a lookup key too, like every slug.
            renamed = ((normalize_key(slug), slug, False), *article.claims)
            placed[i] = article = article._replace(slug=slug, claims=renamed)
        owners[slug] = article
    return placed, renames


def derived_rank(article: Article, key: str) -> int:
    """How closely a derived claim names its article: 0 its title, 1 its title without the
    parenthetical (or its slug), 2 a parenthetical, 3 anything else (the file name).

    Worked out only for keys that several articles claim, which are few.
    """
    title = article.title
    if key == normalize_key(title):
        return 0
    if key in (normalize_key(strip_parenthetical(title)), normalize_key(article.slug)):
        return 1
    return 2 if any(key == normalize_key(part) for part in parentheticals(title)) else 3


def duplicate_finding(loser: str, winner: str, rename: tuple[str, str] | None, keys: list[str]) -> Finding:
    """The one ``duplicate_key`` finding of an article that lost a slug or keys to another."""
    quoted = ", ".join(f"'{k}'" for k in keys)
    if rename is not None:
        old, new = rename
        message = f"slug '{old}' is also claimed by {winner}; this article's slug is '{new}'"
        if keys:
            message += f", and {winner} keeps the {'key' if len(keys) == 1 else 'keys'} {quoted}"
        return Finding(Subtype.DUPLICATE_KEY, loser, 1, message, old)
    if len(keys) == 1:
        message = f"key {quoted} is also claimed by {winner}, which keeps it"
    else:
        message = f"keys {quoted} are also claimed by {winner}, which keeps them"
    return Finding(Subtype.DUPLICATE_KEY, loser, 1, message, keys[0])
