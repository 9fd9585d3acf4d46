"""Build-wide steps: load the corpus, find outdated pages, derive the domain's state, warn."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.display import progress_message

from ..corpus.cache import CorpusCache
from ..corpus.findings import Subtype
from ..corpus.index import Corpus
from ..corpus.load import load_corpus
from .baseline import report_findings
from .builder import BizTermsBuilder
from .domain import get_domain
from .mentions import looks_for_mentions, warned_mentions
from .reporting import warn

CACHE_NAME = "bizterms-corpus.jsonl"


def _cache(app: Sphinx) -> CorpusCache:
    # the settings that shape a cached record: another value, another cache
    tag = (
        tuple(app.config.bizterms_suffixes),
        tuple(app.config.bizterms_internal_prefixes),
        repr(tuple(app.config.bizterms_corpus)),  # each corpus's settings shape its records
    )
    return CorpusCache(Path(app.doctreedir, CACHE_NAME), tag)


def on_builder_inited(app: Sphinx) -> None:
    """Load the corpus (from the cache where files are unchanged) before anything is read."""
    get_domain(app.env).builder = app.builder
    _load_corpus(app)


def _load_corpus(app: Sphinx) -> None:
    domain = get_domain(app.env)
    cache = _cache(app)
    if app.fresh_env_used:
        # A new environment (``-E``, or none saved): trust no file's size and mtime either, so
        # that an edit that kept both (``cp -p``, ``rsync -a``) is read.
        cache.clear()
    domain.corpus = load_corpus(
        app.config.bizterms_corpus,
        app.config.bizterms_suffixes,
        app.config.bizterms_internal_prefixes,
        cache=cache,
    )
    domain.corpus_current = True


def current_corpus(app: Sphinx) -> Corpus:
    """The corpus of the build under way.

    Loaded at builder-inited; a later build by the same application (a language server, a
    test) has no builder-inited, and articles may have changed since the last one: the first
    step of that build that asks loads it again.
    """
    domain = get_domain(app.env)
    if not domain.corpus_current:
        _load_corpus(app)
    return domain.corpus


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages that cite or show an article that changed, appeared or went away, and pages
    read without looking for the mentions that this build looks for."""
    domain = get_domain(env)
    outdated = domain.outdated_docs(current_corpus(app))
    if looks_for_mentions(app):
        outdated.update(record.docname for record in domain.unsearched)
    return sorted(outdated - removed)


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Work out the glossaries, anchors and findings, warn, and name pages to write again."""
    domain = get_domain(env)
    with progress_message("bizterms: checking business terms"):
        rewrite = domain.derive(link_check_mode(app))
    # after the progress message, so that the notes of known findings stand on lines of their own
    report_findings(app, [*domain.findings, *warned_mentions(app)])
    return sorted(rewrite & env.found_docs)


def link_check_mode(app: Sphinx) -> str:
    """Which articles this build link-checks: ``bizterms_link_check``, but the ``bizterms``
    report builder checks at least the articles the project shows, even under ``"none"``."""
    mode: str = app.config.bizterms_link_check
    if mode == "none" and isinstance(app.builder, BizTermsBuilder):
        return "used"
    return mode


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Keep the parsed corpus (and the bodies scanned this build) for the next build."""
    domain = get_domain(app.env)
    if exception is None:
        # the cache the corpus was loaded with, which knows whether it holds this corpus already
        cache = domain.corpus.cache or _cache(app)
        try:
            cache.save(domain.corpus)
        except OSError as exc:
            warn(
                Subtype.CACHE,
                "cannot write the corpus cache %s (%s); the next build reads every article again",
                cache.path,
                exc.strerror or exc,
                location=None,
            )
    domain.corpus_current = False
