"""The corpus cache: each file's record kept on disk as data between builds, keyed by path, size and mtime.

The file is lines of JSON. The first, the header, says what wrote it (layout, package
version, settings), which corpus it was saved from (:attr:`~.index.Corpus.fingerprint`) and
the SHA-256 of the rest, the payload. The payload's first line is the index worked out from
the records (slugs, keys, findings, scans) and the stamp of each file that is a finding; each
line after it is the record of one file, in the walk's order, as a list of text, numbers and
booleans, made a record only when it is first used (:mod:`.records`). Reading it can only make
records, never run code. A file whose header or digest does not match, or that does not
read, is not used: the articles are read instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..version import __version__
from .article import Article, Stamp
from .findings import Finding
from .index import Index
from .markdown import BodyScan, Link, Unsafe
from .records import LazyArticles, LazyLoaded, Rows, article, finding

if TYPE_CHECKING:
    from .files import Found
    from .index import Corpus

#: The layout of the file; a file of another layout is not used.
FORMAT = "bizterms-corpus-cache/6"
#: ASCII (json's default): a file name that is not UTF-8 (a lone surrogate) is written
#: escaped, and no line holds a line break but the one that ends it. One encoder for all
#: the lines: ``json.dumps`` with an argument makes a new one per call.
_ENCODER = json.JSONEncoder(separators=(",", ":"))


class CacheEntry(NamedTuple):
    """What the cache keeps of one file: its stamp when loaded, its record, its body's scan."""

    stamp: Stamp
    loaded: Article | Finding
    scan: BodyScan | None


class _Payload(NamedTuple):
    """The payload, its digest checked: the index's line parsed, the records' lines not yet."""

    #: Each file's record, by row (the walk's order, files that could not be stat'ed left out).
    rows: Rows
    #: The stamp of each row that is a finding (an article carries its own).
    stamps: dict[int, Stamp]
    scans: dict[str, BodyScan]
    #: The index of the corpus it was saved from, as data (see :func:`_encode_index`).
    tables: dict[str, Any]


class CorpusCache:
    """Each file's record kept on disk between builds, keyed by path, size and mtime.

    ``tag`` stands for the settings that shape a record: a cache saved with another tag (by
    its ``repr``), or by another version of the package, is not used. The records are read
    only when first asked for; whether the cache holds a given corpus is told by its header.
    """

    def __init__(self, path: Path, tag: object) -> None:
        self.path = path
        self.tag = repr(tag)
        #: The payload once read (None if there is no usable one), and the entries made of it.
        self._payload: _Payload | None = None
        self._read = False
        self._entries: dict[str, CacheEntry] | None = None
        #: Whether the file's header matched but the rest could not be used.
        self.damaged = False

    def holds(self, fingerprint: str) -> bool:
        """Whether the cache was saved, with these settings, from a corpus of this fingerprint."""
        try:
            with self.path.open("rb") as stream:
                header = self._header(stream.readline())
        except OSError:
            return False
        return header is not None and header.get("fingerprint") == fingerprint

    @property
    def entries(self) -> dict[str, CacheEntry]:
        """Each file's record as last saved, by path (empty when there is no usable cache)."""
        if self._entries is None:
            payload = self._contents()
            self._entries = {}
            if payload is not None:
                try:
                    self._entries = _entries(payload)
                except (ValueError, TypeError, KeyError, IndexError):  # a record that does not read
                    self.damaged = True
        return self._entries

    def index(self, found: Found) -> Index | None:
        """The index of the corpus the cache was saved from, for the files of that same corpus
        found again (:meth:`holds` its fingerprint); None when the cache cannot give it.

        A corpus found unchanged is neither compared file by file nor indexed again, and its
        articles are made only when used (:class:`~.records.LazyArticles`).
        """
        payload = self._contents()
        if payload is None:
            return None
        try:
            return _index(found, payload)
        except (ValueError, TypeError, KeyError, IndexError):  # a payload of another corpus
            self.damaged = True
            return None

    def _contents(self) -> _Payload | None:
        """The payload, read and checked the first time it is needed; None if none is usable."""
        if not self._read:
            self._read = True
            try:
                with self.path.open("rb") as stream:
                    header = self._header(stream.readline())
                    if header is None:
                        return None
                    # hashed as it is read, a line at a time: the payload is held once, as
                    # its lines, and not also whole (71 MB for 100,000 articles)
                    digest = hashlib.sha256()
                    lines = []
                    for line in stream:
                        digest.update(line)
                        lines.append(line)
                if header.get("sha256") != digest.hexdigest():
                    raise ValueError("the payload is not the one the header was written with")
                data = json.loads(lines[0])
                stamps: dict[int, Stamp] = {row: (size, mtime) for row, (size, mtime) in data["bad"]}
                self._payload = _Payload(Rows(lines[1:], stamps), stamps, _scans(data), data)
            except OSError:  # no file, or a folder in its place
                pass
            except (ValueError, TypeError, KeyError, IndexError):  # edited, truncated, foreign
                self.damaged = True
        return self._payload

    def clear(self) -> None:
        """Forget the records, on disk too, so that every article is read again."""
        self._payload, self._read, self._entries = None, True, {}
        with contextlib.suppress(OSError):  # a folder in its place: saving reports it
            self.path.unlink(missing_ok=True)

    def save(self, corpus: Corpus) -> None:
        """Write each file of the corpus as loaded, unless that is what this cache holds.

        Raises :class:`OSError` when the file cannot be written; the file is then as before.
        """
        if corpus.cache is self and corpus.cache_current and not self.damaged:
            return
        entries = entries_of(corpus)
        lines = [_encode_index(corpus, entries), *(entry.loaded for entry in entries.values())]
        payload = b"\n".join(_ENCODER.encode(line).encode() for line in lines)
        header = {
            "format": FORMAT,
            "version": __version__,
            "tag": self.tag,
            "fingerprint": corpus.fingerprint,
            "sha256": hashlib.sha256(payload).hexdigest(),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            with tmp.open("wb") as stream:
                stream.write(json.dumps(header).encode() + b"\n" + payload)
            os.replace(tmp, self.path)
        finally:
            tmp.unlink(missing_ok=True)
        # read back when next asked for, as the next build would
        self._payload, self._read, self._entries, self.damaged = None, False, None, False
        corpus.cache, corpus.cache_current = self, True

    def _header(self, line: bytes) -> dict[str, Any] | None:
        """The header of a file of this layout, version and tag; None for any other."""
        try:
            header = json.loads(line)
        except ValueError:
            return None
        if not isinstance(header, dict):
            return None
        written_by = (header.get("format"), header.get("version"), header.get("tag"))
        return header if written_by == (FORMAT, __version__, self.tag) else None


def entries_of(corpus: Corpus) -> dict[str, CacheEntry]:
    """Each file of a corpus as it was loaded, by path; files that could not be stat'ed left out."""
    entries = {}
    scans, stamps = corpus.index.scans, corpus.stamps
    for item in corpus.loaded:
        if isinstance(item, Article):
            entries[item.path] = CacheEntry(item.stamp, item, scans.get(item.path))
        elif item.path in stamps:
            entries[item.path] = CacheEntry(stamps[item.path], item, None)
    return entries


def _entries(payload: _Payload) -> dict[str, CacheEntry]:
    entries = {}
    for row in range(len(payload.rows)):
        record = payload.rows[row]
        stamp = record.stamp if isinstance(record, Article) else payload.stamps[row]
        entries[record.path] = CacheEntry(stamp, record, payload.scans.get(record.path))
    return entries


def _scans(data: dict[str, Any]) -> dict[str, BodyScan]:
    return {
        path: BodyScan(tuple(Link(*link) for link in links), tuple(Unsafe(*unsafe) for unsafe in unsafes))
        for path, (links, unsafes) in data["scans"].items()
    }


# The index, for a corpus found unchanged. The articles it holds are given by their row (the
# fingerprint says the walk finds the same files in the same order); an article renamed to a
# slug of its own is kept whole, since it is not the record its file gave.


def _encode_index(corpus: Corpus, entries: dict[str, CacheEntry]) -> dict[str, Any]:
    index = corpus.index
    row = {path: i for i, path in enumerate(entries)}
    placed = list(index.by_slug.values())
    read = sum(isinstance(item, Finding) for item in index.loaded)
    return {
        "bad": [
            [row[path], entry.stamp] for path, entry in entries.items() if isinstance(entry.loaded, Finding)
        ],
        "order": [row[article.path] for article in placed],
        "slugs": [article.slug for article in placed],
        "renamed": [
            [i, article] for i, article in enumerate(placed) if article != entries[article.path].loaded
        ],
        "keys": index.keys,
        "ambiguous": index.ambiguous,
        "key_text": index.key_text,
        # the findings of reading come from the records; those of indexing are kept here
        "findings": index.findings[read:],
        "scans": {path: entry.scan for path, entry in entries.items() if entry.scan is not None},
    }


def _index(found: Found, payload: _Payload) -> Index:
    rows, bad, data = payload.rows, payload.stamps, payload.tables
    slots: list[int | Finding] = []
    findings: list[Finding] = []
    row = 0
    for item in found:
        if isinstance(item, Finding):
            slots.append(item)
            findings.append(item)
            continue
        if row in bad:
            record = rows[row]
            if not isinstance(record, Finding) or record.path != item[0]:
                raise ValueError("the record of another file")
            findings.append(record)
        slots.append(row)
        row += 1
    order, slugs = data["order"], data["slugs"]
    if row != len(rows) or len(order) != len(slugs) or not set(map(type, order)) <= {int}:
        raise ValueError("the index of another corpus")
    if order and (min(order) < 0 or max(order) >= row or not bad.keys().isdisjoint(order)):
        raise ValueError("an article that is not in the corpus")
    articles: dict[str, int | Article] = dict(zip(slugs, order, strict=True))
    for i, fields in data["renamed"]:
        articles[slugs[i]] = article(fields)
    ambiguous = {key: tuple(candidates) for key, candidates in data["ambiguous"].items()}
    findings += map(finding, data["findings"])
    stamps = {rows[r].path: stamp for r, stamp in bad.items()}
    loaded = LazyLoaded(slots, rows)
    by_slug = LazyArticles(articles, rows)
    return Index(
        loaded, stamps, findings, by_slug, data["keys"], ambiguous, data["key_text"], dict(payload.scans)
    )
