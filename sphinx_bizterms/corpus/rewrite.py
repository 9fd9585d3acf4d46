"""Rewrite rules: regular-expression substitutions that turn a site's shortcodes into Markdown.

Python's ``re`` backtracks, so a careless pattern such as ``(\\w+\\s?)*`` takes exponential
time on a long line. Rules are therefore checked before use (:func:`rewrite_problem`) and
applied line by line to lines of at most :data:`MAX_REWRITE_LINE` characters, which also keeps
every finding's line counted in the original file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the settings check rules with rewrite_problem()
    from .settings import Rewrite

from re import _parser as sre_parse  # type: ignore[attr-defined]  # the parser of re itself

#: Longer lines are left as they are: a pattern without nested quantifiers still backtracks
#: polynomially in the length of the text it is applied to. Markdown lines are far shorter.
MAX_REWRITE_LINE = 4000

_REPEATS = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT}


def rewrite_problem(rule: Rewrite) -> str | None:
    """Why ``rule`` cannot be used (it does not compile, or could make a build hang), or None.

    Refused: backreferences (``\\1``, ``(?P=name)``, ``(?(1)…)``), and a quantifier over
    something that holds another quantifier or an alternation (``(a+)+``, ``(a|ab)*``): the
    patterns whose backtracking grows exponentially. A replacement may not add a line break.
    """
    try:
        compiled = re.compile(rule.pattern)
        parsed = sre_parse.parse(rule.pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        return f"pattern {rule.pattern!r} is not a valid regular expression: {exc}"
    problem = _unsafe(parsed.data, repeated=False)
    if problem is not None:
        return f"pattern {rule.pattern!r} is refused: {problem} can make matching take exponential time"
    if "\n" in rule.replace or "\\n" in rule.replace:
        return f"replacement {rule.replace!r} adds a line break; rewrites must keep the article's lines"
    try:
        # Group references of the replacement are checked against the pattern's groups.
        compiled.sub(rule.replace, "")
    except (re.error, IndexError) as exc:
        return f"replacement {rule.replace!r} is not valid for pattern {rule.pattern!r}: {exc}"
    return None


def _unsafe(items: Iterable[tuple[Any, Any]], repeated: bool) -> str | None:
    """The first refused construct in a parsed pattern; ``repeated``: inside a quantifier."""
    for op, arg in items:
        if op in (sre_parse.GROUPREF, sre_parse.GROUPREF_EXISTS):
            return "a backreference"
        if op in _REPEATS:
            _low, high, body = arg
            if high > 1 and repeated:
                return "a quantifier inside a quantified group"
            found = _unsafe(body, repeated or high > 1)
        elif op is sre_parse.BRANCH:
            if repeated:
                return "an alternation inside a quantified group"
            found = next(filter(None, (_unsafe(branch, repeated) for branch in arg[1])), None)
        elif op is sre_parse.SUBPATTERN:
            found = _unsafe(arg[-1], repeated)
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            found = _unsafe(arg[1], repeated)
        elif op is sre_parse.ATOMIC_GROUP:
            found = _unsafe(arg, repeated)
        else:
            continue
        if found is not None:
            return found
    return None


@lru_cache(maxsize=64)
def _compiled(rules: tuple[Rewrite, ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    # A refused rule was reported with the settings (a ``config`` warning); here it is skipped.
    return tuple((re.compile(rule.pattern), rule.replace) for rule in rules if rewrite_problem(rule) is None)


def apply_rewrites(text: str, rules: Sequence[Rewrite]) -> str:
    """``text`` with each usable rule applied in order, line by line; its line count unchanged."""
    if not rules:
        return text
    lines = text.split("\n")
    for pattern, replace in _compiled(tuple(rules)):
        for i, line in enumerate(lines):
            if len(line) <= MAX_REWRITE_LINE:
                new = pattern.sub(replace, line)
                # an escape such as ``\012`` in the replacement still makes a line break
                lines[i] = line if "\n" in new else new
    return "\n".join(lines)
