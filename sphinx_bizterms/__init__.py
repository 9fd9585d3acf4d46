"""Cite business terms from a Markdown corpus in Sphinx, with a cross-referenced glossary."""

from __future__ import annotations

__version__ = "0.1.0"
