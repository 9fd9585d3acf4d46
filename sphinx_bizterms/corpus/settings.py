"""How one corpus is read: its folder, which files are terms, its field names and link forms.

A corpus from a site generator (Hugo, Docusaurus, Jekyll, an Obsidian-style vault) keeps its
own field names and link syntax. These settings come from a ``bizterms.toml`` at the corpus
root, from a mapping entry of ``bizterms_corpus`` in ``conf.py`` (which wins, key by key), or
are the defaults below, which read the extension's own format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

#: Files that site generators keep beside their terms and that are not terms themselves.
DEFAULT_EXCLUDE = ("_index.md", "index.md", "README.md", "_*")


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
    fields: Fields = field(default_factory=Fields)
    rewrite: tuple[Rewrite, ...] = ()
