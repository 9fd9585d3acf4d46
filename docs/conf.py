"""Sphinx configuration for the sphinx-bizterms documentation, built with the extension itself."""

from __future__ import annotations

project = "sphinx-bizterms"
author = "The sphinx-bizterms authors"
copyright = "the sphinx-bizterms authors"  # noqa: A001

extensions = ["myst_parser", "sphinx_bizterms"]

# The shipped Danish seed plus the English articles written for these docs.
bizterms_corpus = ["../seeds", "corpus"]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "corpus"]

html_theme = "alabaster"
