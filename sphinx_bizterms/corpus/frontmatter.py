"""Read YAML frontmatter safely: a fast reader for the simplest form, PyYAML's safe loader for the rest."""

from __future__ import annotations

import re

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
