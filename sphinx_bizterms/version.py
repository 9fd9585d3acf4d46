"""The package version, importable by the corpus core and the command line without Sphinx."""

__version__ = "0.1.0"
