"""What a citation leaves where it stands: its record, its ids, its target and its link."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from docutils import nodes
from docutils.nodes import make_id
from sphinx.addnodes import pending_xref
from sphinx.environment import BuildEnvironment

from ..corpus.article import Article
from .records import Citation, Mention


def term_xref(slug: str, rawsource: str = "", refdoc: str | None = None) -> pending_xref:
    """A cross-reference to a term's entry, resolved by :meth:`BizTermsDomain.resolve_xref`.

    ``refdoc`` is the page the link stands on (LaTeX and singlehtml resolve every page as the
    root document); None leaves it to be filled in.
    """
    xref = pending_xref(
        rawsource, refdomain="bizterm", reftype="term", reftarget=slug, refexplicit=True, refwarn=False
    )
    if refdoc is not None:
        xref["refdoc"] = refdoc
    return xref


def cite(
    env: BuildEnvironment,
    key: str,
    article: Article | None,
    kind: str,
    lineno: int,
    source: tuple[str | None, int | None],
) -> Citation:
    """The record of a role (``kind`` "cite") or directive ("show") naming ``key`` at
    ``lineno`` of the page being read; ``source`` is its ``get_source_info()``."""
    return Citation(
        env.docname,
        lineno,
        key,
        article.slug if article else None,
        new_node_id(env, kind),
        article.stamp if article else None,
        shown=kind == "show",
        source=source_of(env, *source),
    )


def citation_target(citation: Citation) -> nodes.target:
    """The target that a glossary's "Cited in" links lead to, where a citation stands."""
    target = nodes.target("", "", ids=[citation.node_id])
    # Those links are made after reading: unmarked, docutils files an "unreferenced target"
    # message per citation.
    target.referenced = True
    return target


def source_of(env: BuildEnvironment, source: str | None, line: int | None) -> tuple[str, int] | None:
    """A :attr:`Citation.source` from ``get_source_info()``, if it knows the file and line.

    Relative to the source folder, so that records do not depend on where the project is.
    """
    if not source or not line:
        return None
    # docutils names an included file relative to the working directory, as Sphinx does.
    cwd = "" if os.path.isabs(source) else os.getcwd()
    return _relative_source(source, str(env.srcdir), cwd), line


@functools.lru_cache(maxsize=1024)
def _relative_source(source: str, srcdir: str, cwd: str) -> str:
    """``source`` relative to ``srcdir`` if it is inside, else absolute (once per file)."""
    path = os.path.normpath(os.path.join(cwd, source))
    srcdir = os.path.abspath(srcdir)
    return os.path.relpath(path, srcdir) if os.path.commonpath([path, srcdir]) == srcdir else path


def written_at(env: BuildEnvironment, record: Citation | Mention) -> tuple[str, int]:
    """The file and line a citation or mention was written at: its page's, or those of the
    file the page included it from (see :func:`source_of`)."""
    if record.source is None:
        return str(env.doc2path(record.docname)), record.lineno
    return str(Path(env.srcdir, record.source[0])), record.source[1]


def own_id(*parts: str) -> str:
    """``bizterm--<part>--<part>…``: an id of the extension's own, which no term's anchor can be.

    A term's anchor is ``bizterm-<slug>``, and a slug is an id as ``make_id`` makes one: it
    never starts with a hyphen nor holds two in a row. So a slug such as ``tip-vendor`` cannot
    take a preview's id, and parts that are themselves such ids never run into each other.
    """
    return "bizterm--" + "--".join(parts)


def new_node_id(env: BuildEnvironment, kind: str) -> str:
    """``bizterm--<kind>--<document>--<n>``: an id unique in the whole project.

    Builders that put pages together (singlehtml, LaTeX, Texinfo) need every backlink target
    to stay distinct, and glossaries are told apart by their id.
    """
    return own_id(kind, make_id(env.docname) or "doc", str(env.new_serialno(f"bizterm-{kind}")))
