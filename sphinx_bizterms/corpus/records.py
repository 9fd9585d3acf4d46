"""The records a cache keeps, one line of JSON each, made into records only when first asked for."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, overload

from .article import Article
from .findings import Finding, Subtype


def article(fields: list[Any]) -> Article:
    """An article from its fields as json wrote them (a record as the list of its fields)."""
    # the fields made tuples in place, then the article in one call (``_make`` checks their
    # number): 10,000 articles in 14 ms, against 25 ms for a call with each field named
    fields[1] = tuple(fields[1])
    fields[5] = tuple(fields[5])
    fields[6] = tuple(fields[6])
    fields[7] = tuple(map(tuple, fields[7]))
    return Article._make(fields)


def finding(fields: list[Any]) -> Finding:
    """A finding from its fields as json wrote them (its subtype as its text)."""
    subtype, path, line, message, target, suggestions = fields
    return Finding(Subtype(subtype), path, line, message, target, tuple(suggestions))


class Rows:
    """The record of each file, by its row: its line parsed and made a record the first time.

    ``findings`` are the rows that hold a finding (a file that is not an article); the others
    hold articles. A line is parsed once, however often its record is asked for.
    """

    def __init__(self, lines: list[bytes], findings: Mapping[int, object]) -> None:
        self._lines = lines
        self._findings = findings
        self._made: list[Article | Finding | None] = [None] * len(lines)

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, row: int) -> Article | Finding:
        made = self._made[row]
        if made is None:
            fields = json.loads(self._lines[row])
            made = self._made[row] = finding(fields) if row in self._findings else article(fields)
        return made

    def article(self, row: int) -> Article:
        made = self[row]
        if not isinstance(made, Article):
            raise TypeError(f"row {row} holds no article")
        return made


class LazyLoaded(Sequence[Article | Finding]):
    """:attr:`~.index.Index.loaded` of a corpus read from the cache: each file's record in the
    walk's order, as a row of :class:`Rows` (made when asked for) or a finding of the walk."""

    def __init__(self, slots: list[int | Finding], rows: Rows) -> None:
        self._slots = slots
        self._rows = rows

    def __len__(self) -> int:
        return len(self._slots)

    @overload
    def __getitem__(self, i: int) -> Article | Finding: ...

    @overload
    def __getitem__(self, i: slice) -> list[Article | Finding]: ...

    def __getitem__(self, i: int | slice) -> Article | Finding | list[Article | Finding]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        slot = self._slots[i]
        return self._rows[slot] if isinstance(slot, int) else slot

    def __iter__(self) -> Iterator[Article | Finding]:
        rows = self._rows
        for slot in self._slots:
            yield rows[slot] if isinstance(slot, int) else slot


class LazyArticles(Mapping[str, Article]):
    """:attr:`~.index.Index.by_slug` of a corpus read from the cache: slug to row, each article
    made when it is first asked for.

    A build uses the articles it cites, shows and lists, not the whole corpus: the warm index
    of the benchmark's 10,000 articles, which makes none of them, takes 0.103 s of CPU time
    (0.25× the frontmatter loop, median of 5 runs) against 0.154 s (0.37×) with every record
    made as the cache was read: no parse of each record, and no garbage collection over them.
    Going over all of them (``values()``) makes each once.
    """

    def __init__(self, slots: dict[str, int | Article], rows: Rows) -> None:
        #: Each slug, in the index's order, and its article's row (an article renamed to a
        #: slug of its own is not its row's record, and is kept whole).
        self._slots = slots
        self._rows = rows

    def __getitem__(self, slug: str) -> Article:
        slot = self._slots[slug]
        return self._rows.article(slot) if isinstance(slot, int) else slot

    def __contains__(self, slug: object) -> bool:
        return slug in self._slots  # without making the article

    def __iter__(self) -> Iterator[str]:
        return iter(self._slots)

    def __len__(self) -> int:
        return len(self._slots)
