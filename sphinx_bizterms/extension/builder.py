"""The ``bizterms`` builder: a report of every citation and finding, for machines and CI."""

from __future__ import annotations

import os
from collections.abc import Set
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.builders import Builder
from sphinx.util import logging
from sphinx.util.osutil import relpath

from ..corpus.baseline import stale_finding, write_baseline
from ..corpus.findings import Finding, json_line
from .baseline import baseline_path, split_findings, written_path
from .domain import get_domain
from .mentions import reported_mentions, warned_mentions
from .records import Citation

if TYPE_CHECKING:
    from docutils import nodes

logger = logging.getLogger(__name__)

TEXT_REPORT = "output.txt"
JSON_REPORT = "output.json"


class BizTermsBuilder(Builder):
    """``sphinx-build -b bizterms``: read the project, write no pages, write a report.

    ``output.txt`` holds one ``file:line: message [bizterms.subtype]`` line per finding (as
    ``bizterms check`` prints them), sorted by file and line; ``output.json`` holds JSON Lines,
    one ``"kind": "citation"`` record per citation and one ``"kind": "finding"`` record per
    finding (``"known": true`` when the ``bizterms_baseline`` file lists it); beside them,
    ``bizterms-baseline.json`` lists every finding, ready to become that file. The exit status
    is 1 when there are findings that are not known, or stale baseline entries, as with
    ``linkcheck``. The findings are the ones the build warns about (see
    :meth:`.domain.BizTermsDomain.derive`), so the console shows them too. With
    ``bizterms_mentions = "report"``, unlinked mentions are listed too (``"kind": "mention"``
    records), but are no findings: they leave the exit status alone.
    """

    name = "bizterms"
    # No output format, so that no format-specific (HTML, LaTeX ...) transform runs.
    format = ""
    epilog = "The business-term report and baseline are in %(outdir)s (output.txt, output.json)."
    allow_parallel = True

    def get_outdated_docs(self) -> str:
        # The report comes from domain data that a no-op build keeps in the environment, so
        # there is never a page to bring up to date: only the report, every time.
        return "the business-term report"

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def write_documents(self, docnames: Set[str]) -> None:
        # Everything the report needs is known once reading is done; resolving and writing
        # each page would only cost time.
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass

    def finish(self) -> None:
        domain = get_domain(self.env)
        citations = sorted(domain.citations, key=lambda c: (c.docname, c.lineno, c.key))
        outdir = Path(self.outdir)
        outdir.mkdir(parents=True, exist_ok=True)
        app = self._app  # Sphinx 9 deprecates the public ``app``
        # Known findings are in the report too, marked, and in the baseline written beside it.
        matched = split_findings(app, [*domain.findings, *warned_mentions(app)])
        # reported mentions are listed, but are no findings: they leave the status alone
        mentions = [self._relative_finding(m) for m in split_findings(app, reported_mentions(app)).new]
        baseline, base = written_path(app, outdir)
        write_baseline(baseline, [*matched.new, *matched.known], base)
        stale = [stale_finding(entry, str(baseline_path(app))) for entry in matched.stale]
        known = set(map(self._relative_finding, matched.known))
        findings = sorted(
            map(self._relative_finding, [*matched.new, *matched.known, *stale]), key=lambda f: f.sort_key
        )
        with (outdir / TEXT_REPORT).open("w", encoding="utf-8") as text:
            listed = sorted([*findings, *mentions], key=lambda f: f.sort_key)
            text.writelines(f"{finding.format()}\n" for finding in listed)
        with (outdir / JSON_REPORT).open("w", encoding="utf-8") as lines:
            records = [self._citation_record(c) for c in citations]
            records += [{"kind": "finding", **f.as_json(), "known": f in known} for f in findings]
            records += [{"kind": "mention", **mention.as_json()} for mention in mentions]
            lines.writelines(f"{json_line(record)}\n" for record in records)
        unknown = sum(1 for c in citations if c.slug is None)
        logger.info(
            "bizterms: %d citations (%d unknown), %d findings (%d known); see %s",
            len(citations),
            unknown,
            len(findings),
            len(known),
            relpath(outdir / TEXT_REPORT),
        )
        if len(findings) > len(known):
            app.statuscode = 1

    def _citation_record(self, citation: Citation) -> dict[str, object]:
        # The file and line as written (an included file's own), as the warnings say.
        path, lineno = citation.source or (
            self._relative(str(self.env.doc2path(citation.docname))),
            citation.lineno,
        )
        return {
            "kind": "citation",
            "docname": citation.docname,
            "path": path,
            "lineno": lineno,
            "key": citation.key,
            "status": "ok" if citation.slug is not None else "unknown",
            "slug": citation.slug,
        }

    def _relative_finding(self, finding: Finding) -> Finding:
        return finding._replace(path=self._relative(finding.path))

    def _relative(self, path: str) -> str:
        """``path`` relative to the source folder, like linkcheck's file names."""
        try:
            return Path(os.path.relpath(path, self.srcdir)).as_posix()
        except ValueError:  # another drive on Windows: no relative path exists
            return path
