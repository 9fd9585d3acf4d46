"""Targets for LaTeX and Texinfo: ids on containers and rubrics become targets those writers label."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform


class IdTargetTransform(SphinxPostTransform):
    """Move the ids of the extension's containers and rubrics onto targets placed before them.

    HTML writers put any id on its element, but the LaTeX and Texinfo writers label only some
    nodes (targets, terms, sections): a display's id, a glossary's and a letter heading's would
    be lost, and the backlinks and the A–Z jump line that lead to them would dangle in the PDF.
    """

    default_priority = 20  # after the glossaries are built (5) and references resolved (10)
    formats = ("latex", "texinfo")

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.Element)):
            parent = node.parent
            if parent is None or not _labelled_elsewhere(node):
                continue
            parent.insert(parent.index(node), nodes.target("", "", ids=node["ids"]))
            node["ids"] = []


def _labelled_elsewhere(node: nodes.Element) -> bool:
    return (
        isinstance(node, (nodes.container, nodes.rubric))
        and bool(node["ids"])
        and any(str(c).startswith("bizterm") for c in node["classes"])
    )
