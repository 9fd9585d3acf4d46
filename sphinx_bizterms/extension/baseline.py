"""The findings baseline in a build: known findings are notes, new ones and stale entries warn."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.logging import is_suppressed_warning

from ..corpus.baseline import DEFAULT_NAME, BaselineError, Matched, match, read_baseline, stale_finding
from ..corpus.findings import WARNING_TYPE, Finding, Subtype
from .config import _conf_location
from .reporting import warn, warn_finding

logger = logging.getLogger(__name__)


def baseline_path(app: Sphinx) -> Path | None:
    """The ``bizterms_baseline`` file, relative to the conf dir; None when there is none."""
    name: str | None = app.config.bizterms_baseline
    return Path(app.confdir, name) if name else None


def written_path(app: Sphinx, outdir: Path) -> tuple[Path, str]:
    """Where the ``bizterms`` builder writes a baseline, and the folder its files are relative to.

    The file is named like ``bizterms_baseline`` (or ``bizterms-baseline.json``), and its
    paths are relative to that file's folder, so that it can be copied over it as it is.
    """
    configured = baseline_path(app) or Path(app.confdir, DEFAULT_NAME)
    return outdir / configured.name, str(configured.parent)


def split_findings(app: Sphinx, findings: Iterable[Finding], warn_config: bool = False) -> Matched:
    """``findings`` split by the baseline (all new without one, or with one that cannot be read).

    Subtypes that ``suppress_warnings`` silences are left out on both sides: neither noted,
    nor written to a baseline, nor stale.
    """
    suppressed = app.config.suppress_warnings

    def shown(subtype: str) -> bool:
        return not is_suppressed_warning(WARNING_TYPE, subtype, suppressed)

    findings = [finding for finding in findings if shown(finding.subtype.value)]
    path = baseline_path(app)
    if path is None:
        return Matched(findings, [], [])
    try:
        entries = read_baseline(path)
    except BaselineError as exc:
        if warn_config:
            warn(
                Subtype.CONFIG,
                "bizterms_baseline: %s; every finding is reported as a warning",
                exc,
                location=_conf_location(app, "bizterms_baseline"),
            )
        entries = []
    return match([entry for entry in entries if shown(entry.subtype)], findings, str(path.parent))


def report_findings(app: Sphinx, findings: Iterable[Finding]) -> None:
    """Warn about new findings and stale baseline entries; note the known findings."""
    matched = split_findings(app, findings, warn_config=True)
    for finding in matched.known:
        logger.info(
            "known finding (in the baseline): %s [%s.%s]",
            finding.message,
            WARNING_TYPE,
            finding.subtype.value,
            location=f"{finding.path}:{finding.line or 1}",
        )
    for finding in matched.new:
        warn_finding(finding)
    path = baseline_path(app)
    for entry in matched.stale:
        warn_finding(stale_finding(entry, str(path)))
