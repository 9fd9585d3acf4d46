"""Rebuilds with nothing to do: the corpus is recognised, not read, and every finding repeats."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from sphinx_bizterms.corpus.cache import CorpusCache
from sphinx_bizterms.corpus.load import load_corpus

from helpers import write

MakeApp = Callable[..., SphinxTestApp]
TAG = ((".md",), ("/",))


def touch_later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


@pytest.fixture
def unpickled(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The name of every pickle read whole (``Path.read_bytes``) while the test runs: the
    corpus cache is read so when its entries are unpickled."""
    names: list[str] = []
    read_bytes = Path.read_bytes

    def spy(path: Path) -> bytes:
        if path.suffix == ".pickle":
            names.append(path.name)
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", spy)
    yield names


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    write(root / "a.md", "---\ntitle: Alpha (A)\n---\nSee [b](/b) and [gone](/gone).\n")
    write(root / "b.md", "---\ntitle: Beta\ndescription: The second.\n---\nBack to [a](/a).\n")
    write(root / "bad.md", "no frontmatter\n")
    return root


def saved_cache(corpus_dir: Path, tmp_path: Path) -> Path:
    cache_file = tmp_path / "cache.pickle"
    cache = CorpusCache(cache_file, TAG)
    corpus = load_corpus([corpus_dir], [".md"], cache=cache)
    corpus.check()  # scan the bodies, so that the cache keeps the scans
    cache.save(corpus)
    return cache_file


def test_an_unchanged_corpus_is_read_from_its_cache_only_when_used(
    corpus_dir: Path, tmp_path: Path, unpickled: list[str]
) -> None:
    cache_file = saved_cache(corpus_dir, tmp_path)
    unpickled.clear()
    corpus = load_corpus([corpus_dir], [".md"], cache=CorpusCache(cache_file, TAG))
    assert unpickled == []  # recognised by the seal at the end of the file
    eager = load_corpus([corpus_dir], [".md"])
    assert corpus.fingerprint == eager.fingerprint is not None
    found = corpus.lookup("A")
    assert unpickled == ["cache.pickle"]
    assert found is not None and found == eager.lookup("a")
    assert corpus.by_slug == eager.by_slug
    assert corpus.keys == eager.keys
    assert corpus.check() == eager.check()


def test_a_changed_file_is_noticed_at_once(corpus_dir: Path, tmp_path: Path, unpickled: list[str]) -> None:
    cache_file = saved_cache(corpus_dir, tmp_path)
    before = load_corpus([corpus_dir], [".md"]).fingerprint
    write(corpus_dir / "b.md", "---\ntitle: Beta\ndescription: Changed.\n---\nBack to [a](/a).\n")
    touch_later(corpus_dir / "b.md")
    unpickled.clear()
    corpus = load_corpus([corpus_dir], [".md"], cache=CorpusCache(cache_file, TAG))
    assert corpus.fingerprint != before
    assert unpickled == ["cache.pickle"]  # the unchanged articles come from the cache
    assert corpus.by_slug["beta"].description == "Changed."


def test_other_settings_do_not_take_the_seal(corpus_dir: Path, tmp_path: Path, unpickled: list[str]) -> None:
    cache_file = saved_cache(corpus_dir, tmp_path)
    unpickled.clear()
    corpus = load_corpus(
        [corpus_dir], [".md"], ["/terms/"], cache=CorpusCache(cache_file, ((".md",), ("/terms/",)))
    )
    assert unpickled == ["cache.pickle"]  # read, found to have another tag, and dropped
    assert corpus.check() == load_corpus([corpus_dir], [".md"], ["/terms/"]).check()


class Project:
    """A copy of the ``incremental`` root; every build is a new application, as with sphinx-build."""

    def __init__(self, make_app: MakeApp, srcdir: Path) -> None:
        self.make_app = make_app
        self.srcdir = srcdir
        self.app: SphinxTestApp | None = None

    def build(self, **confoverrides: Any) -> tuple[SphinxTestApp, list[str]]:
        if self.app is not None:
            self.app.cleanup()
        self.app = self.make_app("html", srcdir=self.srcdir, confoverrides=confoverrides)
        self.app.build()
        warnings = [
            line for line in strip_colors(self.app.warning.getvalue()).splitlines() if "[bizterms." in line
        ]
        return self.app, warnings

    def html(self, page: str) -> str:
        assert self.app is not None
        return (Path(self.app.outdir) / f"{page}.html").read_text(encoding="utf-8")


@pytest.fixture
def project(make_app: MakeApp, rootdir: Path, tmp_path: Path) -> Project:
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-incremental", srcdir)
    return Project(make_app, srcdir)


def test_a_noop_rebuild_reads_no_corpus_and_repeats_every_warning(
    project: Project, unpickled: list[str]
) -> None:
    _, first = project.build()
    assert any("broken internal link '/forecast'" in line for line in first)
    glossary = Path(project.app.outdir, "glossary.html") if project.app else None
    assert glossary is not None
    written = glossary.stat().st_mtime_ns
    unpickled.clear()
    app, again = project.build()
    assert "bizterms-corpus.pickle" not in unpickled
    assert again == first
    assert Path(app.outdir, "glossary.html").stat().st_mtime_ns == written


def test_a_page_changed_after_a_noop_rebuild_updates_the_glossary(project: Project) -> None:
    project.build()
    project.build()
    assert "role.html#" in project.html("glossary").split('id="bizterm-audit"')[1].split("</dd>")[0]
    role = project.srcdir / "role.rst"
    role.write_text(role.read_text(encoding="utf-8").replace(":bizterm:`Audit`", "audits"), encoding="utf-8")
    touch_later(role)
    project.build()
    assert 'id="bizterm-audit"' not in project.html("glossary")


def test_the_link_check_setting_is_not_taken_from_the_last_build(project: Project) -> None:
    _, used = project.build()
    assert any("broken internal link '/forecast'" in line for line in used)
    _, none = project.build(bizterms_link_check="none")
    assert not any("broken_link" in line for line in none)
    _, again = project.build()
    assert again == used
