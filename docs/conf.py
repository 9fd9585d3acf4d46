"""Sphinx configuration for the sphinx-bizterms documentation, built with the extension itself."""

from __future__ import annotations

from sphinx_bizterms import __version__

project = "sphinx-bizterms"
author = "the sphinx-bizterms authors"
copyright = "The sphinx-bizterms authors"
version = release = __version__

extensions = ["myst_parser", "sphinx_bizterms"]

# The shipped Danish seed, plus the English articles written for these pages.
# The extension reads the articles; they are not pages, hence exclude_patterns.
bizterms_corpus = ["../seeds", "corpus"]
exclude_patterns = ["_build", "corpus"]
# Every plain mention of a term these pages cite is a warning: -W keeps them cited.
bizterms_mentions = "warn"

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
myst_enable_extensions = ["deflist"]
myst_heading_anchors = 3

html_theme = "alabaster"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_theme_options = {
    "description": "Business terms from a Markdown corpus, cited in Sphinx",
    "fixed_sidebar": True,
    "page_width": "1140px",
    "sidebar_width": "250px",
}
