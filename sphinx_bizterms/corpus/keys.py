"""Term identity: lookup-key normalisation, slugs and "did you mean" suggestions."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

from docutils.nodes import make_id

_PARENTHETICAL = re.compile(r"\(([^()]*)\)")
_TRAILING_PARENTHETICAL = re.compile(r"\s*\([^()]*\)\s*$")
#: Runs of what is not a letter or digit: ``re``'s ``\w`` is exactly ``str.isalnum()`` plus ``_``.
_NOT_ALNUM = re.compile(r"[\W_]+")


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
    """An id the way docutils makes one, or of the text's own letters when that leaves nothing.

    ``make_id`` keeps only Latin letters and digits: a Hangul, Cyrillic or Greek title keeps
    its letters, lowercased, other characters as ``-`` (``객체`` stays ``객체``). Empty when
    the text has no letter or digit at all.
    """
    return make_id(text) or _NOT_ALNUM.sub("-", unicodedata.normalize("NFKC", text).lower()).strip("-")


def suggest(key: str, candidates: Iterable[str], names: dict[str, str], limit: int = 3) -> tuple[str, ...]:
    """Up to ``limit`` display names whose normalised key is close to ``key``.

    ``names`` maps a normalised key to the text to show for it.
    """
    wanted = normalize_key(key)
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
