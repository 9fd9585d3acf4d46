"""Which files of a corpus are not terms: ``exclude`` patterns, read like ``.gitignore`` lines."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence


def _segment(glob: str) -> re.Pattern[str]:
    # fnmatch's patterns match in linear time (no nested backtracking, whatever the stars); a
    # segment never holds a "/", so its "*" stays inside one folder
    return re.compile(fnmatch.translate(glob))


class _PathGlob:
    """A pattern with a ``/``: matched from the corpus root, segment by segment.

    ``**`` matches any number of folders. The match is a walk of all positions at once
    (pattern segments × path segments), never a search that backtracks.
    """

    def __init__(self, glob: str) -> None:
        parts: list[str] = []
        for part in glob.strip("/").split("/"):
            if part != "**" or not parts or parts[-1] != "**":
                parts.append(part)
        self.parts = [None if part == "**" else _segment(part) for part in parts]

    def _closure(self, states: set[int]) -> set[int]:
        found = set(states)
        for state in sorted(states):
            while state < len(self.parts) and self.parts[state] is None:
                state += 1
                found.add(state)
        return found

    def match(self, segments: list[str]) -> bool:
        states = self._closure({0})
        for segment in segments:
            after: set[int] = set()
            for state in states:
                if state < len(self.parts):
                    part = self.parts[state]
                    if part is None:
                        after.add(state)  # ``**`` takes this folder and may take more
                    elif part.match(segment):
                        after.add(state + 1)
            states = self._closure(after)
            if not states:
                return False
        return len(self.parts) in states


class Exclude:
    """The patterns of one corpus; :meth:`match` says which one leaves a file or folder out.

    A pattern without ``/`` (but a trailing one) matches a name at any depth; one with a
    ``/`` is matched from the root; ``*``, ``?`` and ``[...]`` stay inside one name, ``**``
    crosses folders; a trailing ``/`` matches folders only. The walk asks about each folder
    before it enters it, so a file inside a folder that matches is never asked about.
    """

    def __init__(self, patterns: Sequence[str]) -> None:
        self.patterns = tuple(patterns)
        names = [p for p in self.patterns if "/" not in p.rstrip("/")]
        # The names of the usual patterns (the defaults) in one regular expression: one call
        # per file; which pattern matched is worked out only for a file that is left out.
        self._names = re.compile("|".join(fnmatch.translate(p.rstrip("/")) for p in names)) if names else None
        self._by_name = [(p, _segment(p.rstrip("/")), p.endswith("/")) for p in names]
        paths = [p for p in self.patterns if "/" in p.rstrip("/")]
        self._paths = [(p, _PathGlob(p), p.endswith("/")) for p in paths]
        # A path pattern matches only names that its last part matches: one call per file
        # rules most files out before their path is cut into folders (``/index.md`` is a
        # default pattern, so every corpus has one): 4 ms of the 45 ms walk of 10,000 files.
        lasts = [p.rstrip("/").rsplit("/", 1)[1] for p in paths]
        self._path_names = (
            re.compile("|".join(map(fnmatch.translate, lasts))) if lasts and "**" not in lasts else None
        )

    def match(self, relative: str, is_folder: bool) -> str | None:
        """The pattern that leaves out ``relative`` (a ``/``-separated path), or None."""
        name = relative.rpartition("/")[2]
        if self._names is not None and self._names.match(name):
            for pattern, compiled, folders_only in self._by_name:
                if (is_folder or not folders_only) and compiled.match(name):
                    return pattern
        if self._paths and (self._path_names is None or self._path_names.match(name)):
            segments = relative.split("/")
            for pattern, glob, folders_only in self._paths:
                if (is_folder or not folders_only) and glob.match(segments):
                    return pattern
        return None
