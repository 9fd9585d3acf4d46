"""The corpus cache: each file's record kept on disk as data between builds, keyed by path, size and mtime.

The file is two lines of JSON. The first, the header, says what wrote it (layout, package
version, settings), which corpus it was saved from (:attr:`~.index.Corpus.fingerprint`) and
the SHA-256 of the second line, the payload: the records, as lists of text, numbers and
booleans. Reading it can only make records, never run code. A file whose header or digest does
not match, or that does not read, is not used: the articles are read instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..version import __version__
from .article import Article, Claim, Stamp
from .findings import Finding, Subtype
from .markdown import BodyScan, Link, Unsafe

if TYPE_CHECKING:
    from .index import Corpus

#: The layout of the file; a file of another layout is not used.
FORMAT = "bizterms-corpus-cache/3"


class CacheEntry(NamedTuple):
    """What the cache keeps of one file: its stamp when loaded, its record, its body's scan."""

    stamp: Stamp
    loaded: Article | Finding
    scan: BodyScan | None


class CorpusCache:
    """Each file's record kept on disk between builds, keyed by path, size and mtime.

    ``tag`` stands for the settings that shape a record: a cache saved with another tag (by
    its ``repr``), or by another version of the package, is not used. The records are read
    only when first asked for; whether the cache holds a given corpus is told by its header.
    """

    def __init__(self, path: Path, tag: object) -> None:
        self.path = path
        self.tag = repr(tag)
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
            self._entries = {}
            try:
                with self.path.open("rb") as stream:
                    header = self._header(stream.readline())
                    if header is None:
                        return self._entries
                    payload = stream.read()
                if header.get("sha256") != hashlib.sha256(payload).hexdigest():
                    raise ValueError("the payload is not the one the header was written with")
                self._entries = _decode(json.loads(payload))
            except OSError:  # no file, or a folder in its place
                pass
            except (ValueError, TypeError, KeyError, IndexError):  # edited, truncated, foreign
                self.damaged = True
        return self._entries

    def clear(self) -> None:
        """Forget the records, on disk too, so that every article is read again."""
        self._entries = {}
        with contextlib.suppress(OSError):  # a folder in its place: saving reports it
            self.path.unlink(missing_ok=True)

    def save(self, corpus: Corpus) -> None:
        """Write each file of the corpus as loaded, unless that is what this cache holds.

        Raises :class:`OSError` when the file cannot be written; the file is then as before.
        """
        if corpus.cache is self and corpus.cache_current and not self.damaged:
            return
        entries = entries_of(corpus)
        # ASCII: a file name that is not UTF-8 (a lone surrogate) is written escaped
        payload = json.dumps(_encode(entries), separators=(",", ":")).encode()
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
        self._entries, self.damaged = entries, False
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


# The payload. json writes a record (a NamedTuple) as the list of its fields, and a Subtype
# as its text; reading makes each record again from its fields.


def _encode(entries: dict[str, CacheEntry]) -> dict[str, Any]:
    return {
        "articles": [entry.loaded for entry in entries.values() if isinstance(entry.loaded, Article)],
        # an article carries its stamp; a finding is kept with the stamp of its file
        "findings": [
            [entry.stamp, entry.loaded] for entry in entries.values() if isinstance(entry.loaded, Finding)
        ],
        "scans": {path: entry.scan for path, entry in entries.items() if entry.scan is not None},
    }


def _decode(data: dict[str, Any]) -> dict[str, CacheEntry]:
    scans = {
        path: BodyScan(tuple(Link(*link) for link in links), tuple(Unsafe(*unsafe) for unsafe in unsafes))
        for path, (links, unsafes) in data["scans"].items()
    }
    entries = {}
    for fields in data["articles"]:
        article = _article(fields)
        entries[article.path] = CacheEntry(article.stamp, article, scans.get(article.path))
    for stamp, fields in data["findings"]:
        finding = _finding(fields)
        entries[finding.path] = CacheEntry(Stamp(*stamp), finding, None)
    return entries


def _article(fields: list[Any]) -> Article:
    if len(fields) != len(Article._fields):
        raise ValueError("not an article")
    # the fields made records in place, then the article in one call: 10,000 articles in
    # 14 ms, against 25 ms for a call with each field named
    fields[1] = Stamp._make(fields[1])
    fields[5] = tuple(fields[5])
    fields[6] = tuple(fields[6])
    fields[7] = tuple(map(Claim._make, fields[7]))
    return Article._make(fields)


def _finding(fields: list[Any]) -> Finding:
    subtype, path, line, message, target, suggestions = fields
    return Finding(Subtype(subtype), path, line, message, target, tuple(suggestions))
