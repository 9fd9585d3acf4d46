"""The catalogue of problems the extension reports, shared by Sphinx and the CLI."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from enum import StrEnum
from typing import NamedTuple

#: The warning ``type`` of every warning this project emits.
WARNING_TYPE = "bizterms"


class Subtype(StrEnum):
    """Warning subtypes; ``suppress_warnings = ["bizterms.<value>"]`` silences one."""

    UNKNOWN_TERM = "unknown_term"
    """A role or directive names a key that no article has."""
    BROKEN_LINK = "broken_link"
    """An internal link in an article points to a key that no article has."""
    DUPLICATE_KEY = "duplicate_key"
    """Two articles claim one lookup key (or one slug)."""
    BAD_ARTICLE = "bad_article"
    """An article cannot be loaded: unreadable, not UTF-8, bad frontmatter, no title."""
    UNSAFE_CONTENT = "unsafe_content"
    """Raw HTML, a MyST directive or role, a local image or file link, or an unsafe scheme."""
    CONFIG = "config"
    """A ``bizterms_*`` configuration value is wrong; the default is used instead."""
    AMBIGUOUS_TERM = "ambiguous_term"
    """A citation whose key or word form reaches several terms (derived claims only)."""
    DEPRECATED_TERM = "deprecated_term"
    """A citation of a term marked deprecated; the message names its replacement."""
    UNLINKED_MENTION = "unlinked_mention"
    """A plain-text mention of a term (with ``bizterms_mentions = "warn"``)."""
    STALE_BASELINE = "stale_baseline"
    """An entry of the ``bizterms_baseline`` file that no finding matches any more."""
    CACHE = "cache"
    """The corpus cache cannot be written; the build goes on, and the next one reads every article."""

    def __str__(self) -> str:
        return self.value


class Finding(NamedTuple):
    """One problem, located in a file (an article, a document or ``conf.py``)."""

    subtype: Subtype
    path: str
    line: int
    message: str
    target: str = ""
    suggestions: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.path, self.line, self.subtype.value, self.message)

    def format(self, note: bool = False) -> str:
        """The standard ``path:line: message [bizterms.subtype]`` form; a note says ``note:``."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = "note: " if note else ""
        return printable(f"{where}: {label}{self.message} [{WARNING_TYPE}.{self.subtype.value}]")

    def github(self, note: bool = False) -> str:
        """A GitHub Actions ``::warning`` (``::notice`` for a note) workflow command, escaped
        as the runner expects."""
        properties = [f"file={_escape_property(self.path)}"]
        if self.line:
            properties.append(f"line={self.line}")
        properties.append(f"title={_escape_property(f'{WARNING_TYPE}.{self.subtype.value}')}")
        level = "notice" if note else "warning"
        return f"::{level} {','.join(properties)}::{_escape_data(self.message)}"

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "subtype": self.subtype.value,
            "message": self.message,
            "target": self.target,
            "suggestions": list(self.suggestions),
        }


def _escape_data(text: str) -> str:
    # the runner's own escapes for line ends; other controls as everywhere else
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def did_you_mean(suggestions: tuple[str, ...]) -> str:
    """``; did you mean 'A', 'B' or 'C'?`` or nothing."""
    if not suggestions:
        return ""
    quoted = [f"'{s}'" for s in suggestions]
    if len(quoted) == 1:
        return f"; did you mean {quoted[0]}?"
    return f"; did you mean {', '.join(quoted[:-1])} or {quoted[-1]}?"


#: Control characters (C0, DEL, C1, line and paragraph separators) and the lone surrogates by
#: which Python spells the bytes of a file name that are not UTF-8.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\udc80-\udcff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(found: re.Match[str]) -> str:
    char = found.group()
    code = ord(char)
    if code >= 0xDC80 and code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # the byte of the file name, as Python writes bytes
    return _NAMED.get(char) or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")


def printable(text: str) -> str:
    """``text`` safe to print on one line of a log, a terminal or a report, whatever its source.

    A terminal escape (``ESC``, ``BEL``) in an alias could retitle or clear the reader's
    terminal, and a line end could start a forged warning; a file name that is not UTF-8
    would stop a strict stream. Each is shown as a Python escape instead: ``\\x1b``, ``\\n``,
    ``\\xff``.
    """
    return _UNPRINTABLE.sub(_escaped, text)


def json_line(record: Mapping[str, object]) -> str:
    """One JSON Lines record, readable (not ASCII-only) and encodable whatever its file names.

    Controls are escaped (so that a record stays one line for every reader), and a byte of a
    file name that is not UTF-8 is written as the JSON escape of the surrogate Python reads
    it as, which a JSON reader turns back into the same file name.
    """
    text = _JSON_UNSAFE.sub(
        lambda found: f"\\u{ord(found.group()):04x}", json.dumps(record, ensure_ascii=False)
    )
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


#: What ``json.dumps`` leaves raw that ``str.splitlines()`` and terminals take as controls;
#: outside strings JSON is ASCII, so each is inside a string, where an escape means the same.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029]")
