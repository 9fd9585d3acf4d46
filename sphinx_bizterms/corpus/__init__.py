"""The corpus core: articles, keys, links and findings, read without Sphinx.

Everything here takes paths or text and returns plain records; the Sphinx layer
(:mod:`sphinx_bizterms.extension`) and the command line (:mod:`sphinx_bizterms.cli`) share it.
"""
