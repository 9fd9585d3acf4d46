"""The findings baseline: known findings, kept in a JSON file, that a build notes instead of warning.

Entries match findings by subtype, file and target, never by line, so that they survive edits
above them. The file lists each known finding once (the same target twice in one file is two
entries), and is written with one entry per line, so that a stale entry can be pointed at.
"""

from __future__ import annotations

import json
import os
from collections import Counter, deque
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from .findings import Finding, Subtype, json_line

#: The file name the ``bizterms`` builder and ``bizterms baseline write`` use by default.
DEFAULT_NAME = "bizterms-baseline.json"
FORMAT_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read or is not one."""


class Entry(NamedTuple):
    """One known finding: what it is matched by, and its message for the reader."""

    subtype: str
    file: str
    target: str
    message: str = ""
    #: The entry's line in the baseline file (0 when not known), for a stale entry's warning.
    line: int = 0

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.subtype, self.file, self.target)


class Matched(NamedTuple):
    """Findings split by a baseline."""

    new: list[Finding]
    known: list[Finding]
    #: Entries that matched no finding: the problem was fixed, and the entry can go.
    stale: list[Entry]


def relative_file(path: str, base: str) -> str:
    """``path`` relative to ``base``, with ``/`` (absolute when there is no relative path)."""
    try:
        return Path(os.path.relpath(path, base)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()


def entry_of(finding: Finding, base: str) -> Entry:
    """A finding as a baseline entry, its file relative to ``base`` (the baseline's folder)."""
    return Entry(finding.subtype.value, relative_file(finding.path, base), finding.target, finding.message)


def match(entries: Iterable[Entry], findings: Iterable[Finding], base: str) -> Matched:
    """Split ``findings`` into new and known ones, and find the entries no finding matched.

    Each entry matches one finding: a third broken link to one target in a file whose two
    were known is new.
    """
    remaining = list(entries)
    unused = Counter(entry.key for entry in remaining)
    new: list[Finding] = []
    known: list[Finding] = []
    for finding in findings:
        key = entry_of(finding, base).key
        if unused[key] > 0:
            unused[key] -= 1
            known.append(finding)
        else:
            new.append(finding)
    stale: list[Entry] = []
    for entry in reversed(remaining):  # the last ones of a key are the unmatched ones
        if unused[entry.key] > 0:
            unused[entry.key] -= 1
            stale.append(entry)
    return Matched(new, known, stale[::-1])


def read_baseline(path: str | Path) -> list[Entry]:
    """The entries of a baseline file; :class:`BaselineError` says why it is not one."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BaselineError(f"{path} is not JSON: {exc}") from None
    items = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise BaselineError(f"{path} is not a baseline: expected an object with a 'findings' list")
    if data.get("version", FORMAT_VERSION) != FORMAT_VERSION:
        raise BaselineError(
            f"{path} has version {data.get('version')!r}; this version reads {FORMAT_VERSION}"
        )
    lines = _entry_lines(text)
    entries = []
    for n, item in enumerate(items):
        if not (isinstance(item, dict) and all(isinstance(item.get(k), str) for k in ("subtype", "file"))):
            raise BaselineError(f"{path}: finding {n + 1} needs a 'subtype' and a 'file'")
        target, message = item.get("target", ""), item.get("message", "")
        if not isinstance(target, str) or not isinstance(message, str):
            raise BaselineError(f"{path}: finding {n + 1}: 'target' and 'message' must be text")
        entry = Entry(item["subtype"], item["file"], target, message)
        found = lines.get(entry.key)
        entries.append(entry._replace(line=found.popleft() if found else 0))
    return entries


def _entry_lines(text: str) -> dict[tuple[str, str, str], deque[int]]:
    """The lines of the entries written one per line, by key, in order (others are not found)."""
    lines: dict[tuple[str, str, str], deque[int]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip().rstrip(",")
        if not stripped.startswith("{"):
            continue
        try:
            item = json.loads(stripped)
        except ValueError:
            continue
        if isinstance(item, dict) and "subtype" in item:
            key = (str(item.get("subtype")), str(item.get("file")), str(item.get("target", "")))
            lines.setdefault(key, deque()).append(number)
    return lines


def baseline_text(findings: Iterable[Finding], base: str) -> str:
    """A baseline file listing ``findings``, their files relative to ``base``, sorted."""
    entries = sorted(entry_of(finding, base)[:4] for finding in findings)
    # json_line: a file name that is not UTF-8 is written as JSON escapes, not a crash
    rows = [json_line(dict(zip(Entry._fields, entry, strict=False))) for entry in entries]
    body = ",\n    ".join(rows)
    findings_list = f"[\n    {body}\n  ]" if rows else "[]"
    return f'{{\n  "version": {FORMAT_VERSION},\n  "findings": {findings_list}\n}}\n'


def write_baseline(path: str | Path, findings: Iterable[Finding], base: str | None = None) -> None:
    """Write a baseline of ``findings`` to ``path``; files are relative to its folder by default."""
    path = Path(path)
    text = baseline_text(findings, base if base is not None else str(path.parent))
    path.write_text(text, encoding="utf-8")


def stale_finding(entry: Entry, path: str) -> Finding:
    """The ``stale_baseline`` finding of an entry that no longer occurs, at its line in ``path``."""
    target = f", target '{entry.target}'" if entry.target else ""
    message = (
        f"baseline entry no longer occurs: {entry.subtype} in {entry.file}{target}; "
        "write the baseline again to drop it"
    )
    return Finding(Subtype.STALE_BASELINE, path, entry.line or 1, message, entry.target)
