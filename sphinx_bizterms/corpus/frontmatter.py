"""Read YAML frontmatter safely: a fast reader for the simplest form, PyYAML's safe loader for the rest."""

from __future__ import annotations

import re
import sys

import yaml

try:  # the C loader is several times faster; both are safe loaders
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class SafeLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A safe loader that keeps an impossible date (``date: 2020-13-45``) as text.

    Such a date is usually in a field the extension ignores; refusing the whole article
    for it (as PyYAML's ``ValueError`` would) loses a term over nothing.
    """

    def construct_lenient_timestamp(self, node: yaml.ScalarNode) -> object:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", SafeLoader.construct_lenient_timestamp)

#: A character outside the set that simple frontmatter is written in: controls and tabs,
#: YAML's other line breaks (``\x85``, ``\u2028``, ``\u2029``), the BOM, non-characters.
#: Spelled as the characters it matches: the class of those it does not took ten times as
#: long to compile, at every start.
_NOT_SIMPLE = re.compile("[\x00-\t\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
#: What a plain scalar of simple frontmatter may not start with: YAML's indicators (a few
#: could start one, before a non-space; those scalars are left to PyYAML) and a space.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")
#: The loader's own implicit resolvers by first character (wildcards added): a plain scalar
#: that one of them matches loads as a bool, null, number, date, merge key … not as text.
_RESOLVERS: dict[str, tuple[re.Pattern[str], ...]] = {
    first: tuple(regexp for _, regexp in (*found, *SafeLoader.yaml_implicit_resolvers.get(None, ())))
    for first, found in SafeLoader.yaml_implicit_resolvers.items()
    if first is not None
}
_NO_RESOLVERS: tuple[re.Pattern[str], ...] = tuple(
    regexp for _, regexp in SafeLoader.yaml_implicit_resolvers.get(None, ())
)


def _plain_text(scalar: str) -> bool:
    """Whether ``scalar``, written plain on one line, loads as exactly this text."""
    if not scalar or scalar[0] in _INDICATORS or scalar[-1] in ": " or ": " in scalar or " #" in scalar:
        return False
    # a loop, not any(): a generator costs more than the match, for every field of every article
    for regexp in _RESOLVERS.get(scalar[0], _NO_RESOLVERS):  # noqa: SIM110
        if regexp.match(scalar):
            return False
    return True


def simple_frontmatter(fm: str) -> dict[str, str | list[str] | None] | None:
    """``fm`` as ``yaml.load`` reads it, when it is written in the simplest YAML; else None.

    Most frontmatter is ``key: value`` lines of plain text, and ``key:`` lines followed by
    ``- item`` lines. Reading those takes a quarter of the time of PyYAML's C loader (most
    of which is spent making Python objects from its events). Anything else (quotes,
    comments, flow collections, continued lines, ``...``, values that load as something
    other than text …) gives None, and PyYAML reads it, with its errors and their lines.
    """
    if _NOT_SIMPLE.search(fm):
        return None
    meta: dict[str, str | list[str] | None] = {}
    key = ""
    items: list[str] | None = None  # the list of ``key``, while ``- item`` lines may follow
    indent = -1  # the indent of its items, once the first is seen
    for line in fm.split("\n"):
        if not line:
            items = None
            continue
        if line[0] in _INDICATORS or line.startswith("..."):
            if items is None:
                return None
            item = line.lstrip(" ")
            if not item.startswith("- ") or indent not in (-1, len(line) - len(item)):
                return None
            indent = len(line) - len(item)
            item = item[2:].strip(" ")
            if not _plain_text(item):
                return None
            items.append(item)
            meta[key] = items
            continue
        split = line.find(": ")
        key, value = (line[:split], line[split + 2 :].strip(" ")) if split > 0 else (line[:-1], "")
        if (split < 0 and line[-1] != ":") or len(key) > 128 or not _plain_text(key):
            return None
        if value:
            if not _plain_text(value):
                return None
            meta[key] = value
            items = None
        else:
            # ``key:`` alone is null, unless ``- item`` lines follow
            meta[key] = None
            items, indent = [], -1
    return meta or None


class BadField(Exception):
    """A frontmatter field of the wrong kind: what is wrong, and the line of its key."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class FieldReader:
    """The fields of one article's frontmatter, each found by the keys that may hold it.

    Keys are tried in order and matched case-insensitively (``Title:`` is ``title``); a key
    whose value is empty is passed over.
    """

    def __init__(self, meta: dict[object, object], fm: str, fm_line: int) -> None:
        self.meta = meta
        self._fm = fm
        self._fm_line = fm_line
        self._folded: dict[str, object] | None = None

    def find(self, keys: tuple[str, ...]) -> tuple[str, object] | None:
        """The first of ``keys`` that the frontmatter has, as written there, and its value."""
        meta = self.meta
        for key in keys:
            value = meta.get(key)  # the usual case, and the quick one
            if value is not None:
                return key, value
        if self._folded is None:
            self._folded = {}
            for written in meta:
                if isinstance(written, str):
                    self._folded.setdefault(written.casefold(), written)
        for key in keys:
            written = self._folded.get(key.casefold())
            if written is not None and meta[written] is not None:
                return str(written), meta[written]
        return None

    def line_of(self, key: str) -> int:
        """The line of ``key`` in the file (the frontmatter's first line when not found)."""
        found = re.search(rf"^{re.escape(key)}\s*:", self._fm, re.MULTILINE)
        return self._fm_line + self._fm.count("\n", 0, found.start()) if found else self._fm_line

    def text(self, keys: tuple[str, ...]) -> str | None:
        """A text field, stripped; :class:`BadField` when it is not text."""
        found = self.find(keys)
        if found is None:
            return None
        key, value = found
        if not isinstance(value, str):
            raise BadField(f"'{key}' must be text, not {kind_of(value)}", self.line_of(key))
        return value.strip()

    def texts(self, keys: tuple[str, ...]) -> tuple[str, ...]:
        """A comma-separated text or a list of text, each item once; :class:`BadField` otherwise."""
        found = self.find(keys)
        if found is None:
            return ()
        key, value = found
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            message = f"'{key}' must be a comma-separated string or a list of text"
            raise BadField(message, self.line_of(key))
        # interned: keywords are a few categories shared by many articles
        return tuple(dict.fromkeys(sys.intern(s) for s in (item.strip() for item in items) if s))

    def plain(self, keys: tuple[str, ...]) -> str:
        """A text field kept as data: ``""`` when absent or not text."""
        found = self.find(keys)
        return found[1].strip() if found is not None and isinstance(found[1], str) else ""

    def draft(self) -> str:
        """``draft: true`` or ``published: false`` when the article says so, else ``""``."""
        draft = self.find(("draft",))
        if draft is not None and _flag(draft[1]) is True:
            return f"{draft[0]}: true"
        published = self.find(("published",))
        if published is not None and _flag(published[1]) is False:
            return f"{published[0]}: false"
        return ""


def _flag(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def kind_of(value: object) -> str:
    """``a list``, ``a number`` …: what a value is, for a message."""
    names = {list: "a list", dict: "a mapping", bool: "a boolean", int: "a number", float: "a number"}
    return names.get(type(value), f"a {type(value).__name__}")
