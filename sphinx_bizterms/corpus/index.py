"""The corpus index: every article by slug and lookup key, and the problems it holds."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from .article import Article, Claim, Stamp
from .findings import Finding, Subtype, did_you_mean
from .forms import FormIndex, WordForms, has_word_forms, primary_language
from .gcpause import gc_paused
from .keys import normalize_key, suggest
from .markdown import BodyScan, scan_body
from .settings import CorpusSettings

if TYPE_CHECKING:
    from .cache import CorpusCache

DEFAULT_SUFFIXES = (".md", ".markdown", ".txt")
DEFAULT_PREFIXES = ("/",)


class Resolution(NamedTuple):
    """What a cited key finds: one article, several (ambiguous), or none."""

    article: Article | None
    #: When the key is ambiguous (``article`` is None): every article it could mean.
    candidates: tuple[Article, ...] = ()


class Corpus:
    """Articles by slug and by normalised key, resolved as SPEC's "Term identity" says.

    Bodies are scanned for links only when asked (:meth:`scan`), so that indexing a large
    corpus costs little more than reading its frontmatter.
    """

    def __init__(
        self,
        loaded: Iterable[Article | Finding],
        prefixes: Sequence[str] = DEFAULT_PREFIXES,
        scans: dict[str, BodyScan] | None = None,
        stamps: dict[str, Stamp] | None = None,
    ) -> None:
        self.prefixes = tuple(prefixes)
        #: The size and mtime of each file as loaded, bad ones included.
        self.stamps = dict(stamps or {})
        self.loaded = list(loaded)
        self.findings = [item for item in self.loaded if isinstance(item, Finding)]
        self.by_slug: dict[str, Article] = {}
        self.keys: dict[str, str] = {}
        self._key_text: dict[str, str] = {}
        articles = [item for item in self.loaded if isinstance(item, Article)]
        with gc_paused():
            self._resolve(sorted(articles, key=lambda a: a.path))
        self._scans: dict[str, BodyScan] = dict(scans or {})
        #: The cache this corpus was loaded with, and whether it holds exactly this corpus
        #: (then saving it again writes nothing, and compares nothing).
        self.cache: CorpusCache | None = None
        self.cache_current = False
        #: A digest of the files as found (path, size, mtime) and the link prefixes, when
        #: loaded by :func:`load_corpus`: equal digests, equal corpora.
        self.fingerprint: str | None = None

    def _resolve(self, articles: list[Article]) -> None:
        # One duplicate_key finding per losing article and winner, however many keys they share.
        renames: dict[tuple[str, str], tuple[str, str]] = {}
        lost: dict[tuple[str, str], list[str]] = {}
        # Explicit slugs are placed first so that a derived slug never takes one from them.
        for article in sorted(articles, key=lambda a: not a.explicit_slug):
            slug, n = article.slug, 1
            while slug in self.by_slug:
                n += 1
                slug = f"{article.slug}-{n}"
            if slug != article.slug:
                winner = self.by_slug[article.slug]
                renames[(article.path, winner.path)] = (article.slug, slug)
                # The new slug is a lookup key too, like every slug.
                renamed = (Claim(normalize_key(slug), slug, False), *article.claims)
                article = article._replace(slug=slug, claims=renamed)
            self.by_slug[slug] = article
        # Most keys have one claimant: only contested ones are gathered and sorted.
        first: dict[str, tuple[Article, Claim]] = {}
        contested: dict[str, list[tuple[bool, str, str, str]]] = {}
        for article in self.by_slug.values():
            for claim in article.claims:
                if claim.key not in first:
                    first[claim.key] = (article, claim)
                    continue
                if claim.key not in contested:
                    owner, owned = first[claim.key]
                    contested[claim.key] = [(not owned.explicit, owner.path, owner.slug, owned.text)]
                contested[claim.key].append((not claim.explicit, article.path, article.slug, claim.text))
        for key, (owner, owned) in first.items():
            if key not in contested:
                self.keys[key] = owner.slug
                self._key_text[key] = owned.text
                continue
            claims = sorted(contested[key])
            _, winner_path, winner_slug, text = claims[0]
            self.keys[key] = winner_slug
            self._key_text[key] = text
            for _, path, slug, text in claims[1:]:
                if slug != winner_slug:
                    lost.setdefault((path, winner_path), []).append(text)
        for pair in sorted(renames.keys() | lost.keys()):
            self.findings.append(_duplicate(*pair, renames.get(pair), lost.get(pair, [])))

    def __len__(self) -> int:
        return len(self.by_slug)

    def __iter__(self) -> Iterator[Article]:
        return iter(self.by_slug.values())

    def lookup(self, key: str) -> Article | None:
        """The article a key (a slug, title, alias, ``/link`` key …) finds, if any."""
        slug = self.keys.get(normalize_key(key))
        return self.by_slug[slug] if slug is not None else None

    def resolve(self, key: str, language: str | None = None) -> Resolution:
        """What a citation of ``key`` finds: :meth:`lookup`, or the candidates of an ambiguous key.

        A key that matches none exactly is compared by its word forms in ``language`` (a
        Sphinx ``language`` code): ``Deployments`` finds ``Deployment`` in English.
        """
        article = self.lookup(key)
        if article is not None or not has_word_forms(language):
            return Resolution(article)
        found = tuple(self.by_slug[slug] for slug in self._forms(language).find(key))
        return Resolution(found[0]) if len(found) == 1 else Resolution(None, found)

    def _forms(self, language: str | None) -> FormIndex:
        # Made when a citation first misses, once per language: a project whose citations all
        # match exactly stems no word. Kept in __dict__, as a corpus may be made without __init__.
        indexes: dict[str, FormIndex] = self.__dict__.setdefault("_form_indexes", {})
        code = primary_language(language)
        index = indexes.get(code)
        if index is None:
            # a key an article lost to another (duplicate_key) is not its key in any form
            claims = (
                (claim.text, article.slug, claim.explicit)
                for article in self
                for claim in article.claims
                if self.keys.get(claim.key, article.slug) == article.slug
            )
            index = indexes[code] = FormIndex(WordForms(code), claims)
        return index

    def settings_of(self, article: Article) -> CorpusSettings:
        """The settings of the corpus entry that ``article`` was loaded from."""
        return CorpusSettings(path="", link_prefixes=self.prefixes)

    def suggest(self, key: str) -> tuple[str, ...]:
        """Up to three keys close to ``key``, as their articles write them."""
        return _suggest(self, normalize_key(key))

    def scan(self, article: Article) -> BodyScan:
        """The internal links and unsafe content of an article's body (read once, then kept)."""
        found = self._scans.get(article.path)
        if found is None:
            try:
                body = article.read_body()
            except (OSError, UnicodeDecodeError):
                body = ""
            found = self._scans[article.path] = scan_body(body, article.body_line, self.prefixes)
            self.cache_current = False  # the cache should keep this scan
        return found

    def linked(self, article: Article) -> list[Article]:
        """The articles that ``article`` links to, in order, each once, itself left out."""
        seen: dict[str, Article] = {}
        for link in self.scan(article).links:
            target = self.lookup(link.key)
            if target is not None and target.slug != article.slug:
                seen.setdefault(target.slug, target)
        return list(seen.values())

    def body_findings(self, articles: Iterable[Article]) -> list[Finding]:
        """``broken_link`` and ``unsafe_content`` findings of the given articles."""
        findings: list[Finding] = []
        for article in articles:
            scan = self.scan(article)
            for link in scan.links:
                if self.lookup(link.key) is not None:
                    continue
                suggestions = self.suggest(link.key)
                findings.append(
                    Finding(
                        Subtype.BROKEN_LINK,
                        article.path,
                        link.line,
                        f"broken internal link '{link.target}': no article has that key"
                        + did_you_mean(suggestions),
                        link.target,
                        suggestions,
                    )
                )
            # ``<b>bold</b>`` is two raw HTML tags but one thing to fix: one finding a line.
            for unsafe in dict.fromkeys(scan.unsafe):
                findings.append(
                    Finding(Subtype.UNSAFE_CONTENT, article.path, unsafe.line, unsafe.message, unsafe.target)
                )
        return findings

    def check(self) -> list[Finding]:
        """Every finding of the whole corpus, sorted by file and line."""
        return sorted(self.findings + self.body_findings(self), key=lambda f: f.sort_key)


def _duplicate(loser: str, winner: str, rename: tuple[str, str] | None, keys: list[str]) -> Finding:
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


def _suggest(corpus: Corpus, wanted: str) -> tuple[str, ...]:
    if not wanted:
        return ()
    # Comparing against keys of a similar length that start alike keeps this fast on a
    # corpus of tens of thousands of keys, at the price of missing a typo in the first letter.
    candidates = [
        key
        for key in corpus.keys
        if key[0] == wanted[0] and abs(len(key) - len(wanted)) <= max(2, len(wanted) // 3)
    ]
    return suggest(wanted, candidates, corpus._key_text)
