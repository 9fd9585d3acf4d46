"""The domain's records: what pages hold, as read, and what is worked out from all of them."""

from __future__ import annotations

from typing import Any, NamedTuple

from ..corpus.article import Stamp

#: The domain's lists of records that pages hold, each record with its page's docname.
PAGE_RECORDS = ("citations", "body_links", "glossaries", "mentions", "linked", "unsearched")


class Holders:
    """The pages that hold records, kept up to date by reading only the records added since.

    Sphinx clears every page before it reads it, though most (all, in a first build) hold
    no records: filtering every list for each cost pages × records, 0.08 s of CPU time in
    the benchmark's first build of 200 pages. Records are only appended to their list, or
    the list is replaced (then read again); a page that no longer holds any may stay in the
    set, to be filtered once more for nothing.
    """

    def __init__(self) -> None:
        self.pages: set[str] = set()
        self._read: dict[str, tuple[list[Any], int]] = {}

    def clear(self, data: dict[str, Any], docname: str) -> None:
        """Remove the records of page ``docname`` from the domain's ``data``."""
        for name in PAGE_RECORDS:
            records: list[Any] = data[name]
            known, count = self._read.get(name, ([], 0))
            added = records[count:] if known is records and count <= len(records) else records
            self.pages.update(record.docname for record in added)
            self._read[name] = (records, len(records))
        if docname not in self.pages:
            return
        for name in PAGE_RECORDS:
            data[name] = [record for record in data[name] if record.docname != docname]
            self._read[name] = (data[name], len(data[name]))
        self.pages.discard(docname)


class Citation(NamedTuple):
    """A role or directive naming a term, as read; ``slug`` is None for an unknown key."""

    docname: str
    lineno: int
    key: str
    slug: str | None
    node_id: str
    stamp: Stamp | None
    shown: bool
    #: A ``:section:`` that matched no heading of the article, and the headings it has.
    missing_section: tuple[str, tuple[str, ...]] | None = None
    #: The file (relative to the source folder) and line as written, for warnings:
    #: ``lineno`` also counts the lines that an ``include`` put before it.
    source: tuple[str, int] | None = None
    #: Why a directive could not read the article's body (its file went away or became
    #: unreadable after the corpus was loaded), for a ``bad_article`` finding.
    unreadable: str | None = None


class Mention(NamedTuple):
    """An unlinked mention in a page: the first of its term in a section that does not cite it."""

    docname: str
    lineno: int
    slug: str
    text: str
    #: The id its citation gets in ``"link"`` mode (``""`` in the other modes).
    node_id: str
    #: The file (relative to the source folder) and line as written, as :attr:`Citation.source`.
    source: tuple[str, int] | None


class Unsearched(NamedTuple):
    """A page read without looking for its mentions: under ``"report"``, by a builder other
    than ``bizterms``, the one that lists them. That builder reads the page again."""

    docname: str


class BodyLink(NamedTuple):
    """An internal link in an article body that a ``bizterm`` directive rendered."""

    docname: str
    key: str
    slug: str | None
    #: The target article's stamp when the page was read (None for a broken link).
    stamp: Stamp | None = None


class Glossary(NamedTuple):
    """A ``bizterm-glossary`` directive and its options."""

    docname: str
    lineno: int
    node_id: str
    scope: str
    depth: int
    keywords: tuple[str, ...]
    #: ``:no-index:``: the glossary lists terms but holds no term's anchor.
    no_index: bool = False


class Anchor(NamedTuple):
    """Where a term's entry is: the glossary entry or, lacking one, its first display."""

    docname: str
    node_id: str
    title: str
    #: The glossary that holds the entry, or ``""`` for a display.
    glossary_id: str = ""


class SeeAlso(NamedTuple):
    """A "See also" link of a glossary entry: an article that the entry's body links to."""

    title: str
    #: The hover text: the target's description, or its title.
    hover: str
    #: Where the target's entry is; None when the project shows it nowhere.
    anchor: Anchor | None


class Backlink(NamedTuple):
    """A "Cited in" link of a glossary entry: one citation of the term."""

    docname: str
    node_id: str
    #: The citing page's title as text (its name when it has none).
    page_title: str


class Shown(NamedTuple):
    """What a glossary entry shows of its article, beside its links."""

    title: str
    description: str
    keywords: tuple[str, ...]


class GlossaryEntry(NamedTuple):
    """One term as a glossary shows it.

    The glossary is rendered from these records and its signature (which decides whether its
    page is written again) is a digest of them, so the two cannot disagree. Only what is
    shown is held: an edit to an article's prose leaves its entry, and the page, as they were.
    """

    #: The id of the entry's term: ``bizterm-<slug>`` where it is the term's anchor, else
    #: ``<glossary id>--<slug>``.
    node_id: str
    term: Shown
    see_also: tuple[SeeAlso, ...]
    cited_in: tuple[Backlink, ...]
    #: Whether the term is deprecated (``status: deprecated`` or a ``replaced_by``).
    deprecated: bool = False
    #: The term that replaces it, when its ``replaced_by`` finds one.
    replacement: SeeAlso | None = None
