"""The one place that emits warnings: type ``bizterms``, a subtype and a location."""

from __future__ import annotations

from sphinx.util import logging

from ..corpus.findings import WARNING_TYPE, Finding, Subtype

logger = logging.getLogger(__name__)

#: ``(docname, lineno)`` for a document, or ``"path:line"`` for any other file.
Location = tuple[str, int] | str | None


def warn(subtype: Subtype, message: str, *args: object, location: Location) -> None:
    """Emit one warning of the catalogue."""
    logger.warning(message, *args, type=WARNING_TYPE, subtype=subtype.value, location=location)


def warn_finding(finding: Finding) -> None:
    """Emit a finding of the corpus core at its file and line."""
    # Sphinx takes a location without a colon for a docname and appends a source suffix to
    # it, so a finding without a line (a folder, a symlink) is placed on the file's first line.
    location = f"{finding.path}:{finding.line or 1}"
    warn(finding.subtype, "%s", finding.message, location=location)
