"""The corpus cache in the doctree folder: unchanged articles are not parsed again."""

from __future__ import annotations

import os
import pickle
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

import sphinx_bizterms.corpus.cache
import sphinx_bizterms.corpus.files
import sphinx_bizterms.corpus.index
import sphinx_bizterms.corpus.load
from sphinx_bizterms.corpus.cache import CorpusCache
from sphinx_bizterms.extension.events import CACHE_NAME

MakeApp = Callable[..., SphinxTestApp]
ARTICLES = {"audit.md", "budget.md", "invoice.md", "ledger.md", "payroll.md"}


class Calls:
    """Which article files the corpus core parsed (``load_article``) and scanned (``scan_body``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.loaded: Counter[str] = Counter()
        self.scanned = 0
        load_article = sphinx_bizterms.corpus.load.load_article
        scan_body = sphinx_bizterms.corpus.index.scan_body

        def counting_load(path: Path, *args: Any, **kwargs: Any) -> Any:
            self.loaded[Path(path).name] += 1
            return load_article(path, *args, **kwargs)

        def counting_scan(*args: Any, **kwargs: Any) -> Any:
            self.scanned += 1
            return scan_body(*args, **kwargs)

        monkeypatch.setattr(sphinx_bizterms.corpus.load, "load_article", counting_load)
        monkeypatch.setattr(sphinx_bizterms.corpus.index, "scan_body", counting_scan)

    def reset(self) -> None:
        self.loaded.clear()
        self.scanned = 0


class Project:
    """A copy of the ``incremental`` root; every build is a new application, as with sphinx-build."""

    def __init__(self, make_app: MakeApp, srcdir: Path) -> None:
        self.make_app = make_app
        self.srcdir = srcdir
        self.app: SphinxTestApp | None = None

    def build(self, **confoverrides: Any) -> SphinxTestApp:
        if self.app is not None:
            self.app.cleanup()
        self.app = self.make_app("html", srcdir=self.srcdir, confoverrides=confoverrides)
        self.app.build()
        return self.app

    @property
    def cache(self) -> Path:
        assert self.app is not None
        return Path(self.app.doctreedir, CACHE_NAME)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    return Calls(monkeypatch)


@pytest.fixture
def project(make_app: MakeApp, rootdir: Path, tmp_path: Path, calls: Calls) -> Project:
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-incremental", srcdir)
    built = Project(make_app, srcdir)
    built.build()
    assert set(calls.loaded) == ARTICLES  # a cold build parses every article once
    assert max(calls.loaded.values()) == 1
    assert calls.scanned >= 4  # the bodies of the articles the glossaries show
    calls.reset()
    return built


def touch_later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def cached_names(cache: Path) -> set[str]:
    """The names of the files whose records the cache file holds."""
    with cache.open("rb") as stream:
        (version, tag), _stored = pickle.load(stream)
    assert version == sphinx_bizterms.__version__
    return {Path(path).name for path in CorpusCache(cache, tag).entries}


def test_the_cache_is_in_the_doctree_folder(project: Project) -> None:
    assert project.cache.is_file()
    assert cached_names(project.cache) == ARTICLES


def test_an_unchanged_corpus_is_not_parsed_again(project: Project, calls: Calls) -> None:
    before = project.cache.stat().st_mtime_ns
    for _ in range(2):
        app = project.build()
        assert calls.loaded == Counter()
        assert calls.scanned == 0  # the bodies' links come from the cache too
        # and the build still knows every term and every finding
        assert "broken internal link '/forecast'" in strip_colors(app.warning.getvalue())
    assert project.cache.stat().st_mtime_ns == before  # nothing new to keep


def test_a_changed_article_is_parsed_again(project: Project, calls: Calls) -> None:
    ledger = project.srcdir / "corpus" / "ledger.md"
    ledger.write_text(ledger.read_text(encoding="utf-8").replace("forecast", "budget"), encoding="utf-8")
    touch_later(ledger)
    app = project.build()
    assert calls.loaded == Counter({"ledger.md": 1})
    assert calls.scanned == 1
    assert "broken internal link" not in strip_colors(app.warning.getvalue())
    # the cache now holds the new version: the next build parses nothing
    calls.reset()
    project.build()
    assert calls.loaded == Counter()


def test_touching_an_article_is_a_change(project: Project, calls: Calls) -> None:
    touch_later(project.srcdir / "corpus" / "budget.md")
    project.build()
    assert calls.loaded == Counter({"budget.md": 1})


def test_added_and_deleted_articles(project: Project, calls: Calls) -> None:
    (project.srcdir / "corpus" / "payroll.md").unlink()
    (project.srcdir / "corpus" / "forecast.md").write_text(
        "---\ntitle: Forecast\n---\nA guess.\n", encoding="utf-8"
    )
    project.build()
    assert calls.loaded == Counter({"forecast.md": 1})
    assert cached_names(project.cache) == ARTICLES - {"payroll.md"} | {"forecast.md"}


def test_bad_articles_are_cached_too(project: Project, calls: Calls) -> None:
    (project.srcdir / "corpus" / "broken.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    first = strip_colors(project.build().warning.getvalue())
    assert "broken.md:3: WARNING: frontmatter is not valid YAML" in first
    calls.reset()
    again = strip_colors(project.build().warning.getvalue())
    assert calls.loaded == Counter()
    assert "broken.md:3: WARNING: frontmatter is not valid YAML" in again


def test_a_new_extension_version_drops_the_cache(
    project: Project, calls: Calls, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in (sphinx_bizterms.corpus.files, sphinx_bizterms.corpus.cache):
        monkeypatch.setattr(module, "__version__", "999.0")
    project.build()
    assert set(calls.loaded) == ARTICLES


@pytest.mark.parametrize(
    "confoverrides",
    [
        {"bizterms_suffixes": [".md", ".markdown"]},
        {"bizterms_internal_prefixes": ["/", "https://wiki.example.com/"]},
    ],
)
def test_a_config_change_drops_the_cache(
    project: Project, calls: Calls, confoverrides: dict[str, Any]
) -> None:
    project.build(**confoverrides)
    assert set(calls.loaded) == ARTICLES
    calls.reset()
    project.build(**confoverrides)
    assert calls.loaded == Counter()


def test_a_corrupt_cache_is_rebuilt(project: Project, calls: Calls) -> None:
    project.cache.write_bytes(b"not a pickle")
    app = project.build()
    assert set(calls.loaded) == ARTICLES
    assert "broken internal link '/forecast'" in strip_colors(app.warning.getvalue())
    with project.cache.open("rb") as stream:
        assert pickle.load(stream)
