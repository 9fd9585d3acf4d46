"""The corpus cache: unchanged articles are not read again, and the cache holds only data."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from sphinx.util.console import strip_colors

import sphinx_bizterms.corpus.cache
import sphinx_bizterms.corpus.files
import sphinx_bizterms.corpus.index
import sphinx_bizterms.corpus.load
import sphinx_bizterms.corpus.records
from sphinx_bizterms import __version__
from sphinx_bizterms.corpus.article import Article
from sphinx_bizterms.corpus.cache import FORMAT, CorpusCache, entries_of
from sphinx_bizterms.corpus.findings import Finding
from sphinx_bizterms.corpus.index import Corpus, Index
from sphinx_bizterms.corpus.load import load_corpus
from sphinx_bizterms.extension.events import CACHE_NAME

from helpers import MakeApp, RebuiltProject, bizterms_warnings, copy_root, summary, touch_later, write

TAG = ((".md",), ("/",))
ARTICLES = {"audit.md", "budget.md", "invoice.md", "ledger.md", "payroll.md"}


class Calls:
    """Which article files the corpus core parsed (``load_article``) and scanned (``scan_*``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.loaded: Counter[str] = Counter()
        self.scanned = 0
        load_article = sphinx_bizterms.corpus.load.load_article
        scan_body = sphinx_bizterms.corpus.index.scan_body

        def counting_load(path: Path, *args: Any, **kwargs: Any) -> Any:
            self.loaded[Path(path).name] += 1
            return load_article(path, *args, **kwargs)

        scan_tokens = sphinx_bizterms.corpus.index.scan_tokens

        def counting_scan(*args: Any, **kwargs: Any) -> Any:
            self.scanned += 1
            return scan_body(*args, **kwargs)

        def counting_token_scan(*args: Any, **kwargs: Any) -> Any:
            self.scanned += 1  # a shown article is scanned from the tokens it was rendered from
            return scan_tokens(*args, **kwargs)

        monkeypatch.setattr(sphinx_bizterms.corpus.load, "load_article", counting_load)
        monkeypatch.setattr(sphinx_bizterms.corpus.index, "scan_body", counting_scan)
        monkeypatch.setattr(sphinx_bizterms.corpus.index, "scan_tokens", counting_token_scan)

    def reset(self) -> None:
        self.loaded.clear()
        self.scanned = 0


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    return Calls(monkeypatch)


class Decoded:
    """How often a cache's payload was read past its header, and which records were made of
    its lines: a cache is read only when its records are needed, and a record only when used."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.payloads = 0
        self.records: Counter[str] = Counter()
        article, finding = sphinx_bizterms.corpus.records.article, sphinx_bizterms.corpus.records.finding

        counts = self

        class CountedRows(sphinx_bizterms.corpus.records.Rows):
            def __init__(self, *args: Any) -> None:
                counts.payloads += 1
                super().__init__(*args)

        def made(make: Callable[[list[Any]], Any]) -> Callable[[list[Any]], Any]:
            def spy(fields: list[Any]) -> Any:
                record = make(fields)
                self.records[Path(record.path).name] += 1
                return record

            return spy

        monkeypatch.setattr(sphinx_bizterms.corpus.cache, "Rows", CountedRows)
        monkeypatch.setattr(sphinx_bizterms.corpus.records, "article", made(article))
        monkeypatch.setattr(sphinx_bizterms.corpus.records, "finding", made(finding))

    def reset(self) -> None:
        self.payloads = 0
        self.records.clear()


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> Decoded:
    return Decoded(monkeypatch)


def load(
    root: Path, cache_file: Path | None = None, tag: object = TAG, prefixes: Sequence[str] = ("/",)
) -> Corpus:
    """The ``.md`` articles under ``root``, with the cache at ``cache_file`` if one is given."""
    cache = CorpusCache(cache_file, tag) if cache_file is not None else None
    return load_corpus([root], [".md"], prefixes, cache=cache)


# --- load_corpus with a cache ------------------------------------------------------------


@pytest.fixture
def cached_corpus(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "corpus"
    write(root / "a.md", "---\ntitle: A\n---\n[b](/b)\n")
    write(root / "b.md", "---\ntitle: B\n---\n[missing](/missing)\n")
    write(root / "bad.md", "no frontmatter\n")
    cache_file = tmp_path / "cache" / "corpus.jsonl"
    corpus = load(root, cache_file)
    corpus.check()  # scans the bodies, so the scans are cached too
    assert corpus.cache is not None
    corpus.cache.save(corpus)
    return root, cache_file


def test_cache_reuses_unchanged_articles(cached_corpus: tuple[Path, Path], calls: Calls) -> None:
    root, cache_file = cached_corpus
    corpus = load(root, cache_file)
    findings = corpus.check()
    assert calls.loaded == Counter()
    assert calls.scanned == 0
    assert summary(findings) == [("broken_link", "b.md", 4), ("bad_article", "bad.md", 1)]
    article = corpus.lookup("a")
    assert article is not None and article.path == str(root / "a.md")


def test_cache_rereads_a_changed_file(cached_corpus: tuple[Path, Path], calls: Calls) -> None:
    root, cache_file = cached_corpus
    write(root / "b.md", "---\ntitle: B\n---\n[a](/a)\n[missing](/missing)\n")  # a new size
    corpus = load(root, cache_file)
    assert calls.loaded == Counter({"b.md": 1})
    assert summary(corpus.check()) == [("broken_link", "b.md", 5), ("bad_article", "bad.md", 1)]


def test_cache_rereads_a_file_whose_mtime_changed(cached_corpus: tuple[Path, Path], calls: Calls) -> None:
    root, cache_file = cached_corpus
    path = root / "a.md"
    path.write_text(path.read_text().replace("title: A", "title: Z"))  # the same size
    touch_later(path)
    corpus = load(root, cache_file)
    assert calls.loaded == Counter({"a.md": 1})
    article = corpus.lookup("z")
    assert article is not None and article.path == str(path)


def test_cache_forgets_deleted_and_learns_new_files(cached_corpus: tuple[Path, Path], calls: Calls) -> None:
    root, cache_file = cached_corpus
    (root / "bad.md").unlink()
    write(root / "c.md", "---\ntitle: C\n---\nText.\n")
    corpus = load(root, cache_file)
    assert calls.loaded == Counter({"c.md": 1})
    assert sorted(a.slug for a in corpus) == ["a", "b", "c"]
    assert summary(corpus.check()) == [("broken_link", "b.md", 4)]


def test_cache_is_dropped_when_the_tag_changes(cached_corpus: tuple[Path, Path], calls: Calls) -> None:
    root, cache_file = cached_corpus
    other = ((".md",), ("/terms/",))
    assert CorpusCache(cache_file, other).entries == {}
    load(root, cache_file, other)
    assert set(calls.loaded) == {"a.md", "b.md", "bad.md"}


def test_cache_save_writes_only_on_change(cached_corpus: tuple[Path, Path]) -> None:
    root, cache_file = cached_corpus
    before = cache_file.stat().st_mtime_ns
    os.utime(cache_file, ns=(before - 10_000_000_000, before - 10_000_000_000))
    cache = CorpusCache(cache_file, TAG)
    corpus = load_corpus([root], [".md"], cache=cache)
    corpus.check()
    cache.save(corpus)
    assert cache_file.stat().st_mtime_ns == before - 10_000_000_000
    write(root / "c.md", "---\ntitle: C\n---\nText.\n")
    corpus = load_corpus([root], [".md"], cache=cache)
    cache.save(corpus)
    assert set(CorpusCache(cache_file, TAG).entries) == {
        str(root / n) for n in ["a.md", "b.md", "bad.md", "c.md"]
    }


# --- what is read back is what was saved, record for record -----------------------------


def corpus_of_every_kind(root: Path) -> Path:
    """Articles, renamed slugs, contested keys, bad files, scans with links and unsafe content."""
    write(root / "a.md", "---\ntitle: Alpha (A)\naliases:\n- first\n- één\n---\nSee [b](/b) and [x](/x).\n")
    write(root / "b.md", "---\ntitle: Beta\ndescription: Two.\nkeywords: k1, k2\n---\n<b>bold</b> [a](/a)\n")
    # an explicit slug "alpha" beats the derived one of a.md, which is renamed; two articles
    # claim the alias "first", and the second loses it
    write(root / "sub" / "alpha.md", "---\ntitle: Alpha\nslug: alpha\n---\n[js](javascript:x)\n")
    write(root / "sub" / "first.md", "---\ntitle: First\naliases: [first]\n---\nNo links.\n")
    write(root / "bad.md", "no frontmatter\n")
    write(root / "yaml.md", "---\ntitle: [unclosed\n---\n")
    (root / "folder.md").mkdir()  # a finding of the walk, with no file and no stamp
    return root


def saved(tmp_path: Path) -> tuple[Corpus, Path]:
    root = corpus_of_every_kind(tmp_path / "corpus")
    cache_file = tmp_path / "cache.jsonl"
    corpus = load(root, cache_file)
    corpus.check()  # every body scanned, so every scan is kept too
    assert corpus.cache is not None
    corpus.cache.save(corpus)
    return load(root), cache_file


def state(corpus: Corpus) -> dict[str, object]:
    """Everything an indexed corpus holds, with the order of its lists and dicts (but the
    scans', which are kept in the order they were made)."""
    return {name: _plain(name, value) for name, value in zip(Index._fields, corpus.index, strict=True)}


def _plain(name: str, value: object) -> object:
    # a corpus read from the cache holds its records in lazy sequences and mappings
    if isinstance(value, Mapping) and name != "scans":
        return list(value.items())
    return list(value) if isinstance(value, Sequence) else value


def test_an_unchanged_corpus_comes_back_as_it_was_saved(tmp_path: Path) -> None:
    eager, cache_file = saved(tmp_path)
    eager.check()
    assert {a.slug for a in eager} >= {"alpha", "alpha-2"}  # the case of a renamed slug is here
    assert eager.index.scans and any(scan.unsafe for scan in eager.index.scans.values())
    cached = load(tmp_path / "corpus", cache_file)
    assert state(cached) == state(eager)
    assert cached.cache_current  # its files are those the cache was saved from
    assert [type(item) for item in cached.loaded] == [type(item) for item in eager.loaded]
    assert cached.check() == eager.check()


def test_the_cache_entries_come_back_as_they_were_saved(tmp_path: Path) -> None:
    eager, cache_file = saved(tmp_path)
    eager.check()
    entries = CorpusCache(cache_file, TAG).entries
    # by path: which file comes first is the walk's to say, not the cache's
    assert entries == entries_of(eager)
    # records are records again (stamps and claims are plain tuples), not lists that compare equal
    entry = entries[str(tmp_path / "corpus" / "a.md")]
    assert type(entry.loaded).__name__ == "Article" and type(entry.loaded.stamp) is tuple
    assert entry.scan is not None and entry.scan.links[0].key == "b"
    assert type(entry.scan.links[0]).__name__ == "Link"
    assert entry.loaded.claims[0] == ("alphaa", "Alpha (A)", False) and type(entry.loaded.claims[0]) is tuple
    assert isinstance(entry.loaded.keywords, tuple)
    finding = entries[str(tmp_path / "corpus" / "bad.md")].loaded
    assert isinstance(finding, Finding) and type(finding.subtype).__name__ == "Subtype"


def test_stamps_and_claims_are_left_alone_by_the_garbage_collector(tmp_path: Path) -> None:
    # Plain tuples of text and numbers, read from the files or from the cache: once the
    # collector has seen them it stops tracking them, which it never does for an instance
    # of a tuple subclass (a NamedTuple). A corpus of thousands of articles then adds little
    # to every collection of a build.
    eager, cache_file = saved(tmp_path)
    cached = CorpusCache(cache_file, TAG).entries
    gc.collect()
    gc.collect()  # a tuple of tuples is let go once its items are
    articles = [*eager, *(entry.loaded for entry in cached.values() if isinstance(entry.loaded, Article))]
    assert len(articles) > 2
    for article in articles:
        assert not gc.is_tracked(article.stamp) and not gc.is_tracked(article.claims), article.path


def test_a_changed_corpus_reuses_the_cached_records(tmp_path: Path) -> None:
    _, cache_file = saved(tmp_path)
    write(tmp_path / "corpus" / "c.md", "---\ntitle: Gamma\n---\n")
    cached = load(tmp_path / "corpus", cache_file)
    fresh = load(tmp_path / "corpus")
    assert not cached.cache_current
    assert state(cached)["by_slug"] == state(fresh)["by_slug"]
    assert cached.check() == fresh.check()


def test_an_empty_corpus_is_cached(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    cache_file = tmp_path / "cache.jsonl"
    corpus = load(root, cache_file)
    assert corpus.cache is not None
    corpus.cache.save(corpus)
    cached = load(root, cache_file)
    assert state(cached) == state(load(root))


def test_a_file_name_that_is_not_utf8_comes_back(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / os.fsdecode(b"caf\xe9.md"), "---\ntitle: Cafe\n---\nText.\n")
    cache_file = tmp_path / "cache.jsonl"
    corpus = load(root, cache_file)
    assert corpus.cache is not None
    corpus.cache.save(corpus)
    assert state(load(root, cache_file)) == state(load(root))


def test_an_unchanged_corpus_takes_its_index_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = corpus_of_every_kind(tmp_path / "corpus")
    write(root / "pod.md", "---\ntitle: Pod (Kubernetes)\n---\n")
    write(root / "whale.md", "---\ntitle: Pod (Whale)\n---\n")
    cache_file = tmp_path / "cache.jsonl"
    eager = load(root, cache_file)
    # renamed slugs, keys lost to another article, and a key that two articles share
    assert {"alpha", "alpha-2"} <= set(eager.by_slug) and eager.ambiguous == {"pod": ("pod", "pod-2")}
    assert any(f.subtype.value == "duplicate_key" for f in eager.findings)
    assert eager.cache is not None
    eager.cache.save(eager)
    indexed: list[int] = []
    resolve = Corpus._resolve

    def spy(corpus: Corpus, articles: list[Any], by_slug: dict[str, Any]) -> None:
        indexed.append(len(articles))
        resolve(corpus, articles, by_slug)

    monkeypatch.setattr(Corpus, "_resolve", spy)
    cached = load(root, cache_file)
    assert state(cached) == state(eager)
    assert not any(indexed)  # no article was indexed again
    assert cached.check() == eager.check()


def test_a_cached_article_is_made_only_when_used_and_once(tmp_path: Path, decoded: Decoded) -> None:
    eager, cache_file = saved(tmp_path)
    decoded.reset()
    cached = load(tmp_path / "corpus", cache_file)
    assert len(cached) == len(eager) and "alpha-2" in cached.by_slug and "nothing" not in cached.by_slug
    assert list(cached.by_slug) == list(eager.by_slug)
    # the files that are findings are made for the corpus's findings; no article yet
    assert decoded.records == Counter({"bad.md": 1, "yaml.md": 1})
    assert cached.by_slug["beta"] == eager.by_slug["beta"]
    assert decoded.records == Counter({"b.md": 1, "bad.md": 1, "yaml.md": 1})
    # the renamed article is the index's, not its file's record
    assert cached.by_slug["alpha-2"] == eager.by_slug["alpha-2"]
    for _ in range(2):
        assert list(cached.by_slug.values()) == list(eager.by_slug.values())
        assert list(cached.loaded) == list(eager.loaded) and cached.loaded[-1] == eager.loaded[-1]
    assert set(decoded.records.values()) == {1}  # each record made once, however often used
    assert decoded.payloads == 1


def test_an_index_that_does_not_fit_the_corpus_is_made_again(tmp_path: Path, calls: Calls) -> None:
    eager, cache_file = saved(tmp_path)
    eager.check()  # the scans, as the cache keeps them
    header_line, payload = cache_file.read_bytes().split(b"\n", 1)
    index_line, *rows = payload.split(b"\n")
    data = json.loads(index_line)
    data["order"][0] = len(rows)  # well formed, with a digest that matches
    payload = b"\n".join([json.dumps(data).encode(), *rows])
    header = {**json.loads(header_line), "sha256": hashlib.sha256(payload).hexdigest()}
    cache_file.write_bytes(json.dumps(header).encode() + b"\n" + payload)
    calls.reset()
    cached = load(tmp_path / "corpus", cache_file)
    assert state(cached) == state(eager)
    assert calls.loaded == Counter()  # the records were used, and indexed again
    assert cached.cache is not None and cached.cache.damaged


# --- the seal: an unchanged corpus is recognised by the header alone ----------------------


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    write(root / "a.md", "---\ntitle: Alpha (A)\n---\nSee [b](/b) and [gone](/gone).\n")
    write(root / "b.md", "---\ntitle: Beta\ndescription: The second.\n---\nBack to [a](/a).\n")
    write(root / "bad.md", "no frontmatter\n")
    return root


def saved_cache(corpus_dir: Path, tmp_path: Path) -> Path:
    cache_file = tmp_path / "cache.jsonl"
    corpus = load(corpus_dir, cache_file)
    corpus.check()  # scan the bodies, so that the cache keeps the scans
    assert corpus.cache is not None
    corpus.cache.save(corpus)
    return cache_file


def test_an_unchanged_corpus_is_read_from_its_cache_only_when_used(
    corpus_dir: Path, tmp_path: Path, decoded: Decoded
) -> None:
    cache_file = saved_cache(corpus_dir, tmp_path)
    decoded.reset()
    corpus = load(corpus_dir, cache_file)
    assert decoded.payloads == 0  # recognised by the header's fingerprint
    eager = load(corpus_dir)
    assert corpus.fingerprint == eager.fingerprint is not None
    found = corpus.lookup("A")
    # the article asked for, and the file that is a finding (the corpus's findings are known)
    assert decoded.payloads == 1 and decoded.records == Counter({"a.md": 1, "bad.md": 1})
    assert found is not None and found == eager.lookup("a")
    assert corpus.by_slug == eager.by_slug
    assert decoded.records == Counter({"a.md": 1, "b.md": 1, "bad.md": 1})  # each made once
    assert corpus.keys == eager.keys
    assert corpus.check() == eager.check()


def test_a_changed_file_is_noticed_at_once(corpus_dir: Path, tmp_path: Path, decoded: Decoded) -> None:
    cache_file = saved_cache(corpus_dir, tmp_path)
    before = load(corpus_dir).fingerprint
    write(corpus_dir / "b.md", "---\ntitle: Beta\ndescription: Changed.\n---\nBack to [a](/a).\n")
    touch_later(corpus_dir / "b.md")
    decoded.reset()
    corpus = load(corpus_dir, cache_file)
    assert corpus.fingerprint != before
    # the unchanged articles come from the cache
    assert decoded.payloads == 1 and set(decoded.records) == {"a.md", "b.md", "bad.md"}
    assert corpus.by_slug["beta"].description == "Changed."


def test_other_settings_do_not_take_the_seal(corpus_dir: Path, tmp_path: Path, decoded: Decoded) -> None:
    cache_file = saved_cache(corpus_dir, tmp_path)
    decoded.reset()
    corpus = load(corpus_dir, cache_file, ((".md",), ("/terms/",)), ["/terms/"])
    assert decoded.payloads == 0  # its header names another tag: the rest is not even read
    assert corpus.check() == load(corpus_dir, prefixes=["/terms/"]).check()


# --- only data, checked, and never trusted further than it checks --------------------------


def test_the_cache_is_lines_of_json(corpus_dir: Path, tmp_path: Path) -> None:
    header_line, index_line, *rows = saved_cache(corpus_dir, tmp_path).read_bytes().split(b"\n")
    header = json.loads(header_line)
    assert header["format"] == FORMAT
    assert header["version"] == __version__
    assert header["tag"] == repr(TAG)
    assert header["fingerprint"] == load(corpus_dir).fingerprint
    index = json.loads(index_line)
    assert sorted(index) == [
        *("ambiguous", "bad", "findings", "key_text", "keys", "order", "renamed", "scans", "slugs")
    ]
    # one record a file: the articles' fields start with their path, a finding's with its subtype
    assert sorted(json.loads(row)[0] for row in rows) == [
        *(str(corpus_dir / name) for name in ("a.md", "b.md")),
        "bad_article",
    ]


class Trap:
    """Unpickled, it makes a folder: proof that the pickle ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.mkdir, (str(self.marker),))


def trap(marker: Path) -> bytes:
    data = pickle.dumps(Trap(marker))
    pickle.loads(data)  # the payload does run when unpickled
    assert marker.is_dir()
    marker.rmdir()
    return data


def test_a_pickle_in_place_of_the_cache_is_never_run(corpus_dir: Path, tmp_path: Path, calls: Calls) -> None:
    cache_file = tmp_path / "cache.jsonl"
    cache_file.write_bytes(trap(tmp_path / "ran"))
    corpus = load(corpus_dir, cache_file)
    assert calls.loaded == Counter({"a.md": 1, "b.md": 1, "bad.md": 1})
    assert corpus.check() == load(corpus_dir).check()
    assert not (tmp_path / "ran").exists()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(
            lambda header, payload: (header, payload.replace(b"Beta", b"Zeta")), id="payload-edited"
        ),
        pytest.param(lambda header, payload: (header, payload[: len(payload) // 2]), id="truncated"),
        pytest.param(lambda header, payload: (header, b""), id="payload-missing"),
        pytest.param(lambda header, payload: (header, b"[]"), id="payload-replaced"),
    ],
)
def test_a_damaged_cache_is_detected_and_the_corpus_read_again(
    corpus_dir: Path, tmp_path: Path, calls: Calls, damage: Callable[[bytes, bytes], tuple[bytes, bytes]]
) -> None:
    cache_file = saved_cache(corpus_dir, tmp_path)
    cache_file.write_bytes(b"\n".join(damage(*cache_file.read_bytes().split(b"\n", 1))))
    calls.reset()
    corpus = load(corpus_dir, cache_file)
    assert corpus.lookup("Zeta") is None
    beta = corpus.lookup("Beta")
    assert beta is not None and beta.title == "Beta"
    assert calls.loaded == Counter({"a.md": 1, "b.md": 1, "bad.md": 1})
    # the header still matched, so the corpus was taken for unchanged: the cache is written again
    assert corpus.cache is not None and corpus.cache.damaged
    corpus.cache.save(corpus)
    calls.reset()
    assert state(load(corpus_dir, cache_file)) == state(corpus)
    assert calls.loaded == Counter()


@pytest.mark.parametrize(
    "header",
    [
        {"format": "bizterms-corpus-cache/2"},
        {"version": "0.0.1"},
        {"tag": repr(((".md",), ("/terms/",)))},
        {"sha256": "0" * 64},
    ],
    ids=["format", "version", "tag", "digest"],
)
def test_a_cache_of_another_header_is_not_used(
    corpus_dir: Path, tmp_path: Path, calls: Calls, header: dict[str, str]
) -> None:
    cache_file = saved_cache(corpus_dir, tmp_path)
    header_line, payload = cache_file.read_bytes().split(b"\n", 1)
    cache_file.write_bytes(json.dumps({**json.loads(header_line), **header}).encode() + b"\n" + payload)
    calls.reset()
    assert CorpusCache(cache_file, TAG).entries == {}
    assert len(load(corpus_dir, cache_file)) == 2  # the index used, from the cache or the files
    assert calls.loaded == Counter({"a.md": 1, "b.md": 1, "bad.md": 1})


@pytest.mark.parametrize(
    "content",
    [b"", b"not a cache", b"{}", b"[1, 2]\n{}", pickle.dumps(("something", "else"))],
    ids=["empty", "text", "json", "json-lines", "pickle"],
)
def test_cache_survives_a_corrupt_file(tmp_path: Path, content: bytes) -> None:
    cache_file = write(tmp_path / "corpus.jsonl", content)
    assert CorpusCache(cache_file, TAG).entries == {}
    assert not CorpusCache(cache_file, TAG).holds("0" * 40)


@pytest.mark.parametrize("where", ["folder", "under-a-file"])
def test_a_cache_that_cannot_be_written_raises_oserror_and_leaves_nothing(
    corpus_dir: Path, tmp_path: Path, where: str
) -> None:
    if where == "folder":
        cache_file = tmp_path / "cache.jsonl"
        cache_file.mkdir()
    else:
        cache_file = write(tmp_path / "file", "text") / "cache.jsonl"
    before = sorted(tmp_path.iterdir())
    corpus = load(corpus_dir, cache_file)
    assert corpus.cache is not None
    with pytest.raises(OSError):
        corpus.cache.save(corpus)
    assert sorted(tmp_path.iterdir()) == before  # no temporary file left behind


# --- in a build -------------------------------------------------------------------------


class Project(RebuiltProject):
    """A copy of the ``incremental`` root, and the corpus cache its builds keep."""

    @property
    def cache(self) -> Path:
        return self.srcdir / "_build" / "doctrees" / CACHE_NAME


@pytest.fixture
def project(make_app: MakeApp, tmp_path: Path, calls: Calls) -> Project:
    srcdir = copy_root("incremental", tmp_path / "src")
    built = Project(make_app, srcdir)
    built.build()
    assert set(calls.loaded) == ARTICLES  # a cold build parses every article once
    assert max(calls.loaded.values()) == 1
    assert calls.scanned >= 4  # the bodies of the articles the glossaries show
    calls.reset()
    return built


def cached_names(cache: Path) -> set[str]:
    """The names of the files whose records the cache file holds."""
    header, _, *rows = cache.read_bytes().split(b"\n")
    assert json.loads(header)["version"] == __version__
    # an article's fields start with its path; a finding's with its subtype, then its path
    records = [json.loads(row) for row in rows]
    return {Path(fields[1] if fields[0] == "bad_article" else fields[0]).name for fields in records}


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


def test_a_noop_rebuild_reads_no_corpus_and_repeats_every_warning(project: Project, decoded: Decoded) -> None:
    assert project.app is not None  # the cold build of the fixture
    first = bizterms_warnings(project.app)
    assert any("broken internal link '/forecast'" in line for line in first)
    written = Path(project.app.outdir, "glossary.html").stat().st_mtime_ns
    decoded.reset()
    app = project.build()
    assert decoded.payloads == 0
    assert bizterms_warnings(app) == first
    assert Path(app.outdir, "glossary.html").stat().st_mtime_ns == written


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
    project.cache.write_bytes(b"not a cache")
    app = project.build()
    assert set(calls.loaded) == ARTICLES
    assert "broken internal link '/forecast'" in strip_colors(app.warning.getvalue())
    assert cached_names(project.cache) == ARTICLES


def test_a_pickle_in_the_doctree_folder_is_never_run(project: Project, calls: Calls, tmp_path: Path) -> None:
    payload = trap(tmp_path / "ran")
    project.cache.write_bytes(payload)
    (project.cache.parent / "bizterms-corpus.pickle").write_bytes(payload)  # the old cache's name
    app = project.build()
    assert not (tmp_path / "ran").exists()
    assert set(calls.loaded) == ARTICLES
    assert "broken internal link '/forecast'" in strip_colors(app.warning.getvalue())


def test_a_fresh_environment_reads_every_article_again(project: Project, calls: Calls) -> None:
    # An edit that keeps the size and the mtime, as ``cp -p`` or ``rsync -a`` can leave it.
    budget = project.srcdir / "corpus" / "budget.md"
    stat = budget.stat()
    budget.write_text(budget.read_text(encoding="utf-8").replace("spending.", "outgoing."), encoding="utf-8")
    os.utime(budget, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert budget.stat().st_size == stat.st_size
    project.build()
    assert calls.loaded == Counter()  # size and mtime are all a build goes by ...
    assert "A plan of income and spending." in project.html("display")
    project.build(freshenv=True)  # ... but -E trusts nothing from the last build
    assert set(calls.loaded) == ARTICLES
    assert "A plan of income and outgoing." in project.html("display")
    calls.reset()
    project.build()  # and what -E read is cached for the next build
    assert calls.loaded == Counter()


def test_a_cache_that_cannot_be_written_is_one_warning(project: Project) -> None:
    project.cache.unlink()
    project.cache.mkdir()
    app = project.build()
    warnings = bizterms_warnings(app)
    assert [line for line in warnings if "[bizterms.cache]" in line] == [
        f"WARNING: cannot write the corpus cache {project.cache} (Is a directory); "
        "the next build reads every article again [bizterms.cache]"
    ]
    assert "A plan of income and spending." in project.html("display")


def test_sphinx_build_succeeds_when_the_cache_cannot_be_written(tmp_path: Path) -> None:
    srcdir = copy_root("incremental", tmp_path / "src")
    doctrees, html = srcdir / "_build" / "doctrees", srcdir / "_build" / "html"
    (doctrees / CACHE_NAME).mkdir(parents=True)
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-b",
        "html",
        "-d",
        str(doctrees),
        str(srcdir),
        str(html),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Extension error" not in done.stderr
    assert done.stderr.count("[bizterms.cache]") == 1
    assert (html / "glossary.html").is_file()
