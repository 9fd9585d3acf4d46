"""The ``bizterms_*`` configuration values, checked once at start-up."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from sphinx.application import Sphinx
from sphinx.config import Config

from ..corpus.findings import Subtype
from ..corpus.mentions import MENTION_MODES, is_terms_choice
from ..corpus.project import CORPUS_VALUES, conf_line, wrong_value
from ..corpus.settings import project_corpora
from .reporting import warn, warn_finding

LINK_CHECK_CHOICES = ("used", "all", "none")


class ConfigValue(NamedTuple):
    name: str
    default: Any
    rebuild: str
    types: tuple[type, ...]
    valid: Callable[[object], bool]
    expected: str


CONFIG_VALUES = (
    # the values the corpus is read with, checked alike by the ``bizterms`` command
    *(ConfigValue(v.name, v.default, "env", (list, tuple), v.valid, v.expected) for v in CORPUS_VALUES),
    ConfigValue(
        "bizterms_link_check",
        "used",
        "",
        (str,),
        lambda v: v in LINK_CHECK_CHOICES,
        "one of 'used', 'all', 'none'",
    ),
    ConfigValue("bizterms_tooltips", True, "html", (bool,), lambda v: isinstance(v, bool), "True or False"),
    ConfigValue(
        "bizterms_baseline",
        None,
        "",
        (str, type(None)),
        lambda v: v is None or (isinstance(v, str) and bool(v)),
        "None or the path of a JSON file",
    ),
    # Mentions are found as pages are read, so a new mode reads them again.
    ConfigValue(
        "bizterms_mentions",
        "report",
        "env",
        (str,),
        lambda v: v in MENTION_MODES,
        "one of 'off', 'report', 'warn', 'link'",
    ),
    # Read pages record mentions of every term: which ones count is decided after reading.
    ConfigValue(
        "bizterms_mentions_terms",
        "cited",
        "",
        (str, list, tuple),
        is_terms_choice,
        "'cited', 'all' or a list of keywords",
    ),
)


def setup_config(app: Sphinx) -> None:
    for value in CONFIG_VALUES:
        app.add_config_value(value.name, value.default, value.rebuild, types=value.types)  # type: ignore[arg-type]
    app.connect("config-inited", check_config)


def _conf_location(app: Sphinx, name: str) -> str | None:
    """``conf.py:LINE`` where ``name`` is set, else None (the value came from ``-D``).

    Never a bare path: Sphinx takes a location without a line for a docname.
    """
    found = conf_line(app.confdir, name)
    return f"{found[0]}:{found[1]}" if found else None


def check_config(app: Sphinx, config: Config) -> None:
    """Replace each wrong value by its default, with a ``config`` warning at ``conf.py``."""
    for value in CONFIG_VALUES:
        current = config[value.name]
        if not value.valid(current):
            message = wrong_value(value.name, value.expected, current, value.default)
            warn(Subtype.CONFIG, "%s", message, location=_conf_location(app, value.name))
            config[value.name] = value.default
    conf_py = str(Path(app.confdir, "conf.py"))
    corpora, findings = project_corpora(
        config.bizterms_corpus,
        str(app.confdir),
        config.bizterms_internal_prefixes,
        config.language,
        conf_line(app.confdir, "bizterms_corpus") or (conf_py, 0),
    )
    for finding in findings:
        warn_finding(finding)
    config.bizterms_corpus = corpora
