"""Loading a corpus: the files found, unchanged ones from the cache, the rest read."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from .article import Article, Stamp, load_article
from .cache import CorpusCache
from .files import Found, LeftOut, article_files, fingerprint
from .findings import Finding
from .gcpause import gc_paused
from .index import DEFAULT_PREFIXES, DEFAULT_SUFFIXES, Corpus, Index
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
    cache last saw it (its header says so), the cache is read only when the corpus is first
    used: a build with nothing to do never reads it.
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
        # Reading the index takes 0.03 s of CPU time for the benchmark's 10,000 articles (its
        # records are made only when used), which a no-op rebuild, never using it, spares.
        corpus = Corpus.deferred(
            lambda: _sealed(found, prefixes, cache, corpora, left_out), prefixes, corpora, left_out
        )
        corpus.cache, corpus.cache_current, corpus.fingerprint = cache, True, digest
        return corpus
    corpus = _load(found, prefixes, cache, corpora, left_out)
    corpus.fingerprint = digest
    if digest is not None:
        corpus.cache_current = False  # the cache lacks this corpus's seal: save it again
    return corpus


def _sealed(
    found: Found,
    prefixes: Sequence[str],
    cache: CorpusCache,
    corpora: Sequence[CorpusSettings],
    left_out: list[LeftOut],
) -> Index:
    """The index of a corpus the cache holds: as saved, or made again if the cache cannot give it."""
    with gc_paused():  # the records made from the cache hold no cycles (see _load)
        index = cache.index(found)
    return index if index is not None else _load(found, prefixes, cache, corpora, left_out).index


def _load(
    found: Found,
    prefixes: Sequence[str],
    cache: CorpusCache | None,
    corpora: Sequence[CorpusSettings],
    left_out: list[LeftOut],
) -> Corpus:
    loaded: list[Article | Finding] = []
    scans: dict[str, BodyScan] = {}
    stamps: dict[str, Stamp] = {}
    reused: set[str] = set()
    read = 0
    # One pause for all the records made here, read or from the cache, and their index: none
    # of them is garbage, and a collection between the steps walks all that came before. For
    # the benchmark's 10,000 articles: 0.18 s of CPU time from the cache against 0.24 s with
    # the collector running, 0.53 s read from the files against 0.57 s.
    with gc_paused():
        old = cache.entries if cache is not None else {}
        for item in found:
            if isinstance(item, Finding):
                loaded.append(item)
                continue
            key, stamp, index = item
            entry = old.get(key)
            if stamp is not None and entry is not None and entry.stamp == stamp:
                if isinstance(entry.loaded, Finding):
                    stamps[key] = entry.stamp
                loaded.append(entry.loaded)
                reused.add(key)
                if entry.scan is not None:
                    scans[key] = entry.scan
            else:
                settings = corpora[index]
                record = load_article(
                    key,
                    stamp,
                    settings.fields,
                    index,
                    rewrite=settings.rewrite,
                    title_from_file_name=settings.title_from_file_name,
                )
                if stamp is not None and isinstance(record, Finding):
                    stamps[key] = stamp
                loaded.append(record)
                read += 1
        corpus = Corpus(loaded, prefixes, scans, stamps, corpora, left_out)
    corpus.cache = cache
    # Every cached file found unchanged and none read: the cache holds this very corpus.
    corpus.cache_current = cache is not None and read == 0 and len(reused) == len(old)
    return corpus
