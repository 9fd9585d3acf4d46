"""The one place that emits warnings: type ``bizterms``, a subtype and a location."""

from __future__ import annotations

from sphinx.util import logging

from ..corpus.findings import WARNING_TYPE, Finding, Subtype, printable

logger = logging.getLogger(__name__)

#: ``(docname, lineno)`` for a document, or ``"path:line"`` for any other file.
Location = tuple[str, int] | str | None


def warn(subtype: Subtype, message: str, *args: object, location: Location) -> None:
    """Emit one warning of the catalogue, its text and location made :func:`printable`.

    Its arguments come from the corpus (aliases, link targets, file names): a line end or a
    terminal escape in one must not forge a warning or reach the reader's terminal.
    """
    text = printable(message % args if args else message)
    where = printable(location) if isinstance(location, str) else location
    logger.warning("%s", text, type=WARNING_TYPE, subtype=subtype.value, location=where)


def warn_finding(finding: Finding) -> None:
    """Emit a finding of the corpus core at its file and line."""
    # Sphinx takes a location without a colon for a docname and appends a source suffix to
    # it, so a finding without a line (a folder, a symlink) is placed on the file's first line.
    location = f"{finding.path}:{finding.line or 1}"
    warn(finding.subtype, "%s", finding.message, location=location)
