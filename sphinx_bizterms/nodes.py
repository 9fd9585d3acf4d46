"""Placeholder nodes, replaced by standard docutils nodes before any writer sees them."""

from __future__ import annotations

from docutils import nodes


class bizterm_glossary(nodes.General, nodes.Element):
    """Where a ``bizterm-glossary`` stands; filled in once every document has been read."""
