"""The corpus cache: parsed articles kept on disk between builds, keyed by path, size and mtime."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable, Sequence
from itertools import chain, islice, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..version import __version__
from .article import Article, Claim, Stamp
from .findings import Finding, Subtype
from .gcpause import gc_paused
from .markdown import BodyScan, Link, Unsafe

if TYPE_CHECKING:
    from .index import Corpus


class CacheEntry(NamedTuple):
    stamp: Stamp
    loaded: Article | Finding
    scan: BodyScan | None


#: The index of a corpus as :class:`_Entries` keeps it: loaded, stamps, findings, by_slug,
#: keys, the keys' texts and the ambiguous keys.
_Index = tuple[
    list[Article | Finding],
    dict[str, Stamp],
    list[Finding],
    dict[str, Article],
    dict[str, str],
    dict[str, str],
    dict[str, tuple[str, ...]],
]


class _Entries(dict[str, CacheEntry]):
    """The cache's records by path, and the index of the corpus they were saved from.

    The index shares the records (one pickle, one memo), so reading it costs little more than
    the records; rebuilding it from them, as an unchanged corpus would, costs as much again.
    """

    index: _Index | None = None


#: The layout of the cache file; a file of another layout is not used.
_CACHE_FORMAT = "bizterms-corpus-cache-3"


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
        loaded, _stamps, findings, by_slug, keys, key_text, ambiguous = entries.index
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
            ambiguous,
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
        loaded, findings, slugs, positions, renamed, keys, key_text, ambiguous = index
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
            ambiguous,
        )
    return entries


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
        entries = entries_of(corpus)
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
                corpus.ambiguous,
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


def entries_of(corpus: Corpus) -> _Entries:
    """What :class:`CorpusCache` keeps of a corpus: each file as it was loaded."""
    entries = _Entries()
    with gc_paused():  # one new record per file
        for item in corpus.loaded:
            if isinstance(item, Article):
                entries[item.path] = CacheEntry(item.stamp, item, corpus._scans.get(item.path))
            elif item.path in corpus.stamps:
                entries[item.path] = CacheEntry(corpus.stamps[item.path], item, None)
    return entries
