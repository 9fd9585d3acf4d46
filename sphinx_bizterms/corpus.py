"""The corpus index: every article by slug and lookup key, and the problems it holds."""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, islice, repeat
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

from . import __version__
from .article import Article, Claim, Stamp, load_article, stamp_of
from .findings import Finding, Subtype, did_you_mean
from .keys import normalize_key, suggest
from .markdown import BodyScan, Link, Unsafe, scan_body

DEFAULT_SUFFIXES = (".md", ".markdown", ".txt")
DEFAULT_PREFIXES = ("/",)


class CacheEntry(NamedTuple):
    stamp: Stamp
    loaded: Article | Finding
    scan: BodyScan | None


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while tens of thousands of objects are made.

    Every 700 new container objects start a collection, and the older generations are walked
    again and again as the heap grows, to find nothing: what is made is all in use (corpus
    records hold no cycles; a glossary's nodes are all in its tree). Unpickling a cache of
    10,000 articles takes a third of the time with it paused. The collector runs as usual
    afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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

    def cache_entries(self) -> _Entries:
        """What :class:`CorpusCache` keeps of this corpus: each file as it was loaded."""
        entries = _Entries()
        with gc_paused():  # one new record per file
            for item in self.loaded:
                if isinstance(item, Article):
                    entries[item.path] = CacheEntry(item.stamp, item, self._scans.get(item.path))
                elif item.path in self.stamps:
                    entries[item.path] = CacheEntry(self.stamps[item.path], item, None)
        return entries


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


def iter_article_files(roots: Iterable[Path], suffixes: Sequence[str]) -> Iterator[Path | Finding]:
    """Every article file under ``roots`` in a stable order, or a finding for what is not one.

    Hidden folders are skipped; a symlink that leads out of its root, and a folder named
    like an article, are reported as ``bad_article``.
    """
    for item in _article_files(roots, suffixes):
        yield item if isinstance(item, Finding) else Path(item[0])


def _article_files(
    roots: Iterable[Path], suffixes: Sequence[str]
) -> Iterator[tuple[str, Stamp | None] | Finding]:
    """:func:`iter_article_files`, each file as its path and its stamp (None if ``stat`` failed)."""
    wanted = tuple(s.lower() for s in suffixes)
    for root in roots:
        root_real = Path(os.path.realpath(root))
        if root.is_file():
            yield str(root), _stat(root)
            continue
        yield from _walk(str(root), root_real, wanted)


def _stat(path: str | Path) -> Stamp | None:
    try:
        return stamp_of(Path(path))
    except OSError:
        return None


def _join(folder: str, name: str) -> str:
    # spelled as str(Path(folder) / name) is, without making a Path per file
    return name if folder == "." else os.path.join(folder, name)


def _walk(
    folder: str, root_real: Path, wanted: tuple[str, ...]
) -> Iterator[tuple[str, Stamp] | tuple[str, None] | Finding]:
    """``os.walk(folder, followlinks=False)`` in its order, keeping each entry of the listing.

    The listing says which entries are symlinks, and one ``stat`` per file gives its stamp:
    a corpus of 30,000 files is walked without a ``Path`` and two system calls per file. The
    stamp is kept rather than the ``stat`` result, which is five times its size.
    """
    try:
        with os.scandir(folder) as listing:
            found = list(listing)
    except OSError:  # like os.walk: an unreadable folder is left out
        return
    dirs: list[os.DirEntry[str]] = []
    files: list[os.DirEntry[str]] = []
    for entry in found:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        (dirs if is_dir else files).append(entry)
    dirs = sorted((d for d in dirs if not d.name.startswith(".")), key=lambda d: d.name)
    for entry in dirs:
        if entry.name.lower().endswith(wanted):
            yield Finding(
                Subtype.BAD_ARTICLE,
                _join(folder, entry.name),
                0,
                "a folder is named like an article; skipped",
            )
    base = _join(folder, "")  # the folder and a separator: a path per file is one concatenation
    files.sort(key=attrgetter("name"))
    for entry in files:
        name = entry.name
        if name.startswith(".") or not name.lower().endswith(wanted):
            continue
        path = base + name
        if entry.is_symlink():
            real = Path(os.path.realpath(path))
            if not real.is_relative_to(root_real) or not real.is_file():
                yield Finding(
                    Subtype.BAD_ARTICLE,
                    path,
                    0,
                    "symlink leads outside the corpus folder or to no file; skipped",
                )
                continue
        try:
            stat = entry.stat()
        except OSError:
            yield path, None
        else:
            yield path, Stamp(stat.st_size, stat.st_mtime_ns)
    for entry in dirs:
        if not entry.is_symlink():
            yield from _walk(_join(folder, entry.name), root_real, wanted)


#: What the walk of the corpus folders finds: files with their stamp, and findings.
_Found = list[tuple[str, Stamp | None] | Finding]


def load_corpus(
    roots: Iterable[str | os.PathLike[str]],
    suffixes: Sequence[str] = DEFAULT_SUFFIXES,
    prefixes: Sequence[str] = DEFAULT_PREFIXES,
    cache: CorpusCache | None = None,
) -> Corpus:
    """Load every article under ``roots``; with a cache, unchanged files are not read.

    When every file is as the cache last saw it, the cache is not even unpickled until
    the corpus is first used: a build with nothing to do never needs it.
    """
    with gc_paused():  # tens of thousands of directory entries and stat results
        found: _Found = list(_article_files([Path(r) for r in roots], suffixes))
    fingerprint = _fingerprint(found, prefixes)
    if cache is not None and fingerprint is not None and cache.holds(fingerprint):
        return _DeferredCorpus(found, prefixes, cache, fingerprint)
    corpus = _load(found, prefixes, cache)
    corpus.fingerprint = fingerprint
    if fingerprint is not None:
        corpus.cache_current = False  # the cache lacks this corpus's seal: save it again
    return corpus


def _fingerprint(found: _Found, prefixes: Sequence[str]) -> str | None:
    """The digest of :attr:`Corpus.fingerprint`; None when a file could not be stat'ed."""
    files = []
    for item in found:
        if isinstance(item, Finding):
            files.append(tuple(item))
        elif item[1] is None:
            return None
        else:
            files.append((item[0], item[1].size, item[1].mtime_ns))
    # a pickle of text, numbers and tuples is the same bytes in every process, and quick to make
    data = pickle.dumps((__version__, tuple(prefixes), files), protocol=4)
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


def _load(found: _Found, prefixes: Sequence[str], cache: CorpusCache | None) -> Corpus:
    old = cache.entries if cache is not None else {}
    loaded: list[Article | Finding] = []
    scans: dict[str, BodyScan] = {}
    stamps: dict[str, Stamp] = {}
    reused: set[str] = set()
    read = 0
    with gc_paused():
        for item in found:
            if isinstance(item, Finding):
                loaded.append(item)
                continue
            key, stamp = item
            entry = old.get(key)
            if stamp is not None and entry is not None and entry.stamp == stamp:
                stamps[key] = entry.stamp  # the cached record's own: one object fewer per file
                loaded.append(entry.loaded)
                reused.add(key)
                if entry.scan is not None:
                    scans[key] = entry.scan
            else:
                if stamp is not None:
                    stamps[key] = stamp
                loaded.append(load_article(key, stamp))
                read += 1
    corpus = Corpus(loaded, prefixes, scans, stamps)
    corpus.cache = cache
    # Every cached file found unchanged and none read: the cache holds this very corpus.
    corpus.cache_current = cache is not None and read == 0 and len(reused) == len(old)
    return corpus


#: The index of a corpus as :class:`_Entries` keeps it: loaded, stamps, findings, by_slug,
#: keys and the keys' texts.
_Index = tuple[
    list[Article | Finding],
    dict[str, Stamp],
    list[Finding],
    dict[str, Article],
    dict[str, str],
    dict[str, str],
]


class _Entries(dict[str, CacheEntry]):
    """The cache's records by path, and the index of the corpus they were saved from.

    The index shares the records (one pickle, one memo), so reading it costs little more than
    the records; rebuilding it from them, as an unchanged corpus would, costs as much again.
    """

    index: _Index | None = None


#: The layout of the cache file; a file of another layout is not used.
_CACHE_FORMAT = "bizterms-corpus-cache-2"


def _columns(rows: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Records as one tuple per field: pickled as plain text and numbers, not record by record."""
    return list(zip(*rows, strict=True))


def _rows(cls: type[tuple[Any, ...]], columns: Sequence[Sequence[Any]]) -> list[Any]:
    """The records of :func:`_columns` again, each made in C (``tuple.__new__``)."""
    return list(map(tuple.__new__, repeat(cls), zip(*columns, strict=True)))


def _nested(groups: Sequence[tuple[tuple[Any, ...], ...]]) -> tuple[list[int], list[tuple[Any, ...]]]:
    """A field holding a tuple of records per row, as the rows' counts and the records' columns."""
    return list(map(len, groups)), _columns(chain.from_iterable(groups))


def _unnested(
    cls: type[tuple[Any, ...]], stored: tuple[list[int], list[tuple[Any, ...]]]
) -> list[tuple[Any, ...]]:
    counts, columns = stored
    records = iter(_rows(cls, columns))
    return [tuple(islice(records, n)) for n in counts]


def _finding_row(finding: Finding) -> tuple[Any, ...]:
    return (finding.subtype.value, *finding[1:])


def _finding(row: tuple[Any, ...]) -> Finding:
    return Finding(Subtype(row[0]), *row[1:])


def _encode(entries: _Entries) -> tuple[Any, ...]:
    """The cache's entries (and index) as plain tuples, lists and dicts of text and numbers.

    Pickling records calls Python code for each of them (a ``NamedTuple``'s
    ``__getnewargs__``); their fields in columns are pickled by C code alone, and
    :func:`_decode` makes the records again in C. Identical strings stay shared (pickle's memo).
    """
    articles: list[Article] = []
    bad: list[tuple[int, str, tuple[int, ...], tuple[Any, ...]]] = []
    for position, (path, entry) in enumerate(entries.items()):
        if isinstance(entry.loaded, Article):
            articles.append(entry.loaded)
        else:
            bad.append((position, path, tuple(entry.stamp), _finding_row(entry.loaded)))
    columns = _columns(articles) or [() for _ in Article._fields]
    stamps = _columns(columns[1]) or [(), ()]
    columns[1] = ()
    claims = _nested(columns[7])
    columns[7] = ()
    scanned = [(path, entry.scan) for path, entry in entries.items() if entry.scan is not None]
    scans = (
        [path for path, _ in scanned],
        _nested([scan.links for _, scan in scanned]),
        _nested([scan.unsafe for _, scan in scanned]),
    )
    index = None
    if entries.index is not None:
        loaded, _stamps, findings, by_slug, keys, key_text = entries.index
        position_of = {article.path: i for i, article in enumerate(articles)}
        slugs = list(by_slug)
        positions = [position_of[article.path] for article in by_slug.values()]
        renamed = [
            (slug, tuple(map(tuple, article.claims)))
            for slug, article, i in zip(slugs, by_slug.values(), positions, strict=True)
            if article is not articles[i]
        ]
        index = (
            [position_of[item.path] if isinstance(item, Article) else _finding_row(item) for item in loaded],
            [_finding_row(finding) for finding in findings],
            slugs,
            positions,
            renamed,
            keys,
            key_text,
        )
    return (_CACHE_FORMAT, columns, stamps, claims, bad, scans, index)


def _decode(stored: tuple[Any, ...]) -> _Entries:
    """The entries :func:`_encode` stored, each record made again."""
    _format, columns, stamp_columns, claims, bad, scans, index = stored
    stamps: list[Stamp] = _rows(Stamp, stamp_columns)
    columns[1] = stamps
    columns[7] = _unnested(Claim, claims)
    articles: list[Article] = _rows(Article, columns)
    scan_paths, links, unsafe = scans
    by_path = dict(
        zip(scan_paths, map(BodyScan, _unnested(Link, links), _unnested(Unsafe, unsafe)), strict=True)
    )
    paths = list(columns[0])
    records: list[CacheEntry] = _rows(CacheEntry, (stamps, articles, list(map(by_path.get, paths))))
    for position, path, stamp, finding in bad:
        paths.insert(position, path)
        records.insert(position, CacheEntry(Stamp(*stamp), _finding(finding), None))
    entries = _Entries(zip(paths, records, strict=True))
    if index is not None:
        loaded, findings, slugs, positions, renamed, keys, key_text = index
        by_slug = dict(zip(slugs, map(articles.__getitem__, positions), strict=True))
        for slug, claimed in renamed:
            by_slug[slug] = by_slug[slug]._replace(slug=slug, claims=tuple(Claim(*c) for c in claimed))
        entries.index = (
            [articles[item] if type(item) is int else _finding(item) for item in loaded],
            {path: record.stamp for path, record in zip(paths, records, strict=True)},
            [_finding(row) for row in findings],
            by_slug,
            keys,
            key_text,
        )
    return entries


class _DeferredCorpus(Corpus):
    """A corpus whose files all match its cache, read from the cache when first used."""

    def __init__(self, found: _Found, prefixes: Sequence[str], cache: CorpusCache, fingerprint: str) -> None:
        # Corpus.__init__ runs in __getattr__, when an attribute it sets is first asked for.
        self.prefixes = tuple(prefixes)
        self.cache = cache
        self.cache_current = True
        self.fingerprint = fingerprint
        self._found: _Found | None = found

    def __getattr__(self, name: str) -> Any:
        found = self.__dict__.get("_found")
        if found is None or name.startswith("__"):
            raise AttributeError(name)
        self._found = None
        assert self.cache is not None
        entries = self.cache.entries
        index = getattr(entries, "index", None)
        if index is not None:
            # saved with the seal that matched: the index of exactly these files
            self.loaded, self.stamps, self.findings, self.by_slug, self.keys, self._key_text = index
            self._scans = {path: entry.scan for path, entry in entries.items() if entry.scan is not None}
        else:
            loaded = _load(found, self.prefixes, self.cache)
            fingerprint = self.fingerprint
            self.__dict__.update(loaded.__dict__)
            self.fingerprint = fingerprint
        return getattr(self, name)


class CorpusCache:
    """Parsed articles kept on disk between builds, keyed by path, size and mtime.

    The whole cache is dropped when the package version or the settings that shape a
    record (``tag``) change. The file is read only when its entries are first asked for;
    its last bytes seal the corpus :attr:`~Corpus.fingerprint` it was saved from, so that
    an unchanged corpus is recognised without unpickling anything.
    """

    def __init__(self, path: Path, tag: object) -> None:
        self.path = path
        self.tag = (__version__, tag)
        self._entries: dict[str, CacheEntry] | None = None

    @property
    def entries(self) -> dict[str, CacheEntry]:
        """Each file's record as last saved, by path (empty when there is no usable cache)."""
        if self._entries is None:
            self._entries = {}
            try:
                data = self.path.read_bytes()  # one read: unpickling from bytes is faster
                with gc_paused():
                    stored_tag, stored = pickle.loads(data)  # noqa: S301 - our own build output
                    if stored_tag == self.tag and stored[0] == _CACHE_FORMAT:
                        self._entries = _decode(stored)
            except Exception:  # a missing, truncated or foreign cache is simply rebuilt
                return self._entries
        return self._entries

    def holds(self, fingerprint: str) -> bool:
        """Whether the cache was saved, with these settings, from a corpus of this fingerprint."""
        seal = self._seal(fingerprint)
        try:
            with self.path.open("rb") as stream:
                stream.seek(-len(seal), os.SEEK_END)
                return stream.read() == seal
        except OSError:
            return False

    def _seal(self, fingerprint: str) -> bytes:
        digest = hashlib.sha1(
            repr((self.tag, _CACHE_FORMAT, fingerprint)).encode(), usedforsecurity=False
        ).hexdigest()
        return b"\nbizterms corpus " + digest.encode()

    def save(self, corpus: Corpus) -> None:
        """Write the corpus back, unless nothing changed since it was read."""
        if corpus.cache is self and corpus.cache_current:
            return
        entries = corpus.cache_entries()
        if entries == self.entries and (corpus.fingerprint is None or self.holds(corpus.fingerprint)):
            return
        if corpus.fingerprint is not None:
            # read back only with the seal of this fingerprint, so for exactly these files
            entries.index = (
                corpus.loaded,
                corpus.stamps,
                corpus.findings,
                corpus.by_slug,
                corpus.keys,
                corpus._key_text,
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        with gc_paused():  # the columns are tens of thousands of new tuples, none of them garbage
            stored = _encode(entries)
        with tmp.open("wb") as stream:
            pickle.dump((self.tag, stored), stream, protocol=pickle.HIGHEST_PROTOCOL)
            if corpus.fingerprint is not None:
                # after the pickle, which pickle.load stops before
                stream.write(self._seal(corpus.fingerprint))
        os.replace(tmp, self.path)
        self._entries = entries
        corpus.cache, corpus.cache_current = self, True
