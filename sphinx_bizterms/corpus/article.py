"""Load one article file into a frozen record, or say precisely why it cannot be loaded."""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Sequence
from pathlib import Path
from stat import S_ISREG
from typing import NamedTuple

import yaml
from frontmatter.default_handlers import YAMLHandler

from .findings import Finding, Subtype
from .frontmatter import BadField, FieldReader, SafeLoader, simple_frontmatter
from .keys import make_slug, normalize_key, parentheticals, strip_parenthetical
from .markdown import plain_text
from .rewrite import apply_rewrites
from .settings import DEFAULT_FIELDS, Fields, Rewrite
from .syntax import strip_comments, wikilinks_as_text

#: Larger files are refused with a ``bad_article`` warning instead of being read. A term's
#: article is a few kilobytes; Markdown parsing of hostile input can grow with the square
#: of its size, so the limit also bounds the time a build can be made to spend on one.
MAX_ARTICLE_BYTES = 512 * 1024

#: How much of a first paragraph becomes a description (the rest is cut at a space, with
#: an ellipsis): a definition is a sentence or two, and parsing more would cost every article
#: shown.
DESCRIPTION_SOURCE_CHARS = 1000

_FM_BOUNDARY = YAMLHandler.FM_BOUNDARY
#: C0 and C1 control characters, and the line and paragraph separators.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


# Stamps and claims are plain tuples, not NamedTuples: the garbage collector stops tracking
# a tuple of text and numbers after its first pass, never an instance of a tuple subclass.
# Kept as records, 10,000 articles' 34,000 stamps and claims (and the tuples that hold the
# claims) were walked in every full collection of a build: 0.3 s of the 7.3 s of CPU time of
# the benchmark's fresh build (docs/performance.md).

#: What identifies one version of a file without reading it: its size and its mtime in
#: nanoseconds.
Stamp = tuple[int, int]

#: A lookup key claimed by an article: normalised, as written, and whether it is explicit
#: (an alias or a ``slug`` field, not derived from the title or the file name).
Claim = tuple[str, str, bool]


class Article(NamedTuple):
    """One term of the corpus. Plain data: picklable, shared by Sphinx and the CLI."""

    #: The file, as the walk of the corpus found it, and its size and mtime then.
    path: str
    stamp: Stamp
    #: The ``slug`` field, else made of the title without its parenthetical.
    slug: str
    #: On one line, as every name is (see :func:`one_line`).
    title: str
    #: The description field as plain text, ``""`` without one: then the body's first
    #: paragraph describes the term (see :meth:`Corpus.description`).
    description: str
    #: Each once, as written; aliases are keys of the term, keywords only group terms.
    keywords: tuple[str, ...]
    aliases: tuple[str, ...]
    #: The lookup keys this article claims, most specific first.
    claims: tuple[Claim, ...]
    #: 1-based line of the file on which the Markdown body starts.
    body_line: int
    explicit_slug: bool
    #: ``status`` and ``replaced_by`` as written (``""`` when absent or not text).
    status: str = ""
    replaced_by: str = ""
    #: Why the article is left out (``draft: true``, ``published: false``), or ``""``.
    draft: str = ""
    #: The position of its corpus in ``bizterms_corpus`` (see :meth:`Corpus.settings_of`).
    entry: int = 0

    def read_body(self) -> str:
        """The Markdown body, read again from disk (bodies are not kept in memory)."""
        return split_body(decode(read_file(self.path))).body


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is allowed) with every kind of line end made ``\\n``."""
    text = data.decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


class Parts(NamedTuple):
    """An article's text cut at its ``---`` lines, with the 1-based line each part starts on."""

    frontmatter: str | None
    frontmatter_line: int
    body: str
    body_line: int


def _line_end(text: str, pos: int) -> int:
    """The position after the line end at ``pos``, if there is one."""
    return pos + 1 if text.startswith("\n", pos) else pos


def split_body(text: str) -> Parts:
    """Cut ``text`` into frontmatter and body (the frontmatter is None when absent)."""
    first = _FM_BOUNDARY.match(text)
    closing = _FM_BOUNDARY.search(text, first.end()) if first else None
    if first is None or closing is None:
        return Parts(None, 0, text, 1)
    fm_start = _line_end(text, first.end())
    body_start = _line_end(text, closing.end())
    return Parts(
        text[fm_start : closing.start()],
        text.count("\n", 0, fm_start) + 1,
        text[body_start:],
        text.count("\n", 0, body_start) + 1,
    )


class NotAFile(OSError):
    """A FIFO, socket or device where an article file was expected."""


def read_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file. Opening without blocking and checking what was opened
    keeps a FIFO put in a file's place after its ``stat`` from stalling the build."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
        if not S_ISREG(st.st_mode):
            raise NotAFile(errno.EINVAL, "not a regular file (a FIFO, socket or device)")
        # Read as plain system calls: no buffered stream per file (a tenth of the cold load
        # of 10,000 articles). The stat's size in one read, then on to the end, should the
        # file have grown meanwhile.
        chunks = [os.read(fd, st.st_size + 1)]
        while chunks[-1]:
            chunks.append(os.read(fd, 1 << 16))
        return b"".join(chunks)
    finally:
        os.close(fd)


def stamp_of(path: str | os.PathLike[str]) -> Stamp:
    """The stamp of a regular file; :class:`NotAFile` for anything else, which is never opened."""
    st = os.stat(path)
    if not S_ISREG(st.st_mode):
        raise NotAFile(errno.EINVAL, "not a regular file (a FIFO, socket or device)")
    return (st.st_size, st.st_mtime_ns)


def load_article(
    path: Path | str,
    stamp: Stamp | None = None,
    fields: Fields = DEFAULT_FIELDS,
    entry: int = 0,
    *,
    rewrite: Sequence[Rewrite] = (),
    title_from_file_name: bool = False,
) -> Article | Finding:
    """Read ``path`` into an :class:`Article`, or a ``bad_article`` finding.

    Given as text, ``path`` is kept as the record's :attr:`~Article.path` itself: the corpus
    passes the text it keys files by, so that one string per file serves both. ``fields``
    names the frontmatter keys of each part; ``entry`` is the corpus's place in the list;
    ``rewrite`` and ``title_from_file_name`` are the corpus's settings of those names.
    """
    where = path if isinstance(path, str) else str(path)
    stem = file_stem(where)

    def bad(message: str, line: int = 1) -> Finding:
        return Finding(Subtype.BAD_ARTICLE, where, line, message)

    try:
        stamp = stamp or stamp_of(where)
        size = stamp[0]
        if size > MAX_ARTICLE_BYTES:
            return bad(f"article is {size} bytes, over the {MAX_ARTICLE_BYTES}-byte limit; skipped")
        data = read_file(where)
    except OSError as exc:
        return bad(f"cannot read article: {exc.strerror or exc}")
    if not data.strip():
        return bad("article is empty")
    if b"\0" in data:
        return bad("article is a binary file, not text")
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        # utf-8-sig counts offsets after the BOM; lines are counted as decode() ends them.
        offset = exc.start + len(data) - len(exc.object)
        head = data[:offset]
        line = head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
        return bad(f"article is not UTF-8 (byte 0x{data[offset]:02x} at offset {offset})", line)

    fm, fm_line, _body, body_line = split_body(text)
    if fm is None and not title_from_file_name:
        return bad("article has no YAML frontmatter between '---' lines (a title is required)")
    meta: object = simple_frontmatter(fm) if fm is not None else {}
    try:
        if meta is None and fm is not None:
            meta = yaml.load(fm, Loader=SafeLoader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = fm_line + mark.line if mark is not None else fm_line
        problem = exc.problem or exc.context or "invalid YAML"
        return bad(f"frontmatter is not valid YAML: {problem}", line)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        return bad(f"frontmatter is not valid YAML: {exc}")
    if not isinstance(meta, dict):
        kind = "empty" if meta is None else f"a {type(meta).__name__}"
        return bad(f"frontmatter is {kind}, not a mapping of fields")

    reader = FieldReader(meta, fm or "", fm_line)
    try:
        draft = reader.draft()
        if draft:
            # left out before it is checked: a draft may be unfinished
            return Article(where, stamp, "", stem, "", (), (), (), body_line, False, draft=draft, entry=entry)
        title = one_line(reader.text(fields.title) or (stem.strip() if title_from_file_name else ""))
        if not title:
            return bad(f"frontmatter has no {_either(fields.title)}", reader.line_of(fields.title[0]))
        description = reader.text(fields.description)
        slug_field = reader.text(fields.slug)
        keywords = _names(reader.texts(fields.keywords))
        aliases = _names(reader.texts(fields.aliases))
    except BadField as exc:
        return bad(exc.message, exc.line)

    slug = make_slug(str(slug_field)) if slug_field else make_slug(strip_parenthetical(title))
    if not slug:
        slug = make_slug(stem) or "term"
    claims: dict[str, Claim] = {}

    def claim(text: str, explicit: bool) -> None:
        key = normalize_key(text)
        if key and key not in claims:
            claims[key] = (key, text, explicit)
        elif key and explicit and not claims[key][2]:
            # the claim becomes explicit; the wording readers know (the title's) stays
            claims[key] = (key, claims[key][1], True)

    # Titles first, so that "did you mean" shows "Back Office" rather than "back-office".
    claim(title, False)
    claim(strip_parenthetical(title), False)
    for part in parentheticals(title):
        claim(part, False)
    for alias in aliases:
        claim(str(alias), True)
    claim(slug, bool(slug_field))
    claim(stem, False)

    return Article(
        path=where,
        stamp=stamp,
        slug=slug,
        title=title,
        description=_description(description, rewrite),
        keywords=keywords,
        aliases=aliases,
        claims=tuple(claims.values()),
        body_line=body_line,
        explicit_slug=bool(slug_field),
        status=reader.plain(fields.status),
        replaced_by=reader.plain(fields.replaced_by),
        entry=entry,
    )


def file_stem(path: str) -> str:
    """The name an article's file gives its term: the file's without its suffix, or for an
    ``index`` file the folder's (``ajax/index.md``: a term kept in a folder of its own, as Hugo's
    page bundles and MDN keep them). No ``Path`` per article: split as text."""
    folder, name = os.path.split(path)
    stem = os.path.splitext(name)[0]
    return (os.path.basename(folder) or stem) if stem.lower() == "index" else stem


def _either(keys: tuple[str, ...]) -> str:
    """``'title'``, or ``'name' or 'title'``: the keys a required field may have."""
    quoted = [f"'{key}'" for key in keys]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def _description(field: str | None, rewrite: Sequence[Rewrite]) -> str:
    """The description field as plain text, ``""`` without one (see :meth:`Corpus.description`).

    A field is taken as it is written unless the corpus has rewrite rules: then it may hold
    shortcodes that become Markdown links, shown as their text.
    """
    if not field:
        return ""
    return first_paragraph(apply_rewrites(str(field), rewrite)) if rewrite else str(field)


def one_line(text: str) -> str:
    """``text`` with every run of white space and control characters made one space.

    Titles, aliases and keywords are names: a line end in one would reach ``objects.inv``,
    where it starts a forged entry for every project that intersphinx-links this one, and
    the logs and reports, where it starts a forged warning.
    """
    shown = " ".join(_CONTROLS.sub(" ", text).split())
    return text if shown == text else shown  # the same object: interned keywords stay so


def _names(items: tuple[str, ...]) -> tuple[str, ...]:
    """Aliases or keywords, each :func:`one_line`, each once."""
    return tuple(dict.fromkeys(name for name in map(one_line, items) if name))


def first_paragraph(body: str) -> str:
    """The plain text of the body's first paragraph, for articles without a description.

    Only its first :data:`DESCRIPTION_SOURCE_CHARS` characters are parsed: a glossary shows
    thousands of articles, and a hostile paragraph of ``[`` costs markdown-it some 10 µs each.
    """
    lines: list[str] = []
    fence = ""
    # A comment on a line of its own ends a paragraph, as an HTML block does in Markdown.
    for raw in strip_comments(body).split("\n"):
        line = raw.strip()
        if fence:
            if line.startswith(fence):
                fence = ""
            continue
        if line.startswith(("```", "~~~", ":::")):  # code, and admonitions: not a definition
            fence = line[:3]
            continue
        if not line:
            if lines:
                break
            continue
        if not lines and (line.startswith(("#", "<", "|", ">", "---", "===", "{")) or raw.startswith("    ")):
            continue
        lines.append(line)
    source = wikilinks_as_text("\n".join(lines))
    if len(source) <= DESCRIPTION_SOURCE_CHARS:
        return plain_text(source)
    cut = source.rfind(" ", 0, DESCRIPTION_SOURCE_CHARS)
    return plain_text(source[: cut if cut > 0 else DESCRIPTION_SOURCE_CHARS]) + " …"
