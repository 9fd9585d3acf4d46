"""The corpus cache: each file's record kept on disk as data between builds, keyed by path, size and mtime.

The file is two lines of JSON. The first, the header, says what wrote it (layout, package
version, settings), which corpus it was saved from (:attr:`~.index.Corpus.fingerprint`) and
the SHA-256 of the second line, the payload: the records, as lists of text, numbers and
booleans, and the index worked out from them (slugs, keys), for a corpus found unchanged.
Reading it can only make records, never run code. A file whose header or digest does not
match, or that does not read, is not used: the articles are read instead.
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
from .index import Index
from .markdown import BodyScan, Link, Unsafe

if TYPE_CHECKING:
    from .files import Found
    from .index import Corpus

#: The layout of the file; a file of another layout is not used.
FORMAT = "bizterms-corpus-cache/4"


class CacheEntry(NamedTuple):
    """What the cache keeps of one file: its stamp when loaded, its record, its body's scan."""

    stamp: Stamp
    loaded: Article | Finding
    scan: BodyScan | None


class _Payload(NamedTuple):
    """The second line of the file, read and checked."""

    #: Each file's record by path: the articles, then the files that are findings.
    records: dict[str, Article | Finding]
    #: The stamp of each file that is a finding (an article carries its own).
    stamps: dict[str, Stamp]
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
            self._entries = _entries(payload) if payload is not None else {}
        return self._entries

    def index(self, found: Found) -> Index | None:
        """The index of the corpus the cache was saved from, for the files of that same corpus
        found again (:meth:`holds` its fingerprint); None when the cache cannot give it.

        A corpus found unchanged is neither compared file by file nor indexed again: 0.012 s
        of CPU time less for the benchmark's 10,000 articles (0.139 s against 0.151 s in one
        alternating run), whose warm index then takes 0.154 s, 0.38× the frontmatter loop.
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
                    payload = stream.read()
                if header.get("sha256") != hashlib.sha256(payload).hexdigest():
                    raise ValueError("the payload is not the one the header was written with")
                data = json.loads(payload)
                stamps = {fields[1]: Stamp._make(stamp) for stamp, fields in data["findings"]}
                self._payload = _Payload(_decode(data), stamps, _scans(data), data["index"])
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
        # ASCII: a file name that is not UTF-8 (a lone surrogate) is written escaped
        data = {**_encode(entries), "index": _encode_index(corpus)}
        payload = json.dumps(data, separators=(",", ":")).encode()
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


def _entries(payload: _Payload) -> dict[str, CacheEntry]:
    entries = {}
    for path, record in payload.records.items():
        stamp = record.stamp if isinstance(record, Article) else payload.stamps[path]
        entries[path] = CacheEntry(stamp, record, payload.scans.get(path))
    return entries


def _decode(data: dict[str, Any]) -> dict[str, Article | Finding]:
    records: dict[str, Article | Finding] = {
        article.path: article for article in map(_article, data["articles"])
    }
    for _, fields in data["findings"]:
        finding = _finding(fields)
        records[finding.path] = finding
    return records


def _scans(data: dict[str, Any]) -> dict[str, BodyScan]:
    return {
        path: BodyScan(tuple(Link(*link) for link in links), tuple(Unsafe(*unsafe) for unsafe in unsafes))
        for path, (links, unsafes) in data["scans"].items()
    }


def _article(fields: list[Any]) -> Article:
    # the fields made records in place, then the article in one call (``_make`` checks their
    # number): 10,000 articles in 14 ms, against 25 ms for a call with each field named
    fields[1] = Stamp._make(fields[1])
    fields[5] = tuple(fields[5])
    fields[6] = tuple(fields[6])
    fields[7] = tuple(map(Claim._make, fields[7]))
    return Article._make(fields)


def _finding(fields: list[Any]) -> Finding:
    subtype, path, line, message, target, suggestions = fields
    return Finding(Subtype(subtype), path, line, message, target, tuple(suggestions))


# The index, for a corpus found unchanged. The articles it holds are given by their position in
# the walk's list (the fingerprint says that list is the same); an article renamed to a slug of
# its own is kept whole, since it is not the record its file gave.


def _encode_index(corpus: Corpus) -> dict[str, Any]:
    index = corpus.index
    position = {item.path: i for i, item in enumerate(index.loaded) if isinstance(item, Article)}
    placed = list(index.by_slug.values())
    read = sum(isinstance(item, Finding) for item in index.loaded)
    return {
        "order": [position[article.path] for article in placed],
        "renamed": [
            [i, article]
            for i, article in enumerate(placed)
            if article != index.loaded[position[article.path]]
        ],
        "keys": _claim_refs(index, placed),
        "ambiguous": index.ambiguous,
        # the findings of reading come from the records; those of indexing are kept here
        "findings": index.findings[read:],
    }


def _claim_refs(index: Index, placed: list[Article]) -> list[int]:
    """Each key, in order, as the claim that gives its text and (unless it is ambiguous) its
    article: that article's position in ``placed`` and the claim's in its claims, flattened.

    Every key and every text is in the records already: as numbers, the 24,000 keys of the
    benchmark's 10,000 articles are read and looked up in 12 ms rather than read in 15 ms as
    two tables of text, and the file is 5.2 MB rather than 7.3 MB.
    """
    where: dict[str, tuple[int, int]] = {}
    for i, article in enumerate(placed):
        for j, claim in enumerate(article.claims):
            key = claim.key
            if (
                key not in where
                and index.key_text.get(key) == claim.text
                and (key in index.ambiguous or index.keys.get(key) == article.slug)
            ):
                where[key] = (i, j)
    return [n for key in index.key_text for n in where[key]]


def _index(found: Found, payload: _Payload) -> Index:
    records = payload.records
    loaded: list[Article | Finding] = []
    stamps: dict[str, Stamp] = {}
    for item in found:
        if isinstance(item, Finding):
            loaded.append(item)
            continue
        path = item[0]
        record = records[path]
        loaded.append(record)
        stamps[path] = record.stamp if isinstance(record, Article) else payload.stamps[path]
    data = payload.tables
    placed: list[Article] = []
    for i in data["order"]:
        article = loaded[i]
        if not isinstance(article, Article):
            raise TypeError("not an article")
        placed.append(article)
    for i, fields in data["renamed"]:
        placed[i] = _article(fields)
    by_slug = {article.slug: article for article in placed}
    ambiguous = {key: tuple(slugs) for key, slugs in data["ambiguous"].items()}
    refs = data["keys"]
    owners = [placed[i] for i in refs[::2]]
    claims = [owner.claims[j] for owner, j in zip(owners, refs[1::2], strict=True)]
    key_text = {claim.key: claim.text for claim in claims}
    keys = {
        claim.key: owner.slug
        for owner, claim in zip(owners, claims, strict=True)
        if claim.key not in ambiguous
    }
    findings = [item for item in loaded if isinstance(item, Finding)]
    findings += map(_finding, data["findings"])
    return Index(loaded, stamps, findings, by_slug, keys, ambiguous, key_text, dict(payload.scans))
