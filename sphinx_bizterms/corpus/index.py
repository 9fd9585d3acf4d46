"""The corpus index: every article by slug and lookup key, and the problems it holds."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from .article import Article, Claim, Stamp, first_paragraph
from .claims import derived_rank, duplicate_finding, place_slugs
from .deprecation import replacement_findings
from .files import LeftOut
from .findings import Finding, Subtype
from .forms import FormIndex, WordForms, has_word_forms, primary_language
from .keys import Suggester, normalize_key
from .links import could_mean, file_target, link_findings, on_the_site
from .markdown import FILE_LINK, KEY_LINK, BodyScan, Link, scan_body, scan_tokens
from .rewrite import apply_rewrites
from .settings import CorpusSettings

if TYPE_CHECKING:
    from markdown_it.token import Token

    from .cache import CorpusCache

DEFAULT_SUFFIXES = (".md", ".markdown", ".txt")
DEFAULT_PREFIXES = ("/",)


class Resolution(NamedTuple):
    """What a cited key finds: one article, several (ambiguous), or none."""

    article: Article | None
    #: When the key is ambiguous (``article`` is None): every article it could mean.
    candidates: tuple[Article, ...] = ()


class Index(NamedTuple):
    """All that indexing the loaded files works out: made when the corpus is first used."""

    #: Each file found, as its article or as the finding that keeps it out, in the walk's order
    #: (from the cache: each record made when first used, see :mod:`.records`).
    loaded: Sequence[Article | Finding]
    #: The size and mtime of each file that is a finding (an article carries its own).
    stamps: dict[str, Stamp]
    #: The findings of loading, then those of resolving (duplicate keys).
    findings: list[Finding]
    #: Every article by its slug (an article that lost its slug under the one it got).
    by_slug: Mapping[str, Article]
    #: Each normalised key and the slug of the article it finds.
    keys: dict[str, str]
    #: Keys that only derived claims of several articles share: the slugs they could mean.
    ambiguous: dict[str, tuple[str, ...]]
    #: Each normalised key as its article writes it, for "did you mean".
    key_text: dict[str, str]
    #: The bodies scanned so far, by path (filled as :meth:`Corpus.scan` reads them).
    scans: dict[str, BodyScan]


class Corpus:
    """Articles by slug and by normalised key, resolved as docs/corpus.md ("Slugs and keys") says.

    Bodies are scanned for links only when asked (:meth:`scan`), so that indexing a large
    corpus costs little more than reading its frontmatter.
    """

    def __init__(
        self,
        loaded: Iterable[Article | Finding],
        prefixes: Sequence[str] = DEFAULT_PREFIXES,
        scans: dict[str, BodyScan] | None = None,
        stamps: dict[str, Stamp] | None = None,
        corpora: Sequence[CorpusSettings] = (),
        left_out: Iterable[LeftOut] = (),
    ) -> None:
        self.prefixes = tuple(prefixes)
        #: The settings of each corpus, in the order they were listed (:attr:`Article.entry`).
        self.corpora = tuple(corpora)
        #: Files and folders that an ``exclude`` pattern left out, or reached a second time.
        self.left_out = list(left_out)
        items = list(loaded)
        findings = [item for item in items if isinstance(item, Finding)]
        by_slug: dict[str, Article] = {}
        #: The index, or what makes it when it is first used (see :meth:`deferred`).
        self._index: Index | Callable[[], Index] = Index(
            items, dict(stamps or {}), findings, by_slug, {}, {}, {}, dict(scans or {})
        )
        articles = [item for item in items if isinstance(item, Article) and not item.draft]
        # indexed inside load_corpus's own pause of the collector (see load._load)
        self._resolve(sorted(articles, key=lambda a: (a.entry, a.path)), by_slug)
        #: The cache this corpus was loaded with, and whether it holds exactly this corpus
        #: (then saving it again writes nothing, and compares nothing).
        self.cache: CorpusCache | None = None
        self.cache_current = False
        #: A digest of the files as found (path, size, mtime) and the settings, when loaded
        #: by :func:`load_corpus`: equal digests, equal corpora.
        self.fingerprint: str | None = None
        #: The first paragraphs made so far, by path (see :meth:`description`).
        self._first_paragraphs: dict[str, str] = {}

    @classmethod
    def deferred(
        cls,
        make_index: Callable[[], Index],
        prefixes: Sequence[str],
        corpora: Sequence[CorpusSettings],
        left_out: Iterable[LeftOut],
    ) -> Corpus:
        """A corpus whose index ``make_index`` makes when the corpus is first used."""
        corpus = cls((), prefixes, corpora=corpora, left_out=left_out)
        corpus._index = make_index
        return corpus

    @property
    def index(self) -> Index:
        """The index; made now if this corpus was :meth:`deferred` and is used for the first time."""
        if not isinstance(self._index, Index):
            self._index = self._index()
        return self._index

    @property
    def loaded(self) -> Sequence[Article | Finding]:
        return self.index.loaded

    @property
    def stamps(self) -> dict[str, Stamp]:
        return self.index.stamps

    @property
    def findings(self) -> list[Finding]:
        return self.index.findings

    @property
    def by_slug(self) -> Mapping[str, Article]:
        return self.index.by_slug

    @property
    def keys(self) -> dict[str, str]:
        return self.index.keys

    @property
    def ambiguous(self) -> dict[str, tuple[str, ...]]:
        return self.index.ambiguous

    def _resolve(self, articles: list[Article], by_slug: dict[str, Article]) -> None:
        """Give each article a slug of its own (in ``by_slug``, the index's) and each key its
        owner, in ``articles``' order.

        ``articles`` come in the order their corpora were listed, then by path: the first
        wins a clash.
        """
        index = self.index  # once: the loops below use it some 70,000 times for 10,000 articles
        placed, renames = place_slugs(articles)
        by_slug.update((article.slug, article) for article in placed)
        # Most keys have one claimant: only contested ones are gathered.
        first: dict[str, tuple[Article, Claim]] = {}
        contested: dict[str, list[tuple[Article, Claim]]] = {}
        for article in placed:
            for claim in article.claims:
                key = claim[0]
                earlier = first.setdefault(key, (article, claim))
                if earlier[0] is not article:
                    contested.setdefault(key, [earlier]).append((article, claim))
        # One duplicate_key finding per losing article and winner, however many keys they share.
        lost: dict[tuple[str, str], list[str]] = {}
        for key, (owner, (_, text, _explicit)) in first.items():
            index.key_text[key] = text
            claims = contested.get(key)
            if claims is None:
                index.keys[key] = owner.slug
                continue
            explicit = [(article, written) for article, (_, written, is_explicit) in claims if is_explicit]
            if explicit:
                # An explicit claim beats the derived ones silently, and the other explicit
                # ones with a duplicate_key finding.
                (winner, won), *others = explicit
                index.keys[key] = winner.slug
                index.key_text[key] = won
                for article, written in others:
                    if article.slug != winner.slug:
                        lost.setdefault((article.path, winner.path), []).append(written)
                continue
            # Derived claims only: the first corpus listed that claims the key has it; among
            # its articles a title beats a title's parenthetical or a file name, and the key
            # is ambiguous when the best of them tie (``CD`` of two "… (CD)" titles).
            entry = owner.entry
            ranked = [
                (derived_rank(article, key), article.slug) for article, _ in claims if article.entry == entry
            ]
            best = min(rank for rank, _ in ranked)
            slugs = tuple(dict.fromkeys(slug for rank, slug in ranked if rank == best))
            if len(slugs) == 1:
                index.keys[key] = slugs[0]
            else:
                index.ambiguous[key] = slugs
        for pair in sorted(renames.keys() | lost.keys()):
            index.findings.append(duplicate_finding(*pair, renames.get(pair), lost.get(pair, [])))

    @cached_property
    def by_path(self) -> dict[str, Article]:
        """Articles by the path they were loaded from, for relative links between files."""
        return {article.path: article for article in self.by_slug.values()}

    def __len__(self) -> int:
        return len(self.by_slug)

    def __iter__(self) -> Iterator[Article]:
        return iter(self.by_slug.values())

    def lookup(self, key: str) -> Article | None:
        """The article a key (a slug, title, alias, ``/link`` key …) finds, if any.

        None for an ambiguous key too: :meth:`resolve` tells them apart.
        """
        slug = self.keys.get(normalize_key(key))
        return self.by_slug[slug] if slug is not None else None

    def resolve(self, key: str, language: str | None = None) -> Resolution:
        """What a citation of ``key`` finds: :meth:`lookup`, or the candidates of an ambiguous key.

        A key that matches none exactly, and is not ambiguous, is compared by its word forms
        in ``language`` (a Sphinx ``language`` code): ``Deployments`` finds ``Deployment``
        in English.
        """
        wanted = normalize_key(key)
        slug = self.keys.get(wanted)
        if slug is not None:
            return Resolution(self.by_slug[slug])
        if wanted in self.ambiguous:
            return Resolution(None, tuple(self.by_slug[slug] for slug in self.ambiguous[wanted]))
        if not has_word_forms(language):
            return Resolution(None)
        found = tuple(self.by_slug[slug] for slug in self._forms(language).find(key))
        return Resolution(found[0]) if len(found) == 1 else Resolution(None, found)

    def _forms(self, language: str | None) -> FormIndex:
        # Made when a citation first misses, once per language: a project whose citations all
        # match exactly stems no word. Kept in __dict__, made by the first that needs it.
        indexes: dict[str, FormIndex] = self.__dict__.setdefault("_form_indexes", {})
        code = primary_language(language)
        index = indexes.get(code)
        if index is None:
            # a key an article lost to another (duplicate_key) is not its key in any form
            claims = (
                (text, article.slug, explicit)
                for article in self
                for key, text, explicit in article.claims
                if self.keys.get(key, article.slug) == article.slug
            )
            index = indexes[code] = FormIndex(WordForms(code), claims)
        return index

    def settings_of(self, article: Article) -> CorpusSettings:
        """The settings of the corpus entry that ``article`` was loaded from."""
        if article.entry < len(self.corpora):
            return self.corpora[article.entry]
        return CorpusSettings(path="", link_prefixes=self.prefixes)

    def excluded(self) -> list[LeftOut]:
        """What was left out, and why: ``exclude`` patterns, files reached twice, drafts."""
        drafts = [
            LeftOut(item.path, item.draft) for item in self.loaded if isinstance(item, Article) and item.draft
        ]
        return sorted([*self.left_out, *drafts])

    def notes(self) -> list[Finding]:
        """One note per ambiguous key, at its first candidate: not a problem until it is cited."""
        notes = []
        for key, slugs in self.ambiguous.items():
            candidates = [self.by_slug[slug] for slug in slugs]
            text = self.index.key_text[key]
            message = f"key '{text}' is ambiguous: {could_mean(candidates)}"
            notes.append(Finding(Subtype.AMBIGUOUS_TERM, candidates[0].path, 1, message, text))
        return sorted(notes, key=lambda f: f.sort_key)

    def suggest(self, key: str) -> tuple[str, ...]:
        """Up to three keys close to ``key``, as their articles write them."""
        return self._suggester.suggest(key)

    def suggest_each(self, keys: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """:meth:`suggest` for many keys (by normalised key), within one budget of comparisons."""
        return self._suggester.suggest_each(keys)

    @cached_property
    def _suggester(self) -> Suggester:
        return Suggester(self.index.key_text)

    def description(self, article: Article) -> str:
        """What describes ``article``: its description field, else its body's first paragraph.

        The paragraph is made when first asked for, not as the corpus is loaded: every article
        is loaded, few are shown, and rendering each one's first paragraph took a corpus of
        10,000 articles without descriptions from 1.1× the frontmatter loop to 2.7×.
        """
        if article.description:
            return article.description
        found = self._first_paragraphs.get(article.path)
        if found is None:
            try:
                found = first_paragraph(self.body_of(article))
            except (OSError, UnicodeDecodeError):
                # gone unreadable since it was loaded: described by nothing, as its scan finds
                # no links (a display of its body says why, see directives)
                found = ""
            self._first_paragraphs[article.path] = found
        return found

    def body_of(self, article: Article) -> str:
        """The article's Markdown body as it is parsed: read from disk, its rewrites applied.

        May raise ``OSError`` or ``UnicodeDecodeError``.
        """
        return apply_rewrites(article.read_body(), self.settings_of(article).rewrite)

    def scan(self, article: Article, tokens: Sequence[Token] | None = None) -> BodyScan:
        """The internal links and unsafe content of an article's body (read once, then kept).

        ``tokens``, :meth:`body_of` as :func:`~.markdown.article_parser` parsed it to render
        it, spare reading and parsing it again.
        """
        scans = self.index.scans
        found = scans.get(article.path)
        if found is None:
            prefixes = self.settings_of(article).link_prefixes
            if tokens is not None:
                found = scan_tokens(tokens, article.body_line, prefixes)
            else:
                try:
                    body = self.body_of(article)
                except (OSError, UnicodeDecodeError):
                    body = ""
                found = scan_body(body, article.body_line, prefixes)
            scans[article.path] = found
            self.cache_current = False  # the cache should keep this scan
        return found

    def target(self, article: Article, form: str, key: str) -> Article | None:
        """The article a link of ``article`` leads to: by key, or by a path relative to its file."""
        if form == KEY_LINK:
            return self.lookup(key)
        if form != FILE_LINK:
            return None
        return file_target(self.by_path, article.path, key)

    def linked(self, article: Article) -> list[Article]:
        """The articles that ``article`` links to, in order, each once, itself left out."""
        seen: dict[str, Article] = {}
        for link in self.scan(article).links:
            target = self.target(article, link.form, link.key)
            if target is not None and target.slug != article.slug:
                seen.setdefault(target.slug, target)
        return list(seen.values())

    def _dangling(self, article: Article) -> list[Link]:
        """The links of ``article`` that lead to no article."""
        return [
            link for link in self.scan(article).links if self.target(article, link.form, link.key) is None
        ]

    def body_findings(self, articles: Iterable[Article]) -> list[Finding]:
        """``broken_link`` (``replaced_by`` too) and ``unsafe_content`` findings of the given articles."""
        # each link resolved once, for the suggestions and for the findings
        dangling = [(article, self._dangling(article)) for article in articles]
        # asked all at once: which broken links get suggestions within the budget is then
        # the same in every build that checks these articles
        suggested = self.suggest_each(
            link.key for _, links in dangling for link in links if link.form == KEY_LINK
        )
        findings: list[Finding] = []
        for article, links in dangling:
            findings.extend(link_findings(self, article, links, suggested))
            findings.extend(replacement_findings(self, article))
            # ``<b>bold</b>`` is two raw HTML tags but one thing to fix: one finding a line.
            site_url = self.settings_of(article).site_url
            for unsafe in dict.fromkeys(self.scan(article).unsafe):
                if on_the_site(unsafe, site_url):
                    continue
                findings.append(
                    Finding(Subtype.UNSAFE_CONTENT, article.path, unsafe.line, unsafe.message, unsafe.target)
                )
        return findings

    def check(self) -> list[Finding]:
        """Every finding of the whole corpus, sorted by file and line."""
        return sorted(self.findings + self.body_findings(self), key=lambda f: f.sort_key)
