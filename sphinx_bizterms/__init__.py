"""Cite business terms from a Markdown corpus in Sphinx, with a cross-referenced glossary.

The corpus core (:mod:`sphinx_bizterms.corpus`) imports no Sphinx; the Sphinx layer
(:mod:`sphinx_bizterms.extension`) is imported only when Sphinx loads the extension.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .version import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__all__ = ["__version__", "setup"]


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx's entry point (``extensions = ["sphinx_bizterms"]``)."""
    from .extension import setup as setup_extension

    return setup_extension(app)
