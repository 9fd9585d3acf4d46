"""Finding the article files of a corpus: the walk, each file's stamp, and the fingerprint of them all."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterator, Sequence
from operator import attrgetter
from pathlib import Path
from stat import S_ISREG
from typing import NamedTuple

from ..version import __version__
from .article import Stamp, stamp_of
from .exclude import Exclude
from .findings import Finding, Subtype
from .settings import DEFAULT_EXCLUDE, CorpusSettings


class LeftOut(NamedTuple):
    """A file or folder of a corpus that is not read, and why (for ``bizterms list --excluded``)."""

    path: str
    reason: str


#: One article file found: its path, its size and mtime (None if ``stat`` failed) and the
#: position of its corpus in the list.
FoundFile = tuple[str, Stamp | None, int]


def article_files(
    corpora: Sequence[CorpusSettings], suffixes: Sequence[str], left_out: list[LeftOut] | None = None
) -> Iterator[FoundFile | Finding]:
    """Every article file of ``corpora`` in a stable order, or a finding for what is not one.

    Hidden folders are skipped, and what an ``exclude`` pattern matches (noted in
    ``left_out``); a symlink that leads out of its root, and a folder named like an article,
    are reported as ``bad_article``. A file reached twice (a folder listed twice, a file
    inside a listed folder, a symlink to a file of the corpus) is found once, the first time,
    and a symlink only when the file it leads to is not found itself.
    """
    wanted = tuple(s.lower() for s in suffixes)
    notes = left_out if left_out is not None else []
    seen: dict[str, str] = {}  # real path -> the path it was first found by

    def first(real: str, path: str) -> bool:
        if real in seen:
            notes.append(LeftOut(path, f"the same file as {seen[real]}"))
            return False
        seen[real] = path
        return True

    for entry, settings in enumerate(corpora):
        root = settings.path
        root_real = os.path.realpath(root)
        if os.path.isfile(root):
            if first(root_real, root):
                yield root, _stat(root), entry
            continue
        if os.path.exists(root) and not os.path.isdir(root):
            yield not_a_file(root)
            continue
        if not os.path.isdir(root):
            continue  # a path that does not exist: the configuration says so (see project)
        exclude = Exclude((*DEFAULT_EXCLUDE, *settings.exclude))
        inside = os.path.join(root_real, "")  # the real path of a file that is not a link: one concatenation
        suffixes_here = tuple(s.lower() for s in settings.suffixes) or wanted
        links: list[tuple[str, Stamp | None, str]] = []
        # article files of this folder, whether or not an earlier entry found them first
        noted, files = len(notes), 0
        for item in _walk(root, "", Path(root_real), suffixes_here, exclude, notes):
            if isinstance(item, Finding):
                yield item
                continue
            files += 1
            path, relative, stamp, real = item
            if real is not None:
                links.append((path, stamp, real))
            elif first(inside + relative, path):
                yield path, stamp, entry
        # after every file of the folder: the file a link leads to is kept, not the link
        for path, stamp, real in links:
            if first(real, path):
                yield path, stamp, entry
        if not files:
            yield empty_corpus(root, notes[noted:])


def empty_corpus(root: str, left_out: Sequence[LeftOut]) -> Finding:
    """The finding of a corpus folder without an article file: every citation of its terms
    would be unknown, and nothing else would say why."""
    message = "no article file in this corpus folder"
    if left_out:
        example = left_out[0]
        message += (
            f"; {len(left_out)} left out, such as '{example.path}' ({example.reason}):"
            " see 'bizterms list --excluded'"
        )
    return Finding(Subtype.CONFIG, root, 0, message)


def not_a_file(path: str) -> Finding:
    """The finding of a FIFO, socket or device named like an article: reading one could
    wait forever (a FIFO without a writer) or never end (``/dev/zero``), so it is not opened."""
    return Finding(Subtype.BAD_ARTICLE, path, 0, "not a regular file (a FIFO, socket or device); skipped")


def _stat(path: str | Path) -> Stamp | None:
    try:
        return stamp_of(path)
    except OSError:
        return None


def _join(folder: str, name: str) -> str:
    # spelled as str(Path(folder) / name) is, without making a Path per file
    return name if folder == "." else os.path.join(folder, name)


def _walk(
    folder: str,
    relative: str,
    root_real: Path,
    wanted: tuple[str, ...],
    exclude: Exclude,
    left_out: list[LeftOut],
) -> Iterator[tuple[str, str, Stamp | None, str | None] | Finding]:
    """``os.walk(folder, followlinks=False)`` in its order, keeping each entry of the listing.

    The listing says which entries are symlinks, and one ``stat`` per file gives its stamp:
    a corpus of 30,000 files is walked without a ``Path`` and two system calls per file. Size
    and mtime are kept rather than the ``stat`` result, which is five times their size.
    """
    try:
        with os.scandir(folder) as listing:
            found = list(listing)
    except OSError:  # like os.walk: an unreadable folder is left out
        return
    dirs: list[os.DirEntry[str]] = []
    files: list[os.DirEntry[str]] = []
    for entry in found:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        (dirs if is_dir else files).append(entry)
    dirs = sorted((d for d in dirs if not d.name.startswith(".")), key=lambda d: d.name)
    kept = []
    for entry in dirs:
        pattern = exclude.match(relative + entry.name, True)
        if pattern is None:
            kept.append(entry)
        else:
            left_out.append(LeftOut(_join(folder, entry.name), f"exclude '{pattern}'"))
    dirs = kept
    for entry in dirs:
        if entry.name.lower().endswith(wanted):
            yield Finding(
                Subtype.BAD_ARTICLE,
                _join(folder, entry.name),
                0,
                "a folder is named like an article; skipped",
            )
    base = _join(folder, "")  # the folder and a separator: a path per file is one concatenation
    files.sort(key=attrgetter("name"))
    for entry in files:
        name = entry.name
        if name.startswith(".") or not name.lower().endswith(wanted):
            continue
        path = base + name
        pattern = exclude.match(relative + name, False)
        if pattern is not None:
            left_out.append(LeftOut(path, f"exclude '{pattern}'"))
            continue
        real = None
        if entry.is_symlink():
            real_path = Path(os.path.realpath(path))
            if not real_path.is_relative_to(root_real) or not real_path.is_file():
                yield Finding(
                    Subtype.BAD_ARTICLE,
                    path,
                    0,
                    "symlink leads outside the corpus folder or to no file; skipped",
                )
                continue
            real = str(real_path)
        try:
            stat = entry.stat()
        except OSError:
            yield path, relative + name, None, real
            continue
        if not S_ISREG(stat.st_mode):
            yield not_a_file(path)
        else:
            yield path, relative + name, (stat.st_size, stat.st_mtime_ns), real
    for entry in dirs:
        if not entry.is_symlink():
            yield from _walk(
                _join(folder, entry.name), f"{relative}{entry.name}/", root_real, wanted, exclude, left_out
            )


#: What the walk of the corpus folders finds: files with their stamp, and findings.
Found = list[FoundFile | Finding]


def fingerprint(found: Found, corpora: Sequence[CorpusSettings]) -> str | None:
    """The digest of :attr:`Corpus.fingerprint`; None when a file could not be stat'ed."""
    if any(item[1] is None for item in found if not isinstance(item, Finding)):
        return None
    files = [tuple(item) if isinstance(item, Finding) else item for item in found]
    # a pickle of text, numbers and tuples is the same bytes in every process, and quick to make
    # the settings decide which corpus each file is of, and how it is read
    data = pickle.dumps((__version__, repr(tuple(corpora)), files), protocol=4)
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()
