"""A Sphinx project's ``bizterms_*`` settings, read from its ``conf.py`` without Sphinx."""

from __future__ import annotations

import os
import re
import runpy
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple

from .findings import Finding, Subtype
from .index import DEFAULT_PREFIXES, DEFAULT_SUFFIXES
from .settings import CorpusSettings, project_corpora


def conf_line(confdir: str | os.PathLike[str], name: str) -> tuple[str, int] | None:
    """``conf.py`` and the line where ``name`` is set, else None (not set there)."""
    conf_py = os.path.join(confdir, "conf.py")
    try:
        with open(conf_py, encoding="utf-8") as stream:
            text = stream.read()
    except (OSError, UnicodeDecodeError):
        return None
    found = re.search(rf"^[ \t]*{re.escape(name)}[ \t]*(:[^=\n]*)?=(?!=)", text, re.MULTILINE)
    return (conf_py, text.count("\n", 0, found.start()) + 1) if found else None


def _is_text_list(value: object) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(item, str) and item for item in value)


def is_corpus_list(value: object) -> bool:
    """A right ``bizterms_corpus``: paths and mappings (each entry is checked when it is read)."""
    return isinstance(value, (list, tuple)) and all(isinstance(item, (str, Mapping)) for item in value)


def is_suffix_list(value: object) -> bool:
    """A right ``bizterms_suffixes``: text that starts with a dot."""
    return _is_text_list(value) and all(str(s).startswith(".") for s in value)  # type: ignore[attr-defined]


class CorpusValue(NamedTuple):
    """A ``conf.py`` value that says how the corpus is read, checked alike by Sphinx and the CLI."""

    name: str
    default: list[str]
    valid: Callable[[object], bool]
    expected: str


CORPUS_VALUES = (
    CorpusValue(
        "bizterms_corpus",
        [],
        is_corpus_list,
        "a list of folder or file paths, or mappings with a 'path' and settings",
    ),
    CorpusValue(
        "bizterms_suffixes", list(DEFAULT_SUFFIXES), is_suffix_list, "a list of file suffixes such as '.md'"
    ),
    CorpusValue(
        "bizterms_internal_prefixes",
        list(DEFAULT_PREFIXES),
        _is_text_list,
        "a list of non-empty link prefixes such as '/'",
    ),
)


def wrong_value(name: str, expected: str, value: object, default: object) -> str:
    """The message of a ``config`` finding for a wrong ``conf.py`` value."""
    return f"{name} must be {expected}, not {value!r}; using the default {default!r}"


class Project(NamedTuple):
    """What a Sphinx project's ``conf.py`` says about its corpus."""

    corpora: list[CorpusSettings]
    suffixes: tuple[str, ...]
    findings: list[Finding]


class ConfError(Exception):
    """A ``conf.py`` that cannot be run."""


def read_project(confdir: str) -> Project:
    """The corpora a build of the project in ``confdir`` reads, as Sphinx would read them.

    ``conf.py`` is executed as Sphinx executes it (Python code, run in its own folder, with
    ``__file__`` and an empty ``tags``): only run this on a project you would build. The
    ``bizterms_*`` values are checked as the extension checks them, and entries of another
    ``language`` than the project's are left out.
    """
    confdir = os.path.abspath(confdir)
    namespace = _run_conf(os.path.join(confdir, "conf.py"))
    findings: list[Finding] = []
    values: dict[str, list[str]] = {}
    for value in CORPUS_VALUES:
        given = namespace.get(value.name, value.default)
        if not value.valid(given):
            where = conf_line(confdir, value.name) or (os.path.join(confdir, "conf.py"), 0)
            message = wrong_value(value.name, value.expected, given, value.default)
            findings.append(Finding(Subtype.CONFIG, where[0], where[1], message))
            given = value.default
        values[value.name] = given
    # Sphinx's own default: a project that does not set its language is in English
    language = namespace.get("language") or "en"
    conf_py = os.path.join(confdir, "conf.py")
    corpora, found = project_corpora(
        values["bizterms_corpus"],
        confdir,
        values["bizterms_internal_prefixes"],
        str(language),
        conf_line(confdir, "bizterms_corpus") or (conf_py, 0),
    )
    return Project(corpora, tuple(values["bizterms_suffixes"]), findings + found)


class _Tags:
    """What ``conf.py`` may ask of Sphinx's ``tags``: no tag is set."""

    def has(self, tag: str) -> bool:
        return False

    def add(self, tag: str) -> None:
        pass

    def remove(self, tag: str) -> None:
        pass

    def __contains__(self, tag: str) -> bool:
        return False

    def __iter__(self) -> Iterator[str]:
        return iter(())


def _run_conf(conf_py: str) -> dict[str, Any]:
    """The names ``conf.py`` defines, run in its folder as Sphinx runs it."""
    if not os.path.isfile(conf_py):
        raise ConfError(f"no conf.py in {os.path.dirname(conf_py) or '.'!r}")
    cwd = os.getcwd()
    # Sphinx runs conf.py in its own folder, and many compute paths from there; this is the
    # command line's own process, and the folder is changed back at once.
    os.chdir(os.path.dirname(os.path.abspath(conf_py)))
    try:
        return runpy.run_path(os.path.abspath(conf_py), {"tags": _Tags()}, run_name="conf")
    except (Exception, SystemExit) as exc:
        raise ConfError(f"{conf_py} could not be run: {type(exc).__name__}: {exc}") from exc
    finally:
        os.chdir(cwd)
