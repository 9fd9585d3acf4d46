"""The corpus cache file: what is read back is the corpus that was saved, record for record."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from sphinx_bizterms import __version__
from sphinx_bizterms.corpus.cache import CorpusCache, entries_of
from sphinx_bizterms.corpus.index import Corpus
from sphinx_bizterms.corpus.load import load_corpus

from helpers import write

TAG = ((".md",), ("/",))


def corpus_of_every_kind(root: Path) -> Path:
    """Articles, renamed slugs, contested keys, bad files, scans with links and unsafe content."""
    write(root / "a.md", "---\ntitle: Alpha (A)\naliases:\n- first\n- één\n---\nSee [b](/b) and [x](/x).\n")
    write(root / "b.md", "---\ntitle: Beta\ndescription: Two.\nkeywords: k1, k2\n---\n<b>bold</b> [a](/a)\n")
    # two articles deriving the slug "alpha": the second is renamed, and loses the key "alpha"
    write(root / "sub" / "alpha.md", "---\ntitle: Alpha\nslug: alpha\n---\n[js](javascript:x)\n")
    write(root / "sub" / "first.md", "---\ntitle: First\n---\nNo links.\n")
    write(root / "bad.md", "no frontmatter\n")
    write(root / "yaml.md", "---\ntitle: [unclosed\n---\n")
    (root / "folder.md").mkdir()  # a finding of the walk, with no file and no stamp
    return root


def saved(tmp_path: Path) -> tuple[Corpus, Path]:
    root = corpus_of_every_kind(tmp_path / "corpus")
    cache_file = tmp_path / "cache.pickle"
    corpus = load_corpus([root], [".md"], cache=CorpusCache(cache_file, TAG))
    corpus.check()  # every body scanned, so every scan is kept too
    assert corpus.cache is not None
    corpus.cache.save(corpus)
    return load_corpus([root], [".md"]), cache_file


STATE = ("loaded", "stamps", "findings", "by_slug", "keys", "_key_text", "_scans")


def state(corpus: Corpus) -> dict[str, object]:
    """Everything an indexed corpus holds, with the order of its lists and dicts (but the
    scans', which are kept in the order they were made)."""
    return {
        name: list(value.items()) if isinstance(value, dict) and name != "_scans" else value
        for name, value in ((name, getattr(corpus, name)) for name in STATE)
    }


def test_an_unchanged_corpus_comes_back_as_it_was_saved(tmp_path: Path) -> None:
    eager, cache_file = saved(tmp_path)
    eager.check()
    assert {a.slug for a in eager} >= {"alpha", "alpha-2"}  # the case of a renamed slug is here
    assert eager._scans and any(scan.unsafe for scan in eager._scans.values())
    cached = load_corpus([tmp_path / "corpus"], [".md"], cache=CorpusCache(cache_file, TAG))
    assert cached.cache_current  # read from the cache's index, not rebuilt
    assert state(cached) == state(eager)
    assert [type(item) for item in cached.loaded] == [type(item) for item in eager.loaded]
    assert cached.check() == eager.check()


def test_the_cache_entries_come_back_as_they_were_saved(tmp_path: Path) -> None:
    eager, cache_file = saved(tmp_path)
    eager.check()
    entries = CorpusCache(cache_file, TAG).entries
    assert list(entries.items()) == list(entries_of(eager).items())
    # records are records again, not plain tuples that happen to compare equal
    entry = entries[str(tmp_path / "corpus" / "a.md")]
    assert type(entry.loaded).__name__ == "Article" and type(entry.loaded.stamp).__name__ == "Stamp"
    assert entry.scan is not None and entry.scan.links[0].key == "b"
    assert entry.loaded.claims[0].text == "Alpha (A)"


def test_a_changed_corpus_reuses_the_cached_records(tmp_path: Path) -> None:
    _, cache_file = saved(tmp_path)
    write(tmp_path / "corpus" / "c.md", "---\ntitle: Gamma\n---\n")
    cached = load_corpus([tmp_path / "corpus"], [".md"], cache=CorpusCache(cache_file, TAG))
    fresh = load_corpus([tmp_path / "corpus"], [".md"])
    assert not cached.cache_current
    assert state(cached)["by_slug"] == state(fresh)["by_slug"]
    assert cached.check() == fresh.check()


def test_an_empty_corpus_is_cached(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    cache_file = tmp_path / "cache.pickle"
    corpus = load_corpus([root], [".md"], cache=CorpusCache(cache_file, TAG))
    assert corpus.cache is not None
    corpus.cache.save(corpus)
    cached = load_corpus([root], [".md"], cache=CorpusCache(cache_file, TAG))
    assert state(cached) == state(load_corpus([root], [".md"]))


@pytest.mark.parametrize("old", [{}, {"a.md": ("not", "a", "record")}, ("bizterms-corpus-cache-1",)])
def test_a_cache_file_of_another_layout_is_not_used(tmp_path: Path, old: object) -> None:
    cache_file = tmp_path / "cache.pickle"
    cache_file.write_bytes(pickle.dumps(((__version__, TAG), old)))
    assert CorpusCache(cache_file, TAG).entries == {}
