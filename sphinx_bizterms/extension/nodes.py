"""Placeholder nodes, and releasing the large trees of standard nodes that replace them."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from .domain import get_domain


class bizterm_glossary(nodes.General, nodes.Element):
    """Where a ``bizterm-glossary`` stands; filled in once every document has been read."""


#: The classes of the containers that this extension fills with many nodes when a page is
#: written: a glossary's entries.
RELEASED_CLASSES = frozenset({"bizterm-glossary"})


def release_written(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """Take apart this extension's containers once their page is written (``html-page-context``).

    A document tree is full of reference cycles (each child points at its parent), so a
    tree that is done with is freed only by a full pass of the cyclic garbage collector,
    which also walks everything still alive: the glossary's tens of thousands of nodes made
    the pass after its page cost a second. With their children's lists emptied, those nodes
    are freed by reference counting at once. The page's HTML is already made when this
    event fires; it runs after other handlers (priority 999), and Sphinx uses the tree no
    further. The rest of the page's tree is left as it is.
    """
    # Only a page that holds a glossary has one to release (singlehtml's one page holds every
    # page): walking each of the benchmark's 200 pages cost 0.05 s of CPU time.
    holders = {glossary.docname for glossary in get_domain(app.env).glossaries}
    if doctree is None or (pagename not in holders and app.builder.name != "singlehtml"):
        return
    for container in list(doctree.findall(nodes.container)):
        if RELEASED_CLASSES.intersection(container["classes"]):
            for node in list(container.findall(nodes.Element)):
                node.children = []
