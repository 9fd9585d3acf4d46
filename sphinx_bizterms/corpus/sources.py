"""A light reader of reStructuredText and MyST pages, for the command line: prose and citations.

It reads a page line by line, as the ``bizterms mentions`` command needs it, without Sphinx:
the paragraphs of prose (with the section each stands in), the keys each section cites, and
whether the page opts out of mentions. Code, literal blocks, comments, headings, links, roles
and directives other than admonitions are left out, as a build leaves them out.
"""

from __future__ import annotations

import os
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import ClassVar, NamedTuple

from .findings import Finding
from .index import Corpus
from .mentions import MentionMatcher, PageMentions, UnlinkedMention, select_terms, unlinked_findings

#: Directives whose content is prose; every other directive's block is skipped.
PROSE_DIRECTIVES = frozenset(
    {
        "admonition",
        "attention",
        "caution",
        "danger",
        "error",
        "hint",
        "important",
        "note",
        "tip",
        "warning",
        "seealso",
        "topic",
        "sidebar",
        "versionadded",
        "versionchanged",
        "deprecated",
        "versionremoved",
        "only",
        "container",
        "rst-class",
        "glossary",
        "list-table",
        "table",
        "epigraph",
        "highlights",
        "pull-quote",
        "compound",
    }
)
#: Admonitions whose argument is the first line of their content, not a title.
_CONTENT_ARGUMENT = frozenset(
    {"attention", "caution", "danger", "error", "hint", "important", "note", "tip", "warning", "seealso"}
)
#: How a page opts out (rST ``:bizterms-mentions: off``, MyST frontmatter); YAML reads ``off``
#: as false.
OPT_OUT = re.compile(r"^:?bizterms-mentions:?\s*(?P<value>\S+)\s*$", re.IGNORECASE)
OFF = frozenset({"off", "false", "no"})

#: What a removed piece of a line becomes: no word, and a break between the words around it.
_GAP = " ¦ "
_EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<key>[^<>]*)>$", re.DOTALL)


class Paragraph(NamedTuple):
    """Prose: ``text`` starts on ``line`` (1-based) of the page, in section ``section``."""

    section: int
    line: int
    text: str


class Page(NamedTuple):
    """What :func:`read_page` finds in one page."""

    paragraphs: list[Paragraph]
    #: The keys cited in each section (roles and ``bizterm`` directives), as written.
    cited: dict[int, list[str]]
    opted_out: bool


def _inline(role: str, code: str, other: str) -> re.Pattern[str]:
    """Inline markup of one syntax that holds no mention, as one pattern: the leftmost match
    wins, so that a role in code is code, and code in a role is the role's."""
    return re.compile(f"(?P<role>{role})|(?:{code})|(?:{other})")


class _Reader(ABC):
    """What the readers of both syntaxes share: the current section and paragraph, what is
    cited, and the reading of a page, its metadata and then its body. Each syntax's reader
    holds the patterns it reads lines by."""

    #: Inline markup that holds no mention; the ``bizterm`` role is a citation.
    INLINE: ClassVar[re.Pattern[str]]

    def __init__(self) -> None:
        self.section = 0
        self.paragraphs: list[Paragraph] = []
        self.cited: dict[int, list[str]] = {}
        #: The lines of the paragraph being read, from line ``start`` on.
        self.paragraph: list[str] = []
        self.start = 0
        self.opted_out = False

    def end_paragraph(self) -> None:
        if self.paragraph:
            self.paragraphs.append(Paragraph(self.section, self.start, "\n".join(self.paragraph)))
            self.paragraph = []

    def add_line(self, number: int, text: str) -> None:
        if not self.paragraph:
            self.start = number
        self.paragraph.append(text)

    def new_section(self) -> None:
        self.end_paragraph()
        self.section += 1

    def cite(self, key: str) -> None:
        match = _EXPLICIT.match(key.strip())
        self.cited.setdefault(self.section, []).append(match["key"] if match else key.strip())

    def strip(self, line: str) -> str:
        """The line with markup that holds no mention made gaps; citations noted."""

        def gap(match: re.Match[str]) -> str:
            if match["role"] and match["name"] in ("bizterm", "bizterm:term"):
                self.cite(match["text"])
            return _GAP

        return self.INLINE.sub(gap, line)

    def start_directive(self, found: re.Match[str] | None, number: int) -> bool:
        """Note what a directive (``found``: its name and arguments) on line ``number`` cites;
        whether its content is prose."""
        name = found["name"] if found else ""
        argument = found["args"].strip() if found else ""
        if name == "bizterm":
            self.cite(argument)
        if name in _CONTENT_ARGUMENT and argument:
            self.add_line(number, self.strip(argument))
        return name in PROSE_DIRECTIVES

    def read(self, text: str) -> Page:
        lines = text.splitlines()
        self.read_body(lines, self.read_metadata(lines))
        self.end_paragraph()
        return Page(self.paragraphs, self.cited, self.opted_out)

    @abstractmethod
    def read_metadata(self, lines: list[str]) -> int:
        """Note whether the page opts out; return the index of the first line after its metadata."""

    @abstractmethod
    def read_body(self, lines: list[str], i: int) -> None:
        """Read the page from line index ``i`` on."""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _after_options(lines: list[str], i: int) -> int:
    """The index of the first line from ``i`` on that is no directive option (``:name: value``)."""
    while i < len(lines) and re.match(r"^\s*:[\w-]+:", lines[i]):
        i += 1
    return i


def _skip_block(lines: list[str], i: int, indent: int) -> int:
    """The index after the block that starts after line ``i``: lines indented past ``indent``."""
    j = i + 1
    while j < len(lines) and (not lines[j].strip() or _indent(lines[j]) > indent):
        j += 1
    return j


class _RstReader(_Reader):
    """The reader of a reStructuredText page."""

    INLINE = _inline(
        role=r":(?P<name>[\w.+:-]+):`(?P<text>[^`]*)`",
        code=r"``.+?``",
        other=r"`[^`]*`__?|`[^`]*`|\|[^|\s][^|]*\||\[[#*\w-]*\]_|https?://\S+",
    )
    DIRECTIVE = re.compile(r"^(?P<indent>\s*)\.\.\s+(?P<name>[\w:.+-]+)::\s*(?P<args>.*)$")
    #: Any explicit markup: a directive, or a comment, target or footnote (no prose)
    EXPLICIT = re.compile(r"^(?P<indent>\s*)\.\.(\s|$)")
    UNDERLINE = re.compile(r"^([=\-`:'\"~^_*+#<>.])\1{2,}\s*$")

    def read_metadata(self, lines: list[str]) -> int:
        """The file-wide metadata: a field list at the very top."""
        i = 0
        while i < len(lines) and lines[i].startswith(":"):
            found = OPT_OUT.match(lines[i])
            if found:
                self.opted_out = found["value"].lower() in OFF
            i += 1
        return i

    def read_body(self, lines: list[str], i: int) -> None:
        literal_next = False
        while i < len(lines):
            line = lines[i]
            if not line.strip():
                self.end_paragraph()
                i += 1
                continue
            if literal_next and self.paragraph == [] and _indent(line) > 0:
                literal_next = False
                i = _skip_block(lines, i - 1, 0)
                continue
            directive = self.DIRECTIVE.match(line)
            if directive or self.EXPLICIT.match(line):
                self.end_paragraph()
                indent = _indent(line)
                if not self.start_directive(directive, i + 1):
                    i = _skip_block(lines, i, indent)
                    continue
                i = _after_options(lines, i + 1)
                continue
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if self.UNDERLINE.match(line) and following.strip() and not self.paragraph:
                i += 1  # an overline: the title and its underline follow
                continue
            if (
                self.UNDERLINE.match(following)
                and len(following.strip()) >= len(line.strip())
                and not self.paragraph
            ):
                self.new_section()
                i += 2
                continue
            self.add_line(i + 1, self.strip(line))
            literal_next = line.rstrip().endswith("::")
            if literal_next:
                self.end_paragraph()
            i += 1


class _MystReader(_Reader):
    """The reader of a MyST Markdown page."""

    INLINE = _inline(
        role=r"\{(?P<name>[\w.+:-]+)\}`(?P<text>[^`]*)`",
        # a code span: a run of backticks, and the next run of as many
        code=r"(?P<ticks>`+)(?!`).*?(?<!`)(?P=ticks)(?!`)",
        other=r"!?\[[^\]]*\]\([^)]*\)|!?\[[^\]]*\]\[[^\]]*\]|<https?://[^>]*>|https?://\S+"
        r"|<!--.*?-->|\$[^$]+\$",
    )
    #: A fence, also as the first thing of a list item (``* - ```rst`` in a list-table)
    FENCE = re.compile(
        r"^(?P<indent>(?:\s*(?:[*+-]|\d+[.)])(?=\s))*\s*)(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*)$"
    )
    #: A directive, in the info string of its fence
    DIRECTIVE = re.compile(r"^\{(?P<name>[\w:.+-]+)\}\s*(?P<args>.*)$")
    SKIPPED_LINE = re.compile(r"^\s*(\(.*\)=|%|\[[^\]]+\]:)")
    HEADING = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
    SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")

    def read_metadata(self, lines: list[str]) -> int:
        """The frontmatter."""
        if not lines or lines[0].strip() != "---":
            return 0
        end = next((j for j in range(1, len(lines)) if lines[j].strip() in ("---", "...")), len(lines))
        for field in lines[1:end]:
            found = OPT_OUT.match(field.strip())
            if found:
                self.opted_out = found["value"].strip("'\"").lower() in OFF
        return end + 1

    def read_body(self, lines: list[str], i: int) -> None:
        fences: list[str] = []  # the fences of the prose directives we are inside
        while i < len(lines):
            line = lines[i]
            fence = self.FENCE.match(line)
            if fence and fences and fence["fence"] == fences[-1] and not fence["info"].strip():
                self.end_paragraph()
                fences.pop()
                i += 1
                continue
            if fence:
                self.end_paragraph()
                if self.start_directive(self.DIRECTIVE.match(fence["info"].strip()), i + 1):
                    fences.append(fence["fence"])
                    i = _after_options(lines, i + 1)
                    continue
                closing = re.compile(rf"^\s*{re.escape(fence['fence'][0])}{{{len(fence['fence'])},}}\s*$")
                i += 1
                while i < len(lines) and not closing.match(lines[i]):
                    i += 1
                i += 1
                continue
            if not line.strip() or self.SKIPPED_LINE.match(line):
                self.end_paragraph()
                i += 1
                continue
            if line.lstrip().startswith("<!--"):
                self.end_paragraph()
                while i < len(lines) and "-->" not in lines[i]:
                    i += 1
                i += 1
                continue
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if self.HEADING.match(line):
                self.new_section()
                i += 1
                continue
            if self.SETEXT_UNDERLINE.match(following) and not self.paragraph:
                self.new_section()
                i += 2
                continue
            self.add_line(i + 1, self.strip(line))
            i += 1


def read_rst(text: str) -> Page:
    """The prose, sections and citations of a reStructuredText page."""
    return _RstReader().read(text)


def read_myst(text: str) -> Page:
    """The prose, sections and citations of a MyST Markdown page."""
    return _MystReader().read(text)


def read_page(path: str, text: str) -> Page:
    """:func:`read_rst` or :func:`read_myst`, by the file's suffix."""
    return read_myst(text) if path.endswith(".md") else read_rst(text)


def docs_pages(folder: str, skipped: Iterable[str]) -> list[str]:
    """The ``.rst`` and ``.md`` files under ``folder``, sorted, leaving out folders whose name
    starts with ``_`` or ``.`` (``_build``, ``_static``) and the ``skipped`` ones (a corpus)."""
    left_out = {os.path.realpath(path) for path in skipped}
    pages = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(("_", ".")) and os.path.realpath(os.path.join(root, d)) not in left_out
        )
        pages += [os.path.join(root, f) for f in files if f.endswith((".rst", ".md"))]
    return sorted(p for p in pages if os.path.realpath(p) not in left_out)


def find_mentions(
    corpus: Corpus,
    folder: str,
    language: str | None,
    which: str | Sequence[str],
    skipped: Iterable[str] = (),
) -> list[Finding]:
    """The ``unlinked_mention`` findings of the pages of a docs folder, as a build has them.

    ``skipped`` are folders or files that hold no pages (the corpus, when it is in ``folder``).
    Which terms count is a fact of the whole folder (``"cited"``: those cited on any page),
    so every page is read before any is judged.
    """
    matcher = MentionMatcher.of_corpus(corpus, language)
    pages: list[tuple[str, PageMentions]] = []
    for path in docs_pages(folder, skipped):
        try:
            with open(path, encoding="utf-8") as file:
                page = read_page(path, file.read())
        except (OSError, UnicodeDecodeError):
            continue  # not a page a build could read either
        if page.opted_out:
            continue
        mentions = PageMentions(matcher)
        for paragraph in page.paragraphs:
            mentions.find(paragraph.text, paragraph.section, paragraph.line)
        for section, keys in page.cited.items():
            for key in keys:
                article = corpus.resolve(key, language).article
                if article is not None:
                    mentions.cite(section, article.slug)
        pages.append((path, mentions))
    cited = {slug for _, mentions in pages for slugs in mentions.cited.values() for slug in slugs}
    terms = select_terms(corpus, which, cited)
    counted = []
    for path, mentions in pages:
        for index in mentions.unlinked():
            found = mentions.found[index]
            if found.slug in terms:
                counted.append(UnlinkedMention(path, path, found.line, found.slug, found.text))
    return unlinked_findings(corpus, counted)
