extensions = ["sphinx.ext.intersphinx", "myst_parser", "sphinx_bizterms"]
project = "Consumer"
# intersphinx_mapping points at the provider's build; the tests set it.
