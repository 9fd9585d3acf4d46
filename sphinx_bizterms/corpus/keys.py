"""Term identity: lookup-key normalisation, slugs and "did you mean" suggestions."""

from __future__ import annotations

import difflib
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Mapping

from docutils.nodes import make_id

_PARENTHETICAL = re.compile(r"\(([^()]*)\)")
_TRAILING_PARENTHETICAL = re.compile(r"\s*\([^()]*\)\s*$")
#: Runs of what is not a letter or digit: ``re``'s ``\w`` is exactly ``str.isalnum()`` plus ``_``.
_NOT_ALNUM = re.compile(r"[\W_]+")
#: A letter that ``make_id`` cannot spell in Latin letters, and drops: one of another script
#: (``\w`` but no digit or ``_``, outside the Latin blocks, where ``Å`` is ``a`` and ``ø`` ``o``).
_NOT_LATIN_LETTER = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")


def normalize_key(text: str) -> str:
    """Compare keys as NFKC, case-folded, letters and digits only (``æøå`` stay)."""
    # One regex pass instead of a Python loop per character: keys are normalised for every
    # claim of every article and every lookup, tens of thousands of times per build.
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold())


def strip_parenthetical(title: str) -> str:
    """``Business Process Outsourcing (BPO)`` → ``Business Process Outsourcing``."""
    return _TRAILING_PARENTHETICAL.sub("", title).strip() or title.strip()


def parentheticals(title: str) -> list[str]:
    """Every ``(...)`` part of a title: ``BPO`` for the seed."""
    return [part.strip() for part in _PARENTHETICAL.findall(title) if part.strip()]


def make_slug(text: str) -> str:
    """An id the way docutils makes one, or of the text's own letters when docutils would
    drop some.

    ``make_id`` keeps only Latin letters and digits: a title with letters of another script
    keeps its letters, lowercased, other characters as ``-`` (``객체`` stays ``객체``, and
    ``API 게이트웨이`` is ``api-게이트웨이``, not ``api``, the slug of another term). Empty
    when the text has no letter or digit at all.
    """
    slug = make_id(text) if _NOT_LATIN_LETTER.search(text) is None else ""
    return slug or _NOT_ALNUM.sub("-", unicodedata.normalize("NFKC", text).lower()).strip("-")


def suggest(key: str, candidates: Iterable[str], names: Mapping[str, str], limit: int = 3) -> tuple[str, ...]:
    """Up to ``limit`` display names whose normalised key is close to ``key``.

    ``names`` maps a normalised key to the text to show for it.
    """
    return _close(normalize_key(key), candidates, names, limit)


def _close(wanted: str, candidates: Iterable[str], names: Mapping[str, str], limit: int) -> tuple[str, ...]:
    """:func:`suggest` for a key already normalised."""
    if not wanted:
        return ()
    close = difflib.get_close_matches(wanted, list(candidates), n=limit * 3, cutoff=0.6)
    shown: list[str] = []
    for match in close:
        name = names[match]
        if name not in shown:
            shown.append(name)
        if len(shown) == limit:
            break
    return tuple(shown)


#: Keys of each length one "did you mean" compares against at most, on each side of it in
#: sorted order. ``difflib`` costs up to 15 µs per near miss: an alias list built to look like
#: every broken link can no longer make each one cost a scan of the corpus.
SUGGEST_NEIGHBOURS = 50
#: Comparisons that the suggestions of one batch (a build's findings) may make, per key of
#: the corpus. Past it, findings go without "did you mean": the cost stays linear in the corpus.
SUGGEST_BUDGET_PER_KEY = 4


class Suggester:
    """ "Did you mean" for the keys of one corpus: bounded per key, budgeted per batch, cached."""

    def __init__(self, names: Mapping[str, str]) -> None:
        #: normalised key -> the text to show for it
        self.names = names
        self._buckets: dict[tuple[str, int], list[str]] | None = None
        #: normalised key -> (its suggestions, the comparisons they took)
        self._found: dict[str, tuple[tuple[str, ...], int]] = {}

    def suggest(self, key: str) -> tuple[str, ...]:
        """Up to three display names close to ``key``."""
        return self._suggest(normalize_key(key))[0]

    def suggest_each(self, keys: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """Suggestions for each of ``keys`` (by normalised key) within one budget.

        The keys are taken in sorted order and a cached answer is charged what it cost, so
        which keys get suggestions depends only on the set asked for: ``-j 2`` and an
        incremental build say what ``-j 1`` and a clean one say.
        """
        budget = SUGGEST_BUDGET_PER_KEY * len(self.names) + 2 * SUGGEST_NEIGHBOURS
        answers: dict[str, tuple[str, ...]] = {}
        for wanted in sorted({normalize_key(key) for key in keys}):
            if budget <= 0:
                answers[wanted] = ()
                continue
            answers[wanted], cost = self._suggest(wanted)
            budget -= cost
        return answers

    def _suggest(self, wanted: str) -> tuple[tuple[str, ...], int]:
        found = self._found.get(wanted)
        if found is None:
            candidates = self._candidates(wanted)
            found = self._found[wanted] = (_close(wanted, candidates, self.names, 3), len(candidates))
        return found

    def _candidates(self, wanted: str) -> list[str]:
        # Keys of a similar length that start alike: a typo in the first letter is missed, the
        # price of not comparing against every key of a corpus of tens of thousands.
        if not wanted:
            return []
        if self._buckets is None:
            self._buckets = {}
            for key in sorted(self.names):
                self._buckets.setdefault((key[0], len(key)), []).append(key)
        spread = max(2, len(wanted) // 3)
        lengths = range(max(1, len(wanted) - spread), len(wanted) + spread + 1)
        candidates: list[str] = []
        for length in lengths:
            bucket = self._buckets.get((wanted[0], length), [])
            at = bisect_left(bucket, wanted)
            candidates += bucket[max(0, at - SUGGEST_NEIGHBOURS) : at + SUGGEST_NEIGHBOURS]
        return candidates
