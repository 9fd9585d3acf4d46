"""Loading a corpus: the files found, unchanged ones from the cache, the rest read."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

from .article import Article, Stamp, load_article
from .cache import CorpusCache
from .files import Found, LeftOut, article_files, fingerprint
from .findings import Finding
from .gcpause import gc_paused
from .index import DEFAULT_PREFIXES, DEFAULT_SUFFIXES, Corpus
from .markdown import BodyScan
from .settings import CorpusSettings


def load_corpus(
    roots: Iterable[str | os.PathLike[str] | CorpusSettings],
    suffixes: Sequence[str] = DEFAULT_SUFFIXES,
    prefixes: Sequence[str] = DEFAULT_PREFIXES,
    cache: CorpusCache | None = None,
) -> Corpus:
    """Load every article under ``roots``; with a cache, unchanged files are not read.

    A root is a path (read in the extension's own format, its links by ``prefixes``) or the
    settings of a corpus. Where they clash, the first root wins. When every file is as the
    cache last saw it, the cache is not even unpickled until the corpus is first used: a
    build with nothing to do never needs it.
    """
    corpora = tuple(
        root
        if isinstance(root, CorpusSettings)
        else CorpusSettings(os.fspath(root), link_prefixes=tuple(prefixes))
        for root in roots
    )
    left_out: list[LeftOut] = []
    with gc_paused():  # tens of thousands of directory entries and stat results
        found: Found = list(article_files(corpora, suffixes, left_out))
    digest = fingerprint(found, corpora)
    if cache is not None and digest is not None and cache.holds(digest):
        return _DeferredCorpus(found, prefixes, cache, digest, corpora, left_out)
    corpus = _load(found, prefixes, cache, corpora, left_out)
    corpus.fingerprint = digest
    if digest is not None:
        corpus.cache_current = False  # the cache lacks this corpus's seal: save it again
    return corpus


def _load(
    found: Found,
    prefixes: Sequence[str],
    cache: CorpusCache | None,
    corpora: Sequence[CorpusSettings],
    left_out: list[LeftOut],
) -> Corpus:
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
            key, stamp, index = item
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
                loaded.append(load_article(key, stamp, corpora[index].fields, index))
                read += 1
    corpus = Corpus(loaded, prefixes, scans, stamps, corpora, left_out)
    corpus.cache = cache
    # Every cached file found unchanged and none read: the cache holds this very corpus.
    corpus.cache_current = cache is not None and read == 0 and len(reused) == len(old)
    return corpus


class _DeferredCorpus(Corpus):
    """A corpus whose files all match its cache, read from the cache when first used."""

    def __init__(
        self,
        found: Found,
        prefixes: Sequence[str],
        cache: CorpusCache,
        fingerprint: str,
        corpora: Sequence[CorpusSettings],
        left_out: list[LeftOut],
    ) -> None:
        # Corpus.__init__ runs in __getattr__, when an attribute it sets is first asked for.
        self.prefixes = tuple(prefixes)
        self.corpora = tuple(corpora)
        self.left_out = left_out
        self.cache = cache
        self.cache_current = True
        self.fingerprint = fingerprint
        self._found: Found | None = found

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
            (
                self.loaded,
                self.stamps,
                self.findings,
                self.by_slug,
                self.keys,
                self._key_text,
                self.ambiguous,
            ) = index
            self._scans = {path: entry.scan for path, entry in entries.items() if entry.scan is not None}
        else:
            loaded = _load(found, self.prefixes, self.cache, self.corpora, self.left_out)
            fingerprint = self.fingerprint
            self.__dict__.update(loaded.__dict__)
            self.fingerprint = fingerprint
        return getattr(self, name)
