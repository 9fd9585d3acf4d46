"""What many tests share: the seed article's links, warnings as lines, resolved trees, files."""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

SEEDS = Path(__file__).parent.parent / "seeds"
SEED = "000_ecdf2bf2053fa52b.txt"
#: The seed article's six internal links, (line in the file, target); none has an article.
SEED_LINKS = [
    (10, "/subcontracting"),
    (10, "/vendor"),
    (18, "/backoffice"),
    (18, "/frontoffice"),
    (42, "/corporatetax"),
    (48, "/data-breach"),
]


def warnings(app: SphinxTestApp) -> list[str]:
    """The build's warnings, a line each, without colours."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line for line in text.splitlines() if line.strip()]


def warnings_of(app: SphinxTestApp) -> list[str]:
    """:func:`warnings` with paths relative to the source folder."""
    text = strip_colors(app.warning.getvalue()).replace(f"{app.srcdir}/", "")
    return [line for line in text.splitlines() if line.strip()]


def resolved(app: SphinxTestApp, docname: str) -> nodes.document:
    """A page's tree as its builder writes it: references resolved, post-transforms applied."""
    return app.env.get_and_resolve_doctree(docname, app.builder, tags=app.builder.tags)


def write(path: Path, text: str | bytes) -> Path:
    """Write a file byte for byte (no newline translation), with its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def see_also(html: str) -> dict[str, list[str]]:
    """The titles on each glossary entry's "See also" line, by the entry's slug."""
    entries = re.findall(r'<dt id="bizterm-([^"]+)">(.*?)</dd>', html, re.DOTALL)
    lines = {slug: re.search(r'<p class="bizterm-see-also">(.*?)</p>', body) for slug, body in entries}
    return {
        slug: re.findall(r'<span class="xref bizterm">([^<]*)</span>', line.group(1))
        for slug, line in lines.items()
        if line is not None
    }
