"""How one corpus is read: its folder, which files are terms, its field names and link forms.

A corpus from a site generator (Hugo, Docusaurus, Jekyll, an Obsidian-style vault) keeps its
own field names and link syntax. These settings come from a ``bizterms.toml`` at the corpus
root, from a mapping entry of ``bizterms_corpus`` in ``conf.py`` (which wins, key by key), or
are the defaults below, which read the extension's own format.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .findings import Finding, Subtype
from .rewrite import rewrite_problem

#: The file at a corpus root that holds its settings.
SETTINGS_FILE = "bizterms.toml"

#: Files that site generators keep beside their terms and that are not terms themselves. An
#: ``index.md`` in a folder of the corpus is a term kept in a folder of its own (a Hugo page
#: bundle, MDN's ``ajax/index.md``), named by the folder; at the root it is the glossary's page.
DEFAULT_EXCLUDE = ("_index.md", "/index.md", "README.md", "_*")


@dataclass(frozen=True)
class Fields:
    """The frontmatter keys that give each part of a term, each tried in order.

    Keys are matched case-insensitively (``Title:`` is ``title``).
    """

    title: tuple[str, ...] = ("title",)
    description: tuple[str, ...] = ("description",)
    aliases: tuple[str, ...] = ("aliases",)
    keywords: tuple[str, ...] = ("keywords",)
    slug: tuple[str, ...] = ("slug",)
    #: ``status: deprecated`` marks a term that should no longer be cited.
    status: tuple[str, ...] = ("status",)
    #: The key of the term that replaces a deprecated one.
    replaced_by: tuple[str, ...] = ("replaced_by",)


#: The fields of the extension's own format.
DEFAULT_FIELDS = Fields()


class Rewrite(NamedTuple):
    """A regular-expression substitution applied to bodies and descriptions before parsing."""

    pattern: str
    replace: str


@dataclass(frozen=True)
class CorpusSettings:
    """The settings of one entry of ``bizterms_corpus`` (or one path given to the CLI)."""

    #: The corpus folder or file, as given (relative paths are relative to the conf dir).
    path: str
    #: Globs relative to the corpus root, added to :data:`DEFAULT_EXCLUDE`.
    exclude: tuple[str, ...] = ()
    #: Link targets that point into the corpus (``bizterms_internal_prefixes`` when unset).
    link_prefixes: tuple[str, ...] = ("/",)
    #: Site-absolute links that are not term links become external links to this site.
    site_url: str | None = None
    #: The language of the corpus; used only when it is the project's ``language``.
    language: str | None = None
    #: The suffixes of this corpus's article files (``bizterms_suffixes`` when empty).
    suffixes: tuple[str, ...] = ()
    fields: Fields = field(default_factory=Fields)
    rewrite: tuple[Rewrite, ...] = ()
    #: An article without a title takes its file's name (an Obsidian-style vault), and a
    #: file without frontmatter is an article too.
    title_from_file_name: bool = False


#: Where a setting was written, for its ``config`` finding: a file and the line of the key.
Locate = Callable[[tuple[str | int, ...]], tuple[str, int]]


def corpus_settings(
    entry: object,
    base: str,
    prefixes: Sequence[str],
    conf: tuple[str, int] | None = None,
) -> tuple[CorpusSettings | None, list[Finding]]:
    """The settings of one corpus entry: a path, or a mapping with ``path`` and settings.

    ``base`` is the folder relative paths start from (the conf dir, or the working folder for
    the CLI); ``conf`` is ``conf.py`` and the line of ``bizterms_corpus`` for an entry written
    there. The corpus's ``bizterms.toml`` is read and ``conf.py``'s settings override it. A
    wrong setting is a ``config`` finding and is ignored; an entry without a usable path gives
    None.
    """
    findings: list[Finding] = []
    where = conf or (base, 0)
    given = entry.get("path") if isinstance(entry, Mapping) else entry
    if not isinstance(given, str) or not given:
        message = "bizterms_corpus: each entry must be a path or a mapping with a 'path'"
        return None, [Finding(Subtype.CONFIG, where[0], where[1], f"{message}, not {entry!r}; ignored")]
    path = os.path.normpath(os.path.join(base, given))
    if not os.path.exists(path):
        message = f"bizterms_corpus: no such file or folder: {path}"
        return None, [Finding(Subtype.CONFIG, where[0], where[1], message)]
    values: dict[str, object] = {}
    settings_file = os.path.join(path, SETTINGS_FILE)
    if os.path.isfile(settings_file):
        values = _read_file(settings_file, findings)
    if isinstance(entry, Mapping):
        table = {key: value for key, value in entry.items() if key != "path"}
        prefix = f"bizterms_corpus entry {given!r}: "
        # line numbers inside conf.py are not known: every problem is placed at the entry's list
        overrides = validate(table, lambda _key: where, findings, prefix)
        fields = {**_fields_of(values), **_fields_of(overrides)}
        values.update(overrides)
        if fields:
            values["fields"] = fields
    return _settings(path, values, prefixes), findings


def _fields_of(values: Mapping[str, object]) -> dict[str, tuple[str, ...]]:
    fields = values.get("fields")
    return dict(fields) if isinstance(fields, dict) else {}


def _settings(path: str, values: Mapping[str, Any], prefixes: Sequence[str]) -> CorpusSettings:
    """The record of checked ``values`` (each as its check returned it)."""
    fields = _fields_of(values)
    return CorpusSettings(
        path=path,
        exclude=values.get("exclude", ()),
        link_prefixes=values.get("link_prefixes", tuple(prefixes)),
        site_url=values.get("site_url"),
        language=values.get("language"),
        suffixes=values.get("suffixes", ()),
        # the default record itself when unchanged, so that articles take the quick path
        fields=dataclasses.replace(DEFAULT_FIELDS, **fields) if fields else DEFAULT_FIELDS,
        rewrite=values.get("rewrite", ()),
        title_from_file_name=values.get("title_from_file_name", False),
    )


def _read_file(path: str, findings: list[Finding]) -> dict[str, object]:
    """The checked settings of a ``bizterms.toml``; its problems go to ``findings``."""
    try:
        with open(path, "rb") as stream:
            data = stream.read()
        text = data.decode("utf-8")
        table = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        findings.append(Finding(Subtype.CONFIG, path, 0, f"cannot read {SETTINGS_FILE}: {exc}; ignored"))
        return {}
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\s*\(at line (\d+), column \d+\)$", str(exc))
        line = int(found.group(1)) if found else 1
        problem = str(exc)[: found.start()] if found else str(exc)
        message = f"{SETTINGS_FILE} is not valid TOML: {problem}; its settings are ignored"
        findings.append(Finding(Subtype.CONFIG, path, line, message))
        return {}
    return validate(table, lambda key: (path, toml_line(text, key)), findings)


def toml_line(text: str, key: tuple[str | int, ...]) -> int:
    """The line of ``key`` (``("site_url",)``, ``("fields", "title")``, ``("rewrite", 2, "pattern")``)."""
    start = 0
    name = key[-1] if isinstance(key[-1], str) else None
    if len(key) > 1:
        table = re.escape(str(key[0]))
        if isinstance(key[1], int):
            headers = list(re.finditer(rf"^[ \t]*\[\[[ \t]*{table}[ \t]*\]\]", text, re.MULTILINE))
            if key[1] < len(headers):
                start = headers[key[1]].end()
                name = key[2] if len(key) > 2 else None  # type: ignore[assignment]
        else:
            header = re.search(rf"^[ \t]*\[[ \t]*{table}[ \t]*\]", text, re.MULTILINE)
            if header is not None:
                start = header.end()
            else:
                name = str(key[0])  # an inline table: the line of its key
    found = None
    if name is not None:
        written = rf"^[ \t]*[\"']?{re.escape(name)}[\"']?[ \t]*="
        found = re.compile(written, re.MULTILINE).search(text, start)
    position = found.start() if found else start
    return text.count("\n", 0, position) + 1


def validate(
    table: Mapping[str, object],
    locate: Locate,
    findings: list[Finding],
    prefix: str = "",
) -> dict[str, object]:
    """The settings of ``table`` that are right; a ``config`` finding for each wrong one."""

    def report(key: tuple[str | int, ...], message: str) -> None:
        path, line = locate(key)
        findings.append(Finding(Subtype.CONFIG, path, line, f"{prefix}{message}; ignored"))

    values: dict[str, object] = {}
    for name, value in table.items():
        check = SETTING_CHECKS.get(name)
        if check is None:
            known = ", ".join(f"'{k}'" for k in SETTING_CHECKS)
            report((name,), f"unknown setting {name!r} (the settings are {known})")
            continue
        checked = check(value, lambda message, *more, _n=name: report((_n, *more), message))
        if checked is not None:
            values[name] = checked
    return values


#: Reports a problem of one setting, with the path inside it (a field, a rule's index and key).
Report = Callable[..., None]


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    names = {str: "text", list: "a list", dict: "a table", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)


def _texts(value: object, what: str, report: Report, *where: str | int) -> tuple[str, ...] | None:
    """A list of non-empty text (a single text is a list of one), or None after a report.

    ``where`` is the setting's path (``"exclude"``, or ``"fields", "title"``).
    """
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(isinstance(i, str) and i for i in items):
        shown = repr(value) if isinstance(value, (list, tuple, str)) else _kind(value)
        report(f"setting '{'.'.join(map(str, where))}' must be {what}, not {shown}", *where[1:])
        return None
    return tuple(items)


def _check_exclude(value: object, report: Report) -> tuple[str, ...] | None:
    patterns = _texts(value, "a list of glob patterns", report, "exclude")
    if patterns is not None and any(p.startswith("!") for p in patterns):
        report("setting 'exclude' cannot take back a pattern with '!'")
        return tuple(p for p in patterns if not p.startswith("!"))
    return patterns


def _check_prefixes(value: object, report: Report) -> tuple[str, ...] | None:
    prefixes = _texts(value, "a list of link prefixes such as '/'", report, "link_prefixes")
    # A link with a scheme is an external link before any prefix is tried: such a prefix
    # would silently match nothing.
    urls = [p for p in prefixes or () if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|//", p)]
    if prefixes is not None and urls:
        report(
            f"setting 'link_prefixes': {urls[0]!r} is a URL, and a link with a scheme is never a "
            "term link (a rewrite rule can make such links site paths)"
        )
        # none left: the setting is ignored, and the project's prefixes apply
        return tuple(p for p in prefixes if p not in urls) or None
    return prefixes


def _check_site_url(value: object, report: Report) -> str | None:
    if not isinstance(value, str) or not re.fullmatch(r"https?://[^/\s?#]+(/\S*)?", value):
        example = "an http or https URL such as 'https://example.com'"
        report(f"setting 'site_url' must be {example}, not {value!r}")
        return None
    return value.rstrip("/")


def _check_flag(value: object, report: Report, name: str) -> bool | None:
    if not isinstance(value, bool):
        report(f"setting {name!r} must be true or false, not {value!r}")
        return None
    return value


def _check_language(value: object, report: Report) -> str | None:
    if not isinstance(value, str) or not value.strip():
        report(f"setting 'language' must be a language code such as 'en', not {value!r}")
        return None
    return value.strip()


def _check_suffixes(value: object, report: Report) -> tuple[str, ...] | None:
    suffixes = _texts(value, "a list of file suffixes such as '.mdx'", report, "suffixes")
    if suffixes is not None and not all(s.startswith(".") for s in suffixes):
        report(f"setting 'suffixes' must be a list of file suffixes such as '.mdx', not {value!r}")
        return None
    return suffixes


_FIELD_NAMES = tuple(f.name for f in dataclasses.fields(Fields))


def _check_fields(value: object, report: Report) -> dict[str, tuple[str, ...]] | None:
    if not isinstance(value, Mapping):
        report(f"setting 'fields' must be a table of field names, not {_kind(value)}")
        return None
    fields: dict[str, tuple[str, ...]] = {}
    for name, keys in value.items():
        if name not in _FIELD_NAMES:
            known = ", ".join(f"'{n}'" for n in _FIELD_NAMES)
            report(f"unknown field {name!r} in 'fields' (the fields are {known})", name)
            continue
        checked = _texts(keys, "a list of frontmatter keys", report, "fields", name)
        if checked is not None:
            fields[name] = checked
    return fields


def _check_rewrite(value: object, report: Report) -> tuple[Rewrite, ...] | None:
    if not isinstance(value, (list, tuple)):
        report(f"setting 'rewrite' must be a list of tables with 'pattern' and 'replace', not {_kind(value)}")
        return None
    rules: list[Rewrite] = []
    for index, rule in enumerate(value):
        problem = _rewrite_problem(rule)
        if problem is None:
            assert isinstance(rule, Mapping)
            rules.append(Rewrite(rule["pattern"], rule.get("replace", "")))
        else:
            report(f"rewrite rule {index + 1}: {problem[1]}", index, problem[0])
    return tuple(rules)


def _rewrite_problem(rule: object) -> tuple[str, str] | None:
    """What is wrong with one ``[[rewrite]]`` table (the key and the message), or None."""
    if not isinstance(rule, Mapping):
        return "pattern", f"a rule must be a table with 'pattern' and 'replace', not {_kind(rule)}"
    for key in rule:
        if key not in ("pattern", "replace"):
            return str(key), f"unknown key {key!r} (a rule has 'pattern' and 'replace')"
    pattern, replace = rule.get("pattern"), rule.get("replace", "")
    if not isinstance(pattern, str) or not pattern:
        return "pattern", f"'pattern' must be a regular expression, not {pattern!r}"
    if not isinstance(replace, str):
        return "replace", f"'replace' must be text, not {_kind(replace)}"
    problem = rewrite_problem(Rewrite(pattern, replace))
    if problem is not None:
        return ("replace" if problem.startswith("replacement") else "pattern"), problem
    return None


#: Every setting a corpus may have, and the check of its value.
SETTING_CHECKS: dict[str, Callable[[object, Report], object]] = {
    "exclude": _check_exclude,
    "link_prefixes": _check_prefixes,
    "site_url": _check_site_url,
    "language": _check_language,
    "suffixes": _check_suffixes,
    "fields": _check_fields,
    "rewrite": _check_rewrite,
    "title_from_file_name": lambda value, report: _check_flag(value, report, "title_from_file_name"),
}


def project_corpora(
    entries: Sequence[object],
    base: str,
    prefixes: Sequence[str],
    language: str | None,
    conf: tuple[str, int] | None = None,
) -> tuple[list[CorpusSettings], list[Finding]]:
    """The settings of every entry of ``bizterms_corpus`` that a build in ``language`` uses.

    An entry whose ``language`` is another than the project's is left out (silently: a
    translated docs set is built once per language from one ``conf.py``).
    """
    corpora: list[CorpusSettings] = []
    findings: list[Finding] = []
    for entry in entries:
        settings, found = corpus_settings(entry, base, prefixes, conf)
        findings.extend(found)
        if settings is not None and same_language(settings.language, language):
            corpora.append(settings)
    return corpora, findings


def same_language(corpus: str | None, project: str | None) -> bool:
    """Whether a corpus of language ``corpus`` serves a project in ``project`` (``pt-BR`` is ``pt_BR``)."""
    if corpus is None:
        return True
    return project is not None and corpus.replace("-", "_").lower() == project.replace("-", "_").lower()
