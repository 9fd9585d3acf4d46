"""Which files of a corpus are not terms: ``exclude`` patterns, read like ``.gitignore`` lines."""

from __future__ import annotations

import re
from collections.abc import Sequence


def glob_regex(pattern: str) -> str:
    """A regular expression for the path (relative to the corpus root) a glob matches.

    ``*`` and ``?`` stay inside one folder, ``**`` crosses folders, ``[...]`` is a class; a
    pattern with no ``/`` but a trailing one matches a name at any depth.
    """
    glob = pattern.rstrip("/")
    anchored = "/" in glob
    glob = glob.lstrip("/")
    out: list[str] = []
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "[" and (end := glob.find("]", i + 2)) > 0:
            inner = glob[i + 1 : end]
            negate = inner[0] in "!^"
            inner = inner[1:] if negate else inner
            out.append(f"[{'^' if negate else ''}{inner.replace(chr(92), chr(92) * 2)}]")
            i = end + 1
        elif glob[i] == "\\" and i + 1 < len(glob):
            out.append(re.escape(glob[i + 1]))
            i += 2
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return ("" if anchored else "(?:.*/)?") + "".join(out)


class Exclude:
    """The patterns of one corpus; :meth:`match` says which one leaves a file or folder out."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.patterns = tuple(patterns)
        # One alternation per kind, with a group per pattern: ``lastindex`` names the one
        # that matched, in a single regex call per file.
        self._any = self._compile([p for p in self.patterns if not p.endswith("/")])
        self._folders = self._compile([p for p in self.patterns if p.endswith("/")])

    def _compile(self, patterns: list[str]) -> tuple[re.Pattern[str], list[str]] | None:
        if not patterns:
            return None
        return re.compile("|".join(f"({glob_regex(p)})" for p in patterns), re.DOTALL), patterns

    def match(self, relative: str, is_folder: bool) -> str | None:
        """The pattern that leaves out ``relative`` (a ``/``-separated path), or None."""
        for compiled in (self._any, self._folders if is_folder else None):
            if compiled is not None:
                found = compiled[0].fullmatch(relative)
                if found is not None and found.lastindex is not None:
                    return compiled[1][found.lastindex - 1]
        return None
