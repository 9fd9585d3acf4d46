"""One corpus-indexing measurement, run in a process of its own: ``child.py MODE CORPUS CACHE``.

Modes: ``loop`` (a bare ``frontmatter.load`` over every file), ``cold`` (``load_corpus``
without a cache), ``warm`` (``load_corpus`` with the cache that ``prime`` wrote). Prints one
JSON object: wall and CPU seconds of the measured step only (imports excluded) and the
number of articles seen, so that the parent can check that every mode saw the same files.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import frontmatter

try:
    from sphinx_bizterms.corpus.cache import CorpusCache
    from sphinx_bizterms.corpus.index import DEFAULT_PREFIXES, DEFAULT_SUFFIXES
    from sphinx_bizterms.corpus.load import load_corpus
except ImportError:
    # A checkout from before the core moved into its own folder, measured for comparison
    # (docs/performance.md, "Before the restructuring").
    from sphinx_bizterms.corpus import (
        DEFAULT_PREFIXES,
        DEFAULT_SUFFIXES,
        CorpusCache,
        load_corpus,
    )

#: The tag a build gives its cache (see ``events._cache``): the default suffixes and prefixes.
CACHE_TAG = (tuple(DEFAULT_SUFFIXES), tuple(DEFAULT_PREFIXES))


def _loop(corpus: Path) -> int:
    count = 0
    for path in sorted(corpus.glob("*.md")):
        post = frontmatter.load(path)
        count += bool(post.metadata.get("title"))
    return count


def _cold(corpus: Path) -> int:
    return len(load_corpus([corpus]))


def _warm(corpus: Path, cache_path: Path) -> int:
    # Reading the cache file is part of a warm start, as in a build.
    return len(load_corpus([corpus], cache=CorpusCache(cache_path, CACHE_TAG)))


def _prime(corpus: Path, cache_path: Path) -> int:
    cache_path.unlink(missing_ok=True)
    loaded = load_corpus([corpus])
    CorpusCache(cache_path, CACHE_TAG).save(loaded)
    return len(loaded)


def main(argv: list[str]) -> None:
    mode, corpus, cache_path = argv[0], Path(argv[1]), Path(argv[2])
    steps = {
        "loop": lambda: _loop(corpus),
        "cold": lambda: _cold(corpus),
        "warm": lambda: _warm(corpus, cache_path),
        "prime": lambda: _prime(corpus, cache_path),
    }
    wall, cpu = time.perf_counter(), time.process_time()
    count = steps[mode]()
    result = {
        "mode": mode,
        "articles": count,
        "seconds": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
